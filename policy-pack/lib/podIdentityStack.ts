/**
 * The EKS Pod Identity rules across a stack: associations, the roles they name, and the ServiceAccounts they
 * bind. One pass indexes the resources (by role ARN, role name, policy ARN, `namespace/name`), so every rule
 * stays linear in the number of resources.
 *
 * A resource whose fields are unknown (preview) is left out and its `UnknownValueError` kept per kind; a
 * policy reports what it can check, then rethrows the first unknown of the kinds it reads (the SDK turns it
 * into an advisory "can't run policy … during preview"). Nothing passes in silence.
 */
import { parsePolicyDocument, PolicyDocument } from "./document";
import { show } from "./format";
import { allowsPodIdentity, failedRequestTags, MIGRATION_ANNOTATION, tagConditionKeys } from "./podIdentity";
import { asRecord, isUnknownValueError, permissionDocuments, ROLE_ARN_ANNOTATION, TYPES } from "./resources";
import { StackResourceView } from "./stackIndex";
import { StackProblem } from "./stackRules";

/** The Pulumi type token of `aws.eks.PodIdentityAssociation`. */
export const POD_IDENTITY_ASSOCIATION_TYPE = "aws:eks/podIdentityAssociation:PodIdentityAssociation";

/** Condition-key prefixes that read EKS's session tags: request tags in a trust, principal tags in permissions. */
const TRUST_TAG_PREFIXES = ["aws:RequestTag/"];
const PERMISSION_TAG_PREFIXES = ["aws:PrincipalTag/"];

/** The kinds of resources the index reads, to know whether an unknown value affects a rule. */
export type PodIdentityKind = "role" | "association" | "serviceAccount" | "policy";

/** A role of the stack. */
export interface PodIdentityRoleEntry {
    readonly urn: string;
    readonly name?: string;
    readonly arn?: string;
    /** Whether the trust lets `pods.eks.amazonaws.com` assume it; undefined when the trust is unknown or unparseable. */
    readonly allowsPodIdentity?: boolean;
    /** `<where> "<key>"` of every session-tag condition of its trust and inline policies. */
    readonly tagConditions: readonly string[];
    /** The parsed trust, when known and valid. */
    readonly trust?: PolicyDocument;
}

/** A `PodIdentityAssociation` of the stack. */
export interface AssociationEntry {
    readonly urn: string;
    /** `namespace/serviceAccount`. */
    readonly key: string;
    readonly roleArn?: string;
    readonly disableSessionTags: boolean;
    /** Whether the association sets a session `policy`. */
    readonly hasSessionPolicy: boolean;
    /** The association's `namespace`, `serviceAccount` and `clusterName`, as EKS's session tags carry them. */
    readonly namespace: string;
    readonly serviceAccount: string;
    readonly clusterName?: string;
}

/** A ServiceAccount (or ServiceAccountPatch) of the stack. */
export interface PodIdentityServiceAccountEntry {
    readonly urn: string;
    /** `namespace/name` (`default` namespace when unset). */
    readonly key: string;
    /** Whether `eks.amazonaws.com/role-arn` is set. */
    readonly irsaAnnotated: boolean;
    /** Whether `eks-irsa.dev/identity-migration` is `"true"`. */
    readonly migrationDeclared: boolean;
}

/** The stack, indexed for the Pod Identity rules. */
export interface PodIdentityIndex {
    readonly rolesByArn: ReadonlyMap<string, PodIdentityRoleEntry>;
    readonly rolesByName: ReadonlyMap<string, PodIdentityRoleEntry>;
    readonly associations: readonly AssociationEntry[];
    readonly associationsByKey: ReadonlyMap<string, AssociationEntry[]>;
    readonly serviceAccounts: readonly PodIdentityServiceAccountEntry[];
    /** Session-tag conditions of `RolePolicy` resources and attached customer policies, by role name. */
    readonly attachedTagConditions: ReadonlyMap<string, readonly string[]>;
    /** Whether some role's ARN is unknown (an ARN missing from `rolesByArn` may still be in the stack). */
    readonly someRoleArnUnknown: boolean;
    /** The first unknown-value error met per kind. */
    readonly unknowns: ReadonlyMap<PodIdentityKind, Error>;
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

function parsed(raw: unknown): PolicyDocument | undefined {
    const result = parsePolicyDocument(raw);
    return result.ok ? result.document : undefined;
}

function tagsIn(raw: unknown, where: string, prefixes: readonly string[]): string[] {
    const doc = parsed(raw);
    return doc === undefined ? [] : tagConditionKeys(doc, prefixes).map((key) => `${where} ${show(key)}`);
}

/** Builds the index in one pass (plus one over the attachments). */
export function buildPodIdentityIndex(resources: readonly StackResourceView[]): PodIdentityIndex {
    const unknowns = new Map<PodIdentityKind, Error>();
    /** Runs `fn`; an unknown value is kept under `kind` and yields `undefined`. */
    const attempt = <T>(kind: PodIdentityKind, fn: () => T): T | undefined => {
        try {
            return fn();
        } catch (e) {
            if (!isUnknownValueError(e)) {
                throw e;
            }
            if (!unknowns.has(kind)) {
                unknowns.set(kind, e);
            }
            return undefined;
        }
    };
    const read = (kind: PodIdentityKind, fn: () => void): void => void attempt(kind, fn);
    const rolesByArn = new Map<string, PodIdentityRoleEntry>();
    const rolesByName = new Map<string, PodIdentityRoleEntry>();
    const associations: AssociationEntry[] = [];
    const serviceAccounts: PodIdentityServiceAccountEntry[] = [];
    const policyTags = new Map<string, string[]>();
    const attachments: { role: string; policyArn: string }[] = [];
    const attachedTagConditions = new Map<string, string[]>();
    let someRoleArnUnknown = false;
    const addAttached = (role: string, found: readonly string[]): void => {
        if (found.length > 0) {
            attachedTagConditions.set(role, [...(attachedTagConditions.get(role) ?? []), ...found]);
        }
    };

    for (const r of resources) {
        const props = r.props;
        if (r.type === TYPES.role) {
            // Each field on its own: a role whose trust is unknown is still found by its ARN.
            const arnKnown = attempt("role", () => ({ arn: text(props["arn"]) }));
            someRoleArnUnknown ||= arnKnown === undefined;
            const arn = arnKnown?.arn;
            const name = attempt("role", () => text(props["name"]));
            const trust = attempt("role", () => ({ doc: parsed(props["assumeRolePolicy"]), tags: tagsIn(props["assumeRolePolicy"], "assumeRolePolicy", TRUST_TAG_PREFIXES) }));
            const inline = attempt("role", () => permissionDocuments(r.type, props).flatMap((d) => tagsIn(d.raw, d.field, PERMISSION_TAG_PREFIXES))) ?? [];
            const entry: PodIdentityRoleEntry = {
                urn: r.urn,
                ...(name !== undefined ? { name } : {}),
                ...(arn !== undefined ? { arn } : {}),
                ...(trust?.doc !== undefined ? { allowsPodIdentity: allowsPodIdentity(trust.doc), trust: trust.doc } : {}),
                tagConditions: [...(trust?.tags ?? []), ...inline],
            };
            if (arn !== undefined) rolesByArn.set(arn, entry);
            if (name !== undefined) rolesByName.set(name, entry);
        } else if (r.type === POD_IDENTITY_ASSOCIATION_TYPE) {
            read("association", () => {
                const roleArn = text(props["roleArn"]);
                const clusterName = text(props["clusterName"]);
                const namespace = text(props["namespace"]) ?? "default";
                const serviceAccount = text(props["serviceAccount"]) ?? "";
                associations.push({
                    urn: r.urn,
                    key: `${namespace}/${serviceAccount}`,
                    ...(roleArn !== undefined ? { roleArn } : {}),
                    disableSessionTags: props["disableSessionTags"] === true,
                    hasSessionPolicy: typeof props["policy"] === "string" ? props["policy"].trim() !== "" : props["policy"] !== undefined && props["policy"] !== null,
                    namespace,
                    serviceAccount,
                    ...(clusterName !== undefined ? { clusterName } : {}),
                });
            });
        } else if (r.type === TYPES.serviceAccount || r.type === TYPES.serviceAccountPatch) {
            read("serviceAccount", () => {
                const metadata = asRecord(props["metadata"]);
                const name = text(metadata?.["name"]);
                const annotations = asRecord(metadata?.["annotations"]) ?? {};
                if (name !== undefined) {
                    serviceAccounts.push({
                        urn: r.urn,
                        key: `${text(metadata?.["namespace"]) ?? "default"}/${name}`,
                        irsaAnnotated: ROLE_ARN_ANNOTATION in annotations,
                        migrationDeclared: annotations[MIGRATION_ANNOTATION] === "true",
                    });
                }
            });
        } else if (r.type === TYPES.rolePolicy) {
            read("policy", () => {
                const role = text(props["role"]);
                if (role !== undefined) addAttached(role, tagsIn(props["policy"], `RolePolicy ${show(text(props["name"]) ?? r.urn)}`, PERMISSION_TAG_PREFIXES));
            });
        } else if (r.type === TYPES.policy) {
            read("policy", () => {
                const arn = text(props["arn"]);
                if (arn !== undefined) policyTags.set(arn, tagsIn(props["policy"], `Policy ${show(arn)}`, PERMISSION_TAG_PREFIXES));
            });
        } else if (r.type === TYPES.rolePolicyAttachment) {
            read("policy", () => {
                const role = text(props["role"]);
                const policyArn = text(props["policyArn"]);
                if (role !== undefined && policyArn !== undefined) attachments.push({ role, policyArn });
            });
        }
    }
    for (const { role, policyArn } of attachments) {
        addAttached(role, policyTags.get(policyArn) ?? []);
    }
    const associationsByKey = new Map<string, AssociationEntry[]>();
    for (const a of associations) {
        associationsByKey.set(a.key, [...(associationsByKey.get(a.key) ?? []), a]);
    }
    return { rolesByArn, rolesByName, associations, associationsByKey, serviceAccounts, attachedTagConditions, someRoleArnUnknown, unknowns };
}

/** Throws the first unknown-value error met while indexing resources of these kinds, if any. */
export function throwFirstPodIdentityUnknown(index: PodIdentityIndex, kinds: readonly PodIdentityKind[]): void {
    for (const kind of kinds) {
        const e = index.unknowns.get(kind);
        if (e !== undefined) {
            throw e;
        }
    }
}

/** Tunables of {@link checkAssociationRoles}. */
export interface AssociationRoleConfig {
    /**
     * Role ARNs an association may name although the role is not in this stack.
     * @default []
     */
    readonly allowedRoleArns: readonly string[];
}

/** Every association names a role of the stack whose trust lets `pods.eks.amazonaws.com` assume it. */
export function checkAssociationRoles(index: PodIdentityIndex, config: AssociationRoleConfig): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const a of index.associations) {
        if (a.roleArn === undefined || config.allowedRoleArns.includes(a.roleArn)) {
            continue;
        }
        const role = index.rolesByArn.get(a.roleArn);
        if (role === undefined) {
            if (!index.someRoleArnUnknown) {
                problems.push({
                    urn: a.urn,
                    message:
                        `roleArn ${show(a.roleArn)} is not a role in this stack: ` +
                        `create the role in this stack, or list its ARN in allowedRoleArns in this policy's config.`,
                });
            }
        } else if (role.allowsPodIdentity === false) {
            problems.push({
                urn: a.urn,
                message:
                    `roleArn ${show(a.roleArn)} names a role whose trust does not let "pods.eks.amazonaws.com" assume it: ` +
                    `add a statement with Principal {"Service": "pods.eks.amazonaws.com"} and Action ["sts:AssumeRole","sts:TagSession"], pinned with StringEquals on aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account.`,
            });
        } else if (role.trust !== undefined && !a.disableSessionTags) {
            // EKS's request carries this association's session tags: a trust pinned to other values denies it.
            const failed = failedRequestTags(role.trust, a);
            if (failed !== undefined && failed.length > 0) {
                problems.push({
                    urn: a.urn,
                    message:
                        `roleArn ${show(a.roleArn)} names a role whose trust pins other session tags (${failed.join(", ")}) than this association's ` +
                        `${show(`${a.namespace}/${a.serviceAccount}`)}${a.clusterName !== undefined ? ` on cluster ${show(a.clusterName)}` : ""}: ` +
                        `EKS Pod Identity would be denied; associate the role its trust names, or pin the trust to this namespace and ServiceAccount.`,
                });
            }
        }
    }
    return problems;
}

/** A ServiceAccount with both an association and the IRSA annotation, outside a declared migration. */
export function checkDualIdentity(index: PodIdentityIndex): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const sa of index.serviceAccounts) {
        if (!sa.irsaAnnotated || sa.migrationDeclared || !index.associationsByKey.has(sa.key)) {
            continue;
        }
        problems.push({
            urn: sa.urn,
            message:
                `metadata.annotations[${show(ROLE_ARN_ANNOTATION)}] is set on ServiceAccount ${show(sa.key)}, which a PodIdentityAssociation also binds to a role, ` +
                `outside a declared migration: remove the annotation once its pods use Pod Identity, or annotate the ServiceAccount ` +
                `${show(MIGRATION_ANNOTATION)}: "true" while both are in place.`,
        });
    }
    return problems;
}

/**
 * `disableSessionTags: true` on an association whose role tests EKS's session tags; and a session `policy` on an
 * association that keeps the session tags, which EKS refuses (a session policy needs `disableSessionTags: true`).
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html
 */
export function checkSessionTags(index: PodIdentityIndex): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const a of index.associations) {
        if (a.hasSessionPolicy && !a.disableSessionTags) {
            problems.push({
                urn: a.urn,
                message:
                    `policy is set while disableSessionTags is not true: EKS refuses a session policy on an association that keeps its session tags; ` +
                    `set disableSessionTags: true (and drop the role's aws:RequestTag/… and aws:PrincipalTag/… conditions), or remove the policy.`,
            });
        }
    }
    for (const a of index.associations) {
        const role = a.disableSessionTags && a.roleArn !== undefined ? index.rolesByArn.get(a.roleArn) : undefined;
        if (role === undefined) {
            continue;
        }
        const found = [...role.tagConditions, ...(role.name !== undefined ? (index.attachedTagConditions.get(role.name) ?? []) : [])];
        if (found.length > 0) {
            problems.push({
                urn: a.urn,
                message:
                    `disableSessionTags true removes the session tags that role ${show(role.name ?? a.roleArn)} tests (${found.join(", ")}): ` +
                    `keep the session tags (remove disableSessionTags and any session policy), or write those conditions without aws:RequestTag/… and aws:PrincipalTag/… keys.`,
            });
        }
    }
    return problems;
}
