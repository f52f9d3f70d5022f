import * as assert from "node:assert/strict";
import { UnknownValueError } from "@pulumi/policy";
import { nodeGroupLaunchTemplate, nodeLaunchTemplateImds, nodeRoleOnlyNodePolicies } from "../../../policy-pack/policies";
import { HarnessResource, PolicyNotApplicable, runResourcePolicy, runStackPolicy, stackArgs, testUrn, UNKNOWN } from "../../helpers/policyHarness";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const PROFILE = "aws:iam/instanceProfile:InstanceProfile";

const HARDENED = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 };
const launchTemplate = (metadataOptions?: object): HarnessResource => ({ type: LT, props: metadataOptions === undefined ? {} : { metadataOptions } });

describe("node-launch-template-imds", () => {
    it("passes IMDSv2 with a hop limit of 1, and IMDS turned off", async () => {
        assert.deepEqual(await runResourcePolicy(nodeLaunchTemplateImds, launchTemplate(HARDENED)), []);
        assert.deepEqual(await runResourcePolicy(nodeLaunchTemplateImds, launchTemplate({ httpEndpoint: "disabled" })), []);
    });

    it("reports a hop limit of 2 (what @pulumi/eks's enableIMDSv2 sets)", async () => {
        assert.deepEqual(await runResourcePolicy(nodeLaunchTemplateImds, launchTemplate({ ...HARDENED, httpPutResponseHopLimit: 2 })), [
            "metadataOptions.httpPutResponseHopLimit 2 is not 1: an IMDSv2 token crosses 2 network hops, so a pod (one hop from the node) gets one and with it the node role's credentials; set httpPutResponseHopLimit 1.",
        ]);
    });

    it("reports IMDSv1 allowed and an unset hop limit", async () => {
        assert.deepEqual(await runResourcePolicy(nodeLaunchTemplateImds, launchTemplate({ httpTokens: "optional" })), [
            'metadataOptions.httpTokens "optional" is not "required": IMDSv1 answers any process on the instance without a session token, pods included; set httpTokens "required".',
            "metadataOptions.httpPutResponseHopLimit (unset) is not 1: the AMI's default applies (2 on the EKS AL2 and AL2023 AMIs), so a pod (one hop from the node) gets an IMDSv2 token and with it the node role's credentials; set httpPutResponseHopLimit 1.",
        ]);
    });

    it("reports a launch template without metadataOptions", async () => {
        assert.deepEqual(await runResourcePolicy(nodeLaunchTemplateImds, launchTemplate()), [
            'metadataOptions is missing, so the instances get their AMI\'s IMDS defaults (hop limit 2 on the EKS AL2 and AL2023 AMIs, IMDSv1 allowed on AL2), which let pods take the node role\'s credentials: set metadataOptions { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }.',
        ]);
    });

    it("is not applicable to other resources, and fails on an unknown value during preview", async () => {
        await assert.rejects(runResourcePolicy(nodeLaunchTemplateImds, { type: ROLE, props: {} }), PolicyNotApplicable);
        await assert.rejects(runResourcePolicy(nodeLaunchTemplateImds, launchTemplate({ ...HARDENED, httpPutResponseHopLimit: UNKNOWN })), UnknownValueError);
    });
});

describe("node-group-launch-template", () => {
    it("passes a node group with a launch template by id or by name", async () => {
        assert.deepEqual(await runResourcePolicy(nodeGroupLaunchTemplate, { type: NODE_GROUP, props: { launchTemplate: { id: "lt-0abc", version: "1" } } }), []);
        assert.deepEqual(await runResourcePolicy(nodeGroupLaunchTemplate, { type: NODE_GROUP, props: { launchTemplate: { name: "nodes", version: "3" } } }), []);
    });

    it("reports a node group without a launch template", async () => {
        assert.deepEqual(await runResourcePolicy(nodeGroupLaunchTemplate, { type: NODE_GROUP, props: { nodeRoleArn: "arn:aws:iam::123456789012:role/nodes" } }), [
            'launchTemplate is missing, so EKS builds the nodes from a launch template it generates, whose IMDS settings this stack cannot set (hop limit 2 on the EKS AL2 and AL2023 AMIs, IMDSv1 allowed on AL2) and which lets pods take the node role\'s credentials: give the node group a launch template { id, version } whose metadataOptions set httpTokens "required" and httpPutResponseHopLimit 1.',
        ]);
    });
});

describe("node-role-only-node-policies", () => {
    const EC2_TRUST = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const LAMBDA_TRUST = EC2_TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com");
    const NODE_ARN = "arn:aws:iam::123456789012:role/nodes";
    const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;
    const role = (props: object = {}, name = "nodes", trust = EC2_TRUST): HarnessResource => ({
        type: ROLE,
        name,
        props: { name, arn: `arn:aws:iam::123456789012:role/${name}`, assumeRolePolicy: trust, ...props },
    });
    const attach = (policyArn: string, roleName = "nodes"): HarnessResource => ({
        type: ATTACHMENT,
        name: `${roleName}-${policyArn.split("/").pop() ?? ""}`,
        props: { role: roleName, policyArn },
    });
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"].map((p) => attach(managed(p)));
    const fix =
        "keep the node role to AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly and give workloads their own IRSA roles, or list the policy in allowedPolicies in this policy's config.";

    it("passes a node role with exactly the node policies, or only two of them (the CNI on its own role)", async () => {
        assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, [role(), ...nodePolicies]), []);
        assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, [role(), nodePolicies[0]!, nodePolicies[2]!]), []);
    });

    it("reports an extra attached policy on a role that carries AmazonEKSWorkerNodePolicy", async () => {
        const extra = attach(managed("AmazonS3ReadOnlyAccess"));
        assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, [role(), ...nodePolicies, extra]), [
            {
                urn: testUrn(ATTACHMENT, "nodes-AmazonS3ReadOnlyAccess"),
                message: `policyArn "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" is on the node role "nodes", whose credentials any pod that reaches IMDS can use: ${fix}`,
            },
        ]);
    });

    it("allows a configured policy by name or by ARN", async () => {
        const ssm = attach(managed("AmazonSSMManagedInstanceCore"));
        const own = attach("arn:aws:iam::123456789012:policy/node-extra");
        const resources = [role(), ...nodePolicies, ssm, own];
        const allowedPolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore", "arn:aws:iam::123456789012:policy/node-extra"];
        assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, resources, { allowedPolicies }), []);
        assert.deepEqual((await runStackPolicy(nodeRoleOnlyNodePolicies, resources)).map((v) => v.urn), [testUrn(ATTACHMENT, ssm.name!), testUrn(ATTACHMENT, own.name!)]);
    });

    it("finds node roles through a node group's nodeRoleArn or an instance profile, and reports managedPolicyArns and inline policies", async () => {
        const viaNodeGroup = role({ managedPolicyArns: [managed("AmazonEKS_CNI_Policy"), managed("AdministratorAccess")] });
        const nodeGroup: HarnessResource = { type: NODE_GROUP, props: { nodeRoleArn: NODE_ARN, launchTemplate: { id: "lt-1", version: "1" } } };
        assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, [viaNodeGroup, nodeGroup]), [
            {
                urn: testUrn(ROLE, "nodes"),
                message: `managedPolicyArns[1] "arn:aws:iam::aws:policy/AdministratorAccess" is on the node role "nodes", whose credentials any pod that reaches IMDS can use: ${fix}`,
            },
        ]);
        const viaProfile = role({ inlinePolicies: [{ name: "s3", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }] }, "bastion");
        const profile: HarnessResource = { type: PROFILE, props: { role: "bastion" } };
        const rolePolicy: HarnessResource = { type: ROLE_POLICY, name: "extra", props: { role: "bastion", name: "extra", policy: "{}" } };
        assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, [viaProfile, profile, rolePolicy]), [
            {
                urn: testUrn(ROLE, "bastion"),
                message: 'inlinePolicies[0].name "s3" is an inline policy of the node role "bastion", whose credentials any pod that reaches IMDS can use: move its permissions to the IRSA role of the workload that needs them.',
            },
            {
                urn: testUrn(ROLE_POLICY, "extra"),
                message: 'name "extra" is an inline policy of the node role "bastion", whose credentials any pod that reaches IMDS can use: move its permissions to the IRSA role of the workload that needs them.',
            },
        ]);
    });

    it("ignores roles EC2 cannot assume, and EC2 roles no node group or instance profile uses", async () => {
        const lambda = role({}, "fn", LAMBDA_TRUST);
        const worker = attach(managed("AmazonEKSWorkerNodePolicy"), "fn");
        const broad = attach(managed("AmazonS3FullAccess"), "fn");
        assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, [lambda, worker, broad]), []);
        assert.deepEqual(await runStackPolicy(nodeRoleOnlyNodePolicies, [role({}, "spare"), attach(managed("AmazonS3FullAccess"), "spare")]), []);
    });

    it("reports what it can, then fails on an unknown value during preview", async () => {
        const known = attach(managed("AmazonS3ReadOnlyAccess"));
        const unknownRole = attach(managed("AmazonS3FullAccess"), UNKNOWN);
        const found: (string | undefined)[] = [];
        await assert.rejects(
            async () => nodeRoleOnlyNodePolicies.validateStack(stackArgs([role(), ...nodePolicies, known, unknownRole]), (_message, urn) => found.push(urn)),
            UnknownValueError,
        );
        assert.deepEqual(found, [testUrn(ATTACHMENT, known.name!)]);
    });
});
