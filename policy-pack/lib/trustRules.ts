/**
 * Rules 1–6: the trust policy of a role that trusts an OIDC provider. Each function takes a parsed
 * trust document and the field it came from (e.g. `assumeRolePolicy`) and returns the problems as
 * messages `<path> <value> <what is wrong>: <the fix>.`
 */
import { ConditionEntry, PolicyDocument, Principal } from "./document";
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
    WEB_IDENTITY_ACTION,
} from "./oidc";

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

function entriesFor(conditions: readonly ConditionEntry[], operator: string, issuer: string, claim: "sub" | "aud"): ConditionEntry[] {
    return conditions.filter((c) => c.operator === operator && isClaimKey(c.key, issuer, claim));
}

/** Rule 1: `:sub` under `StringEquals`, exactly one `system:serviceaccount:<ns>:<sa>`, no wildcards; `StringLike` only for allowed patterns. */
export function checkTrustSubject(doc: PolicyDocument, field: string, config: TrustSubjectConfig): string[] {
    const problems: string[] = [];
    for (const { statement, issuers } of oidcStatements(doc.statements)) {
        for (const issuer of issuers) {
            const equals = entriesFor(statement.conditions, "StringEquals", issuer, "sub");
            const likes = entriesFor(statement.conditions, "StringLike", issuer, "sub");
            if (equals.length === 0 && likes.length === 0) {
                problems.push(
                    `${field} Statement[${statement.index}].Condition has no StringEquals on ${show(`${issuer}:sub`)}: ` +
                        `add StringEquals ${show(`${issuer}:sub`)} = ${SUBJECT_FORM} so only one ServiceAccount can assume this role.`,
                );
            }
            for (const like of likes) {
                for (const value of like.values) {
                    if (!config.allowedSubPatterns.includes(value)) {
                        problems.push(
                            `${field} ${conditionPath(statement.index, like.operator, like.key)} ${show(value)} is not an allowed ":sub" pattern: ` +
                                `use StringEquals ${show(`${issuer}:sub`)} = ${SUBJECT_FORM}, or list the pattern in allowedSubPatterns in this policy's config.`,
                        );
                    }
                }
            }
            for (const equal of equals) {
                const path = `${field} ${conditionPath(statement.index, equal.operator, equal.key)}`;
                if (equal.values.length !== 1) {
                    problems.push(
                        `${path} ${show(equal.values)} lists ${equal.values.length} subjects: ` +
                            `list exactly one ${SUBJECT_FORM} and give each other ServiceAccount its own role.`,
                    );
                }
                for (const value of equal.values) {
                    if (hasWildcard(value)) {
                        problems.push(
                            `${path} ${show(value)} contains a wildcard: StringEquals compares "*" and "?" literally, so no token matches; ` +
                                `name one ServiceAccount as ${SUBJECT_FORM}.`,
                        );
                    } else if (!SERVICE_ACCOUNT_SUBJECT.test(value)) {
                        problems.push(
                            `${path} ${show(value)} is not of the form ${SUBJECT_FORM}: use the ServiceAccount's namespace and name (lowercase RFC 1123 labels).`,
                        );
                    }
                }
            }
        }
    }
    return problems;
}

/** Rule 2: `:aud` under `StringEquals`, equal to `sts.amazonaws.com` (or a configured audience). */
export function checkTrustAudience(doc: PolicyDocument, field: string, config: TrustAudienceConfig): string[] {
    const problems: string[] = [];
    const allowed = config.allowedAudiences.length === 1 ? show(config.allowedAudiences[0]) : `one of ${show(config.allowedAudiences)}`;
    for (const { statement, issuers } of oidcStatements(doc.statements)) {
        for (const issuer of issuers) {
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

/** Rule 4: no `…IfExists`, `ForAllValues:`, negated operators or `Null` on `:sub`/`:aud`. */
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
