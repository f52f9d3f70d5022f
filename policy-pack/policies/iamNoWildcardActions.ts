import { ResourceValidationPolicy } from "@pulumi/policy";
import { validatePermissionDocuments } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { checkWildcardActions } from "../lib/permissionRules";

/** Rule 7: no `*` or wildcard actions (unless configured), no NotAction/NotResource with Allow. */
export const iamNoWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-actions",
    description: "Checks whether permission policies allow \"*\", wildcard actions, NotAction or NotResource.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "List the exact actions the workload calls on the exact resources; allow a reviewed wildcard through allowedWildcardActions.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    configSchema: { properties: { allowedWildcardActions: stringListSchema("Wildcard actions allowed anyway, e.g. ec2:Describe*.", []) } },
    validateResource: validatePermissionDocuments((document, field, config) =>
        checkWildcardActions(document, field, { allowedWildcardActions: stringList(config, "allowedWildcardActions", []) }),
    ),
};
