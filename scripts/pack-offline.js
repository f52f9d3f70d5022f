// Preloaded into the offline pack process that `synth` and `check` start (`pulumi preview` starts the pack its own
// way, through policy-pack/start.js alone, and keeps full stack traces for a policy's own errors).
//
// The policy SDK signals "this policy does not apply to this resource" by throwing an Error, once per resource and
// multi-type policy; without stack capture that costs next to nothing. A pack bug still reports its message.
"use strict";
Error.stackTraceLimit = 0;
// Under EKS_IRSA_PACK_CPU_PROF (synth/analyzer/grpcAnalyzer.ts), exit normally when stopped so the profile is written.
if (process.env.EKS_IRSA_PACK_CPU_PROF) {
    process.on("SIGTERM", () => process.exit(0));
}
