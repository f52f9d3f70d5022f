/**
 * Every permission document of each role of a stack, wherever it is written: the role's `inlinePolicies`,
 * `RolePolicy` resources, and managed policies attached through `managedPolicyArns`, `RolePolicyAttachment`,
 * `PolicyAttachment` (its `roles`) or `RolePolicyAttachmentsExclusive`
 * (a customer-managed `Policy` of the stack by its ARN, an AWS managed policy by its document in the pinned
 * dataset, ./managedPolicies.ts). IAM grants a role the union of them all, so a path that needs two actions is open
 * when each is in a different document.
 */
import { parsePolicyDocument } from "./document";
import { FieldDocument } from "./escalation";
import { awsManagedPolicy, isAwsManagedArn } from "./managedPolicies";
import { asList, asRecord, isUnknownValueError, TYPES } from "./resources";
import { StackResourceView } from "./stackIndex";

/** One role and its documents, each field naming the resource it comes from. */
export interface RoleDocuments {
    /** The role's name (output `name`). */
    readonly role: string;
    /** The role's URN, or the first contributing resource's when the role is not in the stack. */
    readonly urn: string;
    readonly documents: readonly FieldDocument[];
    /**
     * Reads the role's `assumeRolePolicy`, when the role is a resource of the stack (read on demand: during preview it
     * may be unknown, and only some checks need it; the SDK's `UnknownValueError` then propagates to the caller).
     */
    readonly trust?: () => unknown;
    /** Managed policy ARNs attached by other resources than the role (attachments), with their fields. */
    readonly attachments: readonly { readonly field: string; readonly arn: string }[];
}

/** The roles' documents, and the first unknown value met (preview), which the caller rethrows after reporting. */
export interface StackRoleDocuments {
    readonly roles: readonly RoleDocuments[];
    readonly unknown?: Error;
}

function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** Collects the documents of every role of `resources`. */
export function stackRoleDocuments(resources: readonly StackResourceView[]): StackRoleDocuments {
    const byRole = new Map<
        string,
        { urn?: string; trust?: () => unknown; firstUrn: string; raw: { field: string; raw: unknown }[]; arns: { field: string; arn: string; attachment: boolean }[] }
    >();
    const policies = new Map<string, unknown>();
    let unknown: Error | undefined;
    const entry = (role: string, urn: string) => {
        let found = byRole.get(role);
        if (found === undefined) {
            found = { firstUrn: urn, raw: [], arns: [] };
            byRole.set(role, found);
        }
        return found;
    };
    for (const r of resources) {
        try {
            const at = nameOf(r.urn);
            if (r.type === TYPES.role) {
                const role = text(r.props["name"]);
                if (role === undefined) continue;
                const e = entry(role, r.urn);
                e.urn = r.urn;
                const props = r.props;
                e.trust = () => props["assumeRolePolicy"];
                asList(r.props["inlinePolicies"]).forEach((p, i) => e.raw.push({ field: `${at} inlinePolicies[${i}].policy`, raw: asRecord(p)?.["policy"] }));
                asList(r.props["managedPolicyArns"]).forEach((arn, i) => e.arns.push({ field: `${at} managedPolicyArns[${i}]`, arn: String(arn), attachment: false }));
            } else if (r.type === TYPES.rolePolicy) {
                const role = text(r.props["role"]);
                if (role !== undefined) entry(role, r.urn).raw.push({ field: `${at} policy`, raw: r.props["policy"] });
            } else if (r.type === TYPES.rolePolicyAttachment) {
                const role = text(r.props["role"]);
                const arn = text(r.props["policyArn"]);
                if (role !== undefined && arn !== undefined) entry(role, r.urn).arns.push({ field: `${at} policyArn`, arn, attachment: true });
            } else if (r.type === TYPES.policyAttachment) {
                const arn = text(r.props["policyArn"]);
                for (const role of asList(r.props["roles"]).map(text)) {
                    if (role !== undefined && arn !== undefined) entry(role, r.urn).arns.push({ field: `${at} policyArn`, arn, attachment: true });
                }
            } else if (r.type === TYPES.rolePolicyAttachmentsExclusive) {
                const role = text(r.props["roleName"]);
                if (role !== undefined) asList(r.props["policyArns"]).forEach((arn, i) => entry(role, r.urn).arns.push({ field: `${at} policyArns[${i}]`, arn: String(arn), attachment: true }));
            } else if (r.type === TYPES.policy) {
                const arn = text(r.props["arn"]);
                if (arn !== undefined) policies.set(arn, r.props["policy"]);
            }
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            unknown ??= e;
        }
    }
    const roles: RoleDocuments[] = [];
    for (const [role, e] of byRole) {
        const raw = [...e.raw];
        for (const { field, arn } of e.arns) {
            const document = isAwsManagedArn(arn) ? awsManagedPolicy(arn)?.document : policies.get(arn);
            if (document !== undefined) raw.push({ field: `${field} ${arn}`, raw: document });
        }
        const documents: FieldDocument[] = [];
        for (const { field, raw: value } of raw) {
            const parsed = value === undefined ? undefined : parsePolicyDocument(value);
            if (parsed?.ok === true) documents.push({ field, document: parsed.document });
        }
        const attachments = e.arns.filter((a) => a.attachment).map(({ field, arn }) => ({ field, arn }));
        roles.push({ role, urn: e.urn ?? e.firstUrn, documents, attachments, ...(e.trust !== undefined ? { trust: e.trust } : {}) });
    }
    return { roles, ...(unknown !== undefined ? { unknown } : {}) };
}
