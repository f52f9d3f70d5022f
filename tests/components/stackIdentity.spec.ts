/**
 * Who every action of the stack runs as, under the strict fake world: an explicit `aws.Provider` has only its own
 * arguments (it reads no `aws:*` config), so a provider for another account must start from the stack's identity.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { IrsaClusterArgs } from "../../components";
import { type CredentialChain, FakeCloud } from "../../synth/fakeCloud";
import { buildCluster as build, findResource as find } from "../helpers/fakeCloudBuild";

const HUB = "arn:aws:iam::111111111111:role/ci-hub";
const DEPLOY = "arn:aws:iam::123456789012:role/deploy";
const DATA = "444455556666";
const DATA_DEPLOY = `arn:aws:iam::${DATA}:role/deploy-irsa`;

const config: IrsaClusterArgs = {
    cluster: { mode: "create", name: "apps-blue" },
    accounts: [{ name: "data", accountId: DATA, assumeRoleArn: DATA_DEPLOY }],
    workloads: [
        { name: "orders", namespace: "orders", serviceAccount: "orders-api", managedPolicyArns: [], deployment: { image: "nginx:1.27" } },
        { name: "reports", namespace: "analytics", serviceAccount: "reports", account: "data", managedPolicyArns: [], deployment: false },
    ],
};

/** Every custom resource's chain, by logical name. */
function chains(cloud: FakeCloud): Map<string, CredentialChain> {
    const stack = cloud.stackChain();
    const result = new Map<string, CredentialChain>();
    for (const r of cloud.resources) {
        const chain = cloud.world.chainOf(r.urn, stack);
        if (chain !== undefined) result.set(r.name, chain);
    }
    return result;
}

describe("the identity every action of the stack runs as", () => {
    describe("with a CI set-up (aws:profile, then a hub role, then the deploy role) and default tags", () => {
        let cloud: FakeCloud;
        before(async () => {
            pulumi.runtime.setAllConfig({
                "aws:region": "us-west-2",
                "aws:profile": "ci",
                "aws:assumeRoles": JSON.stringify([{ roleArn: HUB, externalId: "ci-hub" }, { roleArn: DEPLOY }]),
                "aws:defaultTags": JSON.stringify({ tags: { costCenter: "42" } }),
            });
            cloud = await build(config);
        });
        after(() => pulumi.runtime.setAllConfig({}));

        it("records the stack's chain from its aws config", () => {
            assert.deepEqual(cloud.stackChain(), { base: "profile:ci", roles: [HUB, DEPLOY] });
        });

        it("assumes another account's role from the stack's own identity, and keeps the stack's default tags", () => {
            const provider = find(cloud, "pulumi:providers:aws", "platform-account-data");
            assert.equal(provider.inputs.profile, "ci");
            assert.deepEqual(JSON.parse(provider.inputs.assumeRoles as string), [
                { roleArn: HUB, externalId: "ci-hub" },
                { roleArn: DEPLOY },
                { roleArn: DATA_DEPLOY, sessionName: "platform-irsa" },
            ]);
            assert.deepEqual(JSON.parse(provider.inputs.defaultTags as string), { tags: { costCenter: "42" } });
        });

        it("runs every AWS action as the stack's chain, or as a role assumed from it in another account", () => {
            const byChain = new Map<string, string[]>();
            for (const [name, chain] of chains(cloud)) {
                const key = JSON.stringify(chain);
                byChain.set(key, [...(byChain.get(key) ?? []), name]);
            }
            assert.deepEqual(
                [...byChain].map(([chain, names]) => [chain, names.sort()]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
                [
                    [JSON.stringify({ base: "profile:ci", roles: [HUB, DEPLOY, DATA_DEPLOY] }), ["platform-oidc-data", "platform-reports-role"]],
                    [
                        JSON.stringify({ base: "profile:ci", roles: [HUB, DEPLOY] }),
                        [
                            "platform-node-role",
                            "platform-node-role-AmazonEC2ContainerRegistryReadOnly",
                            "platform-node-role-AmazonEKSWorkerNodePolicy",
                            "platform-node-role-AmazonEKS_CNI_Policy",
                            "platform-nodes-lt",
                            "platform-oidc",
                            "platform-orders-role",
                        ],
                    ],
                    // aws eks get-token assumes the stack's last role from its profile (it takes one --role-arn).
                    [
                        JSON.stringify({ base: "profile:ci", roles: [DEPLOY] }),
                        ["platform-aws-node", "platform-ns-analytics", "platform-ns-orders", "platform-orders-deploy", "platform-orders-sa", "platform-reports-sa", "platform-vpc-cni-sa"],
                    ],
                ],
            );
        });
    });
});
