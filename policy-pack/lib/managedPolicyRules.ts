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

/**
 * AWS managed policies written for a role that only an AWS service assumes, by name, with that service: the EKS
 * cluster role's policies (https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html, and for EKS Auto
 * Mode https://docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html) and the Fargate pod execution
 * role's (https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html). On such a role no workload or
 * person holds them; on any other role they are judged by their document (`AmazonEKSClusterPolicy` may rewrite any
 * instance's user data).
 */
export const SERVICE_ROLE_POLICIES: Readonly<Record<string, string>> = {
    AmazonEKSClusterPolicy: "eks.amazonaws.com",
    AmazonEKSServicePolicy: "eks.amazonaws.com",
    AmazonEKSVPCResourceController: "eks.amazonaws.com",
    AmazonEKSComputePolicy: "eks.amazonaws.com",
    AmazonEKSBlockStoragePolicy: "eks.amazonaws.com",
    AmazonEKSLoadBalancingPolicy: "eks.amazonaws.com",
    AmazonEKSNetworkingPolicy: "eks.amazonaws.com",
    AmazonEKSFargatePodExecutionRolePolicy: "eks-fargate-pods.amazonaws.com",
};

/**
 * Who may assume a role, from its trust: the service principals when every Allow statement names only AWS services
 * (no `AWS`, `Federated`, `"*"` or `NotPrincipal`), otherwise undefined.
 */
export function serviceOnlyTrust(trust: unknown): readonly string[] | undefined {
    const parsed = parsePolicyDocument(trust);
    if (!parsed.ok) {
        return undefined;
    }
    const services = new Set<string>();
    for (const statement of parsed.document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const principal = statement.principal;
        if (statement.hasNotPrincipal || principal === undefined || principal === "*" || [...principal.keys()].some((k) => k !== "Service")) {
            return undefined;
        }
        principal.get("Service")?.forEach((s) => services.add(s.toLowerCase()));
    }
    return services.size === 0 ? undefined : [...services];
}

/** The service an AWS managed service-role policy is written for, when `arn` is one (see {@link SERVICE_ROLE_POLICIES}). */
export function serviceRolePolicyService(arn: string): string | undefined {
    const name = AWS_MANAGED.exec(arn)?.[1];
    return name === undefined || !isAwsManagedArn(arn) ? undefined : SERVICE_ROLE_POLICIES[name];
}

/** Where a managed policy ARN is attached: a role whose trust the rule sees, or a role it does not (an attachment). */
export type AttachedTo = { readonly trust: unknown } | "another resource";

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

/**
 * The problem with one managed policy ARN at `field` (e.g. `managedPolicyArns[0]`, `policyArn`), if any. A
 * service-role policy attached by another resource than the role is left to `iam-service-role-policies`, which sees
 * the role's trust.
 */
export async function checkManagedPolicyArn(arn: string, field: string, config: ManagedPolicyConfig, attachedTo: AttachedTo = "another resource"): Promise<string | undefined> {
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
    const service = SERVICE_ROLE_POLICIES[name];
    if (service !== undefined) {
        const trusted = attachedTo === "another resource" ? undefined : serviceOnlyTrust(attachedTo.trust);
        if (attachedTo === "another resource" || (trusted?.length === 1 && trusted[0] === service)) {
            return undefined;
        }
    }
    const problems = await judge(arn);
    if (problems.length === 0) {
        return undefined;
    }
    const version = awsManagedPolicy(arn)?.version ?? "";
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more findings)` : "";
    return `${field} ${show(arn)} grants what an inline policy may not (document ${version} in ${managedPolicySource()}): ${problems[0]!}${more}; ${FIX}.`;
}
