/**
 * Typed grant: an SNS topic.
 *
 * Actions from "Actions, resources, and condition keys for Amazon SNS"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html).
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, regionalArn, resolveResource } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem } from "./validation";

/** What a workload may do with the topic. */
export type SnsAccess = "publish";

/** Access to one SNS topic. */
export interface SnsGrant {
    service: "sns";
    /**
     * The topic: its name (`alerts`, `alerts.fifo`) or ARN (`arn:aws:sns:us-east-1:111122223333:alerts`).
     * @see https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
     * @input
     */
    topic: string;
    /** `publish`: `sns:Publish` on the topic. */
    access: SnsAccess;
    /** Region of a topic given by name. @default the stack's region */
    region?: string;
    /** Account of a topic given by name (12 digits). @default the stack's account */
    account?: string;
}

/** Publishing messages. */
export const SNS_PUBLISH_ACTIONS = ["sns:Publish"];

const TOPIC: NameOrArnRule = {
    service: "sns",
    resourcePrefix: "",
    name: /^(?=.{1,256}$)[A-Za-z0-9_-]+(\.fifo)?$/,
    label: "SNS topic",
    nameRule: 'at most 256 letters, digits, "_" and "-" (a FIFO topic ends in ".fifo")',
    arnForm: "arn:<partition>:sns:<region>:<account>:<name>",
    regional: true,
};

function statements(grant: SnsGrant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.topic, "sns", "", ctx, grant);
    if (!resolved) {
        return [];
    }
    return [{ Effect: "Allow", Action: [...SNS_PUBLISH_ACTIONS], Resource: [regionalArn(resolved.location, "sns", resolved.name)] }];
}

/** The SNS grant module. */
export const snsGrants: GrantModule<SnsGrant> = {
    service: "sns",
    resourceField: "topic",
    resourceLabel: "SNS topic",
    accessLevels: ["publish"],
    optionalFields: ["region", "account"],
    checkResource: (value) => nameOrArnProblem(value, TOPIC),
    checkOptions: () => [],
    statements,
};
