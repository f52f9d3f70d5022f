/**
 * Who may assume a role, in plain words, from any trust policy: each (principal, web-identity subject, action,
 * other conditions) of each statement is one atom, whatever the statements' order or grouping; atoms that differ
 * only in their action are shown as one principal with its actions.
 *
 * For a web identity (`Federated`) principal, the `<provider>:sub` condition names who holds the token: for an EKS
 * cluster's OIDC provider, `system:serviceaccount:<namespace>:<name>`
 * (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html). Each of its values
 * is one principal (values of one condition key are alternatives:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
 * EKS Pod Identity trusts the `pods.eks.amazonaws.com` service; which ServiceAccount gets the role is said by its
 * associations (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html), each one more principal.
 */
import type { LooseStatement } from "../audit";
import { asList } from "../audit";
import { globCovers } from "./glob";
import { Clause, clausesKey, clausesOf, clauseText, conditionCovers, isUnknown, Term, termCovers, termKey, termText, uniqueSorted } from "./terms";

/** The kind of an association principal (not an IAM principal type). */
export const POD_IDENTITY = "PodIdentityAssociation";

/** One (principal, subject, action, conditions) of a trust. */
export interface PrincipalAtom {
    effect: string;
    /** `AWS`, `Service`, `Federated`, `CanonicalUser`, `*`, `NotPrincipal`, or {@link POD_IDENTITY}. */
    kind: string;
    /** The principal (an ARN, a service, a provider ARN; for an association, its cluster name). */
    value: string;
    /** The web-identity subject the `:sub` condition (or the association) pins, with its operator. */
    subject?: { op: string; value: string };
    action: Term;
    /** The statement's other conditions. */
    qualifiers: readonly Clause[];
    unknown: boolean;
}

/** One principal as shown: atoms that differ only in their action. */
export interface Principal {
    /** Equal keys, equal principals. */
    key: string;
    atoms: PrincipalAtom[];
    unknown: boolean;
}

/** What makes a principal readable. */
export interface PrincipalContext {
    /** The cluster each OIDC issuer host belongs to, when the stack says. */
    clusterByIssuerHost: ReadonlyMap<string, string>;
    /** Name the account of each OIDC provider (the stack spans several accounts: one issuer may have a provider in each). */
    showAccounts?: boolean;
}

const OIDC = /:oidc-provider\/(.+)$/;

function principalsOf(s: LooseStatement): { kind: string; value: string }[] {
    if (s.NotPrincipal !== undefined) return [{ kind: "NotPrincipal", value: JSON.stringify(s.NotPrincipal) }];
    const p = s.Principal;
    if (p === "*") return [{ kind: "*", value: "*" }];
    if (p === null || typeof p !== "object") return [];
    return Object.entries(p as Record<string, unknown>).flatMap(([kind, v]) => uniqueSorted(asList(v as unknown[])).map((value) => ({ kind, value })));
}

/** EKS Pod Identity's service principal (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html). */
export const POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";
/**
 * The session tags EKS Pod Identity sets, which a trust may pin
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html).
 */
const TAG = { namespace: "aws:requesttag/kubernetes-namespace", serviceAccount: "aws:requesttag/kubernetes-service-account", cluster: "aws:requesttag/eks-cluster-arn" };

type Subject = PrincipalAtom["subject"];

/**
 * The subjects a statement's conditions pin for a principal, and its other conditions: the values of an OIDC
 * provider's `<issuer>:sub`, or the ServiceAccount a Pod Identity trust pins with the `kubernetes-namespace` and
 * `kubernetes-service-account` session tags (one value each). `[undefined]` when nothing is pinned.
 */
function pinnedSubjects(kind: string, value: string, clauses: readonly Clause[]): { subjects: Subject[]; qualifiers: readonly Clause[] } {
    const stringOp = (c: Clause): boolean => /^String(Equals|Like)$/.test(c.op);
    const host = kind === "Federated" ? OIDC.exec(value)?.[1]?.toLowerCase() : undefined;
    if (host !== undefined) {
        const subs = clauses.filter((c) => c.key.toLowerCase() === `${host}:sub`);
        if (subs.length === 1 && stringOp(subs[0]!)) return { subjects: subs[0]!.values.map((v) => ({ op: subs[0]!.op, value: v })), qualifiers: clauses.filter((c) => c !== subs[0]) };
    }
    if (kind === "Service" && value.toLowerCase() === POD_IDENTITY_SERVICE) {
        const ns = clauses.filter((c) => c.key.toLowerCase() === TAG.namespace);
        const sa = clauses.filter((c) => c.key.toLowerCase() === TAG.serviceAccount);
        if (ns.length === 1 && sa.length === 1 && [ns[0]!, sa[0]!].every((c) => stringOp(c) && c.values.length === 1)) {
            const op = ns[0]!.op === "StringLike" || sa[0]!.op === "StringLike" ? "StringLike" : "StringEquals";
            return { subjects: [{ op, value: `system:serviceaccount:${ns[0]!.values[0]!}:${sa[0]!.values[0]!}` }], qualifiers: clauses.filter((c) => c !== ns[0] && c !== sa[0]) };
        }
    }
    return { subjects: [undefined], qualifiers: clauses };
}

/** Whether a trust atom pins one Pod Identity ServiceAccount by its session tags. */
export function pinsPodIdentitySubject(a: PrincipalAtom): boolean {
    return a.kind === "Service" && a.value.toLowerCase() === POD_IDENTITY_SERVICE && a.subject !== undefined;
}

/** The cluster a Pod Identity trust pins by the `eks-cluster-arn` session tag, and that clause. */
function pinnedCluster(a: PrincipalAtom): { name: string; clause: Clause } | undefined {
    if (!pinsPodIdentitySubject(a)) return undefined;
    const clause = a.qualifiers.find((c) => c.key.toLowerCase() === TAG.cluster && c.values.length === 1 && /^(String|Arn)(Equals|Like)$/.test(c.op));
    return clause === undefined ? undefined : { name: clause.values[0]!.replace(/^arn:[^:]+:eks:[^:]*:\d*:cluster\//, ""), clause };
}

/** The atoms of a trust policy's statements, de-duplicated. */
export function trustAtoms(statements: readonly LooseStatement[]): PrincipalAtom[] {
    const out = new Map<string, PrincipalAtom>();
    for (const s of statements) {
        const effect = typeof s.Effect === "string" ? s.Effect : "Allow";
        const clauses = clausesOf(s.Condition);
        const actions: Term[] = s.Action !== undefined
            ? uniqueSorted(asList(s.Action as unknown[]), true).map((v) => ({ not: false, values: [v] }))
            : s.NotAction !== undefined ? [{ not: true, values: uniqueSorted(asList(s.NotAction as unknown[]), true) }] : [];
        for (const { kind, value } of principalsOf(s)) {
            const { subjects, qualifiers } = pinnedSubjects(kind, value, clauses);
            for (const subject of subjects) {
                for (const action of actions) {
                    const atom: PrincipalAtom = { effect, kind, value, ...(subject ? { subject } : {}), action, qualifiers, unknown: false };
                    atom.unknown = isUnknown(value) || isUnknown(subject?.value) || action.values.some(isUnknown) || qualifiers.some((c) => c.values.some(isUnknown));
                    out.set(atomKey(atom), atom);
                }
            }
        }
    }
    return [...out.values()];
}

/** The atom of a Pod Identity association: this ServiceAccount of this cluster may take the role. */
export function associationAtom(cluster: string, namespace: string, serviceAccount: string): PrincipalAtom {
    const atom: PrincipalAtom = {
        effect: "Allow",
        kind: POD_IDENTITY,
        value: cluster,
        subject: { op: "StringEquals", value: `system:serviceaccount:${namespace}:${serviceAccount}` },
        action: { not: false, values: ["sts:AssumeRole"] },
        qualifiers: [],
        unknown: false,
    };
    atom.unknown = isUnknown(cluster) || isUnknown(namespace) || isUnknown(serviceAccount);
    return atom;
}

function groupKey(a: PrincipalAtom): string {
    const value = a.kind === "Service" ? a.value.toLowerCase() : a.value;
    return [a.effect, a.kind, value, a.subject?.op ?? "", a.subject?.value ?? "", clausesKey(a.qualifiers)].join("\u0005");
}

function atomKey(a: PrincipalAtom): string {
    return `${groupKey(a)}\u0005${termKey(a.action, true)}`;
}

/** Atoms grouped into principals (same principal, subject and conditions; several actions). */
export function groupPrincipals(atoms: readonly PrincipalAtom[]): Principal[] {
    const groups = new Map<string, PrincipalAtom[]>();
    for (const a of atoms) {
        const k = groupKey(a);
        const g = groups.get(k);
        if (g === undefined) groups.set(k, [a]);
        else g.push(a);
    }
    return [...groups.values()].map((g) => {
        g.sort((x, y) => (termKey(x.action, true) < termKey(y.action, true) ? -1 : 1));
        return { key: g.map(atomKey).join("\u0006"), atoms: g, unknown: g.some((a) => a.unknown) };
    });
}

function subjectCovers(outer: PrincipalAtom["subject"], inner: PrincipalAtom["subject"]): boolean {
    if (outer === undefined) return true;
    if (inner === undefined) return false;
    if (outer.op === "StringLike") return globCovers(outer.value, inner.value, false);
    return inner.op === "StringEquals" || !/[*?]/.test(inner.value) ? outer.value === inner.value : false;
}

/** Whether `outer` lets in everyone `inner` lets in, for the same actions and under looser or equal conditions. */
export function principalAtomCovers(outer: PrincipalAtom, inner: PrincipalAtom): boolean {
    if (outer.effect !== inner.effect) return false;
    const sameWho = outer.kind === "*" || (outer.kind === "AWS" && outer.value === "*") || (outer.kind === inner.kind && (outer.kind === "Service" ? outer.value.toLowerCase() === inner.value.toLowerCase() : outer.value === inner.value));
    return sameWho && subjectCovers(outer.subject, inner.subject) && termCovers(outer.action, inner.action, true) && conditionCovers(outer.qualifiers, inner.qualifiers);
}

/** Whether a principal added (lets in someone BASE did not) or removed (a `Deny` HEAD no longer has) broadens. */
export function principalBroadens(change: "added" | "removed", p: Principal, base: readonly PrincipalAtom[], head: readonly PrincipalAtom[]): boolean {
    if (change === "added") return p.atoms.some((a) => a.effect !== "Deny" && !base.some((b) => principalAtomCovers(b, a)));
    return p.atoms.some((a) => a.effect === "Deny" && !head.some((h) => principalAtomCovers(h, a)));
}

function who(a: PrincipalAtom, ctx: PrincipalContext): string {
    const sa = a.subject !== undefined ? /^system:serviceaccount:([^:]+):(.+)$/.exec(a.subject.value) : null;
    const subject = a.subject === undefined ? undefined
        : sa !== null ? `${/[*?]/.test(a.subject.value) && a.subject.op === "StringLike" ? "ServiceAccounts matching" : "ServiceAccount"} ${sa[1]}/${sa[2]}`
        : `subject ${a.subject.op === "StringLike" ? "matching " : ""}${a.subject.value}`;
    if (a.kind === POD_IDENTITY) return `${subject ?? "any ServiceAccount"} of cluster ${a.value} via EKS Pod Identity association`;
    if (pinsPodIdentitySubject(a)) {
        const cluster = pinnedCluster(a);
        return `${subject!}${cluster !== undefined ? ` of cluster ${cluster.name}` : ""} via EKS Pod Identity (${a.value})`;
    }
    const host = a.kind === "Federated" ? OIDC.exec(a.value)?.[1] : undefined;
    if (host !== undefined) {
        const cluster = ctx.clusterByIssuerHost.get(host.toLowerCase());
        const account = ctx.showAccounts === true ? /:iam::(\d{12}):/.exec(a.value)?.[1] : undefined;
        const about = [...(cluster !== undefined ? [`cluster ${cluster}`] : []), ...(account !== undefined ? [`account ${account}`] : [])];
        return `${subject ?? "any identity"} via OIDC provider ${host}${about.length > 0 ? ` (${about.join(", ")})` : ""}`;
    }
    const base = a.kind === "*" || (a.kind === "AWS" && a.value === "*") ? "anyone (*)"
        : a.kind === "Service" ? `AWS service ${a.value}`
        : a.kind === "AWS" && /^\d{12}$|:root$/.test(a.value) ? `any principal of AWS account ${/(\d{12})/.exec(a.value)?.[1] ?? a.value}`
        : a.kind === "AWS" ? `IAM principal ${a.value}`
        : a.kind === "NotPrincipal" ? `anyone except ${a.value}`
        : `${a.kind} ${a.value}`;
    return subject !== undefined ? `${subject} of ${base}` : base;
}

/** The principal in plain words: who, the actions it may call, and under which conditions. */
export function principalText(p: Principal, ctx: PrincipalContext): string {
    const a = p.atoms[0]!;
    const host = a.kind === "Federated" ? OIDC.exec(a.value)?.[1]?.toLowerCase() : undefined;
    const cluster = pinnedCluster(a)?.clause;
    const conditions = a.qualifiers.filter((c) => c !== cluster).map((c) => clauseText(c, host !== undefined && c.key.toLowerCase().startsWith(`${host}:`) ? c.key.slice(host.length + 1) : c.key));
    const actions = a.kind === POD_IDENTITY ? "" : `: ${p.atoms.map((x) => termText(x.action)).join(", ")}`;
    return `${a.effect === "Deny" ? "DENY " : ""}${who(a, ctx)}${actions}${conditions.length > 0 ? ` if ${conditions.join(" and ")}` : ""}`;
}
