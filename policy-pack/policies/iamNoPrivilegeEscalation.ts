import { ResourceValidationPolicy } from "@pulumi/policy";
import { validatePermissionDocuments } from "../lib/adapters";
import { allowances, allowancesSchema } from "../lib/allowances";
import { checkEscalation } from "../lib/escalation";

/** Permissions management and documented privilege-escalation paths, on any resource. */
export const iamNoPrivilegeEscalation: ResourceValidationPolicy = {
    name: "iam-no-privilege-escalation",
    description:
        "Checks whether permission policies grant Permissions management actions (per the AWS IAM catalog) or documented privilege-escalation paths (Rhino Security Labs / pacu) on any resource, iam:PassRole without iam:PassedToService, or iam:PassRole with a service call that runs code as the passed role.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Remove the action; limit iam:PassRole with iam:PassedToService; allow a reviewed case (e.g. Karpenter passing its node role to EC2) in allowedEscalations with its reason.",
    url: "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
    configSchema: {
        properties: {
            allowedEscalations: allowancesSchema("Named cases ({action, resource, reason}) allowed anyway, each with its reviewed reason."),
        },
    },
    validateResource: validatePermissionDocuments((document, field, config) => checkEscalation(document, field, { allowedEscalations: allowances(config, "allowedEscalations") })),
};
