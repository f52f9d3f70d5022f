import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkPodIdentityTrustShape } from "../lib/podIdentity";
import { podIdentityTrust } from "../lib/podIdentityAdapters";
import { TYPES } from "../lib/resources";

/** Pod Identity trust: exactly sts:AssumeRole and sts:TagSession, no other principal, no request tag EKS never sets. */
export const podIdentityTrustShape: ResourceValidationPolicy = {
    name: "pod-identity-trust-shape",
    description:
        "Checks whether statements trusting pods.eks.amazonaws.com allow exactly sts:AssumeRole and sts:TagSession, name no other principal, and require no aws:RequestTag/… key other than the session tags EKS Pod Identity sets.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Give the Pod Identity principal its own statement with Principal {\"Service\": \"pods.eks.amazonaws.com\"} and Action [\"sts:AssumeRole\", \"sts:TagSession\"] (no NotAction, no wildcards).",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        reportAll(report, checkPodIdentityTrustShape(podIdentityTrust(args.props["assumeRolePolicy"], args), "assumeRolePolicy"));
    }),
};
