/**
 * Which condition tests pin a key to values that identify someone or something, read with IAM's evaluation rules:
 *
 * - several values of one key are OR'ed, several keys (and operators) of one statement are AND'ed;
 * - `…IfExists` is true when the key is absent, `ForAllValues:` is true when the key is absent (or its set empty),
 *   `Null` only tests presence, negated operators (`StringNotEquals`, `StringNotLike`, `ArnNotLike`, …) admit every
 *   other value: none of them pins;
 * - `ForAnyValue:` and `ForAllValues:` are for multivalued keys; on a single-valued key IAM's Access Analyzer warns;
 * - condition keys are compared case-insensitively, values case-sensitively (except the `IgnoreCase` operators);
 * - in `StringLike`/`ArnLike`, `*` and `?` are wildcards; in every string operator `${…}` is a policy variable,
 *   resolved from the request (`${*}`, `${?}` and `${$}` stand for the literal characters).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { operatorParts } from "./conditions";
import { ConditionEntry } from "./document";

/** Operators that compare a key with listed values (not their negations); `Like` ones take wildcards. */
const POSITIVE_BASES = new Set(["StringEquals", "StringLike", "StringEqualsIgnoreCase", "ArnEquals", "ArnLike"]);

/**
 * Whether the test requires the key to be present and to equal (or match) one of its values: a positive string or ARN
 * operator with no `IfExists`, no `ForAllValues:`, and `ForAnyValue:` only when `multivalued` (the documented use on
 * a multivalued key such as `aws:PrincipalOrgPaths` or `aws:TagKeys`).
 */
export function isPositiveTest(entry: ConditionEntry, multivalued = false): boolean {
    const op = operatorParts(entry.operator);
    if (!POSITIVE_BASES.has(op.base) || op.ifExists || entry.values.length === 0) {
        return false;
    }
    return op.qualifier === undefined || (multivalued && op.qualifier === "ForAnyValue");
}

/** Literal escapes of policy variables: `${*}`, `${?}`, `${$}`. */
const ESCAPED = /\$\{[*?$]\}/g;

/** Whether a value holds a policy variable (`${aws:username}`), which the request fills in. */
export function hasPolicyVariable(value: string): boolean {
    return value.replace(ESCAPED, "").includes("${");
}

/** Whether the operator treats `*` and `?` as wildcards (`StringLike`, `ArnLike`, and ARN equality, which IAM matches like ArnLike). */
export function takesWildcards(operator: string): boolean {
    const base = operatorParts(operator).base;
    return base === "StringLike" || base === "ArnLike" || base === "ArnEquals";
}

/**
 * The characters a value fixes before its first wildcard or policy variable: the whole value when it has neither
 * (for a `Like` operator; `StringEquals` compares `*` and `?` literally).
 */
export function fixedPrefix(value: string, operator: string): string {
    const text = value.replace(ESCAPED, "_");
    const variable = text.indexOf("${");
    const wildcard = takesWildcards(operator) ? text.search(/[*?]/) : -1;
    const cut = [variable, wildcard].filter((i) => i >= 0);
    return cut.length === 0 ? value : text.slice(0, Math.min(...cut));
}

/** Whether a value is one exact string under `operator`: no wildcard (for `Like` operators) and no policy variable. */
export function isExactValue(value: string, operator: string): boolean {
    return !hasPolicyVariable(value) && !(takesWildcards(operator) && /[*?]/.test(value.replace(ESCAPED, "")));
}

/**
 * Whether a web identity `sub` pattern has a fixed prefix that names its owner: it ends at a claim delimiter (`:` or
 * `/`) and holds at least two non-empty delimited parts, the claim's kind and its first value, e.g.
 * `repo:octo-org/octo-repo:*` or `repo:octo-org/*` (GitHub), `project_path:group/project:*` (GitLab);
 * not `*`, `repo:*` (every repository), nor `repo:octo-org*` (also `octo-org-evil`, which anyone may create).
 */
export function identifyingSubjectPrefix(prefix: string): boolean {
    if (!/[:/]$/.test(prefix)) {
        return false;
    }
    const parts = prefix.slice(0, -1).split(/[:/]/);
    return parts.length >= 2 && parts.every((p) => p !== "");
}

/**
 * Whether a test pins a web identity's `sub` (of a provider that is not a Kubernetes cluster): positive, and every value
 * exact or a pattern with an identifying prefix ({@link identifyingSubjectPrefix}).
 */
export function pinsWebIdentitySubject(entry: ConditionEntry): boolean {
    return (
        isPositiveTest(entry) &&
        entry.values.every((v) => isExactValue(v, entry.operator) || identifyingSubjectPrefix(fixedPrefix(v, entry.operator)))
    );
}

const ACCOUNT = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
/** An ARN whose partition, service and account are fixed: `arn:aws:iam::111122223333:`. */
const ARN_WITH_ACCOUNT = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:/;
/** An ARN without an account field (S3 buckets): the whole value must then be fixed. */
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[^:]*:/;
const UNIQUE_ID = /^(A[A-Z0-9]{3}[A-Z0-9]{12,}|\d{12}):/;

/**
 * Global condition keys that name the caller (its account, organization, ARN, unique ID, service) or the resource
 * acting for it (the confused-deputy keys).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export const CALLER_KEYS: readonly string[] = [
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:userid",
];

const MULTIVALUED_CALLER_KEYS = ["aws:principalorgpaths", "aws:sourceorgpaths", "aws:principalservicenameslist"];

/** Whether `value` of caller key `key` names one caller (or a fixed, identifying family of callers). */
function identifiesCaller(key: string, value: string, operator: string): boolean {
    const prefix = fixedPrefix(value, operator);
    const exact = isExactValue(value, operator);
    switch (key) {
        case "aws:principalaccount":
        case "aws:sourceaccount":
            return exact && ACCOUNT.test(value);
        case "aws:principalorgid":
        case "aws:sourceorgid":
            return exact && ORG_ID.test(value);
        case "aws:principalorgpaths":
        case "aws:sourceorgpaths":
            // o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*: the organization is fixed.
            return /^o-[a-z0-9]{10,32}\/r-[a-z0-9]{4,32}\//.test(prefix);
        case "aws:principalarn":
        case "aws:sourcearn":
            return ARN_WITH_ACCOUNT.test(prefix) || (exact && ARN.test(value));
        case "aws:userid":
            return exact || UNIQUE_ID.test(prefix);
        case "aws:principalservicename":
            return exact && /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(value);
        default:
            return false;
    }
}

/**
 * Whether a condition test limits who the caller is: a positive test ({@link isPositiveTest}) of a
 * {@link CALLER_KEYS} key whose every value names one account, organization, principal or source (exactly, or by a
 * pattern whose fixed prefix includes the account or organization). `StringLike "aws:PrincipalOrgID": "o-*"`,
 * `Null "aws:PrincipalArn": "false"`, `StringLike "aws:PrincipalAccount": "????????????"` and
 * `ArnLike "aws:PrincipalArn": "arn:aws:iam::*:role/admin"` are true for callers of any account: they do not.
 */
export function restrictsCaller(entry: ConditionEntry): boolean {
    const key = entry.key.toLowerCase();
    if (!CALLER_KEYS.some((k) => k.toLowerCase() === key) || !isPositiveTest(entry, MULTIVALUED_CALLER_KEYS.includes(key))) {
        return false;
    }
    return entry.values.every((v) => identifiesCaller(key, v, entry.operator));
}

/** Whether a test pins `sts:ExternalId` to exact values (the shared secret of a third-party trust). */
export function pinsExternalId(entry: ConditionEntry): boolean {
    return entry.key.toLowerCase() === "sts:externalid" && isPositiveTest(entry) && entry.values.every((v) => isExactValue(v, entry.operator) && v !== "");
}

/**
 * Whether a test pins a tag (a request tag EKS Pod Identity sets, a resource tag) to fixed values: positive, and every
 * value exact or, for `StringLike`, a pattern with a non-empty fixed prefix (`payments-*`). `"*"`, `"?*"`, `"??"`
 * (under any operator: no namespace or tag value is written so) and a bare policy variable are no pin. With `exactOnly`, patterns are no pin either.
 */
export function pinsTag(entry: ConditionEntry, exactOnly = false): boolean {
    return (
        isPositiveTest(entry) &&
        entry.values.every(
            (v) =>
                isPrincipalTagVariable(v) ||
                (!/^[*?]*$/.test(v) && (exactOnly ? isExactValue(v, entry.operator) : fixedPrefix(v, entry.operator) !== "")),
        )
    );
}

/**
 * Whether a value is exactly one `${aws:PrincipalTag/<key>}` variable: AWS's ABAC pattern (the resource's tag must
 * equal the caller's own tag), fixed for a role whose tags the role itself cannot change.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html
 */
export function isPrincipalTagVariable(value: string): boolean {
    return /^\$\{aws:PrincipalTag\/[^}*?]+\}$/i.test(value);
}
