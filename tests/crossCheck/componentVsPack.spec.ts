/**
 * The cross-check between the two halves of the product, which share no code: the component builds roles
 * the way it thinks is right, the pack decides on its own what is right. Built under the fake cloud and fed
 * through the same export → analyzer path as `synth`, every resource of these stacks must pass every policy.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { ADDON_DEFAULTS, AddonName, addonPackConfig } from "../../components/addons";
import { loadStackConfig } from "../../synth/stackConfig";
import { EXAMPLE_ADDONS } from "../components/addons/fixtures";
import { policeCluster as police } from "../helpers/fakeCloudBuild";

const ROOT = path.resolve(__dirname, "..", "..");
/** The pack config that names the cases the add-ons need, each with its reason (README, "Add-on allowances"). */
const ADDON_ALLOWANCES: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack", "addon-allowances.json"), "utf8"));

function exampleArgs(): IrsaClusterArgs {
    const { config } = loadStackConfig(ROOT, { stack: "example" });
    const get = (key: string): unknown => (config[`eks-irsa:${key}`] === undefined ? undefined : JSON.parse(config[`eks-irsa:${key}`]!));
    return { cluster: get("cluster"), workloads: get("workloads"), ...(get("tags") !== undefined ? { tags: get("tags") } : {}) } as IrsaClusterArgs;
}

describe("component × irsa-guard cross-check", function () {
    this.timeout(120_000);

    it("finds no violation at any level in the example stack", async () => {
        const { violations, types } = await police(exampleArgs());
        assert.deepEqual(violations, []);
        // The check covered what the pack polices: roles, policies, the provider, ServiceAccounts, Deployments.
        for (const t of ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "kubernetes:core/v1:ServiceAccount", "kubernetes:apps/v1:Deployment"]) {
            assert.ok(types.includes(t), `${t} not in the plan`);
        }
    });

    it("finds no violation in a stack with one workload per add-on, each on its chart's ServiceAccount, with the add-ons' named allowances", async () => {
        const workloads: WorkloadSpec[] = (Object.keys(EXAMPLE_ADDONS) as AddonName[]).map((name) => ({
            name,
            namespace: ADDON_DEFAULTS[name].namespace,
            serviceAccount: ADDON_DEFAULTS[name].serviceAccount,
            serviceAccountMode: "adopt",
            addon: EXAMPLE_ADDONS[name],
            deployment: false,
        }));
        const { violations } = await police({ cluster: { mode: "adopt", name: "demo" }, workloads }, "crosscheck", ADDON_ALLOWANCES);
        assert.deepEqual(violations, []);
    });

    it("needs the add-ons' named allowance for Karpenter only (passing its node role to EC2)", async () => {
        const workloads: WorkloadSpec[] = (["vpc-cni", "karpenter", "ebs-csi"] as AddonName[]).map((name) => ({
            name,
            namespace: ADDON_DEFAULTS[name].namespace,
            serviceAccount: ADDON_DEFAULTS[name].serviceAccount,
            serviceAccountMode: "adopt",
            addon: EXAMPLE_ADDONS[name],
            deployment: false,
        }));
        const { violations } = await police({ cluster: { mode: "adopt", name: "demo" }, workloads });
        const flagged = [...new Set(violations.map((v) => `${v.policyName} ${v.urn.replace(/.*::crosscheck-/, "")}`))].sort();
        assert.deepEqual(flagged, ["iam-no-privilege-escalation karpenter-policy"]);
    });

    for (const nodeRoleArn of [
        "arn:aws:iam::111122223333:role/platform/KarpenterNode_prod.v1",
        "arn:aws:iam::111122223333:role/nodes",
        "arn:aws:iam::444455556666:role/KarpenterNodeRole-demo",
    ]) {
        it(`passes Karpenter with the node role ${nodeRoleArn} given the component's own pack config, which allows exactly that role`, async () => {
            const addon = { name: "karpenter" as const, nodeRoleArn };
            const workloads: WorkloadSpec[] = [
                { name: "karpenter", namespace: "kube-system", serviceAccount: "karpenter", serviceAccountMode: "adopt", addon, deployment: false },
            ];
            const config = addonPackConfig([addon]);
            const allowedEscalations = [
                {
                    action: "iam:PassRole",
                    resource: nodeRoleArn,
                    reason: "Karpenter launches nodes with the node role (iam:PassedToService ec2.amazonaws.com): the controller acts with the node role's permissions by design.",
                },
            ];
            assert.deepEqual(config, { "iam-no-privilege-escalation": { allowedEscalations }, "iam-role-escalation-paths": { allowedEscalations } });
            const { violations } = await police({ cluster: { mode: "adopt", name: "demo" }, workloads }, "crosscheck", config);
            assert.deepEqual(violations, []);
        });
    }

    it("blocks Karpenter with a user-named node role under the documented KarpenterNodeRole-* allowance alone", async () => {
        const addon = { name: "karpenter" as const, nodeRoleArn: "arn:aws:iam::111122223333:role/platform/KarpenterNode_prod.v1" };
        const workloads: WorkloadSpec[] = [{ name: "karpenter", namespace: "kube-system", serviceAccount: "karpenter", serviceAccountMode: "adopt", addon, deployment: false }];
        const { violations } = await police({ cluster: { mode: "adopt", name: "demo" }, workloads }, "crosscheck", ADDON_ALLOWANCES);
        assert.deepEqual([...new Set(violations.map((v) => v.policyName))], ["iam-no-privilege-escalation"]);
    });

    it("finds no violation in a stack with one workload per typed grant", async () => {
        const grants: NonNullable<WorkloadSpec["grants"]> = [
            { service: "s3", bucket: "reports", access: "read-write", prefix: "monthly/" },
            { service: "dynamodb", table: "orders", access: "read-write", indexes: ["by-customer"], streams: true },
            { service: "sqs", queue: "jobs", access: "consume" },
            { service: "sns", topic: "alerts", access: "publish" },
            { service: "secretsmanager", secret: "db-password", access: "read" },
            { service: "ssm", path: "/reports", access: "read" },
            { service: "kms", key: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", access: "decrypt" },
            { service: "ecr", repository: "reports", access: "pull" },
            { service: "logs", logGroup: "/reports/app", access: "write" },
        ] as NonNullable<WorkloadSpec["grants"]>;
        const workloads: WorkloadSpec[] = grants.map((g, i) => ({
            name: `grant-${i}`,
            namespace: "grants",
            serviceAccount: `grant-${i}`,
            grants: [g],
            deployment: { image: "registry.example.com/app:1.0.0" },
        }));
        const { violations } = await police({ cluster: { mode: "adopt", name: "demo" }, workloads });
        assert.deepEqual(violations, []);
    });
});
