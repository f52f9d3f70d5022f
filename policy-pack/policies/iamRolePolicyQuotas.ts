import { StackValidationPolicy } from "@pulumi/policy";
import { runStackCheck } from "../lib/adapters";
import { SIZE_SCHEMA, sizeConfigOf } from "../lib/sizeConfig";
import { checkRoleQuotas } from "../lib/stackRules";

/** Rule 11 (across resources): inline policy total and managed policy count per role, counting RolePolicy and RolePolicyAttachment resources. */
export const iamRolePolicyQuotas: StackValidationPolicy = {
    name: "iam-role-policy-quotas",
    description: "Checks whether each role's inline policies (inlinePolicies plus RolePolicy resources) and managed policies (managedPolicyArns plus RolePolicyAttachment resources) fit IAM's quotas.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Merge or move statements to managed policies, or merge managed policies; raise the adjustable quota and set maxManagedPoliciesPerRole.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    configSchema: SIZE_SCHEMA,
    validateStack: (args, report) =>
        runStackCheck(args, report, ["roleName", "rolePolicies", "rolePolicy", "attachment"], (index) => checkRoleQuotas(index, sizeConfigOf(args.getConfig()))),
};
