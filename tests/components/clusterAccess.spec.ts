/**
 * Who the Kubernetes provider is (the stack's `aws:profile` / assumed role, in created and adopted modes), and the
 * EKS access entries that let other principals use the cluster.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { checkAccessEntriesAllowed } from "../../components/clusterAccess";
import { execKubeconfig, kubeconfigIdentity } from "../../components/kubeconfig";
import { FakeCloud } from "../../synth/fakeCloud";
import { buildCluster as build, findResource as find } from "../helpers/fakeCloudBuild";
import { configProblems } from "../helpers/configProblems";

const ADMINS = "arn:aws:iam::123456789012:role/platform-admins";
const VIEWERS = "arn:aws:iam::123456789012:role/auditors";
const DEPLOYER = "arn:aws:iam::123456789012:role/deployer";

/** The exec args of the component's Kubernetes provider's kubeconfig. */
function execArgs(cloud: FakeCloud): string[] {
    const provider = find(cloud, "pulumi:providers:kubernetes", "platform-k8s");
    const kubeconfig = provider.inputs.kubeconfig as { value: string };
    return (JSON.parse(kubeconfig.value) as ReturnType<typeof execKubeconfig>).users[0]!.user.exec.args;
}

const problemsOf = (config: unknown): string[] => configProblems(config);

describe("the Kubernetes provider's identity", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    for (const mode of ["create", "adopt"] as const) {
        it(`runs aws eks get-token with the stack's aws:profile and assumed role (${mode}d cluster)`, async () => {
            pulumi.runtime.setAllConfig({
                "aws:profile": "platform",
                "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::123456789012:role/hop" }, { roleArn: DEPLOYER }]),
            });
            const cloud = await build({ cluster: { mode, name: "sandbox" }, workloads: [] });
            assert.deepEqual(execArgs(cloud), [
                "eks", "get-token", "--cluster-name", "sandbox", "--output", "json", "--region", "us-west-2",
                "--role-arn", DEPLOYER, "--profile", "platform",
            ]);
        });
    }

    it("uses the cluster's kubeconfigProfile and kubeconfigRoleArn over the stack's", async () => {
        pulumi.runtime.setAllConfig({ "aws:profile": "platform" });
        // On a cluster the stack creates, only its creator has access until an access entry grants it.
        const cloud = await build({
            cluster: { mode: "create", name: "sandbox", kubeconfigProfile: "k8s-admin", kubeconfigRoleArn: ADMINS, accessEntries: [{ principalArn: ADMINS }] },
            workloads: [],
        });
        assert.deepEqual(execArgs(cloud).slice(-4), ["--role-arn", ADMINS, "--profile", "k8s-admin"]);
    });

    it("passes neither without an aws:profile or assumed role (the machine's default credentials)", async () => {
        const cloud = await build({ cluster: { mode: "create", name: "sandbox" }, workloads: [] });
        assert.deepEqual(execArgs(cloud), ["eks", "get-token", "--cluster-name", "sandbox", "--output", "json", "--region", "us-west-2"]);
    });

    it("reads the identity from the aws config (pure)", () => {
        assert.deepEqual(
            [
                kubeconfigIdentity({}),
                kubeconfigIdentity({ profile: "p" }),
                kubeconfigIdentity({ assumeRole: { roleArn: ADMINS } }),
                kubeconfigIdentity({ assumeRoles: [{ roleArn: ADMINS }], assumeRole: { roleArn: VIEWERS } }),
                kubeconfigIdentity({ profile: "p", assumeRoles: [{ roleArn: ADMINS }] }, { profile: "q", roleArn: VIEWERS }),
                kubeconfigIdentity({ profile: "", assumeRoles: [{}] }),
            ],
            [{}, { profile: "p" }, { roleArn: ADMINS }, { roleArn: ADMINS }, { profile: "q", roleArn: VIEWERS }, {}],
        );
    });
});

describe("cluster access entries", () => {
    it("creates one access entry and one policy association per principal, cluster-wide or per namespace", async () => {
        const cloud = await build({
            cluster: {
                mode: "create",
                name: "sandbox",
                accessEntries: [{ principalArn: ADMINS }, { principalArn: VIEWERS, accessPolicy: "view", namespaces: ["apps", "jobs"] }],
            },
            tags: { team: "platform" },
            workloads: [],
        });
        const entries = cloud.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
        assert.deepEqual(
            entries.map((r) => r.inputs),
            [
                { clusterName: "sandbox", principalArn: ADMINS, type: "STANDARD", tags: { team: "platform" } },
                { clusterName: "sandbox", principalArn: VIEWERS, type: "STANDARD", tags: { team: "platform" } },
            ],
        );
        const associations = cloud.resources.filter((r) => r.type === "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        assert.deepEqual(
            associations.map((r) => r.inputs),
            [
                {
                    clusterName: "sandbox",
                    principalArn: ADMINS,
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                    accessScope: { type: "cluster" },
                },
                {
                    clusterName: "sandbox",
                    principalArn: VIEWERS,
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                    accessScope: { type: "namespace", namespaces: ["apps", "jobs"] },
                },
            ],
        );
        // Names derive from the principal, not its position: reordering the list replaces nothing.
        assert.deepEqual(
            entries.map((r) => r.name),
            ["platform-access-platform-admins-" + entries[0]!.name.split("-").pop(), "platform-access-auditors-" + entries[1]!.name.split("-").pop()],
        );
    });

    for (const mode of ["create", "adopt"] as const) {
        it(`sends every Kubernetes object after the access entry and association of its identity, and deletes it before them (${mode}d cluster)`, async () => {
            // Under the strict fake world, settle() rejects with Unauthorized when an object does not wait for them.
            const cloud = await build({
                cluster: { mode, name: "sandbox", kubeconfigRoleArn: ADMINS, accessEntries: [{ principalArn: ADMINS }, { principalArn: VIEWERS, accessPolicy: "view" }] },
                workloads: [{ name: "api", namespace: "apps", serviceAccount: "api", createNamespace: true, managedPolicyArns: [], deployment: { image: "nginx:1.27" } }],
            });
            const grants = cloud.resources.filter((r) => r.type.startsWith("aws:eks/access")).map((r) => r.urn);
            const objects = cloud.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:")).map((r) => r.urn);
            assert.ok(objects.length >= 3, objects.join(", "));
            const destroy = cloud.world.destroyOrder();
            for (const object of objects) {
                assert.deepEqual(
                    grants.filter((grant) => !cloud.world.dependenciesOf(object).has(grant)),
                    [],
                    `${object} does not wait for every access grant`,
                );
                assert.deepEqual(
                    grants.filter((grant) => destroy.indexOf(grant) < destroy.indexOf(object)),
                    [],
                    `${object} is deleted after an access grant`,
                );
            }
        });
    }

    it("grants access on an adopted cluster too", async () => {
        const cloud = await build({ cluster: { mode: "adopt", name: "sandbox", accessEntries: [{ principalArn: ADMINS, accessPolicy: "admin" }] }, workloads: [] });
        assert.deepEqual(
            cloud.resources.filter((r) => r.type.startsWith("aws:eks/access")).map((r) => r.type),
            ["aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"],
        );
    });

    it("refuses an adopted cluster in CONFIG_MAP mode with the command that switches it (pure)", () => {
        assert.throws(() => checkAccessEntriesAllowed("legacy", [{ authenticationMode: "CONFIG_MAP" }]), {
            message:
                'cluster.accessEntries needs EKS access entries, but cluster "legacy" authenticates with the aws-auth ConfigMap only (authenticationMode "CONFIG_MAP"): ' +
                "switch it with `aws eks update-cluster-config --name legacy --access-config authenticationMode=API_AND_CONFIG_MAP` (it cannot be switched back), then run pulumi up again; or remove cluster.accessEntries and map the principals in aws-auth.",
        });
        assert.doesNotThrow(() => checkAccessEntriesAllowed("modern", [{ authenticationMode: "API_AND_CONFIG_MAP" }]));
        assert.doesNotThrow(() => checkAccessEntriesAllowed("modern", [{ authenticationMode: "API" }]));
    });

    it("validates the access fields", () => {
        assert.deepEqual(
            problemsOf({
                cluster: {
                    mode: "adopt",
                    name: "sandbox",
                    kubeconfigProfile: "has space",
                    kubeconfigRoleArn: "admins",
                    accessEntries: [
                        { principalArn: ADMINS, accessPolicy: "root" },
                        { principalArn: ADMINS },
                        { principalArn: "arn:aws:sts::123456789012:assumed-role/admins/me", namespaces: ["Apps"], extra: 1 },
                    ],
                },
                workloads: [],
            }),
            [
                'cluster.kubeconfigProfile "has space" is not an AWS CLI profile name: give the profile\'s name as in ~/.aws/config, e.g. "platform-admin".',
                'cluster.kubeconfigRoleArn "admins" is not an IAM role ARN: write "arn:aws:iam::<account>:role/<name>".',
                'cluster.accessEntries[0].accessPolicy "root" is not an EKS access policy: use one of "cluster-admin", "admin", "edit", "view".',
                `cluster.accessEntries[1].principalArn "${ADMINS}" is already cluster.accessEntries[0]: EKS allows one access entry per principal: list each principal once.`,
                'cluster.accessEntries[2].principalArn "arn:aws:sts::123456789012:assumed-role/admins/me" is not an IAM role or user ARN: write "arn:aws:iam::<account>:role/<name>" (for an SSO session, its role\'s ARN).',
                'cluster.accessEntries[2].namespaces[0] "Apps" is not a valid Kubernetes namespace: use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters).',
                "cluster.accessEntries[2].extra 1 is not a known field: use one of principalArn, accessPolicy, namespaces.",
            ],
        );
    });
});
