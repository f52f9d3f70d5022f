import { StackValidationPolicy } from "@pulumi/policy";
import { runStackCheck } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { checkServiceAccountRoles } from "../lib/stackRules";

/** Rule 12: the annotated role is in the stack and trusts exactly this ServiceAccount. */
export const irsaServiceAccountRoleTrust: StackValidationPolicy = {
    name: "irsa-service-account-role-trust",
    description:
        "Checks whether every ServiceAccount annotated eks.amazonaws.com/role-arn points at a role in the stack whose trust \":sub\" names exactly that ServiceAccount's namespace and name.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Annotate the ServiceAccount with the ARN of its own role, and trust system:serviceaccount:<namespace>:<name> in that role; list roles managed elsewhere in allowedRoleArns.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
    configSchema: { properties: { allowedRoleArns: stringListSchema("Role ARNs managed outside this stack that ServiceAccounts may name.", []) } },
    validateStack: (args, report) =>
        runStackCheck(args, report, ["serviceAccount", "serviceAccountRole", "roleArn", "roleTrust"], (index) =>
            checkServiceAccountRoles(index, { allowedRoleArns: stringList(args.getConfig(), "allowedRoleArns", []) }),
        ),
};
