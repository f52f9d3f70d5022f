/** The config of the managed-policy rules (iam-no-broad-managed-policies, iam-service-role-policies). */
import { PolicyConfigSchema } from "@pulumi/policy";
import { stringList, stringListSchema } from "./config";
import { ManagedPolicyConfig } from "./managedPolicyRules";

const DENIED_NAMES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];
const DENIED_PATTERNS = ["*FullAccess"];

/** The config of a managed-policy rule, with its defaults. */
export function managedConfigOf(config: object): ManagedPolicyConfig {
    return {
        deniedPolicyNames: stringList(config, "deniedPolicyNames", DENIED_NAMES),
        deniedPolicyPatterns: stringList(config, "deniedPolicyPatterns", DENIED_PATTERNS),
        allowedPolicyArns: stringList(config, "allowedPolicyArns", []),
    };
}

/** Its JSON schema. */
export const MANAGED_POLICY_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        deniedPolicyNames: stringListSchema("Names of AWS-managed policies that are refused.", DENIED_NAMES),
        deniedPolicyPatterns: stringListSchema("*/? patterns of AWS-managed policy names that are refused.", DENIED_PATTERNS),
        allowedPolicyArns: stringListSchema("Policy ARNs allowed anyway.", []),
    },
};
