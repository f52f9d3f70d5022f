import { ResourceValidationPolicy } from "@pulumi/policy";
import { oidcTrust, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkTrustSubjectOperator } from "../lib/trustRules";
import { TYPES } from "../lib/resources";

/** Beside rule 1: an exact `:sub` pin written with StringLike or StringEqualsIgnoreCase, which reads like a pattern. */
export const irsaTrustSubjectStringEquals: ResourceValidationPolicy = {
    name: "irsa-trust-subject-string-equals",
    description:
        "Checks whether a cluster's \":sub\" pinned to one ServiceAccount without wildcards is written with StringEquals rather than StringLike or StringEqualsIgnoreCase (which admit the same one ServiceAccount).",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Write the condition as StringEquals \"<issuer>:sub\" = \"system:serviceaccount:<namespace>:<name>\".",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        reportAll(report, checkTrustSubjectOperator(oidcTrust(args.props["assumeRolePolicy"], args), "assumeRolePolicy"));
    }),
};
