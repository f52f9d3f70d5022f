import { StackValidationPolicy } from "@pulumi/policy";
import { checkServiceAccountClusters, UnknownKeeper } from "../lib/clusterRules";
import { reportStackProblems } from "../lib/clusterAdapter";

/** A ServiceAccount's role trusts it from the ServiceAccount's own cluster. */
export const irsaServiceAccountCluster: StackValidationPolicy = {
    name: "irsa-service-account-cluster",
    description:
        "Checks whether the role an annotated ServiceAccount names trusts that ServiceAccount from the ServiceAccount's own cluster (the issuer of the cluster its Kubernetes provider deploys to).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add a trust statement for this cluster's provider to the role (IrsaCluster trustedClusters), or annotate a role that trusts this cluster.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html",
    validateStack: (args, report) => {
        const unknowns = new UnknownKeeper();
        reportStackProblems(report, checkServiceAccountClusters(args.resources, unknowns), unknowns);
    },
};
