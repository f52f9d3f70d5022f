import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { STS_AUDIENCE } from "../lib/oidc";
import { checkClientIds } from "../lib/oidcProviderRules";
import { asList, TYPES } from "../lib/resources";

/** Rule 15: the OIDC provider accepts exactly the STS audience. */
export const irsaOidcProviderClientIds: ResourceValidationPolicy = {
    name: "irsa-oidc-provider-client-ids",
    description: "Checks whether an IAM OIDC provider's clientIdLists is exactly [\"sts.amazonaws.com\"] (or the configured client ids).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set clientIdLists to [\"sts.amazonaws.com\"]; list any other reviewed audience in allowedClientIds.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html",
    configSchema: { properties: { allowedClientIds: stringListSchema("Client ids (audiences) the provider may list.", [STS_AUDIENCE]) } },
    validateResource: validateResourceOfTypes([TYPES.openIdConnectProvider], (args, report) => {
        const clientIds = asList(args.props["clientIdLists"]).map((id) => String(id));
        reportAll(report, checkClientIds(clientIds, { allowedClientIds: stringList(args.getConfig(), "allowedClientIds", [STS_AUDIENCE]) }));
    }),
};
