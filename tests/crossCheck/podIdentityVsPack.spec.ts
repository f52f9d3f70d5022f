/**
 * The cross-check for EKS Pod Identity: workloads in every identity mode, built under the fake cloud and fed
 * through the same export → analyzer path as `synth`, pass every policy of the pack; the pack's Pod Identity
 * rules share no code with the component.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { IdentityMode, IrsaClusterArgs, WorkloadSpec } from "../../components";
import { analyzeInProcess, loadPack } from "../../synth/analyzer/inProcess";
import { fromStackExport } from "../../synth/analyzer/requests";
import { Violation } from "../../synth/analyzer/violations";
import { installFakeCloud } from "../../synth/fakeCloud";
import { toStackExport } from "../../synth/stackExport";

const ROOT = path.resolve(__dirname, "..", "..");
const pack = loadPack(path.join(ROOT, "policy-pack"));

async function police(args: IrsaClusterArgs): Promise<{ violations: Violation[]; types: string[] }> {
    const cloud = await installFakeCloud({ region: "us-east-1", accountId: "111122223333" });
    const { IrsaCluster } = await import("../../components");
    new IrsaCluster("crosscheck", args);
    await cloud.settle();
    const resources = fromStackExport(toStackExport(cloud.resources, { project: "eks-irsa", stack: "dev", time: "1970-01-01T00:00:00Z" }).deployment.resources);
    return { violations: await analyzeInProcess(pack, resources), types: [...new Set(resources.map((r) => r.type))].sort() };
}

function workload(name: string, identity: IdentityMode, extra: Partial<WorkloadSpec> = {}): WorkloadSpec {
    return {
        name,
        namespace: "apps",
        serviceAccount: name,
        identity,
        statements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${name}/*`] }],
        deployment: { image: "registry.example.com/app:1.0.0" },
        ...extra,
    };
}

describe("component × irsa-guard cross-check, EKS Pod Identity", function () {
    this.timeout(120_000);

    for (const mode of ["create", "adopt"] as const) {
        it(`finds no violation with one workload per identity mode on a${mode === "adopt" ? "n adopted" : " created"} cluster`, async () => {
            const { violations, types } = await police({
                cluster: { mode, name: "demo" },
                workloads: [
                    workload("legacy", "irsa"),
                    workload("modern", "pod-identity"),
                    workload("moving", "both"),
                    workload("chained", "pod-identity", {
                        podIdentity: {
                            targetRoleArn: "arn:aws:iam::444455556666:role/reader",
                            disableSessionTags: true,
                            sessionPolicy: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::chained/reports/*"] }],
                        },
                    }),
                ],
            });
            assert.deepEqual(violations, []);
            for (const t of ["aws:eks/addon:Addon", "aws:eks/podIdentityAssociation:PodIdentityAssociation", "aws:iam/role:Role", "kubernetes:core/v1:ServiceAccount"]) {
                assert.ok(types.includes(t), `${t} not in the plan`);
            }
        });
    }
});
