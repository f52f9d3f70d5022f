/** One valid spec per add-on, with every scope input given: for the catalog tests and the policy-pack cross-check. */
import { AddonContext, AddonName, AddonSpec } from "../../../components/addons";

/** The context the fixtures are expanded in. */
export const EXAMPLE_ADDON_CONTEXT: AddonContext = { partition: "aws", region: "us-east-1", accountId: "111122223333", clusterName: "demo" };

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const QUEUE = "arn:aws:sqs:us-east-1:111122223333:demo-interruptions";

/** One valid spec per add-on, in catalog order. */
export const EXAMPLE_ADDONS: Readonly<Record<AddonName, AddonSpec>> = {
    "ebs-csi": { name: "ebs-csi", kmsKeyArns: [KEY] },
    "efs-csi": { name: "efs-csi", fileSystemArns: ["arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0"] },
    "vpc-cni": { name: "vpc-cni" },
    "aws-load-balancer-controller": { name: "aws-load-balancer-controller" },
    "external-dns": { name: "external-dns", hostedZoneArns: [ZONE] },
    "cert-manager": { name: "cert-manager", hostedZoneArns: [ZONE] },
    "cluster-autoscaler": { name: "cluster-autoscaler" },
    karpenter: { name: "karpenter", nodeRoleArn: "arn:aws:iam::111122223333:role/KarpenterNodeRole-demo", interruptionQueueArn: QUEUE },
    "external-secrets": {
        name: "external-secrets",
        secretArns: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:demo/*"],
        parameterArns: ["arn:aws:ssm:us-east-1:111122223333:parameter/demo/*"],
        kmsKeyArns: [KEY],
    },
    velero: { name: "velero", bucketArns: ["arn:aws:s3:::demo-backups"] },
    "mountpoint-s3-csi": { name: "mountpoint-s3-csi", bucketArns: ["arn:aws:s3:::demo-data"], kmsKeyArns: [KEY] },
    "cloudwatch-observability": { name: "cloudwatch-observability", xray: true },
    "node-termination-handler": { name: "node-termination-handler", queueArns: [QUEUE] },
    amp: { name: "amp", workspaceArns: ["arn:aws:aps:us-east-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"], query: true },
};

/** Variants that switch statements on or off, also checked against the catalog. */
export const EXAMPLE_ADDON_VARIANTS: readonly AddonSpec[] = [
    { name: "ebs-csi" },
    { name: "vpc-cni", ipv6: true },
    { name: "karpenter", nodeRoleArn: "arn:aws:iam::111122223333:role/KarpenterNodeRole-demo" },
    { name: "external-secrets", secretArns: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:demo/db-AbCdEf"] },
    { name: "mountpoint-s3-csi", bucketArns: ["arn:aws:s3:::demo-data"], readOnly: true, kmsKeyArns: [KEY] },
    { name: "cloudwatch-observability" },
    { name: "amp", workspaceArns: ["arn:aws:aps:us-east-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef"] },
];
