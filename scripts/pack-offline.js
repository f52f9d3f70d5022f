// Preloaded into the offline pack process that `synth` and `check` start (`pulumi preview` starts the pack its own
// way, through policy-pack/start.js alone, and keeps full stack traces for a policy's own errors).
//
// The policy SDK signals "this policy does not apply to this resource" by throwing an Error, once per resource and
// multi-type policy; without stack capture that costs next to nothing. A pack bug still reports its message.
//
// The SDK's closure-serialization modules (TypeScript, arborist) are deferred as in `synth` (synth/lazySdkModules.ts):
// a pack never serializes a function, and loading them was half of the pack process's start-up (start to serving,
// 3 alternating runs each at load 6–7: 0.64–0.67 CPU-s with them, 0.29–0.30 without).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

Error.stackTraceLimit = 0;
// The TypeScript source in a checkout, the compiled module in the npm package (as ./eks-irsa.js loads the CLI).
const lazySdkModules = path.join(__dirname, "..", "synth", "lazySdkModules.ts");
if (fs.existsSync(lazySdkModules)) require("./register-ts");
require(fs.existsSync(lazySdkModules) ? lazySdkModules : path.join(__dirname, "..", "dist", "synth", "lazySdkModules.js")).deferClosureModules();
// Under EKS_IRSA_PACK_CPU_PROF (synth/analyzer/grpcAnalyzer.ts), exit normally when stopped so the profile is written.
if (process.env.EKS_IRSA_PACK_CPU_PROF) {
    process.on("SIGTERM", () => process.exit(0));
}
