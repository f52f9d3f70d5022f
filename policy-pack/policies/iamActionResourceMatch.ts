import { ResourceValidationPolicy } from "@pulumi/policy";
import { validatePermissionDocuments } from "../lib/adapters";
import { checkActionResourceMatch } from "../lib/resourceMatch";

/** Actions granted on resources they cannot apply to. */
export const iamActionResourceMatch: ResourceValidationPolicy = {
    name: "iam-action-resource-match",
    description:
        "Checks whether each action of an Allow statement is granted on resources of a type it applies to (per the AWS IAM catalog's resource types and ARN formats), e.g. not s3:GetObject on a bucket ARN.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Use an ARN of the form the message names, or move the action to a statement with the right resources; do not widen to \"*\".",
    url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    validateResource: validatePermissionDocuments((document, field) => checkActionResourceMatch(document, field)),
};
