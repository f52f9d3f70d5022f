// Loads TypeScript sources for the offline commands (synth, check, bench, the policy-pack process) with
// Sucrase (MIT, pure JavaScript): it strips types without type checking (that is `npm run typecheck`'s job) and
// is about 20× faster than TypeScript's own transpiler on this package. CommonJS output with esModuleInterop
// semantics, as tsconfig.json compiles it.
"use strict";
const { addHook } = require("pirates");
const { transform } = require("sucrase");

addHook(
    (code, filename) =>
        transform(code, { transforms: ["typescript", "imports"], filePath: filename, production: true }).code,
    { exts: [".ts"], ignoreNodeModules: true },
);
// No source-map-support either: the Pulumi SDK takes a stack trace for each resource and each of its promises,
// and mapping them back to TypeScript made a 1,000-workload plan several times slower.
