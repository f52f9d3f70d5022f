import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { reportAll } from "../lib/adapters";
import { checkPodIdentityTrustSource } from "../lib/podIdentity";
import { podIdentityTrust } from "../lib/podIdentityAdapters";

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
    validateResource: validateResourceOfType(aws.iam.Role, (role, args, report) => {
        reportAll(report, checkPodIdentityTrustSource(podIdentityTrust(role.assumeRolePolicy, args), "assumeRolePolicy"));
    }),
};
