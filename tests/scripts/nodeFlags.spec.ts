/**
 * scripts/node-flags.js and the CLI's restart with them (scripts/eks-irsa.js): only `synth` runs a program, so only
 * `synth` starts a second node process with the V8 flags, and not when node already has them (on its command line
 * or in NODE_OPTIONS).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMANDS } from "../../synth/help";
import { EKS_IRSA, ROOT } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS, SYNTH_SWITCHES, SYNTH_VALUE_FLAGS, missingFlags } = require("../../scripts/node-flags") as {
    NODE_FLAGS: string[];
    SYNTH_SWITCHES: Set<string>;
    SYNTH_VALUE_FLAGS: Set<string>;
    missingFlags: (argv: string[], execArgv: string[], nodeOptions: string | undefined) => string[];
};

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

        it("asks for both flags for synth with every flag it takes", () => {
            const argv = ["synth", "--stack", "dev", "--out", "o", "--policy-pack-config", "c.json", "--policy-pack", "p", "--project", ".", "--json", "--timings", "--in-process", "--preview"];
            assert.deepEqual(missingFlags(argv, [], undefined), NODE_FLAGS);
        });

        it("asks for nothing for a synth whose arguments synth refuses one by one: an unknown argument, a flag without its value", () => {
            for (const argv of [["synth", "--bogus"], ["synth", "--json", "stray"], ["synth", "--markdown"], ["synth", "--out"], ["synth", "--stack", "--json"], ["synth", "--json", "--config"]]) {
                assert.deepEqual(missingFlags(argv, [], undefined), [], argv.join(" "));
            }
        });

        it("knows the flags `eks-irsa synth --help` lists (synth/help.ts), each with a value or without as listed", () => {
            const listed = COMMANDS.synth.flags.map((f) => f.flag.split(" "));
            assert.deepEqual(
                { values: [...SYNTH_VALUE_FLAGS].sort(), switches: [...SYNTH_SWITCHES].sort() },
                { values: listed.filter((w) => w.length === 2).map((w) => w[0]!).sort(), switches: listed.filter((w) => w.length === 1).map((w) => w[0]!).sort() },
            );
        });

        it("asks for nothing for check, diff, help and an unknown command", () => {
            for (const argv of [["check", "stack.json"], ["diff", "a", "b"], ["--help"], ["synth", "--help"], ["synth", "-h"], ["bogus"], []]) {
                assert.deepEqual(missingFlags(argv, [], undefined), [], argv.join(" "));
            }
        });
    });

    describe("eks-irsa", function () {
        this.timeout(120_000);

        // `--stack nope`: arguments synth takes, for a stack file that is not there (exit 2 before any program runs).
        it("runs synth again in a second node process with the flags", () => {
            const r = run(["synth", "--stack", "nope"]);
            assert.equal(r.status, 2);
            assert.equal(r.stderr, `error: ${path.join(ROOT, "Pulumi.nope.yaml")} does not exist: pass --stack NAME for Pulumi.NAME.yaml in the project, or --config FILE.\n`);
            assert.deepEqual(r.processes, [
                { execArgv: [], gc: "undefined" },
                { execArgv: NODE_FLAGS, gc: "function" },
            ]);
        });

        it("runs synth in one process when node has the flags on its command line or in NODE_OPTIONS", () => {
            assert.deepEqual(run(["synth", "--stack", "nope"], NODE_FLAGS).processes, [{ execArgv: NODE_FLAGS, gc: "function" }]);
            assert.deepEqual(run(["synth", "--stack", "nope"], ["--expose-gc"], "--max-semi-space-size=64").processes, [{ execArgv: ["--expose-gc"], gc: "function" }]);
        });

        it("reports a usage error of synth from one process, without the flags", () => {
            const r = run(["synth", "--bogus"]);
            assert.equal(r.status, 2);
            assert.match(r.stderr, /^error: argument "--bogus" is not known to "synth"\.\n/);
            assert.deepEqual(r.processes, [{ execArgv: [], gc: "undefined" }]);
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
