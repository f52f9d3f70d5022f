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

/**
 * The web identity providers IAM knows without an OIDC provider resource, each with the claim that names the user
 * (`<provider>:<claim>`); Amazon Cognito's identity pool is named by `aud`, the one AWS's documented trust pins.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
export const BUILT_IN_WEB_IDENTITY_CLAIMS: Readonly<Record<string, string>> = {
    "accounts.google.com": "sub",
    "graph.facebook.com": "id",
    "www.amazon.com": "user_id",
    "cognito-identity.amazonaws.com": "aud",
};

/** The claim a web identity trust must pin for `issuer`: `sub`, or the built-in provider's own claim. */
export function subjectClaim(issuer: string): string {
    return BUILT_IN_WEB_IDENTITY_CLAIMS[issuer.toLowerCase()] ?? "sub";
}

/** The `Federated` values of a principal that are web identity providers: OIDC provider ARNs and the built-in ones. */
export function oidcProviders(principal: Principal | undefined): string[] {
    if (principal === undefined || principal === "*") {
        return [];
    }
    return (principal.get("Federated") ?? []).filter((arn) => issuerOfProviderArn(arn) !== undefined || BUILT_IN_WEB_IDENTITY_CLAIMS[arn.toLowerCase()] !== undefined);
}

/** An `Allow` statement that trusts at least one OIDC provider, with the issuers it trusts. */
export interface OidcStatement {
    /** The statement. */
    readonly statement: Statement;
    /** The issuers of its OIDC providers, in order (usually one). */
    readonly issuers: readonly string[];
    /** Those of {@link issuers} that are Kubernetes clusters ({@link isKubernetesIssuer}): the IRSA rules judge them. */
    readonly kubernetesIssuers: readonly string[];
}

/**
 * An EKS cluster's issuer, `oidc.eks.<region>.<partition's DNS suffix>/id/<ID>`: `amazonaws.com`, and the other
 * partitions' suffixes (`amazonaws.com.cn`, `c2s.ic.gov`, `sc2s.sgov.gov`, …), matched loosely on purpose: treating an
 * issuer as a cluster only adds checks.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html
 */
const EKS_ISSUER = /^oidc\.eks\.[a-z0-9-]+\.[a-z0-9.-]+\/id\/[^/\s]+$/i;

/** Whether an issuer (host and path, no scheme) is an EKS cluster's. */
export function isEksIssuer(issuer: string): boolean {
    return EKS_ISSUER.test(issuer);
}

/**
 * Whether the statement's `issuer` is a Kubernetes cluster's: an EKS issuer, or any issuer whose `:sub` the statement
 * compares with Kubernetes subjects (`system:…`, under any operator). Decided by the provider first: the values only
 * ever add an issuer (a self-managed cluster's), never take an EKS one away, so a statement cannot talk its way out of
 * the IRSA rules with the values it writes. Every web identity, cluster or not, must pin `:sub`
 * ({@link checkTrustSubject} in trustRules.ts).
 */
export function isKubernetesIssuer(statement: Statement, issuer: string): boolean {
    if (isEksIssuer(issuer)) {
        return true;
    }
    return statement.conditions.some((c) => isClaimKey(c.key, issuer, "sub") && c.values.some((v) => v.toLowerCase().startsWith("system:")));
}

/**
 * The `Allow` statements of a trust document that trust an OIDC provider, whatever the provider. `clusterIssuers`
 * (lower case, no scheme) are issuers the stack declares as clusters: Kubernetes issuers too. Every trust policy
 * asks this of the same document: for a frozen list (a parsed document, shared by all policies) the frozen answer
 * without declared issuers is kept with the list.
 */
export function oidcStatements(statements: readonly Statement[], clusterIssuers?: ReadonlySet<string>): readonly OidcStatement[] {
    const declared = clusterIssuers !== undefined && clusterIssuers.size > 0 ? clusterIssuers : undefined;
    const known = declared === undefined ? oidcStatementsOf.get(statements) : undefined;
    if (known !== undefined) {
        return known;
    }
    const result: OidcStatement[] = [];
    for (const statement of statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const issuers = oidcProviders(statement.principal).map((arn) => issuerOfProviderArn(arn) ?? arn);
        if (issuers.length > 0) {
            const kubernetesIssuers = issuers.filter((issuer) => isKubernetesIssuer(statement, issuer) || declared?.has(issuer.toLowerCase()) === true);
            result.push(Object.freeze({ statement, issuers: Object.freeze(issuers), kubernetesIssuers: Object.freeze(kubernetesIssuers) }));
        }
    }
    if (Object.isFrozen(statements) && declared === undefined) {
        oidcStatementsOf.set(statements, Object.freeze(result));
    }
    return result;
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
export function isClaimKey(key: string, issuer: string, claim: string): boolean {
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
