import { StackValidationPolicy } from "@pulumi/policy";
import { checkDeclaredClusterTrusts, checkDeclaredProviders, UnknownKeeper } from "../lib/clusterRules";
import { stringList, stringListSchema } from "../lib/config";
import { reportStackProblems } from "../lib/clusterAdapter";

/** Every OIDC provider a role trusts is one the stack declares, or an allowed issuer. */
export const irsaTrustDeclaredProvider: StackValidationPolicy = {
    name: "irsa-trust-declared-provider",
    description:
        "Checks whether every OIDC provider a role's trust names belongs to a cluster the stack declares (an OIDC provider or EKS cluster it creates, or an issuer a component lists) or to an issuer allowed in allowedIssuers; and whether a trust on a declared cluster that is not an EKS issuer pins one ServiceAccount and the STS audience.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Trust only the clusters of the stack (IrsaCluster trustedClusters declares others); list issuers of clusters managed elsewhere in allowedIssuers.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
    configSchema: { properties: { allowedIssuers: stringListSchema("Issuers (https://oidc.eks.<region>.amazonaws.com/id/<ID>) of clusters managed elsewhere that roles may trust.", []) } },
    validateStack: (args, report) => {
        const unknowns = new UnknownKeeper();
        const config = { allowedIssuers: stringList(args.getConfig(), "allowedIssuers", []) };
        reportStackProblems(report, [...checkDeclaredProviders(args.resources, config, unknowns), ...checkDeclaredClusterTrusts(args.resources, config, unknowns)], unknowns);
    },
};
