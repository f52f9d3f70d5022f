/**
 * scripts/node-flags.js and the CLI's restart with them (scripts/eks-irsa.js): only `synth` runs a program, so only
 * `synth` starts a second node process with the V8 flags, and not when node already has them (on its command line
 * or in NODE_OPTIONS).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EKS_IRSA, ROOT } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS, missingFlags } = require("../../scripts/node-flags") as { NODE_FLAGS: string[]; missingFlags: (argv: string[], execArgv: string[], nodeOptions: string | undefined) => string[] };

const RECORD = path.join(ROOT, "tests", "fixtures", "synth", "recordProcess.js");

interface Recorded {
    execArgv: string[];
    gc: string;
}

/** `node [nodeArgs] scripts/eks-irsa.js <args>` with `nodeOptions`: its status, stderr and the node processes it ran. */
function run(args: string[], nodeArgs: string[] = [], nodeOptions = ""): { status: number | null; stderr: string; processes: Recorded[] } {
    const log = path.join(tempDir("node-flags-"), "processes.jsonl");
    const env = { ...process.env, EKS_IRSA_PROCESS_LOG: log, NODE_OPTIONS: `${nodeOptions} -r "${RECORD}"`.trim() };
    const r = spawnSync(process.execPath, [...nodeArgs, EKS_IRSA, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000, env });
    // Each process writes as it exits: the CLI's second process before the first.
    const processes = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Recorded).map(({ execArgv, gc }) => ({ execArgv, gc })).reverse();
    return { status: r.status, stderr: r.stderr, processes };
}

describe("scripts/node-flags.js", function () {
    describe("missingFlags", function () {
        it("asks for both flags for synth when node has neither", () => {
            assert.deepEqual(missingFlags(["synth", "--json"], [], undefined), ["--max-semi-space-size=64", "--expose-gc"]);
        });

        it("asks for the flag node lacks, counting those of NODE_OPTIONS as given", () => {
            assert.deepEqual(missingFlags(["synth"], ["--expose-gc"], ""), ["--max-semi-space-size=64"]);
            assert.deepEqual(missingFlags(["synth"], [], "--max-old-space-size=4096 --max-semi-space-size=64"), ["--expose-gc"]);
            assert.deepEqual(missingFlags(["synth"], ["--expose-gc"], '--max-semi-space-size=64 -r "/a b/c.js"'), []);
            assert.deepEqual(missingFlags(["synth"], [...NODE_FLAGS], undefined), []);
        });

        it("does not count another semi-space size as the flag", () => {
            assert.deepEqual(missingFlags(["synth"], ["--max-semi-space-size=16", "--expose-gc"], undefined), ["--max-semi-space-size=64"]);
        });

        it("asks for nothing for check, diff, help and an unknown command", () => {
            for (const argv of [["check", "stack.json"], ["diff", "a", "b"], ["--help"], ["synth", "--help"], ["synth", "-h"], ["bogus"], []]) {
                assert.deepEqual(missingFlags(argv, [], undefined), [], argv.join(" "));
            }
        });
    });

    describe("eks-irsa", function () {
        this.timeout(120_000);

        it("runs synth again in a second node process with the flags", () => {
            const r = run(["synth", "--bogus"]);
            assert.equal(r.status, 2);
            assert.match(r.stderr, /^error: argument "--bogus" is not known to "synth"\.\n/);
            assert.deepEqual(r.processes, [
                { execArgv: [], gc: "undefined" },
                { execArgv: NODE_FLAGS, gc: "function" },
            ]);
        });

        it("runs synth in one process when node has the flags on its command line or in NODE_OPTIONS", () => {
            assert.deepEqual(run(["synth", "--bogus"], NODE_FLAGS).processes, [{ execArgv: NODE_FLAGS, gc: "function" }]);
            assert.deepEqual(run(["synth", "--bogus"], ["--expose-gc"], "--max-semi-space-size=64").processes, [{ execArgv: ["--expose-gc"], gc: "function" }]);
        });

        it("runs check, diff and help in one process, without the flags", () => {
            for (const args of [["check"], ["diff", "base"], ["--help"], ["synth", "--help"]]) {
                const r = run(args);
                assert.equal(r.status, args.includes("--help") ? 0 : 2, `${args.join(" ")}: ${r.stderr}`);
                assert.deepEqual(r.processes, [{ execArgv: [], gc: "undefined" }], args.join(" "));
            }
        });
    });
});
