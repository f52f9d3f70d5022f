import { StackValidationPolicy } from "@pulumi/policy";
import { checkProviderAccounts, UnknownKeeper } from "../lib/clusterRules";
import { stringList, stringListSchema } from "../lib/config";
import { reportStackProblems } from "../lib/clusterAdapter";

/** No role trusts an OIDC provider of an account other than its own, unless allowed. */
export const irsaTrustProviderAccount: StackValidationPolicy = {
    name: "irsa-trust-provider-account",
    description: "Checks whether every OIDC provider a role's trust names is registered in the role's own account (IAM accepts web identities only through those).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Create (or look up) the cluster's IAM OIDC provider in the role's account and trust that one; list reviewed exceptions in allowedCrossAccountProviders.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html",
    configSchema: { properties: { allowedCrossAccountProviders: stringListSchema("Provider ARNs, or 12-digit accounts, roles may trust in another account.", []) } },
    validateStack: (args, report) => {
        const unknowns = new UnknownKeeper();
        const config = { allowedCrossAccountProviders: stringList(args.getConfig(), "allowedCrossAccountProviders", []) };
        reportStackProblems(report, checkProviderAccounts(args.resources, config, unknowns), unknowns);
    },
};
