/**
 * Typed grant: an S3 bucket.
 *
 * Actions and resource types from "Actions, resources, and condition keys for Amazon S3"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html); the prefix-scoped
 * `s3:ListBucket` with an `s3:prefix` condition follows "Example: Allow an IAM user access to a folder" in
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, resolveResource, s3BucketArn, s3ObjectsArn } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem, show } from "./validation";

/** What a workload may do with the bucket. */
export type S3Access = "read" | "write" | "read-write" | "list";

/** Access to one S3 bucket, optionally limited to a key prefix. */
export interface S3Grant {
    service: "s3";
    /**
     * The bucket: its name (`my-bucket`) or ARN (`arn:aws:s3:::my-bucket`). S3 ARNs carry no region or account.
     * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
     * @input
     */
    bucket: string;
    /**
     * - `read`: `s3:GetObject` on the objects.
     * - `write`: `s3:PutObject`, `s3:DeleteObject`, `s3:AbortMultipartUpload` on the objects.
     * - `read-write`: both.
     * - `list`: `s3:ListBucket` on the bucket (limited by an `s3:prefix` condition when `prefix` is given).
     */
    access: S3Access;
    /**
     * Key prefix the grant is limited to, e.g. `reports/2024/`: objects `arn:…:s3:::<bucket>/<prefix>*`.
     * No `*` or `?` (the `*` is appended), no leading `/`, at most 1,024 characters.
     * @default the whole bucket
     */
    prefix?: string;
}

/** Object reads. */
export const S3_READ_ACTIONS = ["s3:GetObject"];
/** Object writes: put, delete, and aborting the multipart uploads SDKs start for large objects. */
export const S3_WRITE_ACTIONS = ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"];
/** Listing keys. */
export const S3_LIST_ACTIONS = ["s3:ListBucket"];

const BUCKET: NameOrArnRule = {
    service: "s3",
    resourcePrefix: "",
    name: /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    label: "S3 bucket",
    nameRule: '3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit',
    arnForm: "arn:<partition>:s3:::<bucket>",
    regional: false,
};

function checkPrefix(item: Record<string, unknown>, path: string): string[] {
    const prefix = item["prefix"];
    if (prefix === undefined) {
        return [];
    }
    if (typeof prefix !== "string" || prefix === "" || prefix.length > 1024 || /[*?]/.test(prefix) || prefix.startsWith("/")) {
        return [
            `${path}.prefix ${show(prefix)} is not a valid S3 key prefix: use a non-empty key prefix such as "reports/" ` +
                `(at most 1,024 characters, no "*" or "?", no leading "/"), or leave it out for the whole bucket.`,
        ];
    }
    return [];
}

function statements(grant: S3Grant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.bucket, "s3", "", ctx);
    if (!resolved) {
        return [];
    }
    const { partition } = resolved.location;
    const objects = [s3ObjectsArn(partition, resolved.name, grant.prefix)];
    switch (grant.access) {
        case "read":
            return [{ Effect: "Allow", Action: [...S3_READ_ACTIONS], Resource: objects }];
        case "write":
            return [{ Effect: "Allow", Action: [...S3_WRITE_ACTIONS], Resource: objects }];
        case "read-write":
            return [{ Effect: "Allow", Action: [...S3_WRITE_ACTIONS, ...S3_READ_ACTIONS].sort(), Resource: objects }];
        case "list": {
            const list: PolicyStatement = { Effect: "Allow", Action: [...S3_LIST_ACTIONS], Resource: [s3BucketArn(partition, resolved.name)] };
            if (grant.prefix !== undefined) {
                list.Condition = { StringLike: { "s3:prefix": [`${grant.prefix}*`] } };
            }
            return [list];
        }
    }
}

/** The S3 grant module. */
export const s3Grants: GrantModule<S3Grant> = {
    service: "s3",
    resourceField: "bucket",
    resourceLabel: "S3 bucket",
    accessLevels: ["read", "write", "read-write", "list"],
    optionalFields: ["prefix"],
    checkResource: (value) => nameOrArnProblem(value, BUCKET),
    checkOptions: checkPrefix,
    statements,
};
