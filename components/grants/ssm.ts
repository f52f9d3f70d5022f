/**
 * Typed grant: SSM Parameter Store parameters under a path.
 *
 * Actions from "Actions, resources, and condition keys for AWS Systems Manager"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html) and
 * "Restricting access to Parameter Store parameters using IAM policies"
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html):
 * `GetParametersByPath` is authorized on the path itself, `GetParameter(s)` on each parameter below it.
 * `SecureString` parameters encrypted with a customer managed key also need a `kms` grant with `decrypt`.
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, regionalArn, resolveResource } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem } from "./validation";

/** What a workload may do with the parameters. */
export type SsmAccess = "read";

/** Read access to the parameters under one path. */
export interface SsmGrant {
    service: "ssm";
    /**
     * The hierarchy: a path (`/payments/prod`, no trailing `/`, at least one level) or its ARN
     * (`arn:aws:ssm:us-east-1:111122223333:parameter/payments/prod`).
     * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
     * @input
     */
    path: string;
    /** `read`: `GetParameter`, `GetParameters`, `GetParametersByPath` on the parameters below the path, `GetParametersByPath` on the path. */
    access: SsmAccess;
    /** Region of a path given by name. @default the stack's region */
    region?: string;
    /** Account of a path given by name (12 digits). @default the stack's account */
    account?: string;
}

/** Reading parameters by name. */
export const SSM_READ_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"];
/** Reading a hierarchy. */
export const SSM_PATH_ACTIONS = ["ssm:GetParametersByPath"];

const SEGMENTS = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const PATH: NameOrArnRule = {
    service: "ssm",
    resourcePrefix: "parameter/",
    name: SEGMENTS,
    label: "SSM parameter path",
    nameRule: 'a path such as "/payments/prod" (segments of letters, digits, "_", "." and "-", no trailing "/")',
    arnForm: "arn:<partition>:ssm:<region>:<account>:parameter/<path>",
    regional: true,
};

function checkPath(value: string): string | undefined {
    if (value.startsWith("arn:")) {
        return nameOrArnProblem(value, PATH);
    }
    return value.startsWith("/") ? nameOrArnProblem(value.slice(1), PATH) : nameOrArnProblem("", PATH);
}

function statements(grant: SsmGrant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.path, "ssm", "parameter/", ctx, grant);
    if (!resolved) {
        return [];
    }
    // ARN names are already without the leading "/": parameter ARNs drop it.
    const path = resolved.name.replace(/^\//, "");
    return [
        { Effect: "Allow", Action: [...SSM_PATH_ACTIONS], Resource: [regionalArn(resolved.location, "ssm", `parameter/${path}`)] },
        { Effect: "Allow", Action: [...SSM_READ_ACTIONS], Resource: [regionalArn(resolved.location, "ssm", `parameter/${path}/*`)] },
    ];
}

/** The SSM Parameter Store grant module. */
export const ssmGrants: GrantModule<SsmGrant> = {
    service: "ssm",
    resourceField: "path",
    resourceLabel: "SSM parameter path",
    accessLevels: ["read"],
    optionalFields: ["region", "account"],
    checkResource: checkPath,
    checkOptions: () => [],
    statements,
};
