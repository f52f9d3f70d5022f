/**
 * ============================================================================
 * Karpenter controller (v1)
 * Source: the KarpenterControllerPolicy of Karpenter's getting-started CloudFormation template,
 * https://github.com/aws/karpenter-provider-aws/blob/main/website/content/en/preview/getting-started/getting-started-with-karpenter/cloudformation.yaml
 * (documented in https://karpenter.sh/docs/reference/cloudformation/).
 * Scoped as upstream by `kubernetes.io/cluster/<cluster>: owned` and `karpenter.sh/nodepool` / `karpenter.sh/nodeclass` tags;
 * further: the stack's account in EC2 ARNs (upstream: `*`) and instance-profile ARNs instead of `*`.
 * ============================================================================
 */
import { iamArn, regionalArn, regionOnlyArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { QUEUE, ROLE } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "karpenter"`: the Karpenter controller of this cluster. */
export interface KarpenterAddon {
    name: "karpenter";
    /**
     * The role its nodes run with (EC2NodeClass `role`): the only role it may pass to EC2. Required.
     * @input
     */
    nodeRoleArn: string;
    /**
     * Its interruption queue (`settings.interruptionQueue`). @default none: no interruption handling
     * @input
     */
    interruptionQueueArn?: string;
}

/** Read actions with no resource-level permission, limited to the region by `aws:RequestedRegion` as upstream does. */
const REGIONAL_READ = [
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypeOfferings",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeInstances",
    "ec2:DescribeLaunchTemplates",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSpotPriceHistory",
    "ec2:DescribeSubnets",
];

function statements(spec: KarpenterAddon, ctx: AddonContext): PolicyStatement[] {
    const ec2 = (resource: string) => regionalArn(ctx, "ec2", resource);
    const cluster = `kubernetes.io/cluster/${ctx.clusterName}`;
    const created = [ec2("fleet/*"), ec2("instance/*"), ec2("volume/*"), ec2("network-interface/*"), ec2("launch-template/*"), ec2("spot-instances-request/*")];
    const profiles = iamArn(ctx, "instance-profile/*");
    const profileOwned = {
        StringEquals: { [`aws:ResourceTag/${cluster}`]: "owned", "aws:ResourceTag/topology.kubernetes.io/region": ctx.region },
        StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
    };
    const result: PolicyStatement[] = [
        {
            Sid: "AllowScopedEC2InstanceAccessActions",
            Effect: "Allow",
            Action: ["ec2:CreateFleet", "ec2:RunInstances"],
            Resource: [regionOnlyArn(ctx, "ec2", "image/*"), regionOnlyArn(ctx, "ec2", "snapshot/*"), ec2("security-group/*"), ec2("subnet/*")],
        },
        {
            Sid: "AllowScopedEC2LaunchTemplateAccessActions",
            Effect: "Allow",
            Action: ["ec2:CreateFleet", "ec2:RunInstances"],
            Resource: [ec2("launch-template/*")],
            Condition: { StringEquals: { [`aws:ResourceTag/${cluster}`]: "owned" }, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        },
        {
            Sid: "AllowScopedEC2InstanceActionsWithTags",
            Effect: "Allow",
            Action: ["ec2:CreateFleet", "ec2:CreateLaunchTemplate", "ec2:RunInstances"],
            Resource: created,
            Condition: {
                StringEquals: { [`aws:RequestTag/${cluster}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": ctx.clusterName },
                StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
            },
        },
        {
            Sid: "AllowScopedResourceCreationTagging",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: created,
            Condition: {
                StringEquals: {
                    [`aws:RequestTag/${cluster}`]: "owned",
                    "aws:RequestTag/eks:eks-cluster-name": ctx.clusterName,
                    "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                },
                StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
            },
        },
        {
            Sid: "AllowScopedResourceTagging",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [ec2("instance/*")],
            Condition: {
                StringEquals: { [`aws:ResourceTag/${cluster}`]: "owned" },
                StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": ctx.clusterName },
                "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
            },
        },
        {
            Sid: "AllowScopedDeletion",
            Effect: "Allow",
            Action: ["ec2:DeleteLaunchTemplate", "ec2:TerminateInstances"],
            Resource: [ec2("instance/*"), ec2("launch-template/*")],
            Condition: { StringEquals: { [`aws:ResourceTag/${cluster}`]: "owned" }, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        },
        { Sid: "AllowRegionalReadActions", Effect: "Allow", Action: REGIONAL_READ, Resource: ["*"], Condition: { StringEquals: { "aws:RequestedRegion": ctx.region } } },
        { Sid: "AllowSSMReadActions", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: [regionOnlyArn(ctx, "ssm", "parameter/aws/service/*")] },
        // No resource-level permission: the Price List API.
        { Sid: "AllowPricingReadActions", Effect: "Allow", Action: ["pricing:GetProducts"], Resource: ["*"] },
        {
            Sid: "AllowPassingInstanceRole",
            Effect: "Allow",
            Action: ["iam:PassRole"],
            Resource: [spec.nodeRoleArn],
            Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
        },
        {
            Sid: "AllowScopedInstanceProfileCreationActions",
            Effect: "Allow",
            Action: ["iam:CreateInstanceProfile"],
            Resource: [profiles],
            Condition: {
                StringEquals: {
                    [`aws:RequestTag/${cluster}`]: "owned",
                    "aws:RequestTag/eks:eks-cluster-name": ctx.clusterName,
                    "aws:RequestTag/topology.kubernetes.io/region": ctx.region,
                },
                StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileTagActions",
            Effect: "Allow",
            Action: ["iam:TagInstanceProfile"],
            Resource: [profiles],
            Condition: {
                StringEquals: {
                    [`aws:ResourceTag/${cluster}`]: "owned",
                    "aws:ResourceTag/topology.kubernetes.io/region": ctx.region,
                    [`aws:RequestTag/${cluster}`]: "owned",
                    "aws:RequestTag/eks:eks-cluster-name": ctx.clusterName,
                    "aws:RequestTag/topology.kubernetes.io/region": ctx.region,
                },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileActions",
            Effect: "Allow",
            Action: ["iam:AddRoleToInstanceProfile", "iam:DeleteInstanceProfile", "iam:RemoveRoleFromInstanceProfile"],
            Resource: [profiles],
            Condition: profileOwned,
        },
        { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Action: ["iam:GetInstanceProfile"], Resource: [profiles] },
        { Sid: "AllowAPIServerEndpointDiscovery", Effect: "Allow", Action: ["eks:DescribeCluster"], Resource: [regionalArn(ctx, "eks", `cluster/${ctx.clusterName}`)] },
    ];
    if (spec.interruptionQueueArn !== undefined) {
        result.push({
            Sid: "AllowInterruptionQueueActions",
            Effect: "Allow",
            Action: ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
            Resource: [spec.interruptionQueueArn],
        });
    }
    return result;
}

/** The Karpenter add-on. */
export const karpenterAddon: AddonModule<KarpenterAddon> = {
    name: "karpenter",
    defaults: { namespace: "kube-system", serviceAccount: "karpenter" },
    source: "https://github.com/aws/karpenter-provider-aws/blob/main/website/content/en/preview/getting-started/getting-started-with-karpenter/cloudformation.yaml",
    summary: "launch, tag and terminate instances, launch templates and instance profiles tagged for this cluster; pass only the node role; read its interruption queue",
    fields: {
        nodeRoleArn: { kind: "arn", required: true, arn: ROLE, purpose: "the IAM role of the nodes it launches (the only role it may pass)" },
        interruptionQueueArn: { kind: "arn", required: false, arn: QUEUE, purpose: "its interruption queue" },
    },
    statements,
    // The controller passes the node role to EC2 (with ec2:RunInstances): iam-no-privilege-escalation (and, when the
    // role has other documents, iam-role-escalation-paths) report it unless allowed by name. The case is this node
    // role exactly, whatever its name, path or account.
    allowances: (spec) =>
        ["iam-no-privilege-escalation", "iam-role-escalation-paths"].map((policy) => ({
            policy,
            key: "allowedEscalations",
            action: "iam:PassRole",
            resource: spec.nodeRoleArn,
            reason: "Karpenter launches nodes with the node role (iam:PassedToService ec2.amazonaws.com): the controller acts with the node role's permissions by design.",
        })),
};
