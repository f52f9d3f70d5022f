/**
 * What a condition test restricts, read from its operator and key.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { ActionInfo, conditionKeyMatches } from "./catalog";
import { ConditionEntry } from "./document";

/** An operator split into its set qualifier, base operator and `IfExists` suffix. */
export interface OperatorParts {
    /** `ForAllValues`, `ForAnyValue` or undefined. */
    readonly qualifier?: "ForAllValues" | "ForAnyValue";
    /** The operator without qualifier and suffix, e.g. `StringEquals`, `Null`. */
    readonly base: string;
    /** Whether the operator ends in `IfExists` (true when the key is absent). */
    readonly ifExists: boolean;
}

/** Splits `ForAnyValue:StringEqualsIfExists` into its parts. */
export function operatorParts(operator: string): OperatorParts {
    let rest = operator;
    let qualifier: OperatorParts["qualifier"];
    const colon = rest.indexOf(":");
    if (colon !== -1) {
        const q = rest.slice(0, colon);
        qualifier = q === "ForAllValues" || q === "ForAnyValue" ? q : undefined;
        rest = rest.slice(colon + 1);
    }
    const ifExists = rest.endsWith("IfExists");
    const base = ifExists ? rest.slice(0, -"IfExists".length) : rest;
    return qualifier === undefined ? { base, ifExists } : { qualifier, base, ifExists };
}

/** Operators that restrict to listed values (not their negations). */
const POSITIVE = new Set(["StringEquals", "StringLike", "StringEqualsIgnoreCase", "ArnEquals", "ArnLike"]);

/** Whether a condition key is a tag key: `aws:ResourceTag/…`, `aws:RequestTag/…`, `ec2:ResourceTag/…`, `aws:TagKeys`, … */
export function isTagKey(key: string): boolean {
    return /^[a-z0-9-]+:(ResourceTag|RequestTag|ExistingObjectTag|BucketTag)\/.+|^aws:TagKeys$/i.test(key);
}

/**
 * Whether a condition test requires the key to be present with listed values: a positive operator without
 * `IfExists` or `ForAllValues:` (both are true when the key is absent), or `Null` = `"false"`.
 */
export function requiresKey(entry: ConditionEntry): boolean {
    const op = operatorParts(entry.operator);
    if (op.base === "Null") {
        return op.qualifier === undefined && entry.values.length > 0 && entry.values.every((v) => v.toLowerCase() === "false");
    }
    return POSITIVE.has(op.base) && !op.ifExists && op.qualifier !== "ForAllValues";
}

/**
 * Whether a key limits tagging to the resource-creating call it names (`ec2:CreateAction`,
 * `elasticloadbalancing:CreateAction`): the tags can only be written while the workload creates the resource.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html
 */
function isCreateActionKey(key: string): boolean {
    return /^[a-z0-9-]+:CreateAction$/i.test(key);
}

/**
 * Whether the statement's conditions scope the action to tagged resources or requests: a test that
 * {@link requiresKey} on a tag key the action supports (per the catalog), or on the service's `CreateAction` key
 * (tagging only while creating), with fixed values: no value that is all wildcards or a wildcard pattern
 * (`StringLike "aws:ResourceTag/env": "*"` holds for every resource carrying the tag), only exact values or a
 * `${aws:PrincipalTag/<key>}` variable; `Null "…": "false"` only tests that the tag is there, with any value.
 * `aws:TagKeys` counts only under `ForAnyValue:` (the request must carry one of the listed tag keys). Whether the role
 * may write the tag itself is judged apart (`iam-tag-scope-writable`, tagScope.ts).
 * E.g. `autoscaling:SetDesiredCapacity` with `StringEquals aws:ResourceTag/k8s.io/cluster-autoscaler/enabled`.
 */
export function scopedByTag(conditions: readonly ConditionEntry[], info: ActionInfo): boolean {
    return conditions.some((c) => {
        if (!(isTagKey(c.key) || isCreateActionKey(c.key)) || !requiresKey(c) || operatorParts(c.operator).base === "Null" || !fixedValues(c)) {
            return false;
        }
        if (c.key.toLowerCase() === "aws:tagkeys" && operatorParts(c.operator).qualifier !== "ForAnyValue") {
            return false;
        }
        return info.conditionKeys.some((k) => conditionKeyMatches(k, c.key));
    });
}

/** Whether every value of a test is fixed: no `*`/`?` (under a `Like` operator) and no variable but `${aws:PrincipalTag/…}`. */
function fixedValues(entry: ConditionEntry): boolean {
    const like = operatorParts(entry.operator).base.endsWith("Like");
    return entry.values.every((v) => /^\$\{aws:PrincipalTag\/[^}*?]+\}$/i.test(v) || (!v.replace(/\$\{[*?$]\}/g, "").includes("${") && !(like && /[*?]/.test(v.replace(/\$\{[*?$]\}/g, "")))));
}
