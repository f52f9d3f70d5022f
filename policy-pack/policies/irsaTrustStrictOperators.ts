import { ResourceValidationPolicy } from "@pulumi/policy";
import { oidcTrust, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkTrustOperators } from "../lib/trustRules";
import { TYPES } from "../lib/resources";

/** Rule 4: no IfExists, ForAllValues:, negated operators or Null on `:sub`/`:aud`. */
export const irsaTrustStrictOperators: ResourceValidationPolicy = {
    name: "irsa-trust-strict-operators",
    description: "Checks whether \":sub\" and \":aud\" conditions avoid …IfExists, ForAllValues:, negated operators and Null, which let tokens without the claim in.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Use plain StringEquals on \"<issuer>:sub\" and \"<issuer>:aud\".",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        reportAll(report, checkTrustOperators(oidcTrust(args.props["assumeRolePolicy"], args), "assumeRolePolicy"));
    }),
};
