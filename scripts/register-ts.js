// Loads TypeScript sources for the offline commands (synth, check, bench, the policy-pack process):
// ts-node without type checking (that is `npm run typecheck`'s job), transpiling with SWC when it is installed
// (@swc/core, a dev dependency: about 20× faster than TypeScript's own transpiler on this package).
"use strict";
const path = require("node:path");

let swc = false;
try {
    require.resolve("@swc/core");
    swc = true;
} catch {
    // TypeScript's transpiler it is.
}
require("ts-node").register({ transpileOnly: true, swc, project: path.join(__dirname, "..", "tsconfig.json") });
// ts-node maps every stack trace back to TypeScript through source-map-support. The Pulumi SDK takes a stack
// trace for each resource and each of its promises, so that mapping made a 1,000-workload plan several times
// slower. Plain V8 stack traces (pointing into the transpiled code) are enough for an offline run.
delete Error.prepareStackTrace;
