// The policy SDK's request decoding, done once per request instead of once per policy, in the pack's own process
// (under `pulumi preview` as under the offline `synth`/`check`). Tested against the pinned SDK versions by
// tests/policy-pack/decodeOnce.spec.ts.
//
// 1. The SDK decodes a request's properties (`Struct.toJavaScript()`) again for every policy that looks at the
//    resource: in `Analyze` once per applicable resource policy, in `AnalyzeStack` once per stack policy for
//    every resource of the stack (9 stack policies × 5,000 resources on a 1,000-workload plan). The decoded object
//    is only read, by the SDK's `deserializeProperties`, which copies it before any policy sees it; so each
//    request's Struct is decoded once here and the result reused. A Struct's fields are never changed after the
//    request arrives (requests are read-only in the SDK; `Configure` amends its decoded config, once).
// 2. The SDK then copies those decoded properties into plain objects (`deserializeProperties`) again for every
//    policy, as it does the provider's properties: once per applicable resource policy, and per stack policy for
//    every resource of the stack. Here each Struct is deserialized once and the copy shared by all policies.
//    That is safe because nothing writes to them: the pack's policies only read `props` (its unknown-checking
//    proxy would not stop a write, so keep policies read-only), the SDK only reads them, and `Remediate`, whose
//    remediations may change props, asks for `proxySecrets` and still gets its own copy.
// 3. (Reading Structs straight from the wire is ../lib/wireReader.ts's, for the `Analyze` and `AnalyzeStack`
//    requests the pack's dispatcher serves; `Remediate` is answered without decoding when no policy remediates,
//    ../lib/serve.ts. What is left to google-protobuf, a request that reader gives up on, `Configure` and a
//    `Remediate` with something to do, is decoded by google-protobuf's own code, as the SDK does.)
// 4. The SDK wraps a resource's props in an unknown-checking Proxy (`unknownCheckingProxy`) for every policy that
//    reads them, and that Proxy makes a new Proxy and a new path array for every object it hands out, on every read
//    (garbage collection was a fifth of the pack's CPU under the CLI's runner). With one shared copy of the props
//    (2 above) the proxies are shared too: one Proxy per object and path, made on its first read and handed out
//    again after. Everything else is the SDK's: the same values, the same UnknownValueError with the same path, the
//    same special keys, the same exception for non-configurable read-only properties (compared with the SDK's own
//    proxy in tests/policy-pack/decodeOnce.spec.ts).
"use strict";

// 1. The Struct class of the google-protobuf that the pack's @pulumi/pulumi decodes requests with.
const path = require("node:path");
const fromPack = { paths: [path.join(__dirname, "..")] };
const pulumiProto = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb", fromPack));
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiProto] }));
const toJavaScript = Struct.prototype.toJavaScript;
/** Struct → its `toJavaScript()` value (one that throws is not kept: it throws again, as google-protobuf's does). */
const decoded = new WeakMap();
Struct.prototype.toJavaScript = function toJavaScriptOnce() {
    let value = decoded.get(this);
    if (value === undefined) {
        value = toJavaScript.call(this);
        decoded.set(this, value);
    }
    return value;
};


// 2. The deserialize module of the pack's @pulumi/policy: server.js calls it through the module object, so
// replacing the export takes effect.
const policyDeserialize = require(require.resolve("@pulumi/policy/deserialize", fromPack));
const deserializeProperties = policyDeserialize.deserializeProperties;
const deserialized = new WeakMap();
policyDeserialize.deserializeProperties = function deserializePropertiesOnce(outputsStruct, proxySecrets) {
    if (proxySecrets) {
        return deserializeProperties(outputsStruct, proxySecrets);
    }
    let props = deserialized.get(outputsStruct);
    if (props === undefined) {
        props = deserializeProperties(outputsStruct, proxySecrets);
        deserialized.set(outputsStruct, props);
    }
    return props;
};

// 4. Shared unknown-checking proxies, in the pack's @pulumi/policy (server.js calls it through the module object).
const policyProxy = require(require.resolve("@pulumi/policy/proxy", fromPack));
const UNKNOWNS = new Set(
    ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"].map(
        (k) => policyProxy[k],
    ),
);
/** Props object → its top-level proxy. */
const sharedProxies = new WeakMap();
policyProxy.unknownCheckingProxy = function unknownCheckingProxyShared(target) {
    if (!(target instanceof Object)) {
        return target;
    }
    let proxy = sharedProxies.get(target);
    if (proxy === undefined) {
        proxy = sharedProxy(target, []);
        sharedProxies.set(target, proxy);
    }
    return proxy;
};
/** The SDK's `proxyHelper`, handing out one proxy per property instead of a new one per read. */
function sharedProxy(target, path) {
    /** Property → the value last read there and the proxy handed out for it. */
    const children = new Map();
    return new Proxy(target, {
        get: (obj, prop) => {
            if (prop === policyProxy.isSpecialProxy) {
                return true;
            } else if (prop === policyProxy.getSpecialProxyTarget) {
                return obj;
            }
            const field = obj[prop];
            if (typeof field === "string" && UNKNOWNS.has(field)) {
                throw new policyProxy.UnknownValueError(field, path.concat([prop]));
            }
            const desc = Object.getOwnPropertyDescriptor(obj, prop);
            if (desc && "value" in desc && desc.configurable === false && desc.writable === false) {
                return field;
            }
            if (!(field instanceof Object)) {
                return field;
            }
            let child = children.get(prop);
            if (child === undefined || child.field !== field) {
                child = { field, proxy: sharedProxy(field, path.concat([prop])) };
                children.set(prop, child);
            }
            return child.proxy;
        },
    });
}
