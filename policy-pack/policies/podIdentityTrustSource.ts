import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkPodIdentityTrustSource } from "../lib/podIdentity";
import { podIdentityTrust } from "../lib/podIdentityAdapters";
import { TYPES } from "../lib/resources";

/**
 * Pod Identity trust: pinned to one namespace and ServiceAccount (and cluster) with EKS's session tags. Advisory:
 * AWS documents the bare trust as valid, and the pinning as the way to restrict it.
 */
export const podIdentityTrustSource: ResourceValidationPolicy = {
    name: "pod-identity-trust-source",
    description:
        "Checks whether statements trusting pods.eks.amazonaws.com require the session tags aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account, so only one ServiceAccount's associations can use the role.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        'Add Condition {"StringEquals": {"aws:RequestTag/eks-cluster-arn": "<cluster ARN>", "aws:RequestTag/kubernetes-namespace": "<namespace>", "aws:RequestTag/kubernetes-service-account": "<ServiceAccount>"}} (AWS\'s pod-id-role page, "Setting Conditions").',
    url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        reportAll(report, checkPodIdentityTrustSource(podIdentityTrust(args.props["assumeRolePolicy"], args), "assumeRolePolicy"));
    }),
};
