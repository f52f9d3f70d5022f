/**
 * One side of a diff: for every IAM role of a stack (any stack, not only this package's), everything the diff
 * compares, in normal form. Built on the audit model `synth` prints ({@link auditRoles}).
 */
import { AnalyzedResource, urnName } from "../analyzer/requests";
import { asList, auditRoles, k8sMeta, LooseStatement, parseDocument, RoleAudit, statementsOf } from "../audit";
import { PermissionAtom, permissionAtoms } from "./permissions";
import { associationAtom, groupPrincipals, pinsPodIdentitySubject, Principal, PrincipalAtom, PrincipalContext, trustAtoms } from "./principals";
import { UNKNOWN } from "../stackExport";
import { isUnknown } from "./terms";

/** A set of comparable items of one role, and what could not be read because it is computed at deploy time. */
export interface Facet<T> {
    items: Map<string, T>;
    /** What is unknown, in words. */
    unknown: string[];
    /** False when a whole document is unknown: then nothing of this facet is compared. */
    complete: boolean;
}

/** A managed policy attached to a role. */
export interface ManagedPolicy {
    text: string;
    /** Whether its document is outside the stack (AWS managed or created elsewhere): its permissions are not diffed. */
    external: boolean;
}

/** Everything the diff compares about one role. */
export interface RoleView {
    urn: string;
    /** The role's name, or its logical name when the name is unknown. */
    name: string;
    /** Whether {@link name} is the role's real name (the fallback match). */
    nameKnown: boolean;
    /**
     * The URN with the stack's name replaced by `*` (in its stack part and in `<project>-<stack>` names) and its
     * parent chain left out (see {@link portableUrn}).
     */
    portableUrn: string;
    /** The workload, for roles built by `IrsaWorkload`. */
    workload?: string;
    principals: Facet<Principal> & { atoms: PrincipalAtom[] };
    permissions: Facet<PermissionAtom> & { atoms: PermissionAtom[] };
    managedPolicies: Facet<ManagedPolicy>;
    /** The permissions boundary's ARN (possibly the unknown placeholder); absent when none. */
    boundary?: string;
    /** One item per ServiceAccount bound to the role: how, and which pods run under it. */
    bindings: Facet<string>;
}

/** One side: its roles and what makes principals readable. */
export interface StackView {
    roles: RoleView[];
    context: PrincipalContext;
    /** Takes the stack's name out of a text (a URN, a violation's message), to compare two stacks of one program. */
    portable: (text: string) => string;
}

const WORKLOAD_TYPE = "eks-irsa:index:IrsaWorkload";
const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
/** Kinds whose pods run under a ServiceAccount, and where their pod spec is. */
const POD_OWNERS: Record<string, string[]> = {
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

function str(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}

function rec(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function facet<T>(): Facet<T> {
    return { items: new Map(), unknown: [], complete: true };
}

/** Issuer host (`oidc.eks.<region>.amazonaws.com/id/<ID>`) → cluster name, from the clusters the stack holds. */
function clustersByIssuer(resources: readonly AnalyzedResource[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of resources) {
        const c = r.type === "aws:eks/cluster:Cluster" ? r.outputs : r.type === "eks:index:Cluster" ? rec(r.outputs.eksCluster) : undefined;
        if (c === undefined) continue;
        const issuer = str(rec(asList(rec(asList(c.identities as unknown[])[0]).oidcs as unknown[])[0]).issuer);
        const name = str(c.name) ?? str(r.inputs.name);
        if (issuer !== undefined && name !== undefined && !isUnknown(issuer)) out.set(issuer.replace(/^https:\/\//, "").toLowerCase(), name);
    }
    return out;
}

/** The ServiceAccount each pod-running resource uses: `<provider>|<namespace>/<sa>` → `Kind namespace/name`. */
function podOwnersBySa(resources: readonly AnalyzedResource[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of resources) {
        const path = POD_OWNERS[r.type];
        if (path === undefined) continue;
        const meta = k8sMeta(r);
        let spec: Record<string, unknown> = r.inputs;
        for (const p of path) spec = rec(spec[p]);
        const sa = str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? "default";
        const key = `${r.provider !== undefined ? portableUrn(r.provider.urn) : ""}|${meta.namespace}/${sa}`;
        const list = out.get(key) ?? [];
        list.push(`${r.type.slice(r.type.lastIndexOf(":") + 1)} ${meta.namespace}/${meta.name}`);
        out.set(key, list);
    }
    for (const list of out.values()) list.sort();
    return out;
}

/** Reads one policy document into statements; unknown or unreadable documents mark the facet. */
function readDocument(value: unknown, what: string, into: LooseStatement[], f: Facet<unknown>): void {
    const doc = parseDocument(value);
    if (doc === undefined) {
        if (isUnknown(value)) {
            f.complete = false;
            f.unknown.push(`${what} is computed at deploy time`);
        }
        return;
    }
    into.push(...statementsOf(doc));
}

function permissionsOf(a: RoleAudit): RoleView["permissions"] {
    const f: RoleView["permissions"] = { ...facet<PermissionAtom>(), atoms: [] };
    const statements: LooseStatement[] = [];
    asList(a.role.inputs.inlinePolicies as unknown[]).forEach((p, i) => readDocument(rec(p).policy, `inline policy ${str(rec(p).name) ?? i}`, statements, f));
    for (const r of a.policyResources) {
        if (r.type === "aws:iam/rolePolicy:RolePolicy") readDocument(r.inputs.policy, `role policy ${r.name}`, statements, f);
        else if (r.type === "aws:iam/policy:Policy") readDocument(r.inputs.policy, `policy ${r.name}`, statements, f);
    }
    for (const atom of permissionAtoms(statements)) {
        f.atoms.push(atom);
        f.items.set(atom.key, atom);
    }
    return f;
}

function principalsOf(a: RoleAudit): RoleView["principals"] {
    const f: RoleView["principals"] = { ...facet<Principal>(), atoms: [] };
    const trustValue = a.role.inputs.assumeRolePolicy ?? a.role.outputs.assumeRolePolicy;
    const statements: LooseStatement[] = [];
    readDocument(trustValue, "the trust policy", statements, f);
    const atoms = trustAtoms(statements);
    // A trust that pins the ServiceAccount by its session tags already names who may take the role; otherwise each
    // association is one more principal (the trust lets any association of the account use the role).
    const pinned = atoms.some(pinsPodIdentitySubject);
    for (const pia of pinned ? [] : a.associations) {
        const inp = { ...pia.outputs, ...pia.inputs };
        atoms.push(associationAtom(String(inp.clusterName ?? ""), String(inp.namespace ?? ""), String(inp.serviceAccount ?? "")));
    }
    f.atoms = atoms;
    for (const p of groupPrincipals(atoms)) f.items.set(p.key, p);
    return f;
}

/**
 * `PolicyAttachment` (one managed policy attached to several roles, users and groups), which the audit does not
 * read: its policy joins each role it names, as the stack's own `Policy` (diffed statement by statement) or by ARN.
 */
function addPolicyAttachments(audits: readonly RoleAudit[], resources: readonly AnalyzedResource[]): void {
    const byName = new Map(audits.map((a) => [a.roleName, a]));
    const byArn = new Map(audits.map((a) => [a.roleArn, a]));
    const policies = new Map(resources.filter((r) => r.type === "aws:iam/policy:Policy").map((r) => [str(r.outputs.arn) ?? r.urn, r]));
    for (const r of resources) {
        if (r.type !== "aws:iam/policyAttachment:PolicyAttachment") continue;
        const arn = str(r.inputs.policyArn);
        if (arn === undefined) continue;
        for (const role of asList(r.inputs.roles as unknown[])) {
            const a = byName.get(String(role)) ?? byArn.get(String(role));
            const policy = policies.get(arn);
            if (a === undefined) continue;
            if (policy !== undefined) {
                if (!a.policyResources.includes(policy)) a.policyResources.push(policy);
            } else if (!a.managedPolicyArns.includes(arn)) a.managedPolicyArns.push(arn);
        }
    }
}

function managedOf(a: RoleAudit): Facet<ManagedPolicy> {
    const f = facet<ManagedPolicy>();
    for (const arn of a.managedPolicyArns) {
        if (isUnknown(arn)) f.unknown.push("a managed policy ARN is computed at deploy time");
        else f.items.set(arn, { text: arn, external: true });
    }
    for (const r of a.policyResources) {
        if (r.type !== "aws:iam/policy:Policy") continue;
        const arn = str(r.outputs.arn);
        const text = arn !== undefined && !isUnknown(arn) ? arn : `policy ${r.name} (created by this stack)`;
        f.items.set(text, { text, external: false });
    }
    return f;
}

function bindingsOf(a: RoleAudit, ownersBySa: ReadonlyMap<string, string[]>, manyClusters: boolean): Facet<string> {
    const f = facet<string>();
    interface Binding { provider: string; namespace: string; name: string; how: Set<string> }
    const byKey = new Map<string, Binding>();
    const bind = (provider: string, namespace: string, name: string, how: string): void => {
        const key = `${provider}|${namespace}/${name}`;
        const b = byKey.get(key) ?? { provider, namespace, name, how: new Set<string>() };
        b.how.add(how);
        byKey.set(key, b);
    };
    const saProviders = new Map<string, string[]>();
    for (const sa of a.serviceAccounts) {
        const m = k8sMeta(sa);
        const provider = sa.provider !== undefined ? portableUrn(sa.provider.urn) : "";
        saProviders.set(`${m.namespace}/${m.name}`, [...(saProviders.get(`${m.namespace}/${m.name}`) ?? []), provider]);
        const arn = m.annotations[ROLE_ARN_ANNOTATION];
        if (isUnknown(arn)) f.unknown.push(`ServiceAccount ${m.namespace}/${m.name}: the role-arn annotation is computed at deploy time`);
        else if (typeof arn === "string" && (arn === a.roleArn || arn.endsWith(`/${a.roleName}`))) bind(provider, m.namespace, m.name, `${ROLE_ARN_ANNOTATION} annotation`);
    }
    for (const pia of a.associations) {
        const inp = { ...pia.outputs, ...pia.inputs };
        const ns = String(inp.namespace ?? "");
        const name = String(inp.serviceAccount ?? "");
        const how = `Pod Identity association on cluster ${String(inp.clusterName ?? "")}`;
        for (const provider of saProviders.get(`${ns}/${name}`) ?? [""]) bind(provider, ns, name, how);
    }
    for (const [key, b] of byKey) {
        const owners = ownersBySa.get(key) ?? [];
        const text = `ServiceAccount ${b.namespace}/${b.name}${manyClusters && b.provider !== "" ? ` (Kubernetes provider ${urnName(b.provider)})` : ""} by ${[...b.how].sort().join(" and ")}`
            + (owners.length > 0 ? `, used by ${owners.join(", ")}` : "");
        if (isUnknown(text)) f.unknown.push(text.replaceAll(UNKNOWN, "(unknown)"));
        else f.items.set(`${key}|${[...b.how].sort().join("|")}|${owners.join("|")}`, text);
    }
    return f;
}

/**
 * `urn` without its stack's name (`urn:pulumi:*::<project>::…`, and `<project>-<stack>` prefixes as
 * `<project>-*`) and without its parents' types: `urn:pulumi:*::<project>::<type>::<name>`. Two stacks of one
 * program compare equal, and so do the URNs `synth` wrote before it wrote the engine's (its parent chain was
 * `pulumi:pulumi:Stack$<type>` for the stack's children and only the parent's last type below them).
 */
export function portableUrn(urn: string): string {
    let p = portableUrns.get(urn);
    if (p === undefined) {
        const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
        p = m === null ? urn : withoutStack(withoutParentTypes(urn), m[1]!, m[2]!);
        // Thousands of resources share a few providers: each provider URN is worked out once.
        if (portableUrns.size > 100_000) portableUrns.clear();
        portableUrns.set(urn, p);
    }
    return p;
}

const portableUrns = new Map<string, string>();

/** `urn` with only the resource's own type where the engine writes the whole chain (`A$B$<type>`). */
export function withoutParentTypes(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) return urn;
    const chain = parts[2]!;
    parts[2] = chain.slice(chain.lastIndexOf("$") + 1);
    return parts.join("::");
}

/** `text` with the stack's name taken out of URNs and `<project>-<stack>` names. */
function withoutStack(text: string, stack: string, project: string): string {
    return text.split(`urn:pulumi:${stack}::`).join("urn:pulumi:*::").split(`${project}-${stack}`).join(`${project}-*`);
}

/** Builds one side of a diff from a stack's resources. */
export function stackView(resources: readonly AnalyzedResource[]): StackView {
    const context: PrincipalContext = { clusterByIssuerHost: clustersByIssuer(resources) };
    const typeByUrn = new Map(resources.map((r) => [r.urn, r.type]));
    const ownersBySa = podOwnersBySa(resources);
    const manyClusters = new Set(resources.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => r.urn)).size > 1;
    const audits = auditRoles(resources);
    addPolicyAttachments(audits, resources);
    const roles = audits.map((a): RoleView => {
        const realName = str(a.role.outputs.name) ?? str(a.role.inputs.name);
        const isWorkload = a.role.parent !== undefined && typeByUrn.get(a.role.parent) === WORKLOAD_TYPE;
        const boundary = a.role.inputs.permissionsBoundary ?? a.role.outputs.permissionsBoundary;
        return {
            urn: a.role.urn,
            name: isUnknown(a.roleName) ? a.role.name : a.roleName,
            nameKnown: realName !== undefined && !isUnknown(realName),
            portableUrn: portableUrn(a.role.urn),
            ...(isWorkload ? { workload: a.workload } : {}),
            principals: principalsOf(a),
            permissions: permissionsOf(a),
            managedPolicies: managedOf(a),
            ...(typeof boundary === "string" && boundary !== "" ? { boundary } : {}),
            bindings: bindingsOf(a, ownersBySa, manyClusters),
        };
    });
    const accounts = new Set<string>();
    for (const r of roles) {
        for (const a of r.principals.atoms) if (a.kind === "Federated") accounts.add(/:iam::(\d{12}):/.exec(a.value)?.[1] ?? "");
    }
    for (const a of audits) accounts.add(/:iam::(\d{12}):/.exec(a.roleArn)?.[1] ?? "");
    accounts.delete("");
    context.showAccounts = accounts.size > 1;
    const m = resources.length > 0 ? /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resources[0]!.urn) : null;
    const portable = m === null ? (text: string): string => text : (text: string): string => withoutStack(text, m[1]!, m[2]!);
    return { roles, context, portable };
}
