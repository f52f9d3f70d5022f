/**
 * One pass over a stack's resources (their outputs) into maps keyed by role ARN, role name and
 * `namespace/name`, so the stack rules stay linear in the number of resources.
 *
 * A resource whose fields are unknown (preview) is left out of the index and its
 * `UnknownValueError` kept in `unknowns`, per kind: a stack policy reports what it can check and
 * then rethrows the first unknown of the kinds it reads, which the SDK turns into an advisory
 * "can't run policy … during preview" diagnostic. Nothing passes in silence.
 */
import { parsePolicyDocument } from "./document";
import { oidcStatements, splitClaimKey } from "./oidc";
import { asList, asRecord, isUnknownValueError, ROLE_ARN_ANNOTATION, TYPES } from "./resources";

/** The part of a `PolicyResource` the index reads. */
export interface StackResourceView {
    /** Pulumi type token. */
    readonly type: string;
    /** The resource's URN. */
    readonly urn: string;
    /** The resource's outputs. */
    readonly props: Record<string, unknown>;
}

/** An IAM role of the stack. */
export interface RoleEntry {
    readonly urn: string;
    /** Output `name`, when set. */
    readonly name?: string;
    /** Output `arn`, when set and known. */
    readonly arn?: string;
    /** Whether `arn` is unknown (preview of a new role). */
    readonly arnUnknown: boolean;
    /**
     * Every `:sub` value (StringEquals or StringLike) of its OIDC trust statements, in order,
     * without duplicates; undefined while the trust is unknown.
     */
    readonly subjects?: readonly string[];
    /** Inline policy name → minified length, from `inlinePolicies`. */
    readonly inline: ReadonlyMap<string, number>;
    /** ARNs from `managedPolicyArns`. */
    readonly managed: ReadonlySet<string>;
}

/** A ServiceAccount (or ServiceAccountPatch) of the stack. */
export interface ServiceAccountEntry {
    readonly urn: string;
    /** `metadata.namespace`, `default` when unset. */
    readonly namespace: string;
    /** `metadata.name`. */
    readonly name: string;
    /** The `eks.amazonaws.com/role-arn` annotation, when set and known. */
    readonly roleArn?: string;
    /** Whether the annotation is present (its value may still be unknown). */
    readonly annotated: boolean;
}

/** A container environment variable that carries static AWS credentials. */
export interface CredentialEnv {
    /** e.g. `spec.template.spec.containers[0].env[1].name`. */
    readonly path: string;
    /** e.g. `AWS_ACCESS_KEY_ID`. */
    readonly name: string;
}

/** A Deployment of the stack. */
export interface DeploymentEntry {
    readonly urn: string;
    /** `metadata.namespace`, `default` when unset. */
    readonly namespace: string;
    /** `spec.template.spec.serviceAccountName` (or the deprecated `serviceAccount`), when set. */
    readonly serviceAccountName?: string;
    /** `spec.template.spec.hostNetwork === true`. */
    readonly hostNetwork: boolean;
    /** Static AWS credential variables in its containers and init containers. */
    readonly credentialEnv: readonly CredentialEnv[];
}

/** A `RolePolicy` (inline policy as its own resource). */
export interface RolePolicyEntry {
    readonly urn: string;
    /** The role's name. */
    readonly role: string;
    /** The policy's name (its URN when unnamed). */
    readonly name: string;
    /** Minified length of the document, 0 when unparseable. */
    readonly length: number;
}

/** A `RolePolicyAttachment`. */
export interface AttachmentEntry {
    readonly urn: string;
    /** The role's name. */
    readonly role: string;
    /** The attached policy's ARN. */
    readonly policyArn: string;
}

/**
 * What the index reads, at the granularity a stack policy needs to know whether an unknown value
 * affects it: a role's name, its ARN, its trust, its policies; a ServiceAccount's identity and its role
 * annotation; Deployments; RolePolicy and RolePolicyAttachment resources.
 */
export type IndexedKind =
    | "roleName"
    | "roleArn"
    | "roleTrust"
    | "rolePolicies"
    | "serviceAccount"
    | "serviceAccountRole"
    | "deployment"
    | "rolePolicy"
    | "attachment";

/** The stack, indexed. */
export interface StackIndex {
    readonly roles: readonly RoleEntry[];
    readonly rolesByArn: ReadonlyMap<string, RoleEntry>;
    readonly rolesByName: ReadonlyMap<string, RoleEntry>;
    readonly serviceAccounts: readonly ServiceAccountEntry[];
    /** Keyed `namespace/name`. */
    readonly serviceAccountsByKey: ReadonlyMap<string, ServiceAccountEntry>;
    readonly deployments: readonly DeploymentEntry[];
    readonly rolePolicies: readonly RolePolicyEntry[];
    readonly attachments: readonly AttachmentEntry[];
    /** Whether some role's ARN is unknown, so an ARN missing from `rolesByArn` may still be in the stack. */
    readonly someRoleArnUnknown: boolean;
    /** The first unknown-value error met per kind. */
    readonly unknowns: ReadonlyMap<IndexedKind, Error>;
}

const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

/** `namespace/name`, the key of a ServiceAccount. */
export function serviceAccountKey(namespace: string, name: string): string {
    return `${namespace}/${name}`;
}

/** Builds the index in one pass. */
export function buildStackIndex(resources: readonly StackResourceView[]): StackIndex {
    const roles: RoleEntry[] = [];
    const serviceAccounts: ServiceAccountEntry[] = [];
    const deployments: DeploymentEntry[] = [];
    const rolePolicies: RolePolicyEntry[] = [];
    const attachments: AttachmentEntry[] = [];
    const unknowns = new Map<IndexedKind, Error>();
    const onUnknown = (kind: IndexedKind) => (e: Error) => {
        if (!unknowns.has(kind)) {
            unknowns.set(kind, e);
        }
    };
    const readers: Record<string, [IndexedKind, (r: StackResourceView) => void]> = {
        [TYPES.role]: ["roleName", (r) => roles.push(readRole(r, onUnknown))],
        [TYPES.serviceAccount]: ["serviceAccount", (r) => pushDefined(serviceAccounts, readServiceAccount(r, onUnknown("serviceAccountRole")))],
        [TYPES.serviceAccountPatch]: ["serviceAccount", (r) => pushDefined(serviceAccounts, readServiceAccount(r, onUnknown("serviceAccountRole")))],
        [TYPES.deployment]: ["deployment", (r) => deployments.push(readDeployment(r))],
        [TYPES.rolePolicy]: ["rolePolicy", (r) => pushDefined(rolePolicies, readRolePolicy(r))],
        [TYPES.rolePolicyAttachment]: ["attachment", (r) => pushDefined(attachments, readAttachment(r))],
    };
    for (const resource of resources) {
        const reader = readers[resource.type];
        if (reader !== undefined) {
            attempt(() => reader[1](resource), onUnknown(reader[0]));
        }
    }
    const rolesByArn = new Map<string, RoleEntry>();
    const rolesByName = new Map<string, RoleEntry>();
    for (const role of roles) {
        if (role.arn !== undefined) {
            rolesByArn.set(role.arn, role);
        }
        if (role.name !== undefined) {
            rolesByName.set(role.name, role);
        }
    }
    const serviceAccountsByKey = new Map(serviceAccounts.map((sa) => [serviceAccountKey(sa.namespace, sa.name), sa]));
    const someRoleArnUnknown = roles.some((r) => r.arnUnknown);
    return { roles, rolesByArn, rolesByName, serviceAccounts, serviceAccountsByKey, deployments, rolePolicies, attachments, someRoleArnUnknown, unknowns };
}

/** Throws the first unknown-value error met while indexing resources of these kinds, if any. */
export function throwFirstUnknown(index: StackIndex, kinds: readonly IndexedKind[]): void {
    for (const kind of kinds) {
        const e = index.unknowns.get(kind);
        if (e !== undefined) {
            throw e;
        }
    }
}

const UNREAD = Symbol("unknown");

/** Runs `read`; an unknown value is passed to `onUnknown` and yields UNREAD. Other errors propagate. */
function attempt<T>(read: () => T, onUnknown: (e: Error) => void): T | typeof UNREAD {
    try {
        return read();
    } catch (e) {
        if (!isUnknownValueError(e)) {
            throw e;
        }
        onUnknown(e);
        return UNREAD;
    }
}

function pushDefined<T>(list: T[], value: T | undefined): void {
    if (value !== undefined) {
        list.push(value);
    }
}

function optionalString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

function minifiedLength(raw: unknown): number {
    const parsed = parsePolicyDocument(raw);
    return parsed.ok ? parsed.document.minifiedLength : 0;
}

function readRole(r: StackResourceView, onUnknown: (kind: IndexedKind) => (e: Error) => void): RoleEntry {
    const subjects = attempt(() => trustSubjects(r.props["assumeRolePolicy"]), onUnknown("roleTrust"));
    const inline = attempt(() => inlineLengths(r.props["inlinePolicies"]), onUnknown("rolePolicies"));
    const managed = attempt(() => new Set(asList(r.props["managedPolicyArns"]).filter((a): a is string => typeof a === "string")), onUnknown("rolePolicies"));
    const name = attempt(() => optionalString(r.props["name"]), onUnknown("roleName"));
    const arn = attempt(() => optionalString(r.props["arn"]), onUnknown("roleArn"));
    return {
        urn: r.urn,
        name: name === UNREAD ? undefined : name,
        arn: arn === UNREAD ? undefined : arn,
        arnUnknown: arn === UNREAD,
        subjects: subjects === UNREAD ? undefined : subjects,
        inline: inline === UNREAD ? new Map() : inline,
        managed: managed === UNREAD ? new Set() : managed,
    };
}

function trustSubjects(raw: unknown): string[] {
    const subjects = new Set<string>();
    const trust = parsePolicyDocument(raw);
    if (trust.ok) {
        for (const { statement, kubernetesIssuers } of oidcStatements(trust.document.statements)) {
            for (const entry of statement.conditions) {
                const key = splitClaimKey(entry.key);
                if (
                    key?.claim === "sub" &&
                    kubernetesIssuers.some((i) => i.toLowerCase() === key.issuer.toLowerCase()) &&
                    ["StringEquals", "StringLike", "StringEqualsIgnoreCase"].includes(entry.operator)
                ) {
                    entry.values.forEach((v) => subjects.add(v));
                }
            }
        }
    }
    return [...subjects];
}

function inlineLengths(raw: unknown): Map<string, number> {
    const inline = new Map<string, number>();
    asList(raw).forEach((entry, i) => {
        const record = asRecord(entry);
        const policy = record?.["policy"];
        if (policy !== undefined && policy !== "") {
            inline.set(optionalString(record?.["name"]) ?? `#${i}`, minifiedLength(policy));
        }
    });
    return inline;
}

function readServiceAccount(r: StackResourceView, onUnknown: (e: Error) => void): ServiceAccountEntry | undefined {
    const metadata = asRecord(r.props["metadata"]);
    const name = optionalString(metadata?.["name"]);
    if (name === undefined) {
        return undefined;
    }
    const annotations = asRecord(metadata?.["annotations"]);
    const annotated = annotations !== undefined && ROLE_ARN_ANNOTATION in annotations;
    const roleArn = attempt(() => optionalString(annotations?.[ROLE_ARN_ANNOTATION]), onUnknown);
    return {
        urn: r.urn,
        namespace: optionalString(metadata?.["namespace"]) ?? "default",
        name,
        roleArn: roleArn === UNREAD ? undefined : roleArn,
        annotated,
    };
}

function readDeployment(r: StackResourceView): DeploymentEntry {
    const metadata = asRecord(r.props["metadata"]);
    const podSpec = asRecord(asRecord(asRecord(r.props["spec"])?.["template"])?.["spec"]);
    const credentialEnv: CredentialEnv[] = [];
    for (const list of ["initContainers", "containers"]) {
        asList(podSpec?.[list]).forEach((container, c) => {
            asList(asRecord(container)?.["env"]).forEach((env, e) => {
                const name = asRecord(env)?.["name"];
                if (typeof name === "string" && CREDENTIAL_VARIABLES.includes(name)) {
                    credentialEnv.push({ path: `spec.template.spec.${list}[${c}].env[${e}].name`, name });
                }
            });
        });
    }
    return {
        urn: r.urn,
        namespace: optionalString(metadata?.["namespace"]) ?? "default",
        serviceAccountName: optionalString(podSpec?.["serviceAccountName"]) ?? optionalString(podSpec?.["serviceAccount"]),
        hostNetwork: podSpec?.["hostNetwork"] === true,
        credentialEnv,
    };
}

function readRolePolicy(r: StackResourceView): RolePolicyEntry | undefined {
    const role = optionalString(r.props["role"]);
    if (role === undefined) {
        return undefined;
    }
    return { urn: r.urn, role, name: optionalString(r.props["name"]) ?? r.urn, length: minifiedLength(r.props["policy"]) };
}

function readAttachment(r: StackResourceView): AttachmentEntry | undefined {
    const role = optionalString(r.props["role"]);
    const policyArn = optionalString(r.props["policyArn"]);
    return role === undefined || policyArn === undefined ? undefined : { urn: r.urn, role, policyArn };
}
