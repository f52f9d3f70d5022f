/**
 * Typed grant: a CloudWatch Logs log group to write to.
 *
 * Actions and the `log-stream` resource type from "Actions, resources, and condition keys for Amazon CloudWatch Logs"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html): both
 * `CreateLogStream` and `PutLogEvents` are authorized on `log-group:<name>:log-stream:<stream>`.
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, regionalArn, resolveResource } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem } from "./validation";

/** What a workload may do with the log group. */
export type LogsAccess = "write";

/** Writing to one log group. */
export interface LogsGrant {
    service: "logs";
    /**
     * The log group: its name (`/eks/payments/api`) or ARN (`arn:aws:logs:us-east-1:111122223333:log-group:/eks/payments/api`, with or without a trailing `:*`).
     * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
     * @input
     */
    logGroup: string;
    /** `write`: `logs:CreateLogStream` and `logs:PutLogEvents` on the group's streams. The group must exist. */
    access: LogsAccess;
    /** Region of a group given by name. @default the stack's region */
    region?: string;
    /** Account of a group given by name (12 digits). @default the stack's account */
    account?: string;
}

/** Creating streams and putting events. */
export const LOGS_WRITE_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];

const GROUP: NameOrArnRule = {
    service: "logs",
    resourcePrefix: "log-group:",
    name: /^[A-Za-z0-9_\-/.#]{1,512}$/,
    label: "CloudWatch Logs log group",
    nameRule: 'at most 512 letters, digits and "_-/.#"',
    arnForm: "arn:<partition>:logs:<region>:<account>:log-group:<name>",
    regional: true,
};

function statements(grant: LogsGrant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.logGroup, "logs", "log-group:", ctx, grant);
    if (!resolved) {
        return [];
    }
    const name = resolved.name.replace(/:\*$/, "");
    return [{ Effect: "Allow", Action: [...LOGS_WRITE_ACTIONS], Resource: [regionalArn(resolved.location, "logs", `log-group:${name}:log-stream:*`)] }];
}

/** The CloudWatch Logs grant module. */
export const logsGrants: GrantModule<LogsGrant> = {
    service: "logs",
    resourceField: "logGroup",
    resourceLabel: "CloudWatch Logs log group",
    accessLevels: ["write"],
    optionalFields: ["region", "account"],
    checkResource: (value) => nameOrArnProblem(value, GROUP, /:\*$/),
    checkOptions: () => [],
    statements,
};
