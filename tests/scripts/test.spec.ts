/**
 * scripts/test.js (`npm test`) stopped by a signal: it passes the signal on to everything it started (its children's
 * process groups), waits for them, and ends by that signal. Run on stand-ins (../fixtures/scripts/processTree.js: a
 * node process that starts another and passes no signal on, as mocha passes on only SIGINT to the mocha it starts
 * again), named through EKS_IRSA_TEST_COMMANDS, never on the real suite.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

const TEST_JS = path.join(ROOT, "scripts", "test.js");
const TREE = path.join(ROOT, "tests", "fixtures", "scripts", "processTree.js");
/** How long to wait for the stand-ins to start, or for the processes to be gone, before failing. */
const WAIT_MS = 20_000;

/** Resolves after `ms`. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether `pid` is a process that has not ended. A process that has ended but that its parent has not waited for yet
 * (a zombie, state Z in /proc/<pid>/stat) answers `process.kill(pid, 0)` as a live one does: it counts as ended.
 */
function running(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
        throw e;
    }
    try {
        return !/^\d+ \(.*\) Z/s.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
        return true; // no /proc: not Linux
    }
}

/** `scripts/test.js`'s commands: one stand-in in the foreground, one beside it, each writing its pids in `dir`. */
function commands(dir: string): string {
    const tree = (name: string): { script: string; command: string; args: string[] } => ({ script: name, command: process.execPath, args: [TREE, path.join(dir, `${name}.json`)] });
    return JSON.stringify({ specs: tree("specs"), beside: [tree("beside")] });
}

/** The pids the stand-ins wrote in `dir` (each: its parent, itself, its child), once both have. */
async function pidsIn(dir: string): Promise<number[]> {
    const files = ["specs.json", "beside.json"].map((f) => path.join(dir, f));
    const deadline = Date.now() + WAIT_MS;
    while (!files.every((f) => fs.existsSync(f))) {
        if (Date.now() > deadline) throw new Error(`the stand-ins wrote no pids in ${dir} after ${WAIT_MS / 1000} s.`);
        await sleep(50);
    }
    return files.flatMap((f) => JSON.parse(fs.readFileSync(f, "utf8")) as number[]);
}

/** The pids of `pids` still running once every one has ended or `WAIT_MS` has passed; [] when all ended. */
async function survivors(pids: number[]): Promise<number[]> {
    const deadline = Date.now() + WAIT_MS;
    while (pids.some(running) && Date.now() < deadline) await sleep(50);
    return pids.filter(running);
}

describe("scripts/test.js (npm test) stopped by a signal", function () {
    this.timeout(60_000);

    for (const signal of ["SIGTERM", "SIGHUP", "SIGINT"] as const) {
        it(`passes ${signal} on to every process it started, theirs included, and ends by ${signal}`, async () => {
            const dir = tempDir("test-script-");
            const child = spawn(process.execPath, [TEST_JS], { env: { ...process.env, EKS_IRSA_TEST_COMMANDS: commands(dir) }, stdio: ["ignore", "pipe", "pipe"] });
            const closed = once(child, "close") as Promise<[number | null, NodeJS.Signals | null]>;
            let pids: number[] = [];
            try {
                pids = await pidsIn(dir);
                assert.deepEqual([pids[0], pids[3]], [child.pid, child.pid]); // the stand-ins are test.js's children
                child.kill(signal);
                const [code, ended] = await closed;
                assert.deepEqual({ code, signal: ended }, { code: null, signal });
                assert.deepEqual(await survivors(pids), []);
            } finally {
                for (const pid of [child.pid!, ...pids].filter(running)) process.kill(pid, "SIGKILL");
            }
        });
    }

    it("stops every process it started when the shell that started it ends (npm passes SIGTERM to that shell only)", async () => {
        const dir = tempDir("test-script-");
        // `; true`: the shell waits for node rather than becoming it, as npm's `sh -c "node scripts/test.js"` does;
        // npm_lifecycle_event, as npm sets it for its scripts.
        const env = { ...process.env, EKS_IRSA_TEST_COMMANDS: commands(dir), npm_lifecycle_event: "test" };
        const shell = spawn("/bin/sh", ["-c", 'node "$0"; true', TEST_JS], { env, stdio: "ignore" });
        const pids = await pidsIn(dir);
        try {
            shell.kill("SIGTERM");
            await once(shell, "close");
            assert.deepEqual(await survivors(pids), []);
        } finally {
            for (const pid of pids.filter(running)) process.kill(pid, "SIGKILL");
        }
    });
});
