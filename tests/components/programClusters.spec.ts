/**
 * Several `IrsaCluster`s in one program (blue/green): a cluster the program creates is trusted through its outputs;
 * a lookup by name of such a cluster is refused, as the real lookup would fail on the first `pulumi up`.
 */
import * as assert from "node:assert/strict";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { IrsaConfigError } from "../../components/validation";
import { checkedTrustedProvider } from "../../components/validation/trustedClusters";
import { installFakeCloud } from "../../synth/fakeCloud";

const orders: WorkloadSpec = { name: "orders", namespace: "orders", serviceAccount: "orders-api", managedPolicyArns: [], deployment: false };

function byName(clusterName: string): IrsaClusterArgs {
    return { cluster: { mode: "create", name: "apps-blue" }, trustedClusters: [{ name: "green", clusterName }], workloads: [{ ...orders, trustedClusters: ["green"] }] };
}

const refused = (creator: string, referrer: string): string =>
    `trustedClusters[0].clusterName "apps-green" is the cluster that IrsaCluster "${creator}" of this program creates, which a lookup does not find before it exists (IrsaCluster "${referrer}"): ` +
    `give its outputs instead, { name, issuerUrl: ${creator}.oidcIssuer, providerArn: ${creator}.oidcProviderArn } (a provider of the role's account).`;

describe("IrsaClusters of one program", function () {
    this.timeout(60_000);

    it("refuses a trusted cluster looked up by the name of a cluster the program creates (created first)", async () => {
        await installFakeCloud();
        const { IrsaCluster } = await import("../../components");
        new IrsaCluster("green", { cluster: { mode: "create", name: "apps-green" }, workloads: [] });
        assert.throws(() => new IrsaCluster("blue", byName("apps-green")), (e: unknown) => {
            assert.ok(e instanceof IrsaConfigError);
            assert.deepEqual(e.problems, [refused("green", "blue")]);
            return true;
        });
    });

    it("refuses it when the cluster is created after the component that looks it up", async () => {
        await installFakeCloud();
        const { IrsaCluster } = await import("../../components");
        new IrsaCluster("blue", byName("apps-green"));
        assert.throws(() => new IrsaCluster("green", { cluster: { mode: "create", name: "apps-green" }, workloads: [] }), (e: unknown) => {
            assert.ok(e instanceof IrsaConfigError);
            assert.deepEqual(e.problems, [refused("green", "blue")]);
            return true;
        });
    });

    it("trusts a cluster of the program through its outputs: one more trust statement, no lookup", async () => {
        const cloud = await installFakeCloud();
        const { IrsaCluster } = await import("../../components");
        const green = new IrsaCluster("green", { cluster: { mode: "create", name: "apps-green" }, workloads: [] });
        new IrsaCluster("blue", {
            cluster: { mode: "create", name: "apps-blue" },
            trustedClusters: [{ name: "green", issuerUrl: green.oidcIssuer, providerArn: green.oidcProviderArn }],
            workloads: [{ ...orders, trustedClusters: ["green"] }],
        });
        await cloud.settle();
        const role = cloud.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "blue-orders-role")!;
        const providers = (JSON.parse(role.inputs.assumeRolePolicy as string) as { Statement: { Principal: { Federated: string } }[] }).Statement.map((s) => s.Principal.Federated);
        const host = (name: string) => cloud.issuerFor(name).replace("https://", "");
        assert.deepEqual(providers, [`arn:aws:iam::123456789012:oidc-provider/${host("apps-blue")}`, `arn:aws:iam::123456789012:oidc-provider/${host("apps-green")}`]);
        assert.deepEqual(
            cloud.invokes.filter((i) => i.token.startsWith("aws:eks/") || i.token.startsWith("aws:iam/")).map((i) => i.token),
            [],
        );
    });

    it("checks outputs once they are known: the provider of that issuer (pure)", () => {
        const issuer = "https://oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
        const arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
        assert.equal(checkedTrustedProvider("trustedClusters[0]", arn, issuer), arn);
        assert.throws(() => checkedTrustedProvider("trustedClusters[0]", "apps-green", issuer), (e: unknown) => {
            assert.ok(e instanceof IrsaConfigError);
            assert.deepEqual(e.problems, [
                'trustedClusters[0].providerArn "apps-green" is not an IAM OIDC provider ARN: use "arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>".',
            ]);
            return true;
        });
    });
});
