import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { parsePolicyDocument } from "../lib/document";
import { TYPES } from "../lib/resources";
import { checkPublicTrust } from "../lib/roleTrust";

/** No role that anyone in any account can assume. */
export const iamTrustNoPublicPrincipal: ResourceValidationPolicy = {
    name: "iam-trust-no-public-principal",
    description:
        "Checks whether a role's trust policy lets anyone assume it: Principal \"*\" or {\"AWS\": \"*\"} without a condition on the caller's account, organization or ARN, or NotPrincipal with Allow.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Name the trusted account or role ARNs in Principal, or add StringEquals aws:PrincipalOrgID / aws:PrincipalAccount.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        const parsed = parsePolicyDocument(args.props["assumeRolePolicy"]);
        reportAll(report, parsed.ok ? checkPublicTrust(parsed.document, "assumeRolePolicy") : []);
    }),
};
