import { ResourceValidationPolicy } from "@pulumi/policy";
import { oidcTrust, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { STS_AUDIENCE } from "../lib/oidc";
import { checkTrustAudience } from "../lib/trustRules";
import { TYPES } from "../lib/resources";

/** Rule 2: `:aud` pinned with StringEquals to `sts.amazonaws.com`. */
export const irsaTrustAudience: ResourceValidationPolicy = {
    name: "irsa-trust-audience",
    description: "Checks whether every OIDC trust statement pins \":aud\" with StringEquals to sts.amazonaws.com.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add StringEquals \"<issuer>:aud\" = \"sts.amazonaws.com\" to the trust statement.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
    configSchema: { properties: { allowedAudiences: stringListSchema("Values allowed for StringEquals on :aud.", [STS_AUDIENCE]) } },
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        const trust = oidcTrust(args.props["assumeRolePolicy"], args);
        reportAll(report, checkTrustAudience(trust, "assumeRolePolicy", { allowedAudiences: stringList(args.getConfig(), "allowedAudiences", [STS_AUDIENCE]) }));
    }),
};
