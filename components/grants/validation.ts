/**
 * Small helpers shared by grant and add-on validation. Every problem reads
 * `<path> <value> <what is wrong>: <the rule or the fix>.`
 */
import { ACCOUNT_PATTERN, REGION_PATTERN } from "./arns";
import { misspelledField, nearestName } from "../validation/suggest";

/** A value as it appears in a message: JSON text (strings quoted), `undefined` spelled out. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text;
}

/** `"a", "b" or "c"`: a list of allowed values for a message. */
export function oneOf(values: readonly string[]): string {
    const quoted = values.map((value) => JSON.stringify(value));
    if (quoted.length <= 1) {
        return quoted.join("");
    }
    return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Problems for fields not in `allowed`, in the object's own order. */
export function unknownFieldProblems(item: Record<string, unknown>, allowed: readonly string[], what: string, path: string): string[] {
    return Object.keys(item)
        .filter((key) => !allowed.includes(key))
        .map((key) => {
            const nearest = nearestName(key, allowed);
            return `${path}.${key} ${show(item[key])} is not a field of ${what}: use ${nearest !== undefined ? `${JSON.stringify(nearest)} (one of ${oneOf(allowed)})` : oneOf(allowed)}.`;
        });
}

/**
 * When `field` is missing from `item` but a key misspells it (`servce` for `service`), the problem naming that key
 * and a copy of `item` with the key renamed; `undefined` otherwise. `known` are every field `item` may have.
 */
export function misspelledFieldProblem(
    item: Record<string, unknown>,
    field: string,
    known: readonly string[],
    path: string,
): { problem: string; renamed: Record<string, unknown> } | undefined {
    const typo = misspelledField(item, field, known);
    if (typo === undefined) {
        return undefined;
    }
    const renamed = Object.fromEntries(Object.entries(item).map(([key, value]) => [key === typo ? field : key, value]));
    return { problem: `${path}.${typo} ${show(item[typo])} is a misspelling of ${field}: rename it to ${field}.`, renamed };
}

/** Problems for the optional `region` and `account` overrides of a regional grant. */
export function locationProblems(item: Record<string, unknown>, path: string): string[] {
    const problems: string[] = [];
    const region = item["region"];
    if (region !== undefined && (typeof region !== "string" || !REGION_PATTERN.test(region))) {
        problems.push(`${path}.region ${show(region)} is not an AWS region: use a region code such as "us-east-1".`);
    }
    const account = item["account"];
    if (account !== undefined && (typeof account !== "string" || !ACCOUNT_PATTERN.test(account))) {
        problems.push(`${path}.account ${show(account)} is not an AWS account id: use the 12-digit account id as a string, e.g. "111122223333".`);
    }
    return problems;
}

/** A problem when a boolean option holds something else. */
export function booleanProblems(item: Record<string, unknown>, field: string, path: string): string[] {
    const value = item[field];
    if (value === undefined || typeof value === "boolean") {
        return [];
    }
    return [`${path}.${field} ${show(value)} is not a boolean: use true or false.`];
}

/** How a resource is named: its name's pattern and rule, and its ARN form. */
export interface NameOrArnRule {
    /** IAM service prefix in the ARN, e.g. `dynamodb`. */
    service: string;
    /** Start of the ARN's resource part, e.g. `table/`. */
    resourcePrefix: string;
    /** The name, once the prefix is stripped from an ARN (or as given). */
    name: RegExp;
    /** e.g. `DynamoDB table`. */
    label: string;
    /** The naming rule for the message, e.g. `3-255 letters, digits, "_", "-" and "."`. */
    nameRule: string;
    /** The ARN form for the message, e.g. `arn:<partition>:dynamodb:<region>:<account>:table/<name>`. */
    arnForm: string;
    /** Whether the ARN has a region and account (false for S3 buckets). */
    regional: boolean;
}

/** `<what is wrong>: <fix>` when `value` is neither a valid name nor a well-formed ARN of the resource; `undefined` when valid. */
export function nameOrArnProblem(value: string, rule: NameOrArnRule, stripSuffix?: RegExp): string | undefined {
    const wrong = `is not a valid ${rule.label} name or ARN: use ${rule.nameRule}, or ${rule.arnForm}`;
    if (!value.startsWith("arn:")) {
        return rule.name.test(value) ? undefined : wrong;
    }
    const match = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(value);
    const [, partition = "", service = "", region = "", account = "", resource = ""] = match ?? [];
    const regionOk = rule.regional ? REGION_PATTERN.test(region) : region === "";
    const accountOk = rule.regional ? ACCOUNT_PATTERN.test(account) : account === "";
    const name = resource.slice(rule.resourcePrefix.length).replace(stripSuffix ?? /$^/, "");
    const ok =
        match !== null &&
        /^aws(-[a-z]+)*$/.test(partition) &&
        service === rule.service &&
        regionOk &&
        accountOk &&
        resource.startsWith(rule.resourcePrefix) &&
        rule.name.test(name);
    return ok ? undefined : wrong;
}
