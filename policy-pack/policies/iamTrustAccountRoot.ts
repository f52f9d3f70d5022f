import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { parsePolicyDocument } from "../lib/document";
import { TYPES } from "../lib/resources";
import { checkAccountRootTrust } from "../lib/roleTrust";

/** An account root trusted without a condition: every principal of that account its own policies allow. */
export const iamTrustAccountRoot: ResourceValidationPolicy = {
    name: "iam-trust-account-root",
    description: "Checks whether a role's trust policy trusts an account root (arn:aws:iam::<account>:root) without any condition, which delegates the choice of who may assume the role to that account's own policies.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Name the role ARNs that need the role, or add a condition (aws:PrincipalArn, sts:ExternalId).",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        const parsed = parsePolicyDocument(args.props["assumeRolePolicy"]);
        reportAll(report, parsed.ok ? checkAccountRootTrust(parsed.document, "assumeRolePolicy") : []);
    }),
};
