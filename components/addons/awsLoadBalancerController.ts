/**
 * ============================================================================
 * AWS Load Balancer Controller
 * Source: the controller's published policy, https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/docs/install/iam_policy.json
 * Scoped further:
 * - upstream's `Null` checks on the `elbv2.k8s.aws/cluster` tag become `StringEquals` on this cluster's name (the controller
 *   tags what it creates with `elbv2.k8s.aws/cluster: <cluster name>`), so one cluster's controller cannot touch another's;
 * - upstream's `Resource: "*"` on actions that have resource-level permissions becomes ARNs of the stack's region and account.
 * Requires the controller's `--cluster-name` to equal the cluster's name.
 * ============================================================================
 */
import { iamArn, regionalArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { AddonContext, AddonModule } from "./module";

/** `name: "aws-load-balancer-controller"`: no scope input beyond the cluster's name. */
export interface AwsLoadBalancerControllerAddon {
    name: "aws-load-balancer-controller";
}

/** Describe/list actions with no resource-level permission (plus `shield:CreateProtection` and `elasticloadbalancing:SetWebAcl`, which have none either): `Resource: "*"`. */
const UNSCOPED = [
    "acm:ListCertificates",
    "ec2:DescribeAccountAttributes",
    "ec2:DescribeAddresses",
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeCoipPools",
    "ec2:DescribeInstances",
    "ec2:DescribeInternetGateways",
    "ec2:DescribeIpamPools",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeTags",
    "ec2:DescribeVpcPeeringConnections",
    "ec2:DescribeVpcs",
    "elasticloadbalancing:DescribeCapacityReservation",
    "elasticloadbalancing:DescribeListenerAttributes",
    "elasticloadbalancing:DescribeListenerCertificates",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeRules",
    "elasticloadbalancing:DescribeSSLPolicies",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeTargetGroupAttributes",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetHealth",
    "elasticloadbalancing:DescribeTrustStores",
    "elasticloadbalancing:SetWebAcl",
    "iam:ListServerCertificates",
    "shield:CreateProtection",
    "shield:GetSubscriptionState",
];

function statements(_spec: AwsLoadBalancerControllerAddon, ctx: AddonContext): PolicyStatement[] {
    const elb = (resource: string) => regionalArn(ctx, "elasticloadbalancing", resource);
    const ec2 = (resource: string) => regionalArn(ctx, "ec2", resource);
    const securityGroups = ec2("security-group/*");
    const loadBalancers = [elb("loadbalancer/app/*/*"), elb("loadbalancer/net/*/*")];
    const targetGroups = elb("targetgroup/*/*");
    const listeners = [elb("listener/app/*/*/*"), elb("listener/net/*/*/*")];
    const rules = [elb("listener-rule/app/*/*/*/*"), elb("listener-rule/net/*/*/*/*")];
    const tag = "elbv2.k8s.aws/cluster";
    const ownedByCluster = { StringEquals: { [`aws:ResourceTag/${tag}`]: ctx.clusterName } };
    const createdForCluster = { StringEquals: { [`aws:RequestTag/${tag}`]: ctx.clusterName } };
    const keepsClusterTag = { Null: { [`aws:RequestTag/${tag}`]: "true" }, StringEquals: { [`aws:ResourceTag/${tag}`]: ctx.clusterName } };
    return [
        {
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: [iamArn(ctx, "role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing")],
            Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
        },
        { Effect: "Allow", Action: UNSCOPED, Resource: ["*"] },
        { Effect: "Allow", Action: ["ec2:GetCoipPoolUsage"], Resource: [ec2("coip-pool/*")] },
        { Effect: "Allow", Action: ["ec2:GetSecurityGroupsForVpc"], Resource: [ec2("vpc/*")] },
        { Effect: "Allow", Action: ["cognito-idp:DescribeUserPoolClient"], Resource: [regionalArn(ctx, "cognito-idp", "userpool/*")] },
        { Effect: "Allow", Action: ["acm:DescribeCertificate"], Resource: [regionalArn(ctx, "acm", "certificate/*")] },
        { Effect: "Allow", Action: ["iam:GetServerCertificate"], Resource: [iamArn(ctx, "server-certificate/*")] },
        {
            Effect: "Allow",
            Action: ["waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL", "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource"],
            Resource: [regionalArn(ctx, "waf-regional", "webacl/*"), elb("loadbalancer/app/*/*")],
        },
        {
            Effect: "Allow",
            Action: ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "wafv2:GetWebACL", "wafv2:GetWebACLForResource"],
            Resource: [regionalArn(ctx, "wafv2", "regional/webacl/*/*"), elb("loadbalancer/app/*/*")],
        },
        {
            Effect: "Allow",
            Action: ["shield:DeleteProtection", "shield:DescribeProtection"],
            Resource: [`arn:${ctx.partition}:shield::${ctx.accountId}:protection/*`],
        },
        // The controller opens node and pod security groups to its load balancers: any security group of the account.
        { Effect: "Allow", Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], Resource: [securityGroups] },
        { Effect: "Allow", Action: ["ec2:AuthorizeSecurityGroupIngress"], Resource: [ec2("security-group-rule/*")] },
        { Effect: "Allow", Action: ["ec2:CreateSecurityGroup"], Resource: [ec2("vpc/*")] },
        { Effect: "Allow", Action: ["ec2:CreateSecurityGroup"], Resource: [securityGroups], Condition: createdForCluster },
        {
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [securityGroups],
            Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", [`aws:RequestTag/${tag}`]: ctx.clusterName } },
        },
        { Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: [securityGroups], Condition: keepsClusterTag },
        { Effect: "Allow", Action: ["ec2:DeleteSecurityGroup"], Resource: [securityGroups], Condition: ownedByCluster },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
            Resource: [...loadBalancers, targetGroups],
            Condition: createdForCluster,
        },
        { Effect: "Allow", Action: ["elasticloadbalancing:CreateListener"], Resource: loadBalancers },
        { Effect: "Allow", Action: ["elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteListener"], Resource: listeners },
        { Effect: "Allow", Action: ["elasticloadbalancing:DeleteRule"], Resource: rules },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            Resource: [...loadBalancers, targetGroups],
            Condition: keepsClusterTag,
        },
        // Listeners and rules: any tag but the cluster tag, which the grants below are scoped by (a role that could put it on any
        // listener could then modify that listener); the cluster tag only while creating them.
        { Effect: "Allow", Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], Resource: [...listeners, ...rules], Condition: { Null: { [`aws:RequestTag/${tag}`]: "true" } } },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags"],
            Resource: [...listeners, ...rules],
            Condition: { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateListener", "CreateRule"] } },
        },
        {
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:ModifyCapacityReservation",
                "elasticloadbalancing:ModifyIpPools",
                "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:SetIpAddressType",
                "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets",
            ],
            Resource: [...loadBalancers, targetGroups, ...listeners],
            Condition: ownedByCluster,
        },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags"],
            Resource: [...loadBalancers, targetGroups],
            Condition: { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"], [`aws:RequestTag/${tag}`]: ctx.clusterName } },
        },
        { Effect: "Allow", Action: ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"], Resource: [targetGroups] },
        {
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:RemoveListenerCertificates",
            ],
            Resource: listeners,
        },
        { Effect: "Allow", Action: ["elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities"], Resource: rules },
    ];
}

/** The AWS Load Balancer Controller add-on. */
export const awsLoadBalancerControllerAddon: AddonModule<AwsLoadBalancerControllerAddon> = {
    name: "aws-load-balancer-controller",
    defaults: { namespace: "kube-system", serviceAccount: "aws-load-balancer-controller" },
    source: "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/docs/install/iam_policy.json",
    summary: "create and manage ALBs/NLBs, target groups, listeners and security groups tagged elbv2.k8s.aws/cluster = this cluster; WAF, Shield, ACM lookups",
    fields: {},
    statements,
};
