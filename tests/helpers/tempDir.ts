/**
 * Temporary folders for specs, all in one folder per process, removed once, when that process ends.
 *
 * Mocha's parallel workers are separate processes (../../.mocharc.js), each with its own folder inside the mocha
 * run's folder ({@link RUN_DIR_ENV}), removed when the worker exits, and with the run's folder when a signal ends
 * the run; a spec run alone (`mocha --no-config`) has its folder in the system's temporary folder, removed when it
 * exits or a signal ends it. A folder lives until then, so a spec can read what a child process wrote in it at any
 * point of the run.
 *
 * Removed once and whole rather than after each test: on this project's machines (ext4 without a journal) the
 * kernel skips the inodes of recently deleted files when it allocates new ones (fs/ext4/ialloc.c,
 * `recently_deleted`), so creating files soon after deleting thousands is several times slower; a single
 * `fs.rmSync(…, { recursive: true })` as the process ends costs the remaining specs nothing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { removeOnExit } = require("./removeOnExit") as { removeOnExit(dir: string, signals?: boolean): void };

/**
 * The environment variable naming the folder of one mocha run: ../../.mocharc.js makes it, the workers inherit it,
 * and mocha's main process removes it when it exits or a signal ends it. ./sharedSynth.ts keeps its runs there.
 */
export const RUN_DIR_ENV = "EKS_IRSA_SHARED_SYNTH";

let root: string | undefined;

/**
 * A new empty folder named `<prefix>XXXXXX` (as `fs.mkdtempSync` names it) inside this process's temporary
 * folder, which is removed, with everything in it, when the process ends ({@link removeOnExit}). Use it in place
 * of `fs.mkdtempSync(path.join(os.tmpdir(), prefix))`; never remove the folder in between tests.
 */
export function tempDir(prefix: string): string {
    if (root === undefined) {
        const run = process.env[RUN_DIR_ENV];
        if (run !== undefined && run !== "") {
            // A worker listens for no signal: a listener replaces the default action (end at once) with code that
            // runs only once the event loop is free, and a worker waiting in sharedSynth for another's run (a
            // blocking wait, up to 300 s) then outlived a stopped `npm test`. Mocha's main process removes the
            // run's folder, this one in it, when a signal ends the run.
            const dir = fs.mkdtempSync(path.join(run, "eks-irsa-tests-"));
            removeOnExit(dir, false);
            root = dir;
        } else {
            root = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-tests-"));
            removeOnExit(root);
        }
    }
    return fs.mkdtempSync(path.join(root, prefix));
}

/**
 * A folder of {@link tempDir} for `TS_NODE_CACHE_DIRECTORY` in the environment of a child that one of the CLI's
 * runners starts (`cmd/run`, `cmd/run-policy-pack`). Where the project has no ts-node of its own (a pack copied
 * alone), the runner registers the SDK's (vendor/ts-node@7.0.1), which makes a folder per set of compiler options
 * (they hold the project's paths) under `<os.tmpdir()>/ts-node-<hash of the home folder>`, one more each test run;
 * it writes nothing in them: the folder is all the cache there is.
 */
export function tsNodeCacheDir(): string {
    return tempDir("ts-node-cache-");
}
