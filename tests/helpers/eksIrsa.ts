/**
 * `eks-irsa` as the specs run it: `node <the CLI's V8 flags> scripts/eks-irsa.js <args>` from the project root.
 *
 * `scripts/eks-irsa.js synth` starts itself again unless node already runs with the flags of
 * `scripts/node-flags.js`; giving them here runs every command in one process, as the second process of a user's
 * `npx eks-irsa synth` runs (same flags, same code), without a node start-up per run (~0.07 CPU-s each, about
 * 60 runs per `npm test`). The path a user takes, the CLI starting itself again, is run by
 * tests/synth/cli.spec.ts ("writes the same files, byte for byte, on a second run") and tests/scripts/nodeFlags.spec.ts.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import * as path from "node:path";

/** The project root: where the specs run the CLI from. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The CLI's entry point. */
export const EKS_IRSA = path.join(ROOT, "scripts", "eks-irsa.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS } = require("../../scripts/node-flags") as { NODE_FLAGS: string[] };

/** What a run may change from the defaults (the project root, 120 s). */
export interface EksIrsaOptions {
    /** The working directory. @default the project root */
    cwd?: string;
    /** Milliseconds before the run is killed. @default 120_000 */
    timeout?: number;
    /** The whole environment of the run. @default this process's */
    env?: NodeJS.ProcessEnv;
}

/** Runs `eks-irsa <args>` to its end with the CLI's V8 flags; stdout and stderr as text. */
export function eksIrsa(args: readonly string[], options: EksIrsaOptions = {}): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [...NODE_FLAGS, EKS_IRSA, ...args], {
        cwd: options.cwd ?? ROOT,
        encoding: "utf8",
        timeout: options.timeout ?? 120_000,
        ...(options.env !== undefined ? { env: options.env } : {}),
    });
}
