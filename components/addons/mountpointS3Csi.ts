/**
 * ============================================================================
 * Mountpoint for Amazon S3 CSI driver
 * Source: "Mountpoint IAM permissions", https://github.com/awslabs/mountpoint-s3/blob/main/doc/CONFIGURATION.md#iam-permissions
 * and the driver's install guide, https://github.com/awslabs/mountpoint-s3-csi-driver/blob/main/docs/install.md
 * Scoped: the given buckets; `readOnly` drops the write actions.
 * ============================================================================
 */
import { s3ObjectsArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { BUCKET, KMS_KEY } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "mountpoint-s3-csi"`: the Mountpoint for S3 CSI driver node plugin. */
export interface MountpointS3CsiAddon {
    name: "mountpoint-s3-csi";
    /**
     * The buckets mounted by PersistentVolumes (`volumeAttributes.bucketName`). Required.
     * @input
     */
    bucketArns: string[];
    /** Mount read-only: no `PutObject`, `DeleteObject`, `AbortMultipartUpload`. @default false */
    readOnly?: boolean;
    /**
     * KMS keys of SSE-KMS buckets: `kms:Decrypt` (and `kms:GenerateDataKey` unless read-only). @default none
     * @input
     */
    kmsKeyArns?: string[];
}

function statements(spec: MountpointS3CsiAddon, ctx: AddonContext): PolicyStatement[] {
    const objects = spec.bucketArns.map((bucket) => s3ObjectsArn(bucket.split(":")[1] ?? ctx.partition, bucket.slice(bucket.lastIndexOf(":") + 1)));
    const readOnly = spec.readOnly === true;
    const result: PolicyStatement[] = [
        { Sid: "MountpointFullBucketAccess", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [...spec.bucketArns] },
        {
            Sid: "MountpointFullObjectAccess",
            Effect: "Allow",
            Action: readOnly ? ["s3:GetObject"] : ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
            Resource: objects,
        },
    ];
    if (spec.kmsKeyArns && spec.kmsKeyArns.length > 0) {
        result.push({ Effect: "Allow", Action: readOnly ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [...spec.kmsKeyArns] });
    }
    return result;
}

/** The Mountpoint for S3 CSI add-on. */
export const mountpointS3CsiAddon: AddonModule<MountpointS3CsiAddon> = {
    name: "mountpoint-s3-csi",
    defaults: { namespace: "kube-system", serviceAccount: "s3-csi-driver-sa" },
    source: "https://github.com/awslabs/mountpoint-s3/blob/main/doc/CONFIGURATION.md#iam-permissions",
    summary: "list, read (and unless read-only write and delete) objects of the given buckets",
    fields: {
        bucketArns: { kind: "arns", required: true, arn: BUCKET, purpose: "the S3 buckets it mounts" },
        readOnly: { kind: "boolean", purpose: "whether mounts are read-only" },
        kmsKeyArns: { kind: "arns", required: false, arn: KMS_KEY, purpose: "the KMS keys of SSE-KMS buckets" },
    },
    statements,
};
