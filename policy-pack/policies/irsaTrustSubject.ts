import { ResourceValidationPolicy } from "@pulumi/policy";
import { oidcTrust, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { checkTrustSubject } from "../lib/trustRules";
import { TYPES } from "../lib/resources";

/** Rule 1: `:sub` pinned with StringEquals to exactly one `system:serviceaccount:<namespace>:<name>`. */
export const irsaTrustSubject: ResourceValidationPolicy = {
    name: "irsa-trust-subject",
    description: "Checks whether every OIDC trust statement pins \":sub\" with StringEquals to exactly one system:serviceaccount:<namespace>:<name>.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Add StringEquals \"<issuer>:sub\" = \"system:serviceaccount:<namespace>:<name>\" to the trust statement; use StringLike only for patterns listed in allowedSubPatterns.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
    configSchema: { properties: { allowedSubPatterns: stringListSchema("StringLike values allowed on :sub, compared literally.", []) } },
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        const trust = oidcTrust(args.props["assumeRolePolicy"], args);
        reportAll(report, checkTrustSubject(trust, "assumeRolePolicy", { allowedSubPatterns: stringList(args.getConfig(), "allowedSubPatterns", []) }));
    }),
};
