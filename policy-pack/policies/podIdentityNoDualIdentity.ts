import { StackValidationPolicy } from "@pulumi/policy";
import { validatePodIdentityStack } from "../lib/podIdentityAdapters";
import { checkDualIdentity } from "../lib/podIdentityStack";

/** A ServiceAccount with both a PodIdentityAssociation and the IRSA annotation must be a declared migration. */
export const podIdentityNoDualIdentity: StackValidationPolicy = {
    name: "pod-identity-no-dual-identity",
    description:
        "Checks whether a ServiceAccount bound by a PodIdentityAssociation also carries eks.amazonaws.com/role-arn outside a declared migration (annotation eks-irsa.dev/identity-migration: \"true\").",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Finish the migration: remove eks.amazonaws.com/role-arn once the pods use Pod Identity (identity \"pod-identity\"), or declare the migration with the annotation eks-irsa.dev/identity-migration: \"true\" (identity \"both\") while both are in place.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html",
    validateStack: validatePodIdentityStack(["association", "serviceAccount"], checkDualIdentity),
};
