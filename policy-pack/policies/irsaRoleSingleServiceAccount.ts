import { StackValidationPolicy } from "@pulumi/policy";
import { runStackCheck } from "../lib/adapters";
import { checkRoleSharing } from "../lib/stackRules";

/** Rule 13: one role per ServiceAccount. */
export const irsaRoleSingleServiceAccount: StackValidationPolicy = {
    name: "irsa-role-single-service-account",
    description: "Checks whether a role is trusted by, or annotated on, two or more ServiceAccounts.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Create one role per ServiceAccount, each trusting only its own system:serviceaccount:<namespace>:<name>.",
    url: "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
    validateStack: (args, report) => runStackCheck(args, report, ["serviceAccount", "serviceAccountRole", "roleArn", "roleTrust"], (index) => checkRoleSharing(index)),
};
