/**
 * Reading what real Pulumi CLIs write: the exports and checkpoints in tests/fixtures/exports/ (see SOURCES.md there),
 * every deployment version the CLI reads, and a refusal that says what a file is when it is not an export.
 */
import * as assert from "node:assert/strict";
import { SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fromStackExport, urnName } from "../../synth/analyzer/requests";
import { encodeAnalyzeStackRequest } from "../../synth/analyzer/wire";
import type { DiffJson } from "../../synth/diff/diff";
import { parseStackExport } from "../../synth/exportReader";
import { readStackExport } from "../../synth/stackExport";
import { engineUrn } from "../../synth/urn";
import { eksIrsa } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");
const EXPORTS = path.join(ROOT, "tests", "fixtures", "exports");
const OLD = path.join(EXPORTS, "pulumi-eks-oidc-iam-sa-1.0.4.json");
const NEW = path.join(EXPORTS, "pulumi-eks-oidc-iam-sa-3.0.0.json");

function cli(...args: string[]): SpawnSyncReturns<string> {
    return eksIrsa(args);
}

function tmpFile(name: string, content: string): string {
    const file = path.join(tempDir("export-"), name);
    fs.writeFileSync(file, content);
    return file;
}

/** The version 4 export the CLI writes once a resource uses `refreshBeforeUpdate`, derived from the 3.0.0 export. */
function version4(): string {
    const doc = JSON.parse(fs.readFileSync(NEW, "utf8")) as { version: number; features?: string[]; deployment: { resources: Record<string, unknown>[] } };
    doc.version = 4;
    doc.features = ["refreshBeforeUpdate"];
    doc.deployment.resources.find((r) => r.type === "aws:iam/role:Role")!.refreshBeforeUpdate = true;
    return JSON.stringify(doc);
}

const minimal = (resources: unknown[]): { manifest: object; resources: unknown[] } => ({ manifest: { time: "t", magic: "", version: "v" }, resources });

describe("reading stack exports other CLIs wrote", () => {
    it("reads `null` property dependencies (Pulumi CLI 3.102) as none, and encodes the stack for the pack", () => {
        const raw = JSON.parse(fs.readFileSync(OLD, "utf8")) as { deployment: { resources: { propertyDependencies?: Record<string, unknown> }[] } };
        const nulls = raw.deployment.resources.flatMap((r) => Object.values(r.propertyDependencies ?? {})).filter((v) => v === null).length;
        assert.equal(nulls, 67);
        const resources = fromStackExport(readStackExport(OLD).deployment.resources);
        assert.equal(resources.flatMap((r) => Object.values(r.propertyDependencies)).filter((v) => !Array.isArray(v)).length, 0);
        assert.equal(encodeAnalyzeStackRequest(resources).length > 0, true);
    });

    it("finds every URN of both exports where the engine's generateURN puts it (the parent's whole chain, no Stack type)", () => {
        for (const file of [OLD, NEW]) {
            const resources = readStackExport(file).deployment.resources;
            const wrong = resources.filter((r) => {
                const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(r.urn)!;
                return engineUrn(stack!, project!, r.parent ?? "", r.type, urnName(r.urn)) !== r.urn;
            });
            assert.deepEqual(wrong.map((r) => r.urn), []);
            assert.equal(resources.some((r) => r.urn.split("::")[2]!.split("$").length > 2), true, "the export has grandchildren");
        }
    });

    it("reads a checkpoint as its latest deployment, in versions 1 and 3", () => {
        for (const file of ["pulumi-checkpoint-v1.json", "pulumi-checkpoint-v3.json"]) {
            const exported = readStackExport(path.join(EXPORTS, file));
            assert.equal(exported.deployment.resources.length, 30, file);
            assert.equal(exported.deployment.resources[0]!.urn, "urn:pulumi:foo::countdown::aws:sns/topic:Topic::countDown");
        }
    });

    it("migrates version 1 and 2 resources as the CLI does: every input depends on every dependency, no provider before 2", () => {
        const resource = { urn: "urn:pulumi:s::p::aws:iam/role:Role::r", custom: true, type: "aws:iam/role:Role", inputs: { name: "r", path: "/" }, dependencies: ["urn:pulumi:s::p::x:y:Z::d"], provider: "p::id", defaults: { a: 1 } };
        const v1 = parseStackExport({ version: 1, deployment: { time: "t1", resources: [resource] } }, "v1.json").deployment;
        assert.deepEqual(v1.resources[0], {
            urn: resource.urn,
            custom: true,
            type: resource.type,
            inputs: resource.inputs,
            dependencies: resource.dependencies,
            propertyDependencies: { name: resource.dependencies, path: resource.dependencies },
        });
        assert.equal(v1.manifest.time, "t1");
        const v2 = parseStackExport({ version: 2, deployment: minimal([resource]) }, "v2.json").deployment.resources[0]!;
        assert.equal(v2.provider, "p::id");
        assert.deepEqual(v2.propertyDependencies, { name: resource.dependencies, path: resource.dependencies });
    });

    it("leaves out resources pending deletion and keeps reads as external", () => {
        const read = { urn: "urn:pulumi:s::p::kubernetes:core/v1:ServiceAccount::sa", custom: true, external: true, type: "kubernetes:core/v1:ServiceAccount", id: "ns/sa" };
        const deleted = { urn: "urn:pulumi:s::p::aws:iam/role:Role::r", custom: true, delete: true, type: "aws:iam/role:Role", id: "r-old" };
        const resources = parseStackExport({ version: 3, deployment: minimal([read, deleted]) }, "s.json").deployment.resources;
        assert.deepEqual(resources.map((r) => [r.urn, r.external]), [[read.urn, true]]);
    });

    it("reads a version 4 export with a feature the CLI knows, and refuses one it does not, naming it", () => {
        assert.equal(parseStackExport(JSON.parse(version4()) as unknown, "v4.json").deployment.resources.length, 41);
        assert.throws(() => parseStackExport({ version: 4, features: ["refreshBeforeUpdate", "teleport"], deployment: minimal([]) }, "v4.json"), {
            message: 'v4.json features ["teleport"] are not known to this reader (it reads byteString, extensionParameterization, hooks, refreshBeforeUpdate, replaceWith, snippets-prototype, taint, views): export the stack with a CLI that does not need them, or upgrade eks-irsa.',
        });
    });

    it("refuses versions outside 1 to 4 and what is not an export, saying what the file is", () => {
        const refusals: [unknown, string][] = [
            [{ version: 5, deployment: minimal([]) }, 'x.json version 5 is newer than the stack exports this reads (1 to 4): export the stack with a CLI that writes version 4 at most.'],
            [{ version: 0, deployment: minimal([]) }, 'x.json version 0 is older than the stack exports this reads (1 to 4): pass the output of "pulumi stack export" (or a backend\'s checkpoint file).'],
            [{ version: 3, checkpoint: { stack: "dev" } }, 'x.json is the checkpoint of a stack with no deployment yet (checkpoint.latest is empty): run "pulumi up" first, or pass another stack\'s export.'],
            [{ steps: [], changeSummary: {} }, 'x.json is the output of "pulumi preview --json" (planned steps), not a stack export: pass the output of "pulumi stack export" (or a backend\'s checkpoint file).'],
            [{ violations: [], resources: 3 }, 'x.json is an eks-irsa report (synth/check --json or policy-report.json), not a stack export: pass the output of "pulumi stack export" (or a backend\'s checkpoint file).'],
            [{ clusterName: "a", kubeconfig: "b" }, 'x.json is a JSON object with keys "clusterName", "kubeconfig" (stack outputs or another document), not a stack export: pass the output of "pulumi stack export" (or a backend\'s checkpoint file).'],
            [minimal([]), 'x.json is a deployment without its {"version", "deployment"} envelope: pass the output of "pulumi stack export" (or a backend\'s checkpoint file).'],
            [[1, 2], 'x.json is a JSON array, not a stack export: pass the output of "pulumi stack export" (or a backend\'s checkpoint file).'],
        ];
        for (const [doc, message] of refusals) assert.throws(() => parseStackExport(doc, "x.json"), { message });
    });

    it("says a stack config file or a recorded gRPC log is not an export", () => {
        const yaml = tmpFile("Pulumi.dev.yaml", "config:\n  aws:region: us-west-2\n");
        assert.throws(() => readStackExport(yaml), { message: `${yaml} is a Pulumi stack configuration file (YAML), not a stack export: pass the output of "pulumi stack export".` });
        const grpc = tmpFile("grpc.json", '{"method":"/pulumirpc.LanguageRuntime/GetPluginInfo","request":{},"response":{}}\n{"method":"x","request":{}}\n');
        assert.throws(() => readStackExport(grpc), { message: `${grpc} is JSON lines (a recorded gRPC log (one call per line), not a stack export): pass the output of "pulumi stack export".` });
    });
});

describe("eks-irsa check and diff on exports other CLIs wrote", function () {
    this.timeout(180_000);

    it("check polices the CLI 3.102 export (null property dependencies) and exits 1 on its findings", () => {
        const r = cli("check", OLD, "--json");
        assert.equal(r.status, 1, r.stderr);
        const summary = JSON.parse(r.stdout) as { violations: { policyName: string; urn: string }[]; resources: number };
        // The trust's empty "Sid" (pulumi-eks's example writes one) is no finding (issue 20, item 9); AmazonEKSClusterPolicy on
        // the cluster role, which only eks.amazonaws.com assumes, is accepted (iam-service-role-policies, issue 20, class 4).
        assert.deepEqual(summary.violations.map((v) => [v.policyName, urnName(v.urn)]), [
            ["irsa-trust-audience", "s3"],
            ["iam-no-broad-managed-policies", "s3"],
        ]);
        assert.equal(summary.resources, 38);
    });

    it("check reads a version 4 export and a checkpoint (exit 1 on their findings, not 2)", () => {
        const v4 = tmpFile("v4.json", version4());
        for (const file of [v4, path.join(EXPORTS, "pulumi-checkpoint-v3.json")]) {
            const r = cli("check", file, "--json", "--in-process");
            assert.equal(r.status, 1, r.stderr);
        }
    });

    it("diff pairs the two deployments' IRSA role and reports the other cluster's ServiceAccount it now trusts", () => {
        const r = cli("diff", OLD, NEW, "--json", "--in-process");
        assert.equal(r.status, 1, r.stderr);
        const report = JSON.parse(r.stdout) as DiffJson;
        assert.deepEqual(
            report.roles.map((x) => ({ name: x.name, principals: x.principals, bindings: x.bindings })),
            [{
                name: "s3-39a08d5",
                principals: {
                    added: ["ServiceAccount apps-044292a3/s3 via OIDC provider oidc.eks.us-west-2.amazonaws.com/id/E195309898F17B971B6265FCEFBA9A1B (cluster example-oidc-iam-sa-eksCluster-f705b9a): sts:AssumeRoleWithWebIdentity"],
                    removed: ["ServiceAccount apps-ce8e3916/s3 via OIDC provider oidc.eks.us-west-2.amazonaws.com/id/C9AE742DE35A76D70C16C230C831CED1 (cluster example-oidc-iam-sa-eksCluster-044e896): sts:AssumeRoleWithWebIdentity"],
                },
                bindings: {
                    added: ["ServiceAccount apps-044292a3/s3 (Kubernetes provider eks-k8s) by eks.amazonaws.com/role-arn annotation"],
                    removed: ["ServiceAccount apps-ce8e3916/s3 (Kubernetes provider eks-k8s) by eks.amazonaws.com/role-arn annotation"],
                },
            }],
        );
        assert.equal(report.broadening, 1);
    });
});
