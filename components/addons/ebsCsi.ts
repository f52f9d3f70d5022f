/**
 * ============================================================================
 * Amazon EBS CSI driver
 * Source: the driver's published policy, https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/example-iam-policy.json
 * (the same statements as the AWS managed policy AmazonEBSCSIDriverPolicy), and its KMS statements for encrypted volumes,
 * https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/install.md
 * Scoped further: every ARN names the stack's region (and account where the ARN has one) instead of `*`.
 * ============================================================================
 */
import { regionalArn, regionOnlyArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { KMS_KEY } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "ebs-csi"`: the EBS CSI controller. */
export interface EbsCsiAddon {
    name: "ebs-csi";
    /**
     * Customer managed KMS keys that encrypt volumes (StorageClass `kmsKeyId`): grants for EBS and envelope operations on them.
     * @default none: volumes use the account's default `aws/ebs` key, which needs no IAM permission
     * @input
     */
    kmsKeyArns?: string[];
}

/** Describe actions: no resource-level permission, `Resource: "*"`. */
const DESCRIBE = [
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeInstances",
    "ec2:DescribeSnapshots",
    "ec2:DescribeTags",
    "ec2:DescribeVolumes",
    "ec2:DescribeVolumesModifications",
];

function statements(spec: EbsCsiAddon, ctx: AddonContext): PolicyStatement[] {
    const volumes = regionalArn(ctx, "ec2", "volume/*");
    const instances = regionalArn(ctx, "ec2", "instance/*");
    const snapshots = regionOnlyArn(ctx, "ec2", "snapshot/*");
    const like = (key: string, value: string) => ({ StringLike: { [key]: value } });
    const result: PolicyStatement[] = [
        { Effect: "Allow", Action: DESCRIBE, Resource: ["*"] },
        { Effect: "Allow", Action: ["ec2:CreateSnapshot", "ec2:ModifyVolume"], Resource: [volumes] },
        { Effect: "Allow", Action: ["ec2:AttachVolume", "ec2:DetachVolume"], Resource: [volumes, instances] },
        { Effect: "Allow", Action: ["ec2:CreateVolume", "ec2:EnableFastSnapshotRestores"], Resource: [snapshots] },
        {
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [volumes, snapshots],
            Condition: { StringEquals: { "ec2:CreateAction": ["CreateVolume", "CreateSnapshot"] } },
        },
        { Effect: "Allow", Action: ["ec2:DeleteTags"], Resource: [volumes, snapshots] },
        { Effect: "Allow", Action: ["ec2:CreateVolume"], Resource: [volumes], Condition: like("aws:RequestTag/ebs.csi.aws.com/cluster", "true") },
        { Effect: "Allow", Action: ["ec2:CreateVolume"], Resource: [volumes], Condition: like("aws:RequestTag/CSIVolumeName", "*") },
        { Effect: "Allow", Action: ["ec2:DeleteVolume"], Resource: [volumes], Condition: like("aws:ResourceTag/ebs.csi.aws.com/cluster", "true") },
        { Effect: "Allow", Action: ["ec2:DeleteVolume"], Resource: [volumes], Condition: like("aws:ResourceTag/CSIVolumeName", "*") },
        { Effect: "Allow", Action: ["ec2:DeleteVolume"], Resource: [volumes], Condition: like("ec2:ResourceTag/kubernetes.io/created-for/pvc/name", "*") },
        { Effect: "Allow", Action: ["ec2:CreateSnapshot"], Resource: [snapshots], Condition: like("aws:RequestTag/CSIVolumeSnapshotName", "*") },
        { Effect: "Allow", Action: ["ec2:CreateSnapshot"], Resource: [snapshots], Condition: like("aws:RequestTag/ebs.csi.aws.com/cluster", "true") },
        { Effect: "Allow", Action: ["ec2:DeleteSnapshot"], Resource: [snapshots], Condition: like("aws:ResourceTag/CSIVolumeSnapshotName", "*") },
        { Effect: "Allow", Action: ["ec2:DeleteSnapshot"], Resource: [snapshots], Condition: like("aws:ResourceTag/ebs.csi.aws.com/cluster", "true") },
    ];
    const keys = spec.kmsKeyArns ?? [];
    if (keys.length > 0) {
        result.push(
            {
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: [...keys],
                Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
            },
            {
                Effect: "Allow",
                Action: [
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "kms:Encrypt",
                    "kms:GenerateDataKey",
                    "kms:GenerateDataKeyWithoutPlaintext",
                    "kms:ReEncryptFrom",
                    "kms:ReEncryptTo",
                ],
                Resource: [...keys],
            },
        );
    }
    return result;
}

/** The EBS CSI driver add-on. */
export const ebsCsiAddon: AddonModule<EbsCsiAddon> = {
    name: "ebs-csi",
    defaults: { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" },
    source: "https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/example-iam-policy.json",
    summary: "create, attach, modify, snapshot and delete EBS volumes the driver tagged; KMS use of the given keys",
    fields: { kmsKeyArns: { kind: "arns", required: false, arn: KMS_KEY, purpose: "the KMS keys that encrypt its volumes" } },
    statements,
};
