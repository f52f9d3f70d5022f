import { ResourceValidationPolicy } from "@pulumi/policy";
import { validatePermissionDocuments } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { checkStarResources } from "../lib/permissionRules";

/** Rule 8: no `Resource: "*"` for actions that support resource-level permissions. */
export const iamNoStarResource: ResourceValidationPolicy = {
    name: "iam-no-star-resource",
    description:
        "Checks whether permission policies use Resource \"*\" with actions that support resource-level permissions (per the AWS IAM catalog), or with iam:PassRole or sts:AssumeRole.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Replace \"*\" with the ARNs of the resources the workload uses; allow a reviewed exception through allowedActionsOnStar.",
    url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    configSchema: {
        properties: {
            allowedActionsOnStar: stringListSchema("Actions allowed on Resource \"*\" anyway (never iam:PassRole or sts:AssumeRole).", []),
        },
    },
    validateResource: validatePermissionDocuments((document, field, config) =>
        checkStarResources(document, field, { allowedActionsOnStar: stringList(config, "allowedActionsOnStar", []) }),
    ),
};
