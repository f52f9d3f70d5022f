/**
 * Typed grant: a Secrets Manager secret.
 *
 * Actions from "Actions, resources, and condition keys for AWS Secrets Manager"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html); the `-??????` suffix
 * for a secret named without its random suffix follows "Permissions policy examples for AWS Secrets Manager"
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html).
 * A secret encrypted with a customer managed KMS key also needs a `kms` grant with `decrypt`.
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, regionalArn, resolveResource } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem } from "./validation";

/** What a workload may do with the secret. */
export type SecretAccess = "read";

/** Access to one Secrets Manager secret. */
export interface SecretGrant {
    /** @enumName SecretsManager */
    service: "secretsmanager";
    /**
     * The secret: its name without the 6-character suffix AWS appends (`prod/db-password`, matched as
     * `secret:prod/db-password-??????`), or its full ARN (`arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-password-AbCdEf`).
     * @input
     */
    secret: string;
    /** `read`: `secretsmanager:GetSecretValue` and `secretsmanager:DescribeSecret`. */
    access: SecretAccess;
    /** Region of a secret given by name. @default the stack's region */
    region?: string;
    /** Account of a secret given by name (12 digits). @default the stack's account */
    account?: string;
}

/** Reading the secret's value and metadata. */
export const SECRET_READ_ACTIONS = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"];

const SECRET: NameOrArnRule = {
    service: "secretsmanager",
    resourcePrefix: "secret:",
    name: /^[A-Za-z0-9/_+=.@-]{1,512}$/,
    label: "Secrets Manager secret",
    nameRule: 'at most 512 letters, digits and "/_+=.@-"',
    arnForm: "arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>",
    regional: true,
};

function statements(grant: SecretGrant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.secret, "secretsmanager", "secret:", ctx, grant);
    if (!resolved) {
        return [];
    }
    const resource = grant.secret.startsWith("arn:") ? grant.secret : regionalArn(resolved.location, "secretsmanager", `secret:${resolved.name}-??????`);
    return [{ Effect: "Allow", Action: [...SECRET_READ_ACTIONS], Resource: [resource] }];
}

/** The Secrets Manager grant module. */
export const secretGrants: GrantModule<SecretGrant> = {
    service: "secretsmanager",
    resourceField: "secret",
    resourceLabel: "Secrets Manager secret",
    accessLevels: ["read"],
    optionalFields: ["region", "account"],
    checkResource: (value) => nameOrArnProblem(value, SECRET),
    checkOptions: () => [],
    statements,
};
