// The floor of the CLI's policy runner, for bench/cliRunner.ts: `new PolicyPack` with one policy that reports
// nothing, started through `@pulumi/pulumi/cmd/run-policy-pack` as the CLI starts irsa-guard and awsguard. What it
// costs is what any Node.js pack pays: the runner (which loads TypeScript and ts-node whatever the pack is written
// in), the Pulumi SDK, `@pulumi/policy`'s gRPC server, decoding each request and answering it.
//
// JavaScript, like awsguard as published, not TypeScript like irsa-guard: the runner registers ts-node with
// `typeCheck: true` for `.ts` files (cmd/run-policy-pack/run.js), so an empty pack in TypeScript would measure
// TypeScript's checker (~1.6 s and 215 MB for a file importing only @pulumi/policy, docs/performance.md), not the
// runner. irsa-guard does not pay that either: its entry point is JavaScript (policy-pack/start.js) and loads its
// TypeScript without type checking. So irsa-guard / this pack is what irsa-guard's own code adds to the runner.
//
// The policy applies to every resource (no type marker), so each `Analyze` runs it once and replies with no
// diagnostics and no not-applicable entries: the least reply the SDK can give. `AnalyzeStack` has no stack policy
// to run.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("empty-pack-bench", {
    policies: [
        {
            name: "reports-nothing",
            description: "Checks nothing: the floor of a pack under the CLI's runner.",
            enforcementLevel: "mandatory",
            validateResource: () => undefined,
        },
    ],
});
