/**
 * What an IRSA trust looks like, worked out here and nowhere else in the pack: the issuer inside an
 * OIDC provider ARN, the `<issuer>:<claim>` condition keys, and the Kubernetes subject format.
 */
import { Principal, Statement } from "./document";

const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;

/** The Kubernetes ServiceAccount subject `system:serviceaccount:<namespace>:<name>` (RFC 1123 names). */
export const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

/** The audience of the tokens EKS projects for IRSA. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** The one action a ServiceAccount token can be exchanged with. */
export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";

/**
 * The issuer (host and path, no scheme) of an OIDC provider ARN, or undefined when the ARN is not
 * one, e.g. `arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC` →
 * `oidc.eks.us-west-2.amazonaws.com/id/ABC`.
 */
export function issuerOfProviderArn(arn: string): string | undefined {
    return OIDC_PROVIDER_ARN.exec(arn)?.[1];
}

/** The `Federated` values of a principal that are OIDC provider ARNs. */
export function oidcProviders(principal: Principal | undefined): string[] {
    if (principal === undefined || principal === "*") {
        return [];
    }
    return (principal.get("Federated") ?? []).filter((arn) => issuerOfProviderArn(arn) !== undefined);
}

/** An `Allow` statement that trusts at least one OIDC provider, with the issuers it trusts. */
export interface OidcStatement {
    /** The statement. */
    readonly statement: Statement;
    /** The issuers of its OIDC providers, in order (usually one). */
    readonly issuers: readonly string[];
}

/**
 * The `Allow` statements of a trust document that trust an OIDC provider. Every trust policy asks this of
 * the same document: for a frozen list (a parsed document, shared by all policies) the frozen answer is
 * kept with the list.
 */
export function oidcStatements(statements: readonly Statement[]): readonly OidcStatement[] {
    const known = oidcStatementsOf.get(statements);
    if (known !== undefined) {
        return known;
    }
    const result: OidcStatement[] = [];
    for (const statement of statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const issuers = oidcProviders(statement.principal)
            .map((arn) => issuerOfProviderArn(arn) ?? arn)
            .filter((issuer) => !subjectsAreNotServiceAccounts(statement, issuer));
        if (issuers.length > 0) {
            result.push(Object.freeze({ statement, issuers: Object.freeze(issuers) }));
        }
    }
    if (Object.isFrozen(statements)) {
        oidcStatementsOf.set(statements, Object.freeze(result));
    }
    return result;
}

/**
 * Whether the statement pins the issuer's `:sub` to subjects that are not Kubernetes ServiceAccounts
 * (`repo:octo-org/octo-repo:ref:refs/heads/main` for GitHub Actions): a web identity trust of another
 * kind, which the IRSA rules do not judge. A statement with no `:sub` test, or with a ServiceAccount
 * subject, stays an IRSA trust (a missing `:sub` is an opening whatever the provider).
 */
function subjectsAreNotServiceAccounts(statement: Statement, issuer: string): boolean {
    const subjects = statement.conditions.filter((c) => isClaimKey(c.key, issuer, "sub")).flatMap((c) => c.values);
    return subjects.length > 0 && subjects.every((v) => !v.startsWith("system:serviceaccount:"));
}

const oidcStatementsOf = new WeakMap<readonly Statement[], readonly OidcStatement[]>();

/** Splits a condition key `<issuer>:<claim>` at its last colon. */
export function splitClaimKey(key: string): { readonly issuer: string; readonly claim: string } | undefined {
    const at = key.lastIndexOf(":");
    if (at <= 0) {
        return undefined;
    }
    return { issuer: key.slice(0, at), claim: key.slice(at + 1).toLowerCase() };
}

/** Whether a condition key is `<issuer>:<claim>` for this issuer (IAM compares keys case-insensitively). */
export function isClaimKey(key: string, issuer: string, claim: "sub" | "aud"): boolean {
    return key.toLowerCase() === `${issuer}:${claim}`.toLowerCase();
}

/** Whether a condition key names a `:sub` or `:aud` claim of any issuer. */
export function isSubOrAudKey(key: string): boolean {
    const parts = splitClaimKey(key);
    return parts !== undefined && (parts.claim === "sub" || parts.claim === "aud");
}

/** `system:serviceaccount:<namespace>:<name>` for a ServiceAccount. */
export function serviceAccountSubject(namespace: string, name: string): string {
    return `system:serviceaccount:${namespace}:${name}`;
}

/**
 * Whether a string matches an IAM `StringLike` pattern (`*` any run of characters, `?` one
 * character; case-sensitive as `StringLike` is).
 */
export function matchesIamPattern(pattern: string, value: string): boolean {
    return iamPatternMatcher(pattern)(value);
}

/** {@link matchesIamPattern} for one pattern and many values: the pattern is compiled once. */
export function iamPatternMatcher(pattern: string): (value: string) => boolean {
    const re = new RegExp(`^${pattern.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`, "s");
    return (value) => re.test(value);
}

/** Whether a value contains an IAM wildcard character. */
export function hasWildcard(value: string): boolean {
    return value.includes("*") || value.includes("?");
}
