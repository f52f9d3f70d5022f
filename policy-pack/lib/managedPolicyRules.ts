/**
 * Rule 10: AWS managed policies attached to roles, judged by their name (a configured deny list) and by their
 * document, with the rules an inline document gets: `Action "*"`, NotAction/NotResource with Allow
 * (iam-no-wildcard-actions), every resource of a type a data or write action applies to (iam-no-star-resource), and
 * privilege escalation (iam-no-privilege-escalation). Wildcard actions such as `ec2:Describe*` are judged by the
 * actions they match in the catalog, not refused for being wildcards: AWS maintains the policy.
 */
import { parsePolicyDocument } from "./document";
import { checkEscalation } from "./escalation";
import { show } from "./format";
import { awsManagedPolicy, isAwsManagedArn, managedPolicySource } from "./managedPolicies";
import { matchesIamPattern } from "./oidc";
import { checkStarResources, checkWildcardActions } from "./permissionRules";

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
     * Full ARNs allowed although a name, a pattern or their document says otherwise.
     * @default []
     */
    readonly allowedPolicyArns: readonly string[];
}

/**
 * AWS managed policies accepted whatever their document says, each with its reason: the policies every EKS node
 * role needs (https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html), whose use
 * `node-role-only-node-policies` polices. Their documents act on every network interface and read every
 * repository by design.
 */
export const NODE_POLICIES: readonly string[] = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;
const FIX = "attach a policy with only the actions and resources the workload needs, or list the ARN in allowedPolicyArns in this policy's config";

/** What the inline rules say about an AWS managed policy's document, without the field prefix. */
const verdicts = new Map<string, Promise<readonly string[]>>();

function judge(arn: string): Promise<readonly string[]> {
    let found = verdicts.get(arn);
    if (found === undefined) {
        found = judgeDocument(arn);
        verdicts.set(arn, found);
    }
    return found;
}

async function judgeDocument(arn: string): Promise<readonly string[]> {
    const policy = awsManagedPolicy(arn);
    const parsed = policy === undefined ? undefined : parsePolicyDocument(policy.document);
    if (parsed === undefined || !parsed.ok) {
        return [];
    }
    const doc = parsed.document;
    const field = "document";
    const star = checkWildcardActions(doc, field, { allowedWildcardActions: [] }).filter((m) => !m.includes(" is a wildcard, "));
    const problems = [...star, ...(await checkEscalation(doc, field, { allowedEscalations: [] })), ...(await checkStarResources(doc, field, { allowedActionsOnStar: [] }))];
    // Each finding without its fix (which is about editing a document), e.g. `Statement[0].Resource "*" is used with …`.
    return problems.map((m) => m.slice(field.length + 1).split(": ")[0]!);
}

/** The problem with one managed policy ARN at `field` (e.g. `managedPolicyArns[0]`, `policyArn`), if any. */
export async function checkManagedPolicyArn(arn: string, field: string, config: ManagedPolicyConfig): Promise<string | undefined> {
    const name = AWS_MANAGED.exec(arn)?.[1];
    if (name === undefined || !isAwsManagedArn(arn) || config.allowedPolicyArns.includes(arn)) {
        return undefined;
    }
    const denied = config.deniedPolicyNames.includes(name) || config.deniedPolicyPatterns.some((p) => matchesIamPattern(p, name));
    if (denied) {
        return `${field} ${show(arn)} is a broad AWS-managed policy: ${FIX}.`;
    }
    if (NODE_POLICIES.includes(name)) {
        return undefined;
    }
    const problems = await judge(arn);
    if (problems.length === 0) {
        return undefined;
    }
    const version = awsManagedPolicy(arn)?.version ?? "";
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more findings)` : "";
    return `${field} ${show(arn)} grants what an inline policy may not (document ${version} in ${managedPolicySource()}): ${problems[0]!}${more}; ${FIX}.`;
}
