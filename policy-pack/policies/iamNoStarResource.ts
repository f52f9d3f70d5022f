import { ResourceValidationPolicy } from "@pulumi/policy";
import { validatePermissionDocuments } from "../lib/adapters";
import { allowances, allowancesSchema } from "../lib/allowances";
import { stringList, stringListSchema } from "../lib/config";
import { checkStarResources } from "../lib/permissionRules";

/** Rule 8: no `Resource: "*"` for actions that support resource-level permissions. */
export const iamNoStarResource: ResourceValidationPolicy = {
    name: "iam-no-star-resource",
    description:
        "Checks whether permission policies use Resource \"*\", or an ARN pattern matching every resource of the action's type, with actions (other than List) that support resource-level permissions and no tag condition scoping them (per the AWS IAM catalog), or with iam:PassRole or sts:AssumeRole.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Replace \"*\" with the ARNs of the resources the workload uses; allow a reviewed exception through allowedActionsOnStar.",
    url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    configSchema: {
        properties: {
            allowedActionsOnStar: stringListSchema("Actions allowed on Resource \"*\" anyway (never iam:PassRole or sts:AssumeRole).", []),
            allowedCases: allowancesSchema("Named cases ({action, resource, reason}) allowed on every resource of their type, each with its reviewed reason."),
        },
    },
    validateResource: validatePermissionDocuments((document, field, config) =>
        checkStarResources(document, field, {
            allowedActionsOnStar: stringList(config, "allowedActionsOnStar", []),
            allowedCases: allowances(config, "allowedCases"),
        }),
    ),
};
