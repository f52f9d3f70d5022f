/**
 * The one place that builds and parses ARNs for typed grants and the add-on catalog.
 *
 * ARN formats are those of AWS's service authorization reference (each service's "Resource types" table):
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * and the ARN grammar in https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

/** Where generated ARNs point: the stack's partition, region and account. */
export interface GrantContext {
    /** AWS partition, e.g. `aws`, `aws-cn`, `aws-us-gov`. */
    partition: string;
    /** AWS region, e.g. `us-east-1`. */
    region: string;
    /** 12-digit AWS account id. */
    accountId: string;
}

/** The five parts of an ARN: `arn:<partition>:<service>:<region>:<accountId>:<resource>`. */
export interface ParsedArn {
    partition: string;
    service: string;
    /** Empty for global services (S3, IAM, Route 53). */
    region: string;
    /** Empty for S3 buckets and Route 53; `aws` for AWS-managed IAM policies. */
    accountId: string;
    /** Everything after the fifth colon (may itself contain `:` and `/`). */
    resource: string;
}

/** `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, … */
export const PARTITION_PATTERN = /^aws(-[a-z]+)*$/;
/** e.g. `us-east-1`, `us-gov-west-1`, `ap-southeast-5`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** A 12-digit account id. */
export const ACCOUNT_PATTERN = /^\d{12}$/;

/** Splits an ARN into its parts, or `undefined` when the text is not `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function parseArn(text: string): ParsedArn | undefined {
    const match = /^arn:([^:]+):([a-z0-9-]+):([^:]*):([^:]*):(.+)$/.exec(text);
    if (!match) {
        return undefined;
    }
    const [, partition = "", service = "", region = "", accountId = "", resource = ""] = match;
    if (!PARTITION_PATTERN.test(partition)) {
        return undefined;
    }
    if (region !== "" && !REGION_PATTERN.test(region)) {
        return undefined;
    }
    if (accountId !== "" && accountId !== "aws" && !ACCOUNT_PATTERN.test(accountId)) {
        return undefined;
    }
    return { partition, service, region, accountId, resource };
}

/** Joins ARN parts: `arn:<partition>:<service>:<region>:<accountId>:<resource>`. */
export function formatArn(parts: ParsedArn): string {
    return `arn:${parts.partition}:${parts.service}:${parts.region}:${parts.accountId}:${parts.resource}`;
}

/** A regional, account-scoped ARN in the context's partition, region and account. */
export function regionalArn(ctx: GrantContext, service: string, resource: string): string {
    return formatArn({ partition: ctx.partition, service, region: ctx.region, accountId: ctx.accountId, resource });
}

/** An ARN with a region but no account (EC2 images and snapshots: `arn:aws:ec2:us-east-1::snapshot/*`). */
export function regionOnlyArn(ctx: GrantContext, service: string, resource: string): string {
    return formatArn({ partition: ctx.partition, service, region: ctx.region, accountId: "", resource });
}

/** An IAM ARN (global, account-scoped): `arn:<partition>:iam::<account>:<resource>`. */
export function iamArn(ctx: GrantContext, resource: string): string {
    return formatArn({ partition: ctx.partition, service: "iam", region: "", accountId: ctx.accountId, resource });
}

/** An S3 bucket ARN: `arn:<partition>:s3:::<bucket>`. */
export function s3BucketArn(partition: string, bucket: string): string {
    return `arn:${partition}:s3:::${bucket}`;
}

/** The objects of a bucket under a key prefix: `arn:<partition>:s3:::<bucket>/<prefix>*` (`<bucket>/*` without a prefix). */
export function s3ObjectsArn(partition: string, bucket: string, prefix = ""): string {
    return `arn:${partition}:s3:::${bucket}/${prefix}*`;
}

/** A Route 53 ARN (global, no account): `arn:<partition>:route53:::<resource>`. */
export function route53Arn(partition: string, resource: string): string {
    return `arn:${partition}:route53:::${resource}`;
}

/**
 * Resolves a grant's resource given by name or by ARN.
 *
 * - An ARN (`arn:…`) keeps its own partition, region and account; `resourcePrefix` (e.g. `table/`) is stripped to give the name.
 * - A name is placed in the context's partition, and in `region`/`account` when given, else the context's.
 *
 * Returns `undefined` when an ARN does not parse, names another service, or lacks the prefix (validation reports these first).
 */
export function resolveResource(
    value: string,
    service: string,
    resourcePrefix: string,
    ctx: GrantContext,
    overrides: { region?: string; account?: string } = {},
): { location: GrantContext; name: string } | undefined {
    if (value.startsWith("arn:")) {
        const arn = parseArn(value);
        if (!arn || arn.service !== service || !arn.resource.startsWith(resourcePrefix)) {
            return undefined;
        }
        return {
            location: { partition: arn.partition, region: arn.region, accountId: arn.accountId },
            name: arn.resource.slice(resourcePrefix.length),
        };
    }
    return {
        location: { partition: ctx.partition, region: overrides.region ?? ctx.region, accountId: overrides.account ?? ctx.accountId },
        name: value,
    };
}
