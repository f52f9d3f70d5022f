/**
 * Typed grant: an SQS queue.
 *
 * Actions from "Actions, resources, and condition keys for Amazon SQS"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html) and
 * "Amazon SQS API permissions: Actions and resource reference" (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html).
 * A queue encrypted with a customer managed KMS key also needs a `kms` grant (producers: `encrypt` and `decrypt`; consumers: `decrypt`).
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, regionalArn, resolveResource } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem } from "./validation";

/** What a workload may do with the queue. */
export type SqsAccess = "consume" | "send";

/** Access to one SQS queue. */
export interface SqsGrant {
    service: "sqs";
    /**
     * The queue: its name (`orders`, `orders.fifo`) or ARN (`arn:aws:sqs:us-east-1:111122223333:orders`).
     * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html
     * @input
     */
    queue: string;
    /**
     * - `consume`: `ReceiveMessage`, `DeleteMessage`, `ChangeMessageVisibility`, `GetQueueAttributes`, `GetQueueUrl`.
     * - `send`: `SendMessage`, `GetQueueAttributes`, `GetQueueUrl`.
     */
    access: SqsAccess;
    /** Region of a queue given by name. @default the stack's region */
    region?: string;
    /** Account of a queue given by name (12 digits). @default the stack's account */
    account?: string;
}

/** Receiving and deleting messages. */
export const SQS_CONSUME_ACTIONS = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"];
/** Sending messages. */
export const SQS_SEND_ACTIONS = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"];

const QUEUE: NameOrArnRule = {
    service: "sqs",
    resourcePrefix: "",
    name: /^(?=.{1,80}$)[A-Za-z0-9_-]+(\.fifo)?$/,
    label: "SQS queue",
    nameRule: 'at most 80 letters, digits, "_" and "-" (a FIFO queue ends in ".fifo")',
    arnForm: "arn:<partition>:sqs:<region>:<account>:<name>",
    regional: true,
};

function statements(grant: SqsGrant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.queue, "sqs", "", ctx, grant);
    if (!resolved) {
        return [];
    }
    const actions = grant.access === "consume" ? SQS_CONSUME_ACTIONS : SQS_SEND_ACTIONS;
    return [{ Effect: "Allow", Action: [...actions], Resource: [regionalArn(resolved.location, "sqs", resolved.name)] }];
}

/** The SQS grant module. */
export const sqsGrants: GrantModule<SqsGrant> = {
    service: "sqs",
    resourceField: "queue",
    resourceLabel: "SQS queue",
    accessLevels: ["consume", "send"],
    optionalFields: ["region", "account"],
    checkResource: (value) => nameOrArnProblem(value, QUEUE),
    checkOptions: () => [],
    statements,
};
