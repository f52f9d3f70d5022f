/**
 * The EKS Pod Identity trust rules: roles trusted by the service principal `pods.eks.amazonaws.com`.
 * Pure functions over a parsed document; each returns the problems as messages.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
import { PolicyDocument, Principal, Statement } from "./document";
import { show } from "./format";
import { iamPatternMatcher } from "./oidc";
import { pinsTag } from "./pins";

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** The actions a Pod Identity trust statement allows: exactly these two. */
export const POD_IDENTITY_ACTIONS: readonly string[] = ["sts:AssumeRole", "sts:TagSession"];

/** The ServiceAccount annotation that declares an IRSA → Pod Identity migration (value `"true"`). */
export const MIGRATION_ANNOTATION = "eks-irsa.dev/identity-migration";

/** Whether a principal names the Pod Identity service principal. */
export function trustsPodIdentity(principal: Principal | undefined): boolean {
    return principal !== undefined && principal !== "*" && (principal.get("Service") ?? []).some((s) => s.toLowerCase() === POD_IDENTITY_PRINCIPAL);
}

/** The `Allow` statements of `doc` whose principal names `pods.eks.amazonaws.com`. */
export function podIdentityStatements(statements: readonly Statement[]): Statement[] {
    return statements.filter((s) => s.effect === "Allow" && trustsPodIdentity(s.principal));
}

function principalAsJson(principal: Principal | undefined): unknown {
    if (principal === undefined || principal === "*") {
        return principal ?? null;
    }
    return Object.fromEntries([...principal].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

/**
 * Actions and principals of each Pod Identity statement: exactly the two actions, no other principal; and no
 * condition on a request tag EKS never sets ({@link checkPodIdentityRequestTags}).
 */
export function checkPodIdentityTrustShape(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    const expected = [...POD_IDENTITY_ACTIONS].map((a) => a.toLowerCase()).sort();
    for (const s of podIdentityStatements(doc.statements)) {
        const at = `${field} Statement[${s.index}]`;
        if (s.notActions !== undefined) {
            problems.push(
                `${at}.NotAction ${show(s.notActions)} allows every action except those listed: ` +
                    `use Action ${show(POD_IDENTITY_ACTIONS)}.`,
            );
        } else {
            const actions = [...new Set((s.actions ?? []).map((a) => a.toLowerCase()))].sort();
            if (JSON.stringify(actions) !== JSON.stringify(expected)) {
                problems.push(
                    `${at}.Action ${show(s.actions ?? [])} is not exactly ${show(POD_IDENTITY_ACTIONS)}: ` +
                        `EKS Pod Identity assumes the role with sts:AssumeRole and tags the session with sts:TagSession; list exactly those two actions.`,
                );
            }
        }
        const principal = s.principal;
        const others =
            principal !== undefined && principal !== "*" && [...principal].some(([type, values]) => type !== "Service" || values.some((v) => v.toLowerCase() !== POD_IDENTITY_PRINCIPAL));
        if (others) {
            problems.push(
                `${at}.Principal ${show(principalAsJson(principal))} trusts other principals besides ${show(POD_IDENTITY_PRINCIPAL)}: ` +
                    `give the Pod Identity principal a statement of its own, so its source conditions apply to it alone.`,
            );
        }
    }
    problems.push(...checkPodIdentityRequestTags(doc, field));
    return problems;
}

/**
 * Whether the statement pins `key`: a positive test whose every value is exact or has a fixed prefix (`pinsTag`);
 * `StringLike "?*"`, `"*"`, `Null`, negated and `IfExists` tests hold for every association.
 */
function requires(s: Statement, key: string): boolean {
    return s.conditions.some((e) => e.key.toLowerCase() === key.toLowerCase() && pinsTag(e));
}

/**
 * The session tags EKS Pod Identity adds to its `AssumeRole` request (and only these), as written after
 * `aws:RequestTag/` in a trust policy.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags
 */
export const POD_IDENTITY_SESSION_TAGS: readonly string[] = [
    "eks-cluster-arn",
    "eks-cluster-name",
    "kubernetes-namespace",
    "kubernetes-service-account",
    "kubernetes-pod-name",
    "kubernetes-pod-uid",
];

const REQUEST_TAG = "aws:requesttag/";
const PINNING_TAGS = ["kubernetes-namespace", "kubernetes-service-account"] as const;

/**
 * Each Pod Identity statement should pin who may use the role with the session tags EKS sets: at least
 * `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` (AWS's documented
 * tag-pinned trust), ideally `aws:RequestTag/eks-cluster-arn` too. AWS's bare documented trust (no condition)
 * and trusts scoped only by `aws:SourceAccount` / `aws:SourceArn` / `aws:SourceOrgId` are valid and work, so this
 * is advisory: they let any association of the account (or organization) whose creator may pass the role use it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html ("Setting Conditions")
 */
export function checkPodIdentityTrustSource(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const s of podIdentityStatements(doc.statements)) {
        const missing = PINNING_TAGS.map((tag) => `aws:RequestTag/${tag}`).filter((key) => !requires(s, key));
        if (missing.length > 0) {
            problems.push(
                `${field} Statement[${s.index}] trusts ${show(POD_IDENTITY_PRINCIPAL)} without requiring ${missing.map((k) => show(k)).join(" and ")}: ` +
                    `any Pod Identity association of the account whose creator may pass this role can use it; add StringEquals ` +
                    `"aws:RequestTag/kubernetes-namespace" = "<namespace>", "aws:RequestTag/kubernetes-service-account" = "<ServiceAccount>" ` +
                    `and "aws:RequestTag/eks-cluster-arn" = "<cluster ARN>" (the session tags EKS Pod Identity sets).`,
            );
        }
    }
    return problems;
}

/**
 * A Pod Identity statement that requires an `aws:RequestTag/<tag>` EKS never sets (a typo such as
 * `kubernetes-serviceaccount`) can never match a Pod Identity request: the role cannot be assumed. Only
 * positive operators without `IfExists` count (an absent key makes them false).
 */
export function checkPodIdentityRequestTags(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const s of podIdentityStatements(doc.statements)) {
        for (const e of s.conditions) {
            const key = e.key.toLowerCase();
            const positive = !e.operator.endsWith("IfExists") && !e.operator.includes("Not") && !e.operator.startsWith("ForAllValues:") && e.operator !== "Null";
            if (positive && key.startsWith(REQUEST_TAG) && !POD_IDENTITY_SESSION_TAGS.includes(key.slice(REQUEST_TAG.length))) {
                problems.push(
                    `${field} Statement[${s.index}].Condition.${e.operator} ${show(e.key)} is not a session tag EKS Pod Identity sets, so no Pod Identity request can match it: ` +
                        `use one of ${POD_IDENTITY_SESSION_TAGS.map((t) => `aws:RequestTag/${t}`).join(", ")}.`,
                );
            }
        }
    }
    return problems;
}

/** Whether some `Allow` statement lets `pods.eks.amazonaws.com` call `sts:AssumeRole` (also through `sts:*` or `*`). */
export function allowsPodIdentity(doc: PolicyDocument): boolean {
    return podIdentityStatements(doc.statements).some((s) =>
        (s.actions ?? []).some((a) => ["sts:assumerole", "sts:*", "*"].includes(a.toLowerCase())),
    );
}

/** The condition keys of a document that start with one of `prefixes` (case-insensitive), in order, without duplicates. */
export function tagConditionKeys(doc: PolicyDocument, prefixes: readonly string[]): string[] {
    const keys = new Set<string>();
    for (const s of doc.statements) {
        for (const e of s.conditions) {
            if (prefixes.some((p) => e.key.toLowerCase().startsWith(p.toLowerCase()))) {
                keys.add(e.key);
            }
        }
    }
    return [...keys];
}

/** The association's side of a Pod Identity request: the session tags EKS sets from it. */
export interface PodIdentityRequestTags {
    /** `kubernetes-namespace`. */
    readonly namespace: string;
    /** `kubernetes-service-account`. */
    readonly serviceAccount: string;
    /** `eks-cluster-name` (and the last part of `eks-cluster-arn`), when the association names it. */
    readonly clusterName?: string;
}

/**
 * The tag conditions of `doc`'s Pod Identity statements that a request with `tags` fails, or `[]` when some Pod
 * Identity statement lets it through (statements are OR'ed; conditions of one statement AND'ed). Only the tags an
 * association decides are judged (`StringEquals`/`StringLike`, no `IfExists`, no negation); others pass.
 * `undefined` when no statement trusts `pods.eks.amazonaws.com`.
 */
export function failedRequestTags(doc: PolicyDocument, tags: PodIdentityRequestTags): string[] | undefined {
    const statements = podIdentityStatements(doc.statements);
    if (statements.length === 0) {
        return undefined;
    }
    const valueOf = (tag: string): { value: string; arnSuffix?: boolean } | undefined => {
        switch (tag) {
            case "kubernetes-namespace":
                return { value: tags.namespace };
            case "kubernetes-service-account":
                return { value: tags.serviceAccount };
            case "eks-cluster-name":
                return tags.clusterName !== undefined ? { value: tags.clusterName } : undefined;
            case "eks-cluster-arn":
                return tags.clusterName !== undefined ? { value: `:cluster/${tags.clusterName}`, arnSuffix: true } : undefined;
            default:
                return undefined;
        }
    };
    let firstFailures: string[] | undefined;
    for (const s of statements) {
        const failures: string[] = [];
        for (const e of s.conditions) {
            const key = e.key.toLowerCase();
            if (!key.startsWith(REQUEST_TAG) || (e.operator !== "StringEquals" && e.operator !== "StringLike")) {
                continue;
            }
            const request = valueOf(key.slice(REQUEST_TAG.length));
            if (request === undefined) {
                continue;
            }
            const matches = e.values.some((v) => {
                if (request.arnSuffix === true) {
                    // The association names the cluster, not its ARN: compare the ARN's cluster name.
                    return e.operator === "StringLike" ? true : v.endsWith(request.value);
                }
                return e.operator === "StringLike" ? iamPatternMatcher(v)(request.value) : v === request.value;
            });
            if (!matches) {
                failures.push(`${e.key} = ${show(e.values.length === 1 ? e.values[0] : e.values)}`);
            }
        }
        if (failures.length === 0) {
            return [];
        }
        firstFailures ??= failures;
    }
    return firstFailures;
}
