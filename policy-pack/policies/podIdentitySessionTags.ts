import { StackValidationPolicy } from "@pulumi/policy";
import { validatePodIdentityStack } from "../lib/podIdentityAdapters";
import { checkSessionTags } from "../lib/podIdentityStack";

/** disableSessionTags on an association whose role's trust or permissions test session tags. */
export const podIdentitySessionTags: StackValidationPolicy = {
    name: "pod-identity-session-tags",
    description:
        "Checks whether a PodIdentityAssociation with disableSessionTags names a role whose trust (aws:RequestTag/…) or permissions (aws:PrincipalTag/…) rely on EKS's session tags.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Keep the session tags (remove disableSessionTags and the session policy), or rewrite the role's conditions without aws:RequestTag/… and aws:PrincipalTag/… keys.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html",
    validateStack: validatePodIdentityStack(["association", "role", "policy"], checkSessionTags),
};
