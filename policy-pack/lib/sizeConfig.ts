/** Reading and describing the tunables of rule 11 (shared by its resource and stack policies). */
import { PolicyConfigSchema } from "@pulumi/policy";
import { integer, integerSchema } from "./config";
import { SizeConfig } from "./sizeRules";

/** AWS's default IAM quotas. */
export const DEFAULT_SIZES: SizeConfig = {
    maxTrustPolicyLength: 2048,
    maxInlinePolicyLength: 10240,
    maxManagedPolicyLength: 6144,
    maxManagedPoliciesPerRole: 10,
};

/** The size config with defaults for unset keys. */
export function sizeConfigOf(config: object): SizeConfig {
    return {
        maxTrustPolicyLength: integer(config, "maxTrustPolicyLength", DEFAULT_SIZES.maxTrustPolicyLength),
        maxInlinePolicyLength: integer(config, "maxInlinePolicyLength", DEFAULT_SIZES.maxInlinePolicyLength),
        maxManagedPolicyLength: integer(config, "maxManagedPolicyLength", DEFAULT_SIZES.maxManagedPolicyLength),
        maxManagedPoliciesPerRole: integer(config, "maxManagedPoliciesPerRole", DEFAULT_SIZES.maxManagedPoliciesPerRole),
    };
}

/** The config schema of the size policies. */
export const SIZE_SCHEMA: PolicyConfigSchema = {
    properties: {
        maxTrustPolicyLength: integerSchema("Role trust policy characters (IAM default 2,048, raisable to 8,192).", DEFAULT_SIZES.maxTrustPolicyLength),
        maxInlinePolicyLength: integerSchema("Characters of all inline policies of a role (IAM: 10,240).", DEFAULT_SIZES.maxInlinePolicyLength),
        maxManagedPolicyLength: integerSchema("Characters of one managed policy (IAM: 6,144).", DEFAULT_SIZES.maxManagedPolicyLength),
        maxManagedPoliciesPerRole: integerSchema("Managed policies per role (IAM default 10, raisable to 20).", DEFAULT_SIZES.maxManagedPoliciesPerRole),
    },
};
