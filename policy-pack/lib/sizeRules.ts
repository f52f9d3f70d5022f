/**
 * Rule 11: IAM's size quotas, checked before AWS rejects the request. IAM does not count
 * whitespace, so sizes are measured on the minified JSON.
 * Quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import { count } from "./format";

/** Tunables of rule 11 (AWS's default quotas). */
export interface SizeConfig {
    /**
     * Role trust policy length; AWS allows raising it to 8,192 through Service Quotas.
     * @default 2048
     */
    readonly maxTrustPolicyLength: number;
    /**
     * Aggregate length of all inline policies of one role (not adjustable).
     * @default 10240
     */
    readonly maxInlinePolicyLength: number;
    /**
     * Length of one managed policy (not adjustable).
     * @default 6144
     */
    readonly maxManagedPolicyLength: number;
    /**
     * Managed policies attached to one role; AWS allows raising it to 20 through Service Quotas.
     * @default 10
     */
    readonly maxManagedPoliciesPerRole: number;
}

/** The problem with a trust policy of `length` characters, if any. */
export function checkTrustSize(length: number, field: string, config: SizeConfig): string | undefined {
    if (length <= config.maxTrustPolicyLength) {
        return undefined;
    }
    return (
        `${field} is ${count(length)} characters without whitespace, over IAM's role trust policy quota of ${count(config.maxTrustPolicyLength)}: ` +
        `shorten the conditions or split the trust across roles (the quota can be raised to 8,192 through Service Quotas; then set maxTrustPolicyLength in this policy's config).`
    );
}

/** The problem with the inline policies of one role totalling `length` characters, if any. */
export function checkInlineTotal(length: number, field: string, config: SizeConfig): string | undefined {
    if (length <= config.maxInlinePolicyLength) {
        return undefined;
    }
    return (
        `${field} total ${count(length)} characters without whitespace, over IAM's quota of ${count(config.maxInlinePolicyLength)} for all inline policies of a role: ` +
        `move statements to managed policies (up to ${count(config.maxManagedPolicyLength)} characters each) or remove duplicates.`
    );
}

/** The problem with a managed policy of `length` characters, if any. */
export function checkManagedSize(length: number, field: string, config: SizeConfig): string | undefined {
    if (length <= config.maxManagedPolicyLength) {
        return undefined;
    }
    return (
        `${field} is ${count(length)} characters without whitespace, over IAM's managed policy quota of ${count(config.maxManagedPolicyLength)}: ` +
        `split it into several managed policies.`
    );
}

/** The problem with `attached` managed policies on one role, if any. */
export function checkManagedCount(attached: number, field: string, config: SizeConfig): string | undefined {
    if (attached <= config.maxManagedPoliciesPerRole) {
        return undefined;
    }
    return (
        `${field} attach ${attached} managed policies, over IAM's default quota of ${config.maxManagedPoliciesPerRole} managed policies per role: ` +
        `merge them (the quota can be raised to 20 through Service Quotas; then set maxManagedPoliciesPerRole in this policy's config).`
    );
}
