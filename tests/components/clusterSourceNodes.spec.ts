import * as assert from "node:assert/strict";
import { nodeLaunchTemplateImds, nodeRoleOnlyNodePolicies } from "../../policy-pack/policies";
import { FakeCloud, installFakeCloud } from "../../synth/fakeCloud";
import { runResourcePolicy, runStackPolicy } from "../helpers/policyHarness";
import { buildCluster as build, findResource as find } from "../helpers/fakeCloudBuild";

const URN = "urn:pulumi:dev::eks-irsa::";
const CLUSTER = `${URN}eks-irsa:index:IrsaCluster`;
const WORKLOAD = `${URN}eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload`;
/** How the recorder stores a resource reference: Pulumi's resource signature key and value. */
const RESOURCE_SIG = { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e" };

function named(cloud: FakeCloud, pattern: RegExp): string[] {
    return cloud.resources.filter((r) => pattern.test(r.name)).map((r) => `${r.type} ${r.name}`).sort();
}

const attachment = (policy: string) => `${CLUSTER}$aws:iam/rolePolicyAttachment:RolePolicyAttachment::platform-node-role-${policy}`;
const LAUNCH_TEMPLATE_URN = `${CLUSTER}$aws:ec2/launchTemplate:LaunchTemplate::platform-nodes-lt`;
const AWS_NODE_URN = `${CLUSTER}$kubernetes:apps/v1:DaemonSetPatch::platform-aws-node`;

describe("createCluster, hardened nodes", () => {
    describe("by default", () => {
        let cloud: FakeCloud;
        before(async () => {
            cloud = await build({ cluster: { mode: "create", name: "sandbox" }, tags: { team: "platform" }, workloads: [] });
        });

        it("creates a launch template that requires IMDSv2 with a hop limit of 1", () => {
            assert.deepEqual(find(cloud, "aws:ec2/launchTemplate:LaunchTemplate", "platform-nodes-lt").inputs, {
                description: "Nodes of EKS cluster sandbox: IMDSv2 only, hop limit 1 (pods cannot reach the node role)",
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                tags: { team: "platform" },
            });
        });

        it("gives the managed node group that launch template's latest version, and not @pulumi/eks's enableIMDSv2 (hop limit 2)", () => {
            const nodes = find(cloud, "eks:index:ManagedNodeGroup", "platform-nodes");
            assert.deepEqual(nodes.inputs, {
                cluster: { ...RESOURCE_SIG, urn: `${CLUSTER}$eks:index:Cluster::platform-eks` },
                nodeRole: { ...RESOURCE_SIG, id: "platform-node-role-6cf663e", urn: `${CLUSTER}$aws:iam/role:Role::platform-node-role` },
                instanceTypes: ["t3.medium"],
                scalingConfig: { desiredSize: 2, minSize: 1, maxSize: 2 },
                launchTemplate: { id: find(cloud, "aws:ec2/launchTemplate:LaunchTemplate", "platform-nodes-lt").id, version: "1" },
                version: "1.31",
                tags: { team: "platform" },
            });
        });

        it("trusts EC2 in the node role and attaches exactly the worker, CNI and ECR read-only policies", () => {
            assert.deepEqual(JSON.parse(find(cloud, "aws:iam/role:Role", "platform-node-role").inputs.assumeRolePolicy as string), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            });
            const attachments = cloud.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            assert.deepEqual(
                attachments.map((r) => r.inputs),
                ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"].map((policy) => ({
                    role: "platform-node-role-6cf663e",
                    policyArn: `arn:aws:iam::aws:policy/${policy}`,
                })),
            );
        });

        it("passes the pack's node rules: the launch template's IMDS settings and the node role's policies", async () => {
            const lt = find(cloud, "aws:ec2/launchTemplate:LaunchTemplate", "platform-nodes-lt");
            assert.deepEqual(await runResourcePolicy(nodeLaunchTemplateImds, { type: lt.type, props: lt.inputs }), []);
            const resources = cloud.resources.filter((r) => r.custom).map((r) => ({ type: r.type, urn: r.urn, props: r.outputs }));
            assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, resources), []);
            // The rule does see this node role: one more policy on it is reported.
            const extra = { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", urn: "urn:extra", props: { role: "platform-node-role-6cf663e", policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" } };
            assert.deepEqual((await runStackPolicy(nodeRoleOnlyNodePolicies, [...resources, extra])).map((v) => v.urn), ["urn:extra"]);
        });

        it("starts the node group after the node role's policies and the launch template, with no VPC CNI role", () => {
            assert.deepEqual([...find(cloud, "eks:index:ManagedNodeGroup", "platform-nodes").dependencies].sort(), [
                attachment("AmazonEC2ContainerRegistryReadOnly"),
                attachment("AmazonEKSWorkerNodePolicy"),
                attachment("AmazonEKS_CNI_Policy"),
                LAUNCH_TEMPLATE_URN,
                // The node group's version is the control plane's.
                `${CLUSTER}$eks:index:Cluster::platform-eks`,
                // aws-node's DaemonSet names its credentials (the node role) before any node starts.
                AWS_NODE_URN,
            ].sort());
            // No CNI role: only aws-node's ServiceAccount patch, without role annotations (kept for a later switch).
            assert.deepEqual(named(cloud, /vpc-cni/), ["kubernetes:core/v1:ServiceAccountPatch platform-vpc-cni-sa"]);
        });
    });

    it("keeps the VPC CNI role's name through a component rename with roleNamePrefix", async () => {
        const before = await build({ cluster: { mode: "create", name: "sandbox", vpcCniRole: true }, workloads: [] });
        const oldName = find(before, "aws:iam/role:Role", "platform-vpc-cni-role").inputs.name;
        const cloud = await installFakeCloud();
        const { IrsaCluster } = await import("../../components");
        new IrsaCluster("renamed", { cluster: { mode: "create", name: "sandbox", vpcCniRole: true }, workloads: [], roleNamePrefix: "platform" }, { aliases: [{ name: "platform" }] });
        await cloud.settle();
        assert.equal(oldName, "platform-vpc-cni");
        assert.equal(find(cloud, "aws:iam/role:Role", "renamed-vpc-cni-role").inputs.name, oldName);
    });

    describe("with vpcCniRole", () => {
        let cloud: FakeCloud;
        before(async () => {
            cloud = await build({ cluster: { mode: "create", name: "sandbox", vpcCniRole: true }, workloads: [] });
        });

        it("takes AmazonEKS_CNI_Policy off the node role", () => {
            assert.deepEqual(
                cloud.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => r.inputs.policyArn),
                ["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"],
            );
        });

        it("creates an IRSA workload for kube-system/aws-node: role, scoped vpc-cni policy, adopted ServiceAccount", () => {
            assert.deepEqual(named(cloud, /vpc-cni/), [
                "aws:iam/role:Role platform-vpc-cni-role",
                "aws:iam/rolePolicy:RolePolicy platform-vpc-cni-policy",
                "eks-irsa:index:IrsaWorkload platform-vpc-cni",
                "kubernetes:core/v1:ServiceAccountPatch platform-vpc-cni-sa",
            ]);
            const host = cloud.issuerFor("sandbox").replace("https://", "");
            const role = find(cloud, "aws:iam/role:Role", "platform-vpc-cni-role");
            assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${host}` },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: { StringEquals: { [`${host}:sub`]: "system:serviceaccount:kube-system:aws-node", [`${host}:aud`]: "sts.amazonaws.com" } },
                    },
                ],
            });
            const eni = "arn:aws:ec2:us-west-2:123456789012:network-interface/*";
            assert.deepEqual(JSON.parse(find(cloud, "aws:iam/rolePolicy:RolePolicy", "platform-vpc-cni-policy").inputs.policy as string), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: [
                            "ec2:AssignPrivateIpAddresses",
                            "ec2:AttachNetworkInterface",
                            "ec2:CreateNetworkInterface",
                            "ec2:CreateTags",
                            "ec2:DeleteNetworkInterface",
                            "ec2:DetachNetworkInterface",
                            "ec2:ModifyNetworkInterfaceAttribute",
                            "ec2:UnassignPrivateIpAddresses",
                        ],
                        Resource: [eni],
                    },
                    {
                        Effect: "Allow",
                        Action: ["ec2:AttachNetworkInterface", "ec2:DetachNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute"],
                        Resource: ["arn:aws:ec2:us-west-2:123456789012:instance/*"],
                    },
                    {
                        Effect: "Allow",
                        Action: ["ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute"],
                        Resource: ["arn:aws:ec2:us-west-2:123456789012:security-group/*", "arn:aws:ec2:us-west-2:123456789012:subnet/*"],
                    },
                    {
                        Effect: "Allow",
                        Action: [
                            "ec2:DescribeInstanceTypes",
                            "ec2:DescribeInstances",
                            "ec2:DescribeNetworkInterfaces",
                            "ec2:DescribeSecurityGroups",
                            "ec2:DescribeSubnets",
                            "ec2:DescribeTags",
                        ],
                        Resource: ["*"],
                    },
                ],
            });
            assert.deepEqual(find(cloud, "kubernetes:core/v1:ServiceAccountPatch", "platform-vpc-cni-sa").inputs.metadata, {
                name: "aws-node",
                namespace: "kube-system",
                annotations: {
                    "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/platform-vpc-cni",
                    "eks.amazonaws.com/sts-regional-endpoints": "true",
                    "pulumi.com/patchForce": "true",
                },
            });
        });

        it("starts the node group only after aws-node's ServiceAccount carries its role, so every aws-node pod gets it", () => {
            assert.deepEqual([...find(cloud, "eks:index:ManagedNodeGroup", "platform-nodes").dependencies].sort(), [
                attachment("AmazonEC2ContainerRegistryReadOnly"),
                attachment("AmazonEKSWorkerNodePolicy"),
                LAUNCH_TEMPLATE_URN,
                `${CLUSTER}$eks:index:Cluster::platform-eks`,
                AWS_NODE_URN,
            ].sort());
            // …which waits for aws-node's ServiceAccount, annotated once the role and its policy exist.
            assert.deepEqual([...find(cloud, "kubernetes:apps/v1:DaemonSetPatch", "platform-aws-node").dependencies].sort(), [
                `${CLUSTER}$kubernetes:core/v1:ServiceAccountPatch::platform-vpc-cni-sa`,
                `${WORKLOAD}$aws:iam/role:Role::platform-vpc-cni-role`,
                `${WORKLOAD}$aws:iam/rolePolicy:RolePolicy::platform-vpc-cni-policy`,
            ].sort());
        });
    });

    describe("with an adopted cluster", () => {
        it("creates no launch template, node role or node group", async () => {
            const cloud = await build({ cluster: { mode: "adopt", name: "existing" }, workloads: [] });
            assert.deepEqual(named(cloud, /node|vpc-cni/), []);
        });
    });
});

describe("validateIrsaClusterArgs, cluster.vpcCniRole", () => {
    const validate = async (args: unknown): Promise<string[]> => {
        const { validateIrsaClusterArgs, IrsaConfigError } = await import("../../components");
        try {
            validateIrsaClusterArgs(args, { componentName: "platform" });
            return [];
        } catch (e) {
            assert.ok(e instanceof IrsaConfigError);
            return e.problems;
        }
    };
    const workload = (name: string, namespace: string, serviceAccount: string) => ({ name, namespace, serviceAccount, deployment: false });

    it("accepts true and false", async () => {
        assert.deepEqual(await validate({ cluster: { mode: "create", name: "c", vpcCniRole: true }, workloads: [] }), []);
        assert.deepEqual(await validate({ cluster: { mode: "create", name: "c", vpcCniRole: false }, workloads: [] }), []);
    });

    it("reports a value that is not a boolean", async () => {
        assert.deepEqual(await validate({ cluster: { mode: "create", name: "c", vpcCniRole: "yes" }, workloads: [] }), [
            'cluster.vpcCniRole "yes" is not a boolean: use true to give the VPC CNI its own IRSA role, or false.',
        ]);
    });

    it("reports a workload that takes the VPC CNI workload's name or ServiceAccount", async () => {
        const workloads = [workload("vpc-cni", "apps", "api"), { ...workload("cni", "kube-system", "aws-node"), serviceAccountMode: "adopt" }];
        assert.deepEqual(await validate({ cluster: { mode: "create", name: "c", vpcCniRole: true }, workloads }), [
            'workloads[0].name "vpc-cni" is the name of the VPC CNI\'s own workload, which cluster.vpcCniRole creates: rename this workload, or remove it and keep cluster.vpcCniRole.',
            'workloads[1].serviceAccount "kube-system/aws-node" is the VPC CNI\'s ServiceAccount, which cluster.vpcCniRole already gives its own role: remove this workload, or set cluster.vpcCniRole to false.',
        ]);
        assert.deepEqual(await validate({ cluster: { mode: "create", name: "c", vpcCniRole: false }, workloads }), []);
    });

    it("reports vpcCniRole on an adopted cluster", async () => {
        assert.deepEqual(await validate({ cluster: { mode: "adopt", name: "c", vpcCniRole: true }, workloads: [] }), [
            "cluster.vpcCniRole true is not used with an adopted cluster: remove it (an adopted cluster is used as it is).",
        ]);
    });
});
