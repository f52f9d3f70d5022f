/**
 * Typed least-privilege grants: `{ service, <resource>, access }` items that expand to the minimal IAM statements,
 * like CDK's `bucket.grantRead(role)`, but as data that can sit in stack config.
 *
 * One module per service (`s3.ts`, `dynamodb.ts`, …) says which actions each access level needs and where they come from;
 * every ARN is built in `arns.ts`; `merge.ts` merges, de-duplicates and sizes the result.
 *
 * Actions on `Resource: "*"` (no resource-level permission in the service authorization reference):
 * `ecr:GetAuthorizationToken` (ECR `pull`) and `dynamodb:ListStreams` (DynamoDB `streams: true`). Nothing else.
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext } from "./arns";
import { DynamoDbGrant, dynamoDbGrants } from "./dynamodb";
import { EcrGrant, ecrGrants } from "./ecr";
import { KmsGrant, kmsGrants } from "./kms";
import { LogsGrant, logsGrants } from "./logs";
import { mergeStatements, policySizeProblems } from "./merge";
import { GrantModule } from "./module";
import { S3Grant, s3Grants } from "./s3";
import { SecretGrant, secretGrants } from "./secretsManager";
import { SnsGrant, snsGrants } from "./sns";
import { SqsGrant, sqsGrants } from "./sqs";
import { SsmGrant, ssmGrants } from "./ssm";
import { isRecord, locationProblems, misspelledFieldProblem, oneOf, show, unknownFieldProblems } from "./validation";

export type { GrantContext } from "./arns";
export { parseArn, formatArn, regionalArn, s3BucketArn, s3ObjectsArn } from "./arns";
export { INLINE_ROLE_POLICY_LIMIT, mergeStatements, policySizeProblems, statementsSize } from "./merge";
export type { S3Grant, S3Access } from "./s3";
export type { DynamoDbGrant, DynamoDbAccess } from "./dynamodb";
export type { SqsGrant, SqsAccess } from "./sqs";
export type { SnsGrant, SnsAccess } from "./sns";
export type { SecretGrant, SecretAccess } from "./secretsManager";
export type { SsmGrant, SsmAccess } from "./ssm";
export type { KmsGrant, KmsAccess } from "./kms";
export type { EcrGrant, EcrAccess } from "./ecr";
export type { LogsGrant, LogsAccess } from "./logs";

/** One typed grant, discriminated on `service`. */
export type GrantSpec = S3Grant | DynamoDbGrant | SqsGrant | SnsGrant | SecretGrant | SsmGrant | KmsGrant | EcrGrant | LogsGrant;

/** The `service` values of {@link GrantSpec}. */
export type GrantService = GrantSpec["service"];

/** Every grant module, by service, in documentation order. */
export const GRANT_MODULES: Readonly<Record<GrantService, GrantModule<GrantSpec>>> = {
    s3: s3Grants,
    dynamodb: dynamoDbGrants,
    sqs: sqsGrants,
    sns: snsGrants,
    secretsmanager: secretGrants,
    ssm: ssmGrants,
    kms: kmsGrants,
    ecr: ecrGrants,
    logs: logsGrants,
};

/** The supported `service` values, in documentation order. */
export const GRANT_SERVICES = Object.keys(GRANT_MODULES) as GrantService[];

/**
 * A stand-in context for the size check when the real one is not known yet: the longest common partition and region
 * names, so the estimate errs on the large side.
 */
export const SIZE_CHECK_CONTEXT: GrantContext = { partition: "aws-us-gov", region: "ap-southeast-2", accountId: "111122223333" };

const EXAMPLE = '{ "service": "s3", "bucket": "my-bucket", "access": "read" }';

function isService(value: unknown): value is GrantService {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(GRANT_MODULES, value);
}

/** Every field a grant of any service may have: what a misspelled `service` is recognised among. */
const GRANT_FIELDS = [
    ...new Set(Object.values(GRANT_MODULES).flatMap((m) => ["service", m.resourceField, "access", ...m.optionalFields])),
];

function grantProblems(value: unknown, path: string): string[] {
    if (!isRecord(value)) {
        return [`${path} ${show(value)} is not an object: give a grant such as ${EXAMPLE}.`];
    }
    const typo = misspelledFieldProblem(value, "service", GRANT_FIELDS, path);
    return typo === undefined ? checkedGrant(value, path) : [typo.problem, ...checkedGrant(typo.renamed, path)];
}

function checkedGrant(item: Record<string, unknown>, path: string): string[] {
    const service = item["service"];
    if (service === undefined) {
        return [`${path}.service is missing: use ${oneOf(GRANT_SERVICES)}.`];
    }
    if (!isService(service)) {
        return [`${path}.service ${show(service)} is not a supported grant service: use ${oneOf(GRANT_SERVICES)}.`];
    }
    const module = GRANT_MODULES[service];
    const field = module.resourceField;
    const problems = unknownFieldProblems(item, ["service", field, "access", ...module.optionalFields], `${service} grants`, path);

    const access = item["access"];
    const levels: readonly string[] = module.accessLevels;
    if (access === undefined) {
        problems.push(`${path}.access is missing: use ${oneOf(levels)}.`);
    } else if (typeof access !== "string" || !levels.includes(access)) {
        problems.push(`${path}.access ${show(access)} is not an access level of ${service} grants: use ${oneOf(levels)}.`);
    }

    const resource = item[field];
    if (resource === undefined) {
        problems.push(`${path}.${field} is missing: give the ${module.resourceLabel}'s name or ARN.`);
    } else if (typeof resource !== "string") {
        problems.push(`${path}.${field} ${show(resource)} is not a string: give the ${module.resourceLabel}'s name or ARN.`);
    } else {
        const wrong = module.checkResource(resource);
        if (wrong !== undefined) {
            problems.push(`${path}.${field} ${show(resource)} ${wrong}.`);
        }
    }

    if (module.optionalFields.includes("region")) {
        problems.push(...locationProblems(item, path));
        if (typeof resource === "string" && resource.startsWith("arn:")) {
            for (const key of ["region", "account"]) {
                if (item[key] !== undefined) {
                    problems.push(
                        `${path}.${key} ${show(item[key])} cannot be combined with the ARN in ${field}: the ARN names its own region and account; ` +
                            `give the ${module.resourceLabel}'s name instead, or drop ${key}.`,
                    );
                }
            }
        }
    }
    problems.push(...module.checkOptions(item, path));
    return problems;
}

/**
 * Every problem with a list of grants, each `"<path>[i].<field> <value> <what is wrong>: <fix>."`, e.g. with
 * `path` = `workloads[2].grants`. When every grant is valid, also checks that the expanded statements fit IAM's
 * 10,240-character inline role policy limit, in `ctx` (default {@link SIZE_CHECK_CONTEXT}).
 */
export function validateGrants(grants: unknown, path: string, ctx: GrantContext = SIZE_CHECK_CONTEXT): string[] {
    if (grants === undefined) {
        return [];
    }
    if (!Array.isArray(grants)) {
        return [`${path} ${show(grants)} is not a list: give a list of grants such as [${EXAMPLE}].`];
    }
    const problems = grants.flatMap((item: unknown, i) => grantProblems(item, `${path}[${i}]`));
    if (problems.length > 0) {
        return problems;
    }
    return policySizeProblems(expandGrants(grants as GrantSpec[], ctx), path);
}

/** The statements one grant needs, unmerged. */
export function grantStatements(grant: GrantSpec, ctx: GrantContext): PolicyStatement[] {
    return GRANT_MODULES[grant.service].statements(grant, ctx);
}

/**
 * Expands valid grants (see {@link validateGrants}) into the minimal statements: merged, de-duplicated, and in an order
 * that does not depend on the order of the grants.
 */
export function expandGrants(grants: readonly GrantSpec[], ctx: GrantContext): PolicyStatement[] {
    return mergeStatements(grants.flatMap((grant) => grantStatements(grant, ctx)));
}
