/**
 * ============================================================================
 * Velero (velero-plugin-for-aws)
 * Source: "Set permissions for Velero", https://github.com/vmware-tanzu/velero-plugin-for-aws#set-permissions-for-velero
 * Scoped further: EC2 volumes and snapshots of the stack's region (and account) instead of `*`; the given buckets.
 * ============================================================================
 */
import { regionalArn, regionOnlyArn, s3ObjectsArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { BUCKET } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "velero"`: the Velero server with the AWS plugin (object store and EBS snapshots). */
export interface VeleroAddon {
    name: "velero";
    /**
     * The backup buckets (BackupStorageLocation `bucket`). Required.
     * @input
     */
    bucketArns: string[];
}

function statements(spec: VeleroAddon, ctx: AddonContext): PolicyStatement[] {
    const volumes = regionalArn(ctx, "ec2", "volume/*");
    const snapshots = regionOnlyArn(ctx, "ec2", "snapshot/*");
    return [
        // No resource-level permission: describe calls.
        { Effect: "Allow", Action: ["ec2:DescribeSnapshots", "ec2:DescribeVolumes"], Resource: ["*"] },
        { Effect: "Allow", Action: ["ec2:CreateSnapshot", "ec2:CreateTags", "ec2:CreateVolume"], Resource: [volumes, snapshots] },
        { Effect: "Allow", Action: ["ec2:DeleteSnapshot"], Resource: [snapshots] },
        {
            Effect: "Allow",
            Action: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject", "s3:PutObjectTagging"],
            Resource: spec.bucketArns.map((bucket) => s3ObjectsArn(bucket.split(":")[1] ?? ctx.partition, bucket.slice(bucket.lastIndexOf(":") + 1))),
        },
        { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [...spec.bucketArns] },
    ];
}

/** The Velero add-on. */
export const veleroAddon: AddonModule<VeleroAddon> = {
    name: "velero",
    defaults: { namespace: "velero", serviceAccount: "velero-server" },
    source: "https://github.com/vmware-tanzu/velero-plugin-for-aws#set-permissions-for-velero",
    summary: "read and write backups in the given buckets; snapshot EBS volumes and restore them",
    fields: { bucketArns: { kind: "arns", required: true, arn: BUCKET, purpose: "the S3 buckets it stores backups in" } },
    statements,
};
