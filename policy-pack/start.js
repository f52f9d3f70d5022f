// The pack's entry point (package.json "main"): what `pulumi preview --policy-pack ./policy-pack` and `pulumi up`
// load, and what the offline `synth`/`check` start. The CLI's runner (`@pulumi/pulumi/cmd/run-policy-pack`)
// registers ts-node with type checking for `.ts` files and then requires this folder; type checking the pack
// there took 4–8 s and ~700 MB on every preview. So the pack's TypeScript is loaded without type checking
// (`npm run typecheck` and CI check the types), through a content-addressed cache of transpiled files, and the
// policy SDK's request decoding is done once per request instead of once per policy. See the README's
// "Performance" section and tests/policy-pack/cliRunner.spec.ts, which starts the pack exactly as the CLI does.
"use strict";
// Before `@pulumi/policy` loads the SDK: the SDK's closure-serialization modules (TypeScript and npm's arborist, ~400
// modules) load only if a closure is ever serialized, and its Automation API only if used: a pack does neither.
require("./runtime/deferClosureModules").deferUnusedSdkModules(__dirname);
require("./runtime/loadTypeScript");
require("./runtime/decodeOnce");
require("./index.ts");
