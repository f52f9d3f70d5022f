// Loads the policy pack's TypeScript for the offline analyzer process that `synth` and `check` start.
// Besides ./register-ts.js: the policy SDK signals "this policy does not apply to this resource" by throwing
// an Error, once per resource and multi-type policy; without stack capture that costs next to nothing.
// (A pack bug still reports its message; `pulumi preview` starts the pack its own way and is unaffected.)
"use strict";
require("./register-ts");
Error.stackTraceLimit = 0;
