/**
 * The resource types the pack reads and the fields it reads from them. Type tokens are spelled
 * out so the pack does not depend on `@pulumi/kubernetes`.
 */
import { UnknownValueError } from "@pulumi/policy";

/** Pulumi type tokens of the resources the pack checks. */
export const TYPES = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    rolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    openIdConnectProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    serviceAccountPatch: "kubernetes:core/v1:ServiceAccountPatch",
    deployment: "kubernetes:apps/v1:Deployment",
} as const;

/** The ServiceAccount annotation that names the IRSA role. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

/** A document found in a resource, with the field path used in messages. */
export interface RawDocument {
    /** e.g. `assumeRolePolicy`, `inlinePolicies[0].policy`, `policy`. */
    readonly field: string;
    /** The value as the policy received it (string or object). */
    readonly raw: unknown;
}

/** Whether an error is the SDK's "value unknown during preview" error. */
export function isUnknownValueError(e: unknown): e is Error {
    return e instanceof UnknownValueError;
}

/** A plain-object view of a value, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The elements of a list, or none. */
export function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? [...(value as unknown[])] : [];
}

/** The permission documents of a `Role` (inline), `RolePolicy` or `Policy`. */
export function permissionDocuments(type: string, props: Record<string, unknown>): RawDocument[] {
    if (type === TYPES.role) {
        const docs: RawDocument[] = [];
        asList(props["inlinePolicies"]).forEach((entry, i) => {
            const policy = asRecord(entry)?.["policy"];
            if (policy !== undefined && policy !== "") {
                docs.push({ field: `inlinePolicies[${i}].policy`, raw: policy });
            }
        });
        return docs;
    }
    if (type === TYPES.rolePolicy || type === TYPES.policy) {
        return [{ field: "policy", raw: props["policy"] }];
    }
    return [];
}

/** Every IAM document of a resource the pack reads: the trust policy first for a `Role`. */
export function allDocuments(type: string, props: Record<string, unknown>): RawDocument[] {
    const trust = type === TYPES.role ? [{ field: "assumeRolePolicy", raw: props["assumeRolePolicy"] }] : [];
    return [...trust, ...permissionDocuments(type, props)];
}
