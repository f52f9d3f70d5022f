/** The ARN shapes add-on scope inputs accept, shared by the add-on modules. */
import { ArnRule } from "./module";

/** A KMS key ARN. */
export const KMS_KEY: ArnRule = {
    service: "kms",
    regional: true,
    account: true,
    resource: /^key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/,
    label: "a KMS key",
    example: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
};
/** A Route 53 hosted zone ARN. */
export const HOSTED_ZONE: ArnRule = {
    service: "route53",
    regional: false,
    account: false,
    resource: /^hostedzone\/[A-Z0-9]{1,32}$/,
    label: "a Route 53 hosted zone",
    example: "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ",
};
/** An S3 bucket ARN. */
export const BUCKET: ArnRule = {
    service: "s3",
    regional: false,
    account: false,
    resource: /^(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    label: "an S3 bucket",
    example: "arn:aws:s3:::my-backups",
};
/** An SQS queue ARN. */
export const QUEUE: ArnRule = {
    service: "sqs",
    regional: true,
    account: true,
    resource: /^(?=.{1,80}$)[A-Za-z0-9_-]+(\.fifo)?$/,
    label: "an SQS queue",
    example: "arn:aws:sqs:us-east-1:111122223333:my-queue",
};
/** An IAM role ARN. */
export const ROLE: ArnRule = {
    service: "iam",
    regional: false,
    account: true,
    resource: /^role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    label: "an IAM role",
    example: "arn:aws:iam::111122223333:role/KarpenterNodeRole-my-cluster",
};
/** An EFS file system ARN. */
export const FILE_SYSTEM: ArnRule = {
    service: "elasticfilesystem",
    regional: true,
    account: true,
    resource: /^file-system\/fs-[0-9a-f]{8,40}$/,
    label: "an EFS file system",
    example: "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0",
};
/** An Amazon Managed Service for Prometheus workspace ARN. */
export const WORKSPACE: ArnRule = {
    service: "aps",
    regional: true,
    account: true,
    resource: /^workspace\/ws-[0-9a-f-]{1,64}$/,
    label: "an Amazon Managed Service for Prometheus workspace",
    example: "arn:aws:aps:us-east-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef",
};
/** A Secrets Manager secret ARN; `*`/`?` patterns allowed inside the name (e.g. `secret:app/*`). */
export const SECRET: ArnRule = {
    service: "secretsmanager",
    regional: true,
    account: true,
    resource: /^secret:(?!\*$)[A-Za-z0-9/_+=.@*?-]{1,512}$/,
    label: "a Secrets Manager secret",
    example: "arn:aws:secretsmanager:us-east-1:111122223333:secret:app/prod/*",
};
/** An SSM parameter ARN; `*` patterns allowed inside the name (e.g. `parameter/app/*`). */
export const PARAMETER: ArnRule = {
    service: "ssm",
    regional: true,
    account: true,
    resource: /^parameter\/(?!\*$)[A-Za-z0-9/_.*-]{1,2048}$/,
    label: "an SSM parameter",
    example: "arn:aws:ssm:us-east-1:111122223333:parameter/app/prod/*",
};
