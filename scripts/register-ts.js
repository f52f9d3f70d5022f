// Loads TypeScript sources for the offline commands (synth, check, bench, the policy-pack process) with
// Sucrase (MIT, pure JavaScript): it strips types without type checking (that is `npm run typecheck`'s job) and
// is about 20× faster than TypeScript's own transpiler on this package. CommonJS output with esModuleInterop
// semantics, as tsconfig.json compiles it.
//
// Every `.ts` file is transpiled, this package's own under node_modules too (installed from npm it lives in
// node_modules itself, and `--in-process` loads its policy pack's TypeScript from there).
//
// The loader is the policy pack's own (../policy-pack/runtime/loadTypeScript.js): each file's JavaScript is cached
// under node_modules/.cache by the SHA-256 of its source, so a run after the first transpiles nothing. Transpiling
// the sources `synth` loads took about 0.5 s of CPU in each of its two threads on every run (issue 23:
// `node -r` this file, requiring synth/cli.ts, components/ and synth/runProgram.ts: 1.33–1.39 s user → 0.81–0.84 s).
// No source-map-support either: the Pulumi SDK takes a stack trace for each resource and each of its promises,
// and mapping them back to TypeScript made a 1,000-workload plan several times slower.
"use strict";
require("../policy-pack/runtime/loadTypeScript");
