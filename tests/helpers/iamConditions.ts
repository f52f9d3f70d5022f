/**
 * A small IAM `Condition` evaluator for the string operators a role trust policy uses, written to AWS's
 * documented semantics (test tooling only; nothing in the package ships it).
 *
 * Why not a library: `@cloud-copilot/iam-simulate` is AGPL-3.0 and ignores `oidc.eks…` keys, so this file
 * implements just what the token-exchange tests need and refuses everything else loudly.
 *
 * Rules implemented (each has its own test in `tests/security/iamConditions.spec.ts`):
 * - operators in a block are AND'd, keys under one operator are AND'd, values of one key are OR'd
 *   (NOR for the negated operators);
 * - condition key names are case-insensitive, string values are case-sensitive except `…IgnoreCase`;
 * - a key missing from the request context makes a positive operator false and a negated one true;
 * - `…IfExists`: a missing key makes the condition true, a present key is checked by the base operator;
 * - `Null`: `"true"` holds when the key is missing, `"false"` when it is present;
 * - `ForAllValues:`: every request value must match; true when the key is missing or empty;
 * - `ForAnyValue:`: at least one request value must match; false when the key is missing or empty;
 * - `StringLike`/`StringNotLike`: `*` matches any run of characters (also none), `?` exactly one.
 *
 * A multi-valued request key under an operator with no set prefix is not documented by AWS ("multivalued
 * context keys require a set operator"); this evaluator then behaves as `ForAnyValue:` for positive
 * operators and requires no value to match for negated ones.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 */

/** The request context: condition key → its value (a single string) or values (multi-valued key). */
export type RequestContext = Readonly<Record<string, string | readonly string[]>>;

/** One `Condition` block: operator → (condition key → policy value or values). */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The string comparisons this evaluator knows, without set prefix or `IfExists` suffix. */
export type BaseOperator =
    | "StringEquals"
    | "StringNotEquals"
    | "StringEqualsIgnoreCase"
    | "StringNotEqualsIgnoreCase"
    | "StringLike"
    | "StringNotLike"
    | "Null";

/** A condition operator split into its parts, e.g. `ForAllValues:StringLikeIfExists`. */
export interface ParsedOperator {
    /** The set prefix, when there is one. */
    set?: "ForAllValues" | "ForAnyValue";
    /** The comparison. */
    base: BaseOperator;
    /** Whether the operator ends in `IfExists`. */
    ifExists: boolean;
    /** Whether the comparison is a negated one (`StringNot…`). */
    negated: boolean;
}

/** One operator/key pair that did not hold, for explanations. */
export interface FailedCondition {
    /** The operator as written in the policy. */
    operator: string;
    /** The condition key as written in the policy. */
    key: string;
    /** The request's value(s) for the key; `undefined` when the key is missing. */
    requestValues: readonly string[] | undefined;
}

const OPERATOR = /^(?:(ForAllValues|ForAnyValue):)?(StringEquals|StringNotEquals|StringEqualsIgnoreCase|StringNotEqualsIgnoreCase|StringLike|StringNotLike|Null)(IfExists)?$/;

/**
 * Splits a condition operator into set prefix, base comparison and `IfExists`.
 * Throws for an operator this evaluator does not implement (so no test passes by accident) and for
 * `Null` with a prefix or suffix, which AWS does not accept.
 */
export function parseOperator(operator: string): ParsedOperator {
    const m = OPERATOR.exec(operator);
    const base = m?.[2] as BaseOperator | undefined;
    if (m === null || base === undefined) {
        throw new Error(
            `Condition operator "${operator}" is not supported by this evaluator: use StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike or Null, optionally with ForAllValues:/ForAnyValue: and IfExists.`,
        );
    }
    const set = m[1] as ParsedOperator["set"];
    const ifExists = m[3] !== undefined;
    if (base === "Null" && (set !== undefined || ifExists)) {
        throw new Error(`Condition operator "${operator}" is not valid: Null takes no set prefix and no IfExists suffix.`);
    }
    return { ...(set !== undefined ? { set } : {}), base, ifExists, negated: base.startsWith("StringNot") };
}

/** Policy condition values as strings: a single value or a list; booleans and numbers as IAM reads them. */
export function policyValues(value: unknown, where: string): string[] {
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    return list.map((v) => {
        if (typeof v === "string") return v;
        if (typeof v === "boolean" || typeof v === "number") return String(v);
        throw new Error(`${where} ${JSON.stringify(v)} is not a condition value: use a string, a number, a boolean or a list of them.`);
    });
}

/**
 * The regular expression of a `StringLike` pattern: `*` → any run of characters, `?` → one character,
 * everything else literal, anchored at both ends, case-sensitive. Policy variables (`${…}`) are refused.
 */
export function stringLikePattern(pattern: string): RegExp {
    if (pattern.includes("${")) {
        throw new Error(`StringLike value "${pattern}" uses a policy variable: this evaluator does not resolve policy variables.`);
    }
    const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : `\\${c}`));
    return new RegExp(`^${source}$`);
}

/** Whether one request value matches one policy value under a positive base comparison. */
function compare(base: BaseOperator, requestValue: string, policyValue: string): boolean {
    switch (base) {
        case "StringEquals":
        case "StringNotEquals":
            return requestValue === policyValue;
        case "StringEqualsIgnoreCase":
        case "StringNotEqualsIgnoreCase":
            return requestValue.toLowerCase() === policyValue.toLowerCase();
        case "StringLike":
        case "StringNotLike":
            return stringLikePattern(policyValue).test(requestValue);
        case "Null":
            throw new Error("Null is not a comparison.");
    }
}

/** The request's values for a key (names are case-insensitive); `undefined` when missing. */
export function lookup(context: RequestContext, key: string): readonly string[] | undefined {
    const wanted = key.toLowerCase();
    for (const [k, v] of Object.entries(context)) {
        if (k.toLowerCase() === wanted) return typeof v === "string" ? [v] : v;
    }
    return undefined;
}

/** Whether one operator/key/values triple holds for the request context. */
export function conditionHolds(operator: string, key: string, values: unknown, context: RequestContext): boolean {
    const op = parseOperator(operator);
    const wanted = policyValues(values, `Condition.${operator}["${key}"]`);
    const found = lookup(context, key);
    const missing = found === undefined || found.length === 0;
    if (op.base === "Null") {
        return wanted.some((w) => {
            if (w !== "true" && w !== "false") throw new Error(`Condition.Null["${key}"] "${w}" is not valid: Null takes "true" or "false".`);
            return missing === (w === "true");
        });
    }
    if (missing) {
        if (op.ifExists || op.set === "ForAllValues") return true;
        if (op.set === "ForAnyValue") return false;
        return op.negated;
    }
    // One request value against every policy value: OR for positive comparisons, NOR for negated ones.
    const valueHolds = (v: string): boolean => {
        const any = wanted.some((w) => compare(op.base, v, w));
        return op.negated ? !any : any;
    };
    if (op.set === "ForAllValues") return found.every(valueHolds);
    if (op.set === "ForAnyValue") return found.some(valueHolds);
    return op.negated ? found.every(valueHolds) : found.some(valueHolds);
}

/** Every operator/key pair of a `Condition` block that does not hold (empty: the block holds). */
export function failedConditions(block: unknown, context: RequestContext): FailedCondition[] {
    if (block === undefined) return [];
    if (block === null || typeof block !== "object" || Array.isArray(block)) {
        throw new Error(`Condition ${JSON.stringify(block)} is not an object: write {"<operator>": {"<key>": <value(s)>}}.`);
    }
    const failed: FailedCondition[] = [];
    for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
        if (keys === null || typeof keys !== "object" || Array.isArray(keys)) {
            throw new Error(`Condition.${operator} ${JSON.stringify(keys)} is not an object: write {"<key>": <value(s)>}.`);
        }
        for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
            if (!conditionHolds(operator, key, values, context)) failed.push({ operator, key, requestValues: lookup(context, key) });
        }
    }
    return failed;
}

/** Whether a whole `Condition` block holds: every operator, every key (an absent block holds). */
export function conditionsHold(block: unknown, context: RequestContext): boolean {
    return failedConditions(block, context).length === 0;
}
