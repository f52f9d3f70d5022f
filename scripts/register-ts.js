// Loads TypeScript sources for the offline commands (synth, check, bench, the policy-pack process) with
// Sucrase (MIT, pure JavaScript): it strips types without type checking (that is `npm run typecheck`'s job) and
// is about 20× faster than TypeScript's own transpiler on this package. CommonJS output with esModuleInterop
// semantics, as tsconfig.json compiles it.
// Files under a node_modules folder are left alone, except this package's own: installed from npm it lives in
// node_modules itself, and `--in-process` loads its policy pack's TypeScript from there.
"use strict";
const path = require("node:path");
const { addHook } = require("pirates");
const { transform } = require("sucrase");

const PACKAGE_ROOT = path.join(__dirname, "..") + path.sep;
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

addHook(
    (code, filename) =>
        transform(code, { transforms: ["typescript", "imports"], filePath: filename, production: true }).code,
    {
        exts: [".ts"],
        ignoreNodeModules: false,
        matcher: (filename) => !filename.includes(NODE_MODULES) || (filename.startsWith(PACKAGE_ROOT) && !filename.slice(PACKAGE_ROOT.length).includes(NODE_MODULES)),
    },
);
// No source-map-support either: the Pulumi SDK takes a stack trace for each resource and each of its promises,
// and mapping them back to TypeScript made a 1,000-workload plan several times slower.
