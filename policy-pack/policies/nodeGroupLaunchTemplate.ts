import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkNodeGroupLaunchTemplate, NODE_TYPES } from "../lib/nodeRules";

/** Node hardening: every managed node group uses a launch template (its IMDS settings are then the stack's). */
export const nodeGroupLaunchTemplate: ResourceValidationPolicy = {
    name: "node-group-launch-template",
    description:
        "Checks whether an EKS managed node group has a launch template; without one its nodes get EKS's generated template and the AMI's IMDS defaults (hop limit 2), which let pods take the node role's credentials.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: 'Create an aws.ec2.LaunchTemplate with metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 } and pass it as launchTemplate { id, version }.',
    url: "https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html",
    validateResource: validateResourceOfTypes([NODE_TYPES.nodeGroup], (args, report) => {
        reportAll(report, checkNodeGroupLaunchTemplate(args.props["launchTemplate"]));
    }),
};
