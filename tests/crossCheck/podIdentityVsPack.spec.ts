/**
 * The cross-check for EKS Pod Identity: workloads in every identity mode, built under the fake cloud and fed
 * through the same export → analyzer path as `synth`, pass every policy of the pack; the pack's Pod Identity
 * rules share no code with the component.
 */
import * as assert from "node:assert/strict";
import type { IdentityMode, WorkloadSpec } from "../../components";
import { policeCluster as police } from "../helpers/fakeCloudBuild";

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
                cluster: { mode, name: "demo", podIdentityAgent: "install" },
                workloads: [
                    workload("legacy", "irsa"),
                    workload("modern", "pod-identity"),
                    workload("moving", "both"),
                    workload("chained", "pod-identity", { podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/reader" } }),
                    workload("untagged", "pod-identity", {
                        podIdentity: {
                            targetRoleArn: "arn:aws:iam::444455556666:role/reader",
                            disableSessionTags: true,
                            sessionPolicy: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::untagged/reports/*"] }],
                        },
                    }),
                ],
            });
            // Without session tags the trust cannot pin the ServiceAccount: AWS's bare trust, reported as advisory only.
            assert.deepEqual(
                violations.map((v) => [v.policyName, v.enforcementLevel, v.urn.split("::").pop()]),
                [["pod-identity-trust-source", "advisory", "crosscheck-untagged-role"]],
            );
            for (const t of ["aws:eks/addon:Addon", "aws:eks/podIdentityAssociation:PodIdentityAssociation", "aws:iam/role:Role", "kubernetes:core/v1:ServiceAccount"]) {
                assert.ok(types.includes(t), `${t} not in the plan`);
            }
        });
    }
});
