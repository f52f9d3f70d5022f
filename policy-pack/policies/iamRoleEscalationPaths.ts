import { StackValidationPolicy } from "@pulumi/policy";
import { allowances, allowancesSchema } from "../lib/allowances";
import { checkRoleEscalation } from "../lib/escalation";
import { stackRoleDocuments } from "../lib/roleDocuments";

/** Escalation paths joined across every permission document of one role. */
export const iamRoleEscalationPaths: StackValidationPolicy = {
    name: "iam-role-escalation-paths",
    description:
        "Checks whether a role's permission documents together (inlinePolicies, RolePolicy resources, attached customer-managed and AWS-managed policies) open an escalation path that no single document opens, e.g. iam:PassRole in one policy and ec2:RunInstances in another.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Remove one action of the path, or allow a reviewed case in allowedEscalations with its reason (the same entries as iam-no-privilege-escalation).",
    url: "https://pathfinding.cloud",
    configSchema: {
        properties: {
            allowedEscalations: allowancesSchema("Named cases ({action, resource, reason}) allowed anyway, each with its reviewed reason."),
        },
    },
    validateStack: async (args, report) => {
        const config = { allowedEscalations: allowances(args.getConfig(), "allowedEscalations") };
        const { roles, unknown } = stackRoleDocuments(args.resources);
        for (const role of roles) {
            for (const message of await checkRoleEscalation(role.documents, config)) {
                report(`role ${JSON.stringify(role.role)}: ${message}`, role.urn);
            }
        }
        if (unknown !== undefined) {
            throw unknown;
        }
    },
};
