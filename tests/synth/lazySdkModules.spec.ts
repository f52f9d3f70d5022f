import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { eksIrsa } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

const PROBE = path.join(__dirname, "..", "fixtures", "synth", "closureProbe.js");

interface Probe {
    atStart: { typescript: boolean; arborist: boolean; automation: boolean };
    automation: boolean;
    serialized: string;
    codePaths: string[];
}

function probe(mode: "eager" | "deferred"): Probe {
    return JSON.parse(execFileSync(process.execPath, [PROBE, mode], { encoding: "utf8", cwd: path.join(__dirname, "..", "..") })) as Probe;
}

describe("the SDK's closure-serialization modules, deferred (synth/lazySdkModules.ts)", () => {
    let eager: Probe;
    let deferred: Probe;
    before(function () {
        this.timeout(120000);
        eager = probe("eager");
        deferred = probe("deferred");
    });

    it("keeps @pulumi/pulumi from loading TypeScript and arborist at start-up (the SDK alone loads both)", () => {
        assert.deepEqual(eager.atStart, { typescript: true, arborist: true, automation: true });
        assert.deepEqual(deferred.atStart, { typescript: false, arborist: false, automation: false });
    });

    it("loads the Automation API when a program uses pulumi.automation", () => {
        assert.equal(eager.automation, true);
        assert.equal(deferred.automation, true);
    });

    it("serializes a function exactly as the SDK does with both loaded at start-up (super rewritten, a module captured)", () => {
        assert.match(eager.serialized, /require\("fs"\)/);
        assert.equal(deferred.serialized, eager.serialized);
    });

    it("keeps them from loading in the CLI's other commands (eks-irsa check --in-process reads the pack's policies)", () => {
        const root = path.join(__dirname, "..", "..");
        const log = path.join(tempDir("closure-modules-"), "processes.jsonl");
        const record = path.join(root, "tests", "fixtures", "synth", "recordProcess.js");
        const r = eksIrsa(["check", path.join(root, "tests", "fixtures", "synth", "aud-only-trust.stack.json"), "--json", "--in-process"], { env: { ...process.env, EKS_IRSA_PROCESS_LOG: log, NODE_OPTIONS: `-r "${record}"` } });
        assert.equal(r.status, 1, r.stderr);
        assert.deepEqual(fs.readFileSync(log, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { closureModules: unknown }).closureModules), [{ typescript: false, arborist: false }]);
    });

    it("computes the same code paths through arborist", () => {
        assert.ok(eager.codePaths.includes("node_modules/js-yaml"));
        assert.deepEqual(deferred.codePaths, eager.codePaths);
    });
});
