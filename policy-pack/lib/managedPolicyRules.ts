/** Rule 10: broad AWS-managed policies attached to roles. */
import { show } from "./format";
import { matchesIamPattern } from "./oidc";

/** Tunables of rule 10. */
export interface ManagedPolicyConfig {
    /**
     * Names of AWS-managed policies that are refused (the last segment of the ARN).
     * @default ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"]
     */
    readonly deniedPolicyNames: readonly string[];
    /**
     * `*`/`?` patterns of AWS-managed policy names that are refused.
     * @default ["*FullAccess"]
     */
    readonly deniedPolicyPatterns: readonly string[];
    /**
     * Full ARNs allowed although a name or pattern above matches.
     * @default []
     */
    readonly allowedPolicyArns: readonly string[];
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** The problem with one managed policy ARN at `field` (e.g. `managedPolicyArns[0]`, `policyArn`), if any. */
export function checkManagedPolicyArn(arn: string, field: string, config: ManagedPolicyConfig): string | undefined {
    const name = AWS_MANAGED.exec(arn)?.[1];
    if (name === undefined || config.allowedPolicyArns.includes(arn)) {
        return undefined;
    }
    const denied = config.deniedPolicyNames.includes(name) || config.deniedPolicyPatterns.some((p) => matchesIamPattern(p, name));
    if (!denied) {
        return undefined;
    }
    return (
        `${field} ${show(arn)} is a broad AWS-managed policy: attach a policy with only the actions and resources the workload needs, ` +
        `or list the ARN in allowedPolicyArns in this policy's config.`
    );
}
