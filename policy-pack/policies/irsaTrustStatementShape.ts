import { ResourceValidationPolicy } from "@pulumi/policy";
import { oidcTrust, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkTrustStatements } from "../lib/trustRules";
import { TYPES } from "../lib/resources";

/** Rule 5: action, principals and sibling statements of an OIDC-trusting role. */
export const irsaTrustStatementShape: ResourceValidationPolicy = {
    name: "irsa-trust-statement-shape",
    description:
        "Checks whether OIDC trust statements allow exactly sts:AssumeRoleWithWebIdentity for one provider, and no statement trusts \"*\" or is left without conditions.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Use Action \"sts:AssumeRoleWithWebIdentity\" (no NotAction, no wildcards), one Federated provider per statement, no Principal \"*\", and conditions on every other Allow statement.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        reportAll(report, checkTrustStatements(oidcTrust(args.props["assumeRolePolicy"], args), "assumeRolePolicy"));
    }),
};
