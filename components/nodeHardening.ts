/**
 * What makes the nodes of a created cluster safe to run IRSA pods on, as pure values: the instance metadata
 * options of their launch template, the node role's trust and managed policies, and the VPC CNI's own workload.
 *
 * Why: IRSA gives a pod its own role, but any pod that can reach the instance metadata service (IMDS) of its
 * node can also take the node role's credentials. IMDSv2 with a PUT response hop limit of 1 stops that: the
 * session token's response cannot cross the extra network hop into a pod's network namespace, so only the
 * node itself (and `hostNetwork` pods, which the pack reports) can use IMDS.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/best-practices-security.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html
 */
import type * as aws from "./aws";
import type { WorkloadSpec } from "./config";

/**
 * The node launch template's metadata options: IMDS on (the kubelet and the node's bootstrap use it),
 * IMDSv2 only (`httpTokens: "required"`), PUT response hop limit 1 (no token for pods).
 */
export const NODE_METADATA_OPTIONS = {
    httpEndpoint: "enabled",
    httpTokens: "required",
    httpPutResponseHopLimit: 1,
} as const satisfies aws.types.input.ec2.LaunchTemplateMetadataOptions;

/** The node role's trust: EC2 instances (the nodes' instance profile) may assume it. */
export const NODE_ROLE_TRUST = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
} as const;

/** The AWS-managed policy of the VPC CNI plugin, on the node role unless the CNI has its own role. */
export const CNI_POLICY = "AmazonEKS_CNI_Policy";

/**
 * The AWS-managed policies of the node role: nodes join the cluster, pull from ECR and (unless the VPC CNI
 * has its own IRSA role) run the VPC CNI. Nothing else.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
 */
export function nodeRolePolicies(vpcCniRole: boolean): string[] {
    return vpcCniRole
        ? ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"]
        : ["AmazonEKSWorkerNodePolicy", CNI_POLICY, "AmazonEC2ContainerRegistryReadOnly"];
}

/** The name, namespace and ServiceAccount of the VPC CNI's workload: the `aws-node` DaemonSet's. */
export const VPC_CNI_IDENTITY = { name: "vpc-cni", namespace: "kube-system", serviceAccount: "aws-node" } as const;

/**
 * The VPC CNI's own IRSA workload: a role trusted by `kube-system/aws-node` only, with the add-on catalog's
 * `vpc-cni` policy. The role only (`role-only`): the existing ServiceAccount (EKS creates it with the cluster) is
 * annotated by the cluster-level patch of `vpcCniCredentials.ts`, which exists in both modes so that switching
 * `vpcCniRole` updates it in place.
 */
export function vpcCniWorkload(): WorkloadSpec {
    return {
        ...VPC_CNI_IDENTITY,
        serviceAccountMode: "role-only",
        addon: { name: "vpc-cni" },
        deployment: false,
    };
}
