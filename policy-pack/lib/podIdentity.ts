/**
 * The EKS Pod Identity trust rules: roles trusted by the service principal `pods.eks.amazonaws.com`.
 * Pure functions over a parsed document; each returns the problems as messages.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
import { PolicyDocument, Principal, Statement } from "./document";
import { show } from "./format";

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** The actions a Pod Identity trust statement allows: exactly these two. */
export const POD_IDENTITY_ACTIONS: readonly string[] = ["sts:AssumeRole", "sts:TagSession"];

/** The ServiceAccount annotation that declares an IRSA → Pod Identity migration (value `"true"`). */
export const MIGRATION_ANNOTATION = "eks-irsa.dev/identity-migration";

/** Operators under which a source condition restricts the caller (negated, `…IfExists` and set operators do not). */
const RESTRICTING_OPERATORS = new Set(["StringEquals", "StringLike", "ArnEquals", "ArnLike"]);

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

/** Actions and principals of each Pod Identity statement: exactly the two actions, no other principal. */
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
    return problems;
}

/** Whether the statement requires `key` with a restricting operator and no bare `*` value. */
function requires(s: Statement, key: string): boolean {
    return s.conditions.some(
        (e) => e.key.toLowerCase() === key.toLowerCase() && RESTRICTING_OPERATORS.has(e.operator) && e.values.length > 0 && !e.values.includes("*"),
    );
}

/**
 * Each Pod Identity statement is scoped to its source: `aws:SourceAccount` and `aws:SourceArn` (the cluster), or
 * `aws:SourceOrgId` (every cluster of the organization). Without them any cluster of any account whose
 * operator can pass the role could use it (the confused deputy).
 */
export function checkPodIdentityTrustSource(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const s of podIdentityStatements(doc.statements)) {
        if (requires(s, "aws:SourceOrgId")) {
            continue;
        }
        const missing = ["aws:SourceAccount", "aws:SourceArn"].filter((key) => !requires(s, key));
        if (missing.length > 0) {
            problems.push(
                `${field} Statement[${s.index}] trusts ${show(POD_IDENTITY_PRINCIPAL)} without requiring ${missing.map((k) => show(k)).join(" and ")}: ` +
                    `add StringEquals "aws:SourceAccount" = the cluster's account and ArnEquals "aws:SourceArn" = the cluster's ARN ` +
                    `(or StringEquals "aws:SourceOrgId" = your organization's id), so pods of another cluster or account cannot assume this role.`,
            );
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
