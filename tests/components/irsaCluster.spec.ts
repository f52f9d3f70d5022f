import * as assert from "node:assert/strict";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { execKubeconfig } from "../../components/kubeconfig";
import { FakeCloud, installFakeCloud } from "../../synth/fakeCloud";
import { buildCluster as build, findResource as find, comparable } from "../helpers/fakeCloudBuild";

const PROJECT_STACK = "urn:pulumi:dev::eks-irsa::";

/** How a secret value is recorded: Pulumi's secret signature key and value. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

function typesAndNames(cloud: FakeCloud): string[] {
    return cloud.resources.map((r) => `${r.type} ${r.name}`).sort();
}

function hostOf(url: string): string {
    return url.replace(/^https:\/\//, "");
}

const s3Reader: WorkloadSpec = {
    name: "s3-reader",
    namespace: "ns-utils",
    serviceAccount: "s3-reader",
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-s3-bucket/*"] }],
    managedPolicyArns: ["arn:aws:iam::123456789012:policy/audit-read"],
    labels: { team: "utils" },
    deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0", port: 8080, env: { BUCKET: "my-s3-bucket" } },
};

const roleOnly: WorkloadSpec = {
    name: "batch",
    namespace: "jobs",
    serviceAccount: "batch-runner",
    serviceAccountMode: "role-only",
    statements: [{ actions: ["sqs:ReceiveMessage"], resources: ["arn:aws:sqs:us-west-2:123456789012:jobs"] }],
    deployment: false,
};

const created: IrsaClusterArgs = { cluster: { mode: "create", name: "sandbox", version: "1.31" }, workloads: [s3Reader, roleOnly] };

describe("IrsaCluster", () => {
    describe("with a created cluster", () => {
        let cloud: FakeCloud;
        before(async () => {
            cloud = await build(created);
        });

        it("registers exactly the cluster, node group, provider, namespace and each workload's resources", () => {
            assert.deepEqual(typesAndNames(cloud), [
                "aws:ec2/launchTemplate:LaunchTemplate platform-nodes-lt",
                "aws:iam/openIdConnectProvider:OpenIdConnectProvider platform-oidc",
                "aws:iam/role:Role platform-batch-role",
                "aws:iam/role:Role platform-node-role",
                "aws:iam/role:Role platform-s3-reader-role",
                "aws:iam/rolePolicy:RolePolicy platform-batch-policy",
                "aws:iam/rolePolicy:RolePolicy platform-s3-reader-policy",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment platform-node-role-AmazonEC2ContainerRegistryReadOnly",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment platform-node-role-AmazonEKSWorkerNodePolicy",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment platform-node-role-AmazonEKS_CNI_Policy",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment platform-s3-reader-attach-audit-read-86a49e75",
                "eks-irsa:index:IrsaCluster platform",
                "eks-irsa:index:IrsaWorkload platform-batch",
                "eks-irsa:index:IrsaWorkload platform-s3-reader",
                "eks:index:Cluster platform-eks",
                "eks:index:ManagedNodeGroup platform-nodes",
                "kubernetes:apps/v1:DaemonSetPatch platform-aws-node",
                "kubernetes:apps/v1:Deployment platform-s3-reader-deploy",
                "kubernetes:core/v1:Namespace platform-ns-ns-utils",
                "kubernetes:core/v1:ServiceAccount platform-s3-reader-sa",
                "kubernetes:core/v1:ServiceAccountPatch platform-vpc-cni-sa",
                "pulumi:providers:kubernetes platform-k8s",
            ]);
        });

        it("creates the cluster without an OIDC provider of its own, with one managed node group", () => {
            const cluster = find(cloud, "eks:index:Cluster", "platform-eks");
            assert.equal(cluster.inputs.name, "sandbox");
            assert.equal(cluster.inputs.version, "1.31");
            assert.equal(cluster.inputs.createOidcProvider, false);
            assert.equal(cluster.inputs.skipDefaultNodeGroup, true);
            const nodes = find(cloud, "eks:index:ManagedNodeGroup", "platform-nodes");
            assert.deepEqual(nodes.inputs.scalingConfig, { desiredSize: 2, minSize: 1, maxSize: 2 });
            assert.deepEqual(nodes.inputs.instanceTypes, ["t3.medium"]);
        });

        it("runs the node group at the control plane's Kubernetes version (a launch template leaves it unset)", () => {
            assert.equal(find(cloud, "eks:index:ManagedNodeGroup", "platform-nodes").inputs.version, "1.31");
        });

        it("follows the version EKS gives the control plane when the config names none", async () => {
            const latest = await build({ cluster: { mode: "create", name: "sandbox" }, workloads: [] });
            const cluster = find(latest, "eks:index:Cluster", "platform-eks");
            assert.equal(cluster.inputs.version, undefined);
            assert.equal(find(latest, "eks:index:ManagedNodeGroup", "platform-nodes").inputs.version, (cluster.outputs.eksCluster as { version: string }).version);
        });

        it("creates the IAM OIDC provider for the cluster's issuer with the STS audience and no thumbprint", () => {
            const provider = find(cloud, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "platform-oidc");
            assert.deepEqual(provider.inputs, { url: cloud.issuerFor("sandbox"), clientIdLists: ["sts.amazonaws.com"] });
        });

        it("writes the trust policy that lets only the workload's ServiceAccount assume its role", () => {
            const role = find(cloud, "aws:iam/role:Role", "platform-s3-reader-role");
            const host = hostOf(cloud.issuerFor("sandbox"));
            assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${host}` },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                [`${host}:sub`]: "system:serviceaccount:ns-utils:s3-reader",
                                [`${host}:aud`]: "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            });
            assert.equal(role.inputs.name, "platform-s3-reader");
            assert.equal(role.inputs.description, "IRSA role for ns-utils/s3-reader");
        });

        it("puts the inline statements in a role policy and attaches each managed policy", () => {
            const policy = find(cloud, "aws:iam/rolePolicy:RolePolicy", "platform-s3-reader-policy");
            assert.equal(policy.inputs.role, "platform-s3-reader");
            assert.equal(policy.inputs.name, "s3-reader-permissions");
            assert.deepEqual(JSON.parse(policy.inputs.policy as string), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::my-s3-bucket/*"] }],
            });
            const attachment = find(cloud, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "platform-s3-reader-attach-audit-read-86a49e75");
            assert.deepEqual(attachment.inputs, { role: "platform-s3-reader", policyArn: "arn:aws:iam::123456789012:policy/audit-read" });
        });

        it("annotates the ServiceAccount with the role's ARN and the regional STS endpoint", () => {
            const role = find(cloud, "aws:iam/role:Role", "platform-s3-reader-role");
            const serviceAccount = find(cloud, "kubernetes:core/v1:ServiceAccount", "platform-s3-reader-sa");
            assert.equal(role.outputs.arn, "arn:aws:iam::123456789012:role/platform-s3-reader");
            assert.deepEqual(serviceAccount.inputs.metadata, {
                name: "s3-reader",
                namespace: "ns-utils",
                labels: { team: "utils" },
                annotations: {
                    "eks.amazonaws.com/role-arn": role.outputs.arn,
                    "eks.amazonaws.com/sts-regional-endpoints": "true",
                },
            });
        });

        it("runs the Deployment's pods under that ServiceAccount, with fsGroup 65534 and as non-root", () => {
            const serviceAccount = find(cloud, "kubernetes:core/v1:ServiceAccount", "platform-s3-reader-sa");
            const deployment = find(cloud, "kubernetes:apps/v1:Deployment", "platform-s3-reader-deploy");
            const podSpec = (deployment.inputs.spec as { template: { spec: Record<string, unknown> } }).template.spec;
            assert.equal(podSpec.serviceAccountName, (serviceAccount.inputs.metadata as { name: string }).name);
            assert.deepEqual(podSpec.securityContext, { fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 });
            assert.deepEqual(podSpec.containers, [
                {
                    name: "s3-reader",
                    image: "public.ecr.aws/aws-cli/aws-cli:2.17.0",
                    ports: [{ containerPort: 8080 }],
                    env: [{ name: "HOME", value: "/tmp" }, { name: "BUCKET", value: "my-s3-bucket" }],
                    securityContext: { allowPrivilegeEscalation: false },
                },
            ]);
        });

        it("starts the Deployment after the role's permissions, the ServiceAccount and the node group", () => {
            const deployment = find(cloud, "kubernetes:apps/v1:Deployment", "platform-s3-reader-deploy");
            const urn = (type: string, name: string) => find(cloud, type, name).urn;
            assert.deepEqual([...deployment.dependencies].sort(), [
                urn("aws:iam/rolePolicy:RolePolicy", "platform-s3-reader-policy"),
                urn("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "platform-s3-reader-attach-audit-read-86a49e75"),
                urn("eks:index:ManagedNodeGroup", "platform-nodes"),
                urn("kubernetes:core/v1:Namespace", "platform-ns-ns-utils"),
                urn("kubernetes:core/v1:ServiceAccount", "platform-s3-reader-sa"),
            ].sort());
        });

        it("gives every Kubernetes object the component's Kubernetes provider", () => {
            const provider = find(cloud, "pulumi:providers:kubernetes", "platform-k8s");
            const kubernetes = cloud.resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.deepEqual(
                kubernetes.map((r) => r.provider),
                kubernetes.map(() => `${provider.urn}::${provider.id ?? ""}`),
            );
        });

        it("gives role-only workloads a role and no Kubernetes object", () => {
            const role = find(cloud, "aws:iam/role:Role", "platform-batch-role");
            const sub = `${hostOf(cloud.issuerFor("sandbox"))}:sub`;
            const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
            assert.equal(trust.Statement[0]?.Condition.StringEquals[sub], "system:serviceaccount:jobs:batch-runner");
            assert.deepEqual(
                cloud.resources.filter((r) => r.parent?.endsWith("::platform-batch") && r.type.startsWith("kubernetes:")),
                [],
            );
        });

        it("exports the cluster's outputs and each workload's, without a deploymentName where there is none", () => {
            const component = find(cloud, "eks-irsa:index:IrsaCluster", "platform");
            const kubeconfig = component.outputs.kubeconfig as Record<string, unknown>;
            assert.deepEqual(
                { ...component.outputs, kubeconfig: kubeconfig.value },
                {
                    clusterName: "sandbox",
                    oidcIssuer: cloud.issuerFor("sandbox"),
                    oidcProviderArn: `arn:aws:iam::123456789012:oidc-provider/${hostOf(cloud.issuerFor("sandbox"))}`,
                    kubeconfig: find(cloud, "eks:index:Cluster", "platform-eks").outputs.kubeconfigJson,
                    workloads: {
                        "s3-reader": {
                            roleArn: "arn:aws:iam::123456789012:role/platform-s3-reader",
                            roleName: "platform-s3-reader",
                            serviceAccountName: "s3-reader",
                            namespace: "ns-utils",
                            deploymentName: "s3-reader",
                        },
                        batch: {
                            roleArn: "arn:aws:iam::123456789012:role/platform-batch",
                            roleName: "platform-batch",
                            serviceAccountName: "batch-runner",
                            namespace: "jobs",
                        },
                    },
                },
            );
            assert.equal(kubeconfig[SECRET_SIG], SECRET_VALUE, "the kubeconfig is secret");
        });

        it("parents every workload resource to its IrsaWorkload, and every IrsaWorkload to the IrsaCluster", () => {
            const workload = find(cloud, "eks-irsa:index:IrsaWorkload", "platform-s3-reader");
            assert.equal(workload.parent, `${PROJECT_STACK}eks-irsa:index:IrsaCluster::platform`);
            assert.deepEqual(
                cloud.resources.filter((r) => r.name.startsWith("platform-s3-reader-")).map((r) => r.parent),
                cloud.resources.filter((r) => r.name.startsWith("platform-s3-reader-")).map(() => workload.urn),
            );
        });
    });

    describe("with an adopted cluster", () => {
        const adopted: IrsaClusterArgs = {
            cluster: { mode: "adopt", name: "sandbox" },
            oidcProvider: { mode: "lookup" },
            workloads: [
                {
                    name: "chart-app",
                    namespace: "tools",
                    serviceAccount: "chart-app",
                    serviceAccountMode: "adopt",
                    statements: [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:us-west-2:123456789012:table/scores"] }],
                    deployment: false,
                },
            ],
        };
        let cloud: FakeCloud;
        before(async () => {
            cloud = await build(adopted);
        });

        it("registers no cluster, node group or provider: only the Kubernetes provider and the workload (and reads the adopted ServiceAccount)", () => {
            assert.deepEqual(typesAndNames(cloud), [
                "aws:iam/role:Role platform-chart-app-role",
                "aws:iam/rolePolicy:RolePolicy platform-chart-app-policy",
                "eks-irsa:index:IrsaCluster platform",
                "eks-irsa:index:IrsaWorkload platform-chart-app",
                "kubernetes:core/v1:ServiceAccount platform-chart-app-sa-must-exist",
                "kubernetes:core/v1:ServiceAccountPatch platform-chart-app-sa",
                "pulumi:providers:kubernetes platform-k8s",
            ]);
            assert.deepEqual(
                cloud.resources.filter((r) => r.external === true).map((r) => [r.urn, r.id]),
                [["urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload$kubernetes:core/v1:ServiceAccount::platform-chart-app-sa-must-exist", "tools/chart-app"]],
            );
        });

        it("looks the cluster up by name and the provider up by the cluster's issuer", () => {
            assert.deepEqual(
                cloud.invokes.filter((i) => i.token !== "aws:index/getRegion:getRegion"),
                [
                    { token: "aws:eks/getCluster:getCluster", inputs: { name: "sandbox" } },
                    { token: "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider", inputs: { url: cloud.issuerFor("sandbox") } },
                ],
            );
        });

        it("builds the Kubernetes provider's kubeconfig from the endpoint and CA with an aws eks get-token exec", () => {
            const provider = find(cloud, "pulumi:providers:kubernetes", "platform-k8s");
            const cluster = find(cloud, "eks-irsa:index:IrsaCluster", "platform");
            const expected = JSON.stringify(
                execKubeconfig({
                    clusterName: "sandbox",
                    endpoint: "https://9E0F4A1394576EB828E602A732B40083.gr7.us-west-2.eks.amazonaws.com",
                    certificateAuthorityData: "ZmFrZS1jYS1lNzEyMzQ2NmMyMzE5NWE4",
                    region: "us-west-2",
                }),
            );
            assert.deepEqual(provider.inputs.kubeconfig, { [SECRET_SIG]: SECRET_VALUE, value: expected });
            assert.deepEqual(cluster.outputs.kubeconfig, { [SECRET_SIG]: SECRET_VALUE, value: expected });
        });

        it("patches the existing ServiceAccount's annotations in place with server-side apply", () => {
            const patch = find(cloud, "kubernetes:core/v1:ServiceAccountPatch", "platform-chart-app-sa");
            assert.deepEqual(patch.inputs.metadata, {
                name: "chart-app",
                namespace: "tools",
                annotations: {
                    "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/platform-chart-app",
                    "eks.amazonaws.com/sts-regional-endpoints": "true",
                    "pulumi.com/patchForce": "true",
                },
            });
        });

        it("trusts the provider the lookup found", () => {
            const role = find(cloud, "aws:iam/role:Role", "platform-chart-app-role");
            const host = hostOf(cloud.issuerFor("sandbox"));
            const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as { Statement: { Principal: unknown }[] };
            assert.deepEqual(trust.Statement[0]?.Principal, { Federated: `arn:aws:iam::123456789012:oidc-provider/${host}` });
        });
    });

    describe("with an adopted provider", () => {
        it("trusts the given provider ARN and looks nothing up", async () => {
            const cloud = await installFakeCloud();
            const arn = `arn:aws:iam::123456789012:oidc-provider/${hostOf(cloud.issuerFor("sandbox"))}`;
            const { IrsaCluster } = await import("../../components");
            new IrsaCluster("platform", {
                cluster: { mode: "adopt", name: "sandbox" },
                oidcProvider: { mode: "adopt", arn },
                workloads: [{ ...roleOnly }],
            });
            await cloud.settle();
            const role = find(cloud, "aws:iam/role:Role", "platform-batch-role");
            const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as { Statement: { Principal: unknown }[] };
            assert.deepEqual(trust.Statement[0]?.Principal, { Federated: arn });
            assert.deepEqual(
                cloud.invokes.map((i) => i.token),
                ["aws:eks/getCluster:getCluster", "aws:index/getRegion:getRegion"],
            );
        });
    });

    describe("with an invalid config", () => {
        it("throws every problem at once and registers nothing", async () => {
            const cloud = await installFakeCloud();
            const { IrsaCluster, IrsaConfigError } = await import("../../components");
            const bad = {
                cluster: { mode: "create", name: "sandbox" },
                workloads: [{ ...s3Reader, namespace: "Payments", statements: [{ actions: ["s3:*"], resources: ["*"] }] }],
            } as IrsaClusterArgs;
            assert.throws(
                () => new IrsaCluster("platform", bad),
                (error: unknown) => {
                    assert.ok(error instanceof IrsaConfigError);
                    assert.deepEqual(error.problems, [
                        'workloads[0].namespace "Payments" is not a valid Kubernetes namespace: use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters).',
                        'workloads[0].statements[0].actions[0] "s3:*" grants every action of s3: list the s3 actions the workload calls.',
                    ]);
                    return true;
                },
            );
            await cloud.settle();
            assert.deepEqual(cloud.resources, []);
            assert.deepEqual(cloud.invokes, []);
        });
    });

    describe("when a workload is added", () => {
        it("changes no name and no input of any resource that already existed", async () => {
            const before = await build(created);
            const newcomer: WorkloadSpec = {
                name: "dynamodb-reader",
                namespace: "ns-utils",
                serviceAccount: "table-reader",
                statements: [{ actions: ["dynamodb:Query"], resources: ["arn:aws:dynamodb:us-west-2:123456789012:table/scores"] }],
                deployment: { image: "app:1" },
            };
            const after = await build({ ...created, workloads: [newcomer, ...created.workloads] });
            const afterByUrn = new Map(after.resources.map((r) => [r.urn, r]));
            for (const resource of before.resources) {
                const same = afterByUrn.get(resource.urn);
                assert.ok(same, `${resource.urn} disappeared`);
                assert.deepEqual(comparable(same.inputs), comparable(resource.inputs), `${resource.urn} changed`);
            }
            assert.deepEqual(
                after.resources.filter((r) => !before.resources.some((b) => b.urn === r.urn)).map((r) => `${r.type} ${r.name}`).sort(),
                [
                    "aws:iam/role:Role platform-dynamodb-reader-role",
                    "aws:iam/rolePolicy:RolePolicy platform-dynamodb-reader-policy",
                    "eks-irsa:index:IrsaWorkload platform-dynamodb-reader",
                    "kubernetes:apps/v1:Deployment platform-dynamodb-reader-deploy",
                    "kubernetes:core/v1:ServiceAccount platform-dynamodb-reader-sa",
                ],
            );
        });
    });
});
