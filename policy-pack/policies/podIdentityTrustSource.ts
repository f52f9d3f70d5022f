import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkPodIdentityTrustSource } from "../lib/podIdentity";
import { podIdentityTrust } from "../lib/podIdentityAdapters";
import { TYPES } from "../lib/resources";

/** Pod Identity trust: scoped to the source cluster and account (or organization). */
export const podIdentityTrustSource: ResourceValidationPolicy = {
    name: "pod-identity-trust-source",
    description:
        "Checks whether statements trusting pods.eks.amazonaws.com require aws:SourceAccount and aws:SourceArn (or aws:SourceOrgId), so only this cluster's associations can use the role.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add Condition {\"StringEquals\": {\"aws:SourceAccount\": \"<account>\"}, \"ArnEquals\": {\"aws:SourceArn\": \"<cluster ARN>\"}} (or StringEquals aws:SourceOrgId for every cluster of your organization).",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
    validateResource: validateResourceOfTypes([TYPES.role], (args, report) => {
        reportAll(report, checkPodIdentityTrustSource(podIdentityTrust(args.props["assumeRolePolicy"], args), "assumeRolePolicy"));
    }),
};
