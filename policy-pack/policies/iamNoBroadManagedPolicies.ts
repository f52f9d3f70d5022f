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
    description: "Checks whether roles get broad AWS-managed policies (AdministratorAccess, PowerUserAccess, IAMFullAccess, *FullAccess) through managedPolicyArns or RolePolicyAttachment.",
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
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicyAttachment], (args, report) => {
        const config = configOf(args.getConfig());
        if (args.type === TYPES.role) {
            reportAll(report, asList(args.props["managedPolicyArns"]).map((arn, i) => checkManagedPolicyArn(String(arn), `managedPolicyArns[${i}]`, config)));
        } else {
            reportAll(report, [checkManagedPolicyArn(String(args.props["policyArn"]), "policyArn", config)]);
        }
    }),
};
