/**
 * `eks-irsa synth` runs that several spec files make with the same arguments, run once per test run and shared:
 * the example stack (`synth --json`: tests/synth/cli.spec.ts, tests/policy-pack/cliRunner.spec.ts,
 * tests/security/tokenExchange.spec.ts) and the insecure fixture (cli.spec, cliRunner.spec,
 * tests/policy-pack/dispatch.spec.ts) each cost about 2.3 CPU-s (the CLI and its pack process) every time.
 *
 * The run is the command a user types (`node scripts/eks-irsa.js synth … --out <dir>`, from the project root),
 * so each spec still checks what it checked: the exit status, stdout, stderr and the files written. What is shared
 * is read-only: a spec never writes to or removes the output folder.
 *
 * Across mocha's parallel workers (separate processes) the runs are kept in one folder per mocha run, named by
 * `EKS_IRSA_SHARED_SYNTH` (./tempDir.ts `RUN_DIR_ENV`: set by ../../.mocharc.js, inherited by the workers, removed
 * when mocha exits or is killed by a signal); without it (a spec run alone, `mocha --no-config`) in a folder of this
 * process, removed likewise (./tempDir.ts).
 * The first worker to ask creates the run's folder (`mkdir` is atomic: exactly one caller succeeds), runs the
 * command and renames its result into place (a reader never sees half a file); a worker asking meanwhile waits for
 * that file.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { eksIrsa } from "./eksIrsa";
import { RUN_DIR_ENV, tempDir } from "./tempDir";

/** How long a worker waits for another's run before it fails (the CLI's own spawn timeout, and some). */
const WAIT_MS = 300_000;

/** What one shared `eks-irsa` run gave. */
export interface SharedRun {
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** The `--out` folder the run wrote: read it, never write to it. */
    out: string;
}

let ownDir: string | undefined;

/** The folder of this run's shared results. */
function sharedDir(): string {
    const named = process.env[RUN_DIR_ENV];
    if (named !== undefined && named !== "") return named;
    if (ownDir === undefined) {
        ownDir = tempDir("eks-irsa-shared-synth-");
    }
    return ownDir;
}

/** Blocks this thread for `ms` (the callers are synchronous, as `spawnSync` is). */
function sleep(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * `node scripts/eks-irsa.js synth <args> --out <dir>` from the project root, run once per test run for the same
 * `args` (which must not contain `--out`): every caller gets the same status, output and folder.
 */
export function sharedSynth(...args: string[]): SharedRun {
    if (args.includes("--out")) throw new Error("sharedSynth chooses the output folder itself: leave --out out of the arguments.");
    const key = createHash("sha256").update(JSON.stringify(args)).digest("hex").slice(0, 16);
    const dir = path.join(sharedDir(), key);
    const result = path.join(dir, "result.json");
    let mine = false;
    try {
        fs.mkdirSync(dir);
        mine = true;
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (mine) {
        const out = path.join(dir, "out");
        const r = eksIrsa(["synth", ...args, "--out", out], { timeout: 240_000 });
        const run: SharedRun = { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error ? String(r.error) : ""), out };
        fs.writeFileSync(`${result}.tmp`, JSON.stringify(run));
        fs.renameSync(`${result}.tmp`, result);
        return run;
    }
    const deadline = Date.now() + WAIT_MS;
    while (!fs.existsSync(result)) {
        if (Date.now() > deadline) throw new Error(`eks-irsa synth ${args.join(" ")}: no result in ${dir} after ${WAIT_MS / 1000} s (the worker running it stopped?).`);
        sleep(50);
    }
    return JSON.parse(fs.readFileSync(result, "utf8")) as SharedRun;
}
