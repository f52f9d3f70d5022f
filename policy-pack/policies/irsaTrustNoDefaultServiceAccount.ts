import { ResourceValidationPolicy } from "@pulumi/policy";
import { oidcTrust, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkTrustDefaultServiceAccount } from "../lib/trustRules";
import { TYPES } from "../lib/resources";

/** Rule 6: no trust pinned to a namespace's `default` ServiceAccount. */
export const irsaTrustNoDefaultServiceAccount: ResourceValidationPolicy = {
    name: "irsa-trust-no-default-service-account",
    description: "Checks whether an OIDC trust names a namespace's \"default\" ServiceAccount, which every pod without serviceAccountName runs as.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Create a dedicated ServiceAccount for the workload, set it as the pods' serviceAccountName and trust it in \":sub\".",
    url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        reportAll(report, checkTrustDefaultServiceAccount(oidcTrust(args.props["assumeRolePolicy"], args), "assumeRolePolicy"));
    }),
};
