/**
 * The audit model of a plan: for each IAM role, who may assume it and what it may do, and which
 * ServiceAccounts and Deployments use it.
 *
 * Built from the resources alone (any stack, not only this package's), indexed by name and ARN so it stays
 * linear in the number of resources. `synth` prints it as a tree and a table and writes the documents out.
 */
import { AnalyzedResource } from "./analyzer/requests";

/** A loosely typed IAM statement as found in a stack. */
export interface LooseStatement {
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
    [k: string]: unknown;
}

/** A loosely typed IAM document as found in a stack. */
export interface LooseDocument {
    Version?: string;
    Statement?: LooseStatement | LooseStatement[];
}

/** One OIDC provider a role's trust accepts tokens through. */
export interface TrustedCluster {
    /** The issuer, without `https://`, e.g. `oidc.eks.us-west-2.amazonaws.com/id/ABC`. */
    issuer: string;
    /** The account the provider is registered in. */
    account: string;
}

/** One role and everything attached to it. */
export interface RoleAudit {
    /** The workload's name for roles built by `IrsaWorkload`, else the role's logical name. */
    workload: string;
    role: AnalyzedResource;
    roleName: string;
    roleArn: string;
    /** The trust document, parsed; `undefined` when absent or not JSON. */
    trust?: LooseDocument;
    /** `system:serviceaccount:…` subjects the trust's `:sub` conditions name (any operator). */
    trustedSubjects: string[];
    /** The account of the role (from its ARN), `""` when unknown. */
    account: string;
    /**
     * Every cluster whose ServiceAccount tokens the trust accepts: one per OIDC provider it trusts, with the
     * provider's account (the roles of one workload may be trusted by several clusters and live in another account).
     */
    trustedClusters: TrustedCluster[];
    /** Inline statements: the role's `inlinePolicies`, its `RolePolicy`s and customer-managed `Policy`s attached to it. */
    statements: LooseStatement[];
    /** ARNs of managed policies attached (`RolePolicyAttachment`, `managedPolicyArns`). */
    managedPolicyArns: string[];
    /** The resources that carry the role's permissions (RolePolicy, RolePolicyAttachment, Policy). */
    policyResources: AnalyzedResource[];
    serviceAccounts: AnalyzedResource[];
    /** EKS Pod Identity associations that bind a ServiceAccount to the role. */
    associations: AnalyzedResource[];
    deployments: AnalyzedResource[];
    /** Jobs whose pods run under the role's ServiceAccounts (the `verify` proof Job among them). */
    jobs: AnalyzedResource[];
    /** `irsa`, `pod-identity` or `both`, from the trust's principals. */
    mode: "irsa" | "pod-identity" | "both" | "other";
}

/** Parses a document given as JSON text or as an object; `undefined` when it is neither. */
export function parseDocument(v: unknown): LooseDocument | undefined {
    if (typeof v === "string") {
        try {
            const d = JSON.parse(v) as unknown;
            return d !== null && typeof d === "object" ? (d as LooseDocument) : undefined;
        } catch {
            return undefined;
        }
    }
    return v !== null && typeof v === "object" ? (v as LooseDocument) : undefined;
}

/** A value that may be one item or a list, as a list. */
export function asList<T>(v: T | T[] | undefined): T[] {
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The statements of a document. */
export function statementsOf(d: LooseDocument | undefined): LooseStatement[] {
    return asList(d?.Statement).filter((s): s is LooseStatement => s !== null && typeof s === "object");
}

function str(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}

function rec(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Kubernetes object metadata from outputs, falling back to inputs. */
export function k8sMeta(r: AnalyzedResource): { name: string; namespace: string; annotations: Record<string, unknown> } {
    const out = rec(r.outputs.metadata);
    const inp = rec(r.inputs.metadata);
    return {
        name: str(out.name) ?? str(inp.name) ?? r.name,
        namespace: str(out.namespace) ?? str(inp.namespace) ?? "default",
        annotations: { ...rec(inp.annotations), ...rec(out.annotations) },
    };
}

function subjectsOf(trust: LooseDocument | undefined): string[] {
    const subjects = new Set<string>();
    for (const s of statementsOf(trust)) {
        for (const block of Object.values(rec(s.Condition))) {
            for (const [key, value] of Object.entries(rec(block))) {
                if (key.endsWith(":sub")) for (const v of asList(value as string | string[])) subjects.add(String(v));
            }
        }
    }
    return [...subjects].sort();
}

function clustersOf(trust: LooseDocument | undefined): TrustedCluster[] {
    const clusters: TrustedCluster[] = [];
    for (const s of statementsOf(trust)) {
        if (s.Effect !== "Allow") continue;
        for (const f of asList(rec(s.Principal).Federated as string | string[])) {
            const m = /^arn:[^:]+:iam::(\d{12}):oidc-provider\/(.+)$/.exec(String(f));
            if (m !== null && !clusters.some((c) => c.issuer === m[2] && c.account === m[1])) clusters.push({ issuer: m[2]!, account: m[1]! });
        }
    }
    return clusters;
}

function modeOf(trust: LooseDocument | undefined): RoleAudit["mode"] {
    let irsa = false;
    let pods = false;
    for (const s of statementsOf(trust)) {
        const p = rec(s.Principal);
        if (asList(p.Federated as string | string[]).some((f) => String(f).includes(":oidc-provider/"))) irsa = true;
        if (asList(p.Service as string | string[]).includes("pods.eks.amazonaws.com")) pods = true;
    }
    return irsa && pods ? "both" : irsa ? "irsa" : pods ? "pod-identity" : "other";
}

const WORKLOAD_TYPE = "eks-irsa:index:IrsaWorkload";

/** Builds the audit of every IAM role in `resources`. */
export function auditRoles(resources: readonly AnalyzedResource[]): RoleAudit[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const byType = new Map<string, AnalyzedResource[]>();
    // Reads (`external`) are what exists before the update, not what the stack sets: they grant nothing of its own.
    for (const r of resources) if (r.external !== true) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
    const ofType = (t: string): AnalyzedResource[] => byType.get(t) ?? [];

    const audits: RoleAudit[] = [];
    const byRoleName = new Map<string, RoleAudit>();
    const byRoleArn = new Map<string, RoleAudit>();
    for (const role of ofType("aws:iam/role:Role")) {
        const roleName = str(role.outputs.name) ?? str(role.inputs.name) ?? role.name;
        const roleArn = str(role.outputs.arn) ?? "";
        const trust = parseDocument(role.inputs.assumeRolePolicy ?? role.outputs.assumeRolePolicy);
        const parent = role.parent !== undefined ? byUrn.get(role.parent) : undefined;
        const workload = parent?.type === WORKLOAD_TYPE ? (str(parent.outputs.workloadName) ?? parent.name) : role.name;
        const statements: LooseStatement[] = [];
        for (const p of asList(role.inputs.inlinePolicies as unknown[])) statements.push(...statementsOf(parseDocument(rec(p).policy)));
        const a: RoleAudit = {
            workload,
            role,
            roleName,
            roleArn,
            ...(trust !== undefined ? { trust } : {}),
            trustedSubjects: subjectsOf(trust),
            account: /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? "",
            trustedClusters: clustersOf(trust),
            statements,
            managedPolicyArns: asList(role.inputs.managedPolicyArns as string[]).map(String),
            policyResources: [],
            serviceAccounts: [],
            associations: [],
            deployments: [],
            jobs: [],
            mode: modeOf(trust),
        };
        audits.push(a);
        byRoleName.set(roleName, a);
        if (roleArn !== "") byRoleArn.set(roleArn, a);
    }

    const roleOf = (v: unknown): RoleAudit | undefined => {
        const s = str(v);
        return s === undefined ? undefined : (byRoleName.get(s) ?? byRoleArn.get(s) ?? byRoleName.get(s.replace(/^arn:[^:]+:iam::\d*:role\/(?:.*\/)?/, "")));
    };
    for (const rp of ofType("aws:iam/rolePolicy:RolePolicy")) {
        const a = roleOf(rp.inputs.role);
        if (a === undefined) continue;
        a.statements.push(...statementsOf(parseDocument(rp.inputs.policy)));
        a.policyResources.push(rp);
    }
    const policiesByArn = new Map(ofType("aws:iam/policy:Policy").map((p) => [str(p.outputs.arn) ?? "", p]));
    for (const att of ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
        const a = roleOf(att.inputs.role);
        const arn = str(att.inputs.policyArn);
        if (a === undefined || arn === undefined) continue;
        a.policyResources.push(att);
        const policy = policiesByArn.get(arn);
        if (policy !== undefined) {
            a.statements.push(...statementsOf(parseDocument(policy.inputs.policy)));
            a.policyResources.push(policy);
        } else {
            a.managedPolicyArns.push(arn);
        }
    }

    const saByKey = new Map<string, RoleAudit>();
    const saResources = new Map<string, AnalyzedResource>();
    for (const sa of [...ofType("kubernetes:core/v1:ServiceAccount"), ...ofType("kubernetes:core/v1:ServiceAccountPatch")]) {
        const meta = k8sMeta(sa);
        saResources.set(`${meta.namespace}/${meta.name}`, sa);
        const a = roleOf(meta.annotations["eks.amazonaws.com/role-arn"]);
        if (a === undefined) continue;
        a.serviceAccounts.push(sa);
        saByKey.set(`${meta.namespace}/${meta.name}`, a);
    }
    // Pod Identity: the association, not an annotation, ties the ServiceAccount to its role.
    for (const pia of ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")) {
        const a = roleOf(pia.inputs.roleArn ?? pia.outputs.roleArn);
        if (a === undefined) continue;
        a.associations.push(pia);
        const key = `${String(pia.inputs.namespace)}/${String(pia.inputs.serviceAccount)}`;
        const sa = saResources.get(key);
        if (sa !== undefined && !a.serviceAccounts.includes(sa)) a.serviceAccounts.push(sa);
        saByKey.set(key, a);
    }
    for (const [type, list] of [["kubernetes:apps/v1:Deployment", "deployments"], ["kubernetes:batch/v1:Job", "jobs"]] as const) {
        for (const d of ofType(type)) {
            const meta = k8sMeta(d);
            const spec = rec(rec(rec(d.inputs.spec).template).spec);
            const sa = str(spec.serviceAccountName) ?? "default";
            saByKey.get(`${meta.namespace}/${sa}`)?.[list].push(d);
        }
    }
    return audits;
}

/** `Action` of a statement as a list (NotAction shown as `NOT <action>`). */
export function actionsOf(s: LooseStatement): string[] {
    return [...asList(s.Action).map(String), ...asList(s.NotAction).map((a) => `NOT ${String(a)}`)];
}
