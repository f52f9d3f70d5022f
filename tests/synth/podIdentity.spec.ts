import * as assert from "node:assert/strict";
import { SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fromStackExport } from "../../synth/analyzer/requests";
import { auditRoles } from "../../synth/audit";
import { StackExport } from "../../synth/stackExport";
import { eksIrsa } from "../helpers/eksIrsa";
import { SharedRun, sharedSynth } from "../helpers/sharedSynth";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");
const CONFIG = path.join(ROOT, "tests", "fixtures", "synth", "Pulumi.pod-identity.yaml");

function cli(...args: string[]): SpawnSyncReturns<string> {
    return eksIrsa(args);
}

/** The WORKLOAD, MODE and SERVICEACCOUNT columns of the audit table rows of `workloads`, from the human report. */
function auditColumns(stdout: string, workloads: readonly string[]): Record<string, [string, string]> {
    const lines = stdout.split("\n");
    const start = lines.indexOf("Audit");
    const rows: Record<string, [string, string]> = {};
    for (const line of lines.slice(start + 3)) {
        if (line === "") break;
        const [workload, mode, serviceAccount] = line.split(/\s+/);
        if (workload !== undefined && workloads.includes(workload)) rows[workload] = [mode ?? "", serviceAccount ?? ""];
    }
    return rows;
}

describe("eks-irsa synth (one workload per identity mode)", function () {
    this.timeout(240_000);
    let out: string;
    let json: SharedRun;
    let human: SpawnSyncReturns<string>;

    before(() => {
        // `synth --config <this fixture> --json`, which ../policy-pack/cliRunner.spec.ts runs too: shared, read-only.
        json = sharedSynth("--config", CONFIG, "--json");
        out = json.out;
        human = cli("synth", "--config", CONFIG, "--out", tempDir("synth-pod-identity-text-"));
    });

    it("exits 0 with no violation at any level", () => {
        assert.equal(json.status, 0, json.stderr);
        assert.deepEqual((JSON.parse(json.stdout) as { violations: unknown[] }).violations, []);
    });

    it("writes a stack export whose roles the audit reads as irsa, pod-identity and both", () => {
        const exported = JSON.parse(fs.readFileSync(path.join(out, "stack.json"), "utf8")) as StackExport;
        const audits = auditRoles(fromStackExport(exported.deployment.resources));
        const modes = Object.fromEntries(audits.filter((a) => ["legacy", "modern", "moving"].includes(a.workload)).map((a) => [a.workload, a.mode]));
        assert.deepEqual(modes, { legacy: "irsa", modern: "pod-identity", moving: "both" });
    });

    it("writes one association per Pod Identity workload and the agent add-on once", () => {
        const exported = JSON.parse(fs.readFileSync(path.join(out, "stack.json"), "utf8")) as StackExport;
        const names = (type: string) => exported.deployment.resources.filter((r) => r.type === type).map((r) => r.urn.replace(/^.*::/, "")).sort();
        assert.deepEqual(names("aws:eks/podIdentityAssociation:PodIdentityAssociation"), [
            "eks-irsa-pod-identity-modern-pod-identity",
            "eks-irsa-pod-identity-moving-pod-identity",
        ]);
        assert.deepEqual(names("aws:eks/addon:Addon"), ["eks-irsa-pod-identity-pod-identity-agent"]);
    });

    it("prints each workload's mode and ServiceAccount in the audit table", () => {
        assert.equal(human.status, 0, human.stderr);
        assert.deepEqual(auditColumns(human.stdout, ["legacy", "modern", "moving"]), {
            legacy: ["irsa", "apps/legacy"],
            modern: ["pod-identity", "apps/modern"],
            moving: ["both", "apps/moving"],
        });
    });
});
