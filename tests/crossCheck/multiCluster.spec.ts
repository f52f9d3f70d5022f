/**
 * Blue and green `IrsaCluster`s in one stack, green's workload using blue's role (`sharedRoleArn`): the pack
 * passes it when blue's role lists green in its trusted clusters, and reports the ServiceAccount when it does not.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { analyzeInProcess, loadPack } from "../../synth/analyzer/inProcess";
import { fromStackExport } from "../../synth/analyzer/requests";
import { Violation } from "../../synth/analyzer/violations";
import { installFakeCloud } from "../../synth/fakeCloud";
import { toStackExport } from "../../synth/stackExport";

const pack = loadPack(path.resolve(__dirname, "..", "..", "policy-pack"));
const ROLE_ARN = "arn:aws:iam::123456789012:role/blue-orders";

const orders: WorkloadSpec = { name: "orders", namespace: "orders", serviceAccount: "orders-api", deployment: false };

async function police(blueTrustsGreen: boolean): Promise<Violation[]> {
    const cloud = await installFakeCloud();
    const { IrsaCluster } = await import("../../components");
    // Green is created by the same program: blue trusts it through its outputs (a lookup by name would not find it).
    const green = new IrsaCluster("green", { cluster: { mode: "create", name: "apps-green" }, workloads: [{ ...orders, sharedRoleArn: ROLE_ARN }] });
    const blue: IrsaClusterArgs = {
        cluster: { mode: "create", name: "apps-blue" },
        ...(blueTrustsGreen ? { trustedClusters: [{ name: "green", issuerUrl: green.oidcIssuer, providerArn: green.oidcProviderArn }] } : {}),
        workloads: [{ ...orders, ...(blueTrustsGreen ? { trustedClusters: ["green"] } : {}) }],
    };
    new IrsaCluster("blue", blue);
    await cloud.settle();
    const exported = toStackExport(cloud.resources, { project: "eks-irsa", stack: "dev", time: "1970-01-01T00:00:00Z" });
    return analyzeInProcess(pack, fromStackExport(exported.deployment.resources));
}

describe("blue/green IrsaClusters sharing one role × irsa-guard", function () {
    this.timeout(120_000);

    it("finds no violation when the shared role trusts both clusters", async () => {
        assert.deepEqual(await police(true), []);
    });

    it("reports green's ServiceAccount when the shared role trusts only blue", async () => {
        const violations = (await police(false)).filter((v) => v.policyName === "irsa-service-account-cluster");
        assert.deepEqual(
            violations.map((v) => [v.urn.split("::").pop(), v.message.replace(/"oidc[^"]*"/g, "<issuer>")]),
            [
                [
                    "green-orders-sa",
                    `metadata.annotations["eks.amazonaws.com/role-arn"] "${ROLE_ARN}" names a role that does not trust this ServiceAccount's cluster (issuer <issuer>): its trust admits "system:serviceaccount:orders:orders-api" only from [<issuer>]; add a statement for this cluster's provider to the role (the owner's trustedClusters), or annotate a role that trusts this cluster.`,
                ],
            ],
        );
    });
});
