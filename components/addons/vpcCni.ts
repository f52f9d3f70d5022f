/**
 * ============================================================================
 * Amazon VPC CNI plugin (aws-node)
 * Source: the AWS managed policy AmazonEKS_CNI_Policy (IPv4) and the IPv6 policy in
 * "Configure Amazon VPC CNI plugin to use IRSA", https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
 * Scoped further: network interfaces, instances, subnets and security groups of the stack's region and account.
 * ============================================================================
 */
import { regionalArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { AddonContext, AddonModule } from "./module";

/** `name: "vpc-cni"`: the VPC CNI plugin's `aws-node` DaemonSet. */
export interface VpcCniAddon {
    name: "vpc-cni";
    /**
     * The cluster uses IPv6 (`ipFamily: ipv6`): the IPv6 policy (assign IPv6 addresses) instead of the IPv4 one.
     * @default false
     */
    ipv6?: boolean;
}

/** IPv4 describe actions: no resource-level permission, `Resource: "*"`. */
const DESCRIBE_V4 = [
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeInstances",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeTags",
];
/** IPv6 describe actions: no resource-level permission, `Resource: "*"`. */
const DESCRIBE_V6 = ["ec2:DescribeInstanceTypes", "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags"];

function statements(spec: VpcCniAddon, ctx: AddonContext): PolicyStatement[] {
    const enis = regionalArn(ctx, "ec2", "network-interface/*");
    const instances = regionalArn(ctx, "ec2", "instance/*");
    const tagEnis: PolicyStatement = { Effect: "Allow", Action: ["ec2:CreateTags"], Resource: [enis] };
    if (spec.ipv6 === true) {
        return [{ Effect: "Allow", Action: DESCRIBE_V6, Resource: ["*"] }, { Effect: "Allow", Action: ["ec2:AssignIpv6Addresses"], Resource: [enis] }, tagEnis];
    }
    return [
        { Effect: "Allow", Action: DESCRIBE_V4, Resource: ["*"] },
        {
            Effect: "Allow",
            Action: ["ec2:AssignPrivateIpAddresses", "ec2:DeleteNetworkInterface", "ec2:UnassignPrivateIpAddresses"],
            Resource: [enis],
        },
        { Effect: "Allow", Action: ["ec2:AttachNetworkInterface", "ec2:DetachNetworkInterface"], Resource: [enis, instances] },
        {
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute"],
            Resource: [enis, regionalArn(ctx, "ec2", "security-group/*"), regionalArn(ctx, "ec2", "subnet/*")],
        },
        { Effect: "Allow", Action: ["ec2:ModifyNetworkInterfaceAttribute"], Resource: [instances] },
        tagEnis,
    ];
}

/** The VPC CNI add-on. */
export const vpcCniAddon: AddonModule<VpcCniAddon> = {
    name: "vpc-cni",
    defaults: { namespace: "kube-system", serviceAccount: "aws-node" },
    source: "https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html",
    summary: "create, attach and delete network interfaces and assign their IPv4 (or IPv6) addresses",
    fields: { ipv6: { kind: "boolean", purpose: "whether the cluster is IPv6" } },
    statements,
};
