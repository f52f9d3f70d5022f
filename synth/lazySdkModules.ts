/**
 * Defers what `@pulumi/pulumi` loads at start-up and a program `synth` runs never uses: the two modules of closure
 * serialization (the TypeScript compiler and `@npmcli/arborist`; loading the SDK took 0.55 s of CPU, 0.2 s of it
 * TypeScript and 0.17 s arborist, issue 23) and the Automation API. The code is the policy pack's
 * (`policy-pack/runtime/deferClosureModules.js`, which its entry point runs too), as `scripts/register-ts.js` shares
 * the pack's TypeScript loader.
 *
 * Does nothing when the SDK, or a module, is loaded already.
 */
import * as path from "node:path";
import { packageFile } from "./packageFile";

// Found from the package root: the compiled CLI runs from dist/synth/, and the pack ships as sources in policy-pack/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require(packageFile(path.join("policy-pack", "runtime", "deferClosureModules.js"))) as {
    deferUnusedSdkModules(from?: string): boolean;
};

/**
 * Installs the deferred modules for the SDK `synth` loads (resolved from this folder): closure serialization, and the
 * Automation API (`pulumi.automation`, ~60 modules a stack program run offline does not use; loaded on first use if
 * a program does). Returns whether it did.
 */
export function deferClosureModules(): boolean {
    return runtime.deferUnusedSdkModules(path.resolve(__dirname));
}
