import { ResourceValidationPolicy } from "@pulumi/policy";
import { oidcTrust, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkTrustIssuer } from "../lib/trustRules";
import { TYPES } from "../lib/resources";

/** Rule 3: the issuer in the `:sub`/`:aud` condition keys is the issuer of the trusted provider. */
export const irsaTrustIssuerMatch: ResourceValidationPolicy = {
    name: "irsa-trust-issuer-match",
    description: "Checks whether the issuer in every \":sub\"/\":aud\" condition key equals the issuer of the statement's Federated OIDC provider ARN.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Write condition keys as \"<issuer>:sub\" and \"<issuer>:aud\", where <issuer> is the provider ARN after \"oidc-provider/\" (no \"https://\").",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        reportAll(report, checkTrustIssuer(oidcTrust(args.props["assumeRolePolicy"], args), "assumeRolePolicy"));
    }),
};
