/**
 * ============================================================================
 * Cluster Autoscaler (AWS cloud provider)
 * Source: "Full Cluster Autoscaler Features Policy (Recommended)",
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy
 * Scoped: scaling only Auto Scaling groups tagged with this cluster's auto-discovery tags
 * (`k8s.io/cluster-autoscaler/enabled: true`, `k8s.io/cluster-autoscaler/<cluster>: owned`), node groups of this cluster.
 * ============================================================================
 */
import { regionalArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { AddonContext, AddonModule } from "./module";

/** `name: "cluster-autoscaler"`: scoped to the cluster's name through resource tags. */
export interface ClusterAutoscalerAddon {
    name: "cluster-autoscaler";
}

/** Describe actions: no resource-level permission, `Resource: "*"`. */
const DESCRIBE = [
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
    "autoscaling:DescribeTags",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
];

function statements(_spec: ClusterAutoscalerAddon, ctx: AddonContext): PolicyStatement[] {
    return [
        { Effect: "Allow", Action: DESCRIBE, Resource: ["*"] },
        {
            Effect: "Allow",
            Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Resource: [regionalArn(ctx, "autoscaling", "autoScalingGroup:*:autoScalingGroupName/*")],
            Condition: {
                StringEquals: {
                    "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                    [`aws:ResourceTag/k8s.io/cluster-autoscaler/${ctx.clusterName}`]: "owned",
                },
            },
        },
        { Effect: "Allow", Action: ["eks:DescribeNodegroup"], Resource: [regionalArn(ctx, "eks", `nodegroup/${ctx.clusterName}/*/*`)] },
    ];
}

/** The Cluster Autoscaler add-on. */
export const clusterAutoscalerAddon: AddonModule<ClusterAutoscalerAddon> = {
    name: "cluster-autoscaler",
    defaults: { namespace: "kube-system", serviceAccount: "cluster-autoscaler" },
    source: "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy",
    summary: "set desired capacity and terminate instances of Auto Scaling groups tagged for this cluster; describe its node groups",
    fields: {},
    statements,
};
