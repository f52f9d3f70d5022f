import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkLaunchTemplateMetadata, NODE_TYPES } from "../lib/nodeRules";

/** Node hardening: every launch template requires IMDSv2 with a hop limit of 1 (or turns IMDS off). */
export const nodeLaunchTemplateImds: ResourceValidationPolicy = {
    name: "node-launch-template-imds",
    description:
        "Checks whether a launch template sets metadataOptions httpTokens \"required\" and httpPutResponseHopLimit 1 (or httpEndpoint \"disabled\"), so pods on its instances cannot take the instance role's credentials from IMDS.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: 'Set metadataOptions { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } on the launch template.',
    url: "https://docs.aws.amazon.com/eks/latest/userguide/best-practices-security.html",
    validateResource: validateResourceOfTypes([NODE_TYPES.launchTemplate], (args, report) => {
        reportAll(report, checkLaunchTemplateMetadata(args.props["metadataOptions"]));
    }),
};
