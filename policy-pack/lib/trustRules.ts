/**
 * Rules 1–6: the trust policy of a role that trusts an OIDC provider. Each function takes a parsed
 * trust document and the field it came from (e.g. `assumeRolePolicy`) and returns the problems as
 * messages `<path> <value> <what is wrong>: <the fix>.`
 */
import { ConditionEntry, PolicyDocument, Principal, Statement } from "./document";
import { conditionPath, show } from "./format";
import {
    hasWildcard,
    isClaimKey,
    isSubOrAudKey,
    oidcProviders,
    oidcStatements,
    SERVICE_ACCOUNT_SUBJECT,
    splitClaimKey,
    STS_AUDIENCE,
    subjectClaim,
    WEB_IDENTITY_ACTION,
} from "./oidc";
import { hasPolicyVariable, isExactValue, pinsExternalId, pinsTag, pinsWebIdentitySubject, restrictsCaller } from "./pins";
import { trustsPodIdentity } from "./podIdentity";

/** Tunables of rule 1. */
export interface TrustSubjectConfig {
    /**
     * `StringLike` values allowed on `:sub`, compared literally with the document's values, e.g.
     * `system:serviceaccount:batch:runner-*`.
     * @default []
     */
    readonly allowedSubPatterns: readonly string[];
}

/** Tunables of rule 2. */
export interface TrustAudienceConfig {
    /**
     * Values allowed for `StringEquals` on `:aud`.
     * @default ["sts.amazonaws.com"]
     */
    readonly allowedAudiences: readonly string[];
}

const SUBJECT_FORM = `"system:serviceaccount:<namespace>:<name>"`;

function entriesFor(conditions: readonly ConditionEntry[], operator: string, issuer: string, claim: string): ConditionEntry[] {
    return conditions.filter((c) => c.operator === operator && isClaimKey(c.key, issuer, claim));
}

/**
 * Rule 1. For a Kubernetes issuer (an EKS cluster's, see `isKubernetesIssuer`): `:sub` pinned to exactly one
 * `system:serviceaccount:<ns>:<sa>` by `StringEquals` (or by `StringLike`/`StringEqualsIgnoreCase` with that one
 * exact value, which admit the same ServiceAccount; the advisory `irsa-trust-subject-string-equals` asks for
 * `StringEquals`), `StringLike` patterns only when allowed. For every other web identity (GitHub Actions, GitLab,
 * Google, …): its subject claim pinned by a positive test to exact values or owner-naming prefixes (`pinsWebIdentitySubject`),
 * what IAM Access Analyzer reports as MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL when absent.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
export function checkTrustSubject(doc: PolicyDocument, field: string, config: TrustSubjectConfig, clusterIssuers?: ReadonlySet<string>): string[] {
    const problems: string[] = [];
    for (const { statement, issuers, kubernetesIssuers } of oidcStatements(doc.statements, clusterIssuers)) {
        for (const issuer of issuers) {
            problems.push(
                ...(kubernetesIssuers.includes(issuer)
                    ? kubernetesSubjectProblems(statement, issuer, field, config)
                    : webIdentitySubjectProblems(statement, issuer, field)),
            );
        }
    }
    return problems;
}

function webIdentitySubjectProblems(statement: Statement, issuer: string, field: string): string[] {
    const claim = subjectClaim(issuer);
    const key = `${issuer}:${claim}`;
    if (statement.conditions.some((c) => isClaimKey(c.key, issuer, claim) && pinsWebIdentitySubject(c))) {
        return [];
    }
    const written = statement.conditions.filter((c) => isClaimKey(c.key, issuer, claim));
    const what =
        written.length === 0
            ? `has no condition on ${show(key)}`
            : `tests ${show(key)} only with ${written.map((c) => `${c.operator} ${show(c.values.length === 1 ? c.values[0] : c.values)}`).join(", ")}, which is no exact, positive pin`;
    return [
        `${field} Statement[${statement.index}].Condition ${what}, so every identity the provider ${show(issuer)} issues tokens to can assume this role: ` +
            `add StringEquals ${show(key)} = the one subject allowed (or StringLike with a prefix naming its owner, e.g. "repo:<org>/<repo>:*"); ` +
            `negated operators, IfExists, ForAllValues:/ForAnyValue:, Null and all-wildcard patterns do not pin it.`,
    ];
}

function kubernetesSubjectProblems(statement: Statement, issuer: string, field: string, config: TrustSubjectConfig): string[] {
    const problems: string[] = [];
    const equals = entriesFor(statement.conditions, "StringEquals", issuer, "sub");
    const likes = [...entriesFor(statement.conditions, "StringLike", issuer, "sub"), ...entriesFor(statement.conditions, "StringEqualsIgnoreCase", issuer, "sub")];
    if (equals.length === 0 && likes.length === 0) {
        problems.push(
            `${field} Statement[${statement.index}].Condition has no StringEquals on ${show(`${issuer}:sub`)}: ` +
                `add StringEquals ${show(`${issuer}:sub`)} = ${SUBJECT_FORM} so only one ServiceAccount can assume this role.`,
        );
    }
    for (const like of likes) {
        const path = `${field} ${conditionPath(statement.index, like.operator, like.key)}`;
        const exact = like.values.filter((v) => isExactValue(v, "StringLike"));
        if (exact.length > 1) {
            problems.push(`${path} ${show(exact)} lists ${exact.length} subjects: list exactly one ${SUBJECT_FORM} and give each other ServiceAccount its own role.`);
        }
        for (const value of like.values) {
            if (!isExactValue(value, "StringLike")) {
                if (!config.allowedSubPatterns.includes(value)) {
                    problems.push(
                        `${path} ${show(value)} is not an allowed ":sub" pattern: ` +
                            `use StringEquals ${show(`${issuer}:sub`)} = ${SUBJECT_FORM}, or list the pattern in allowedSubPatterns in this policy's config.`,
                    );
                }
            } else if (!SERVICE_ACCOUNT_SUBJECT.test(value)) {
                problems.push(`${path} ${show(value)} is not of the form ${SUBJECT_FORM}: use the ServiceAccount's namespace and name (lowercase RFC 1123 labels).`);
            }
        }
    }
    for (const equal of equals) {
        const path = `${field} ${conditionPath(statement.index, equal.operator, equal.key)}`;
        if (equal.values.length !== 1) {
            problems.push(`${path} ${show(equal.values)} lists ${equal.values.length} subjects: list exactly one ${SUBJECT_FORM} and give each other ServiceAccount its own role.`);
        }
        for (const value of equal.values) {
            if (hasPolicyVariable(value)) {
                problems.push(
                    `${path} ${show(value)} is a policy variable, which IAM fills in from the request (the token's own subject matches itself): ` +
                        `name one ServiceAccount as ${SUBJECT_FORM}.`,
                );
            } else if (hasWildcard(value)) {
                problems.push(
                    `${path} ${show(value)} contains a wildcard: StringEquals compares "*" and "?" literally, so no token matches; ` +
                        `name one ServiceAccount as ${SUBJECT_FORM}.`,
                );
            } else if (!SERVICE_ACCOUNT_SUBJECT.test(value)) {
                problems.push(`${path} ${show(value)} is not of the form ${SUBJECT_FORM}: use the ServiceAccount's namespace and name (lowercase RFC 1123 labels).`);
            }
        }
    }
    return problems;
}

/**
 * Advisory beside rule 1: a Kubernetes `:sub` pinned by `StringLike` without wildcard or by `StringEqualsIgnoreCase`
 * to one ServiceAccount admits that ServiceAccount alone (Kubernetes names are lowercase RFC 1123 labels, and EKS
 * writes the subject from them), but reads like a pattern: `StringEquals` says what it does.
 */
export function checkTrustSubjectOperator(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const { statement, kubernetesIssuers } of oidcStatements(doc.statements)) {
        for (const issuer of kubernetesIssuers) {
            for (const entry of [...entriesFor(statement.conditions, "StringLike", issuer, "sub"), ...entriesFor(statement.conditions, "StringEqualsIgnoreCase", issuer, "sub")]) {
                const value = entry.values[0];
                if (entry.values.length === 1 && value !== undefined && isExactValue(value, "StringLike") && SERVICE_ACCOUNT_SUBJECT.test(value)) {
                    problems.push(
                        `${field} ${conditionPath(statement.index, entry.operator, entry.key)} ${show(value)} has no wildcard, so it admits this one ServiceAccount: ` +
                            `write it as StringEquals ${show(`${issuer}:sub`)}, which says so.`,
                    );
                }
            }
        }
    }
    return problems;
}

/** Rule 2: for a Kubernetes issuer, `:aud` under `StringEquals`, equal to `sts.amazonaws.com` (or a configured audience). */
export function checkTrustAudience(doc: PolicyDocument, field: string, config: TrustAudienceConfig, clusterIssuers?: ReadonlySet<string>): string[] {
    const problems: string[] = [];
    const allowed = config.allowedAudiences.length === 1 ? show(config.allowedAudiences[0]) : `one of ${show(config.allowedAudiences)}`;
    for (const { statement, kubernetesIssuers } of oidcStatements(doc.statements, clusterIssuers)) {
        for (const issuer of kubernetesIssuers) {
            const equals = entriesFor(statement.conditions, "StringEquals", issuer, "aud");
            if (equals.length === 0) {
                problems.push(
                    `${field} Statement[${statement.index}].Condition has no StringEquals on ${show(`${issuer}:aud`)}: ` +
                        `add StringEquals ${show(`${issuer}:aud`)} = ${show(STS_AUDIENCE)} so only tokens minted for STS are accepted.`,
                );
            }
            for (const equal of equals) {
                const path = `${field} ${conditionPath(statement.index, equal.operator, equal.key)}`;
                if (equal.values.length === 0) {
                    problems.push(`${path} [] is empty: set it to ${show(STS_AUDIENCE)}, the audience of IRSA tokens.`);
                }
                for (const value of equal.values) {
                    if (!config.allowedAudiences.includes(value)) {
                        problems.push(
                            `${path} ${show(value)} is not ${allowed}: IRSA tokens carry the audience ${show(STS_AUDIENCE)}; ` +
                                `use it, or list the audience in allowedAudiences in this policy's config.`,
                        );
                    }
                }
            }
        }
    }
    return problems;
}

/** Rule 3: the issuer of every `:sub`/`:aud` condition key equals the issuer of the statement's `Federated` ARN (case-insensitive). */
export function checkTrustIssuer(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const { statement, issuers } of oidcStatements(doc.statements)) {
        const trusted = issuers.map((i) => i.toLowerCase());
        for (const entry of statement.conditions) {
            const parts = splitClaimKey(entry.key);
            if (parts === undefined || !isSubOrAudKey(entry.key) || trusted.includes(parts.issuer.toLowerCase())) {
                continue;
            }
            const expected = issuers.length === 1 ? show(issuers[0]) : show(issuers);
            problems.push(
                `${field} ${conditionPath(statement.index, entry.operator, entry.key)} names the issuer ${show(parts.issuer)}, ` +
                    `but Statement[${statement.index}].Principal.Federated trusts ${expected}: ` +
                    `use the issuer from the provider ARN (after "oidc-provider/", without "https://") in the condition key.`,
            );
        }
    }
    return problems;
}

/**
 * Rule 4: no `…IfExists`, `ForAllValues:`, `ForAnyValue:`, negated operators or `Null` on `:sub`/`:aud`, whatever the
 * web identity. `sub` and `aud` are single-valued claims: IAM documents the set operators for multivalued keys only
 * (Access Analyzer warns of them on single-valued ones), and `ForAllValues:` is true for a token without the claim.
 */
export function checkTrustOperators(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const { statement } of oidcStatements(doc.statements)) {
        for (const entry of statement.conditions) {
            if (!isSubOrAudKey(entry.key)) {
                continue;
            }
            const reason = weakOperatorReason(entry.operator);
            if (reason !== undefined) {
                const value = entry.values.length === 1 ? entry.values[0] : entry.values;
                problems.push(`${field} ${conditionPath(statement.index, entry.operator, entry.key)} ${show(value)} ${reason}`);
            }
        }
    }
    return problems;
}

function weakOperatorReason(operator: string): string | undefined {
    if (operator.startsWith("ForAllValues:")) {
        return `uses ${show(operator)}, which also matches a token without the claim: use StringEquals.`;
    }
    if (operator.startsWith("ForAnyValue:")) {
        return `uses ${show(operator)}, a set operator IAM documents for multivalued keys only, on a single-valued claim: use StringEquals.`;
    }
    if (operator.endsWith("IfExists")) {
        return `uses ${show(operator)}, which also matches a token without the claim: use StringEquals.`;
    }
    if (operator === "Null") {
        return `uses "Null", which only tests whether the claim is present: compare its value with StringEquals.`;
    }
    if (operator.includes("Not")) {
        return `uses the negated operator ${show(operator)}, which admits every other value: name the allowed value with StringEquals.`;
    }
    return undefined;
}

/** Rule 5: action, principal and sibling statements of a role that trusts an OIDC provider. */
export function checkTrustStatements(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const at = `${field} Statement[${statement.index}]`;
        problems.push(...wildcardPrincipalProblems(statement.principal, at));
        if (statement.hasNotPrincipal) {
            problems.push(`${at}.NotPrincipal is set with Effect "Allow", which trusts every principal except those listed: use Principal {"Federated": "<provider ARN>"}.`);
        }
        const providers = oidcProviders(statement.principal);
        if (providers.length === 0) {
            if (!statement.hasCondition) {
                problems.push(
                    `${at} ${show(principalAsJson(statement.principal))} has no Condition: ` +
                        `a sibling statement without conditions lets another principal assume this IRSA role; remove it or constrain it with conditions.`,
                );
            } else if (!restrictsWho(statement)) {
                problems.push(
                    `${at} ${show(principalAsJson(statement.principal))} has conditions that do not limit who the caller is ` +
                        `(${statement.conditions.map((c) => `${c.operator} ${show(c.key)}`).join(", ")}), so another principal can assume this IRSA role: ` +
                        `remove the statement, or pin the caller with StringEquals "aws:PrincipalArn", "aws:SourceAccount", "aws:SourceArn", "sts:ExternalId" ` +
                        `(or, for pods.eks.amazonaws.com, "aws:RequestTag/kubernetes-namespace" and "aws:RequestTag/kubernetes-service-account") to exact values.`,
                );
            }
            continue;
        }
        if (providers.length > 1) {
            problems.push(
                `${at}.Principal.Federated ${show(providers)} lists ${providers.length} identity providers: ` +
                    `write one statement per provider, each with its own ":sub" and ":aud" conditions.`,
            );
        }
        if (statement.notActions !== undefined) {
            problems.push(`${at}.NotAction ${show(statement.notActions)} with Effect "Allow" allows every other action: use Action ${show(WEB_IDENTITY_ACTION)}.`);
        }
        for (const action of statement.actions ?? []) {
            if (action.toLowerCase() !== WEB_IDENTITY_ACTION.toLowerCase()) {
                problems.push(
                    `${at}.Action ${show(action)} is not ${show(WEB_IDENTITY_ACTION)}: ` +
                        `a ServiceAccount token is exchanged only with sts:AssumeRoleWithWebIdentity; list that one action.`,
                );
            }
        }
    }
    return problems;
}

/**
 * Whether a sibling statement's conditions limit who can use it: a caller key or `sts:ExternalId` pinned to
 * identifying values, or, for the Pod Identity service principal, its namespace and ServiceAccount session tags pinned.
 * `Bool "aws:SecureTransport": "true"` (STS is HTTPS only), `Null` tests and all-wildcard patterns are true for anyone.
 */
function restrictsWho(statement: Statement): boolean {
    if (statement.conditions.some((c) => restrictsCaller(c) || pinsExternalId(c))) {
        return true;
    }
    const pinned = (tag: string) => statement.conditions.some((c) => c.key.toLowerCase() === `aws:requesttag/${tag}` && pinsTag(c, true));
    return trustsPodIdentity(statement.principal) && pinned("kubernetes-namespace") && pinned("kubernetes-service-account");
}

function wildcardPrincipalProblems(principal: Principal | undefined, at: string): string[] {
    if (principal === "*") {
        return [`${at}.Principal "*" lets anyone assume this role: trust only the cluster's OIDC provider.`];
    }
    const problems: string[] = [];
    for (const [type, values] of principal ?? []) {
        if (values.includes("*")) {
            problems.push(`${at}.Principal.${type} "*" lets any ${type} principal assume this role: trust only the cluster's OIDC provider.`);
        }
    }
    return problems;
}

function principalAsJson(principal: Principal | undefined): unknown {
    if (principal === undefined || principal === "*") {
        return principal ?? null;
    }
    return Object.fromEntries([...principal].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

/** Rule 6: no trust pinned to a namespace's `default` ServiceAccount. */
export function checkTrustDefaultServiceAccount(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const { statement } of oidcStatements(doc.statements)) {
        for (const entry of statement.conditions) {
            if (splitClaimKey(entry.key)?.claim !== "sub" || !entry.operator.startsWith("String") || entry.operator.includes("Not")) {
                continue;
            }
            for (const value of entry.values) {
                if (/^system:serviceaccount:[^:]+:default$/.test(value)) {
                    problems.push(
                        `${field} ${conditionPath(statement.index, entry.operator, entry.key)} ${show(value)} trusts a namespace's "default" ServiceAccount, ` +
                            `which every pod without serviceAccountName runs as: create a dedicated ServiceAccount and trust that one.`,
                    );
                }
            }
        }
    }
    return problems;
}
