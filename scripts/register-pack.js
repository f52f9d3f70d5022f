// Loads the policy pack's TypeScript for the offline analyzer process that `synth` and `check` start.
// (`pulumi preview` starts the pack its own way and is unaffected by anything here.) Besides ./register-ts.js:
//
// 1. The policy SDK signals "this policy does not apply to this resource" by throwing an Error, once per resource
//    and multi-type policy; without stack capture that costs next to nothing. A pack bug still reports its message.
// 2. The SDK decodes a request's properties (`Struct.toJavaScript()`) again for every policy that looks at the
//    resource: in `Analyze` once per applicable resource policy, in `AnalyzeStack` once per stack policy for
//    every resource of the stack (9 stack policies × 5,000 resources on a 1,000-workload plan). The decoded object
//    is only read, by the SDK's `deserializeProperties`, which copies it before any policy sees it; so each
//    request's Struct is decoded once here and the result reused. A Struct's fields are never changed after the
//    request arrives (requests are read-only in the SDK; `Configure` amends its decoded config, once).
"use strict";
require("./register-ts");
Error.stackTraceLimit = 0;

// The Struct class of the google-protobuf that the pack's @pulumi/pulumi decodes requests with.
const path = require("node:path");
const fromPack = { paths: [process.cwd()] };
const pulumiProto = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb", fromPack));
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiProto] }));
const toJavaScript = Struct.prototype.toJavaScript;
const decoded = new WeakMap();
Struct.prototype.toJavaScript = function toJavaScriptOnce() {
    let value = decoded.get(this);
    if (value === undefined) {
        value = toJavaScript.call(this);
        decoded.set(this, value);
    }
    return value;
};
