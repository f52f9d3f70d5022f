import { StackValidationPolicy } from "@pulumi/policy";
import { stringList, stringListSchema } from "../lib/config";
import { validatePodIdentityStack } from "../lib/podIdentityAdapters";
import { checkAssociationRoles } from "../lib/podIdentityStack";

/** Every PodIdentityAssociation names a role in the stack whose trust allows Pod Identity. */
export const podIdentityAssociationRole: StackValidationPolicy = {
    name: "pod-identity-association-role",
    description:
        "Checks whether every PodIdentityAssociation points at a role in the stack whose trust lets pods.eks.amazonaws.com assume it for the association's own namespace, ServiceAccount and cluster (the session tags EKS sets).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Associate a role of this stack that trusts pods.eks.amazonaws.com (sts:AssumeRole, sts:TagSession, scoped to the cluster); list roles managed elsewhere in allowedRoleArns.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html",
    configSchema: { properties: { allowedRoleArns: stringListSchema("Role ARNs managed outside this stack that associations may name.", []) } },
    validateStack: validatePodIdentityStack(["association", "role"], (index, args) =>
        checkAssociationRoles(index, { allowedRoleArns: stringList(args.getConfig(), "allowedRoleArns", []) }),
    ),
};
