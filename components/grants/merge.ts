/**
 * Merging, de-duplication and size of generated permission statements.
 *
 * Size rule: "the size of each managed policy cannot exceed 6,144 characters … inline policies … the total
 * (aggregate) policy size for a role cannot exceed 10,240 characters. IAM doesn't count white space".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 */
import { PolicyConditions, PolicyStatement } from "../policyDocument";

/** IAM's limit on the aggregate size of a role's inline policies, in characters, white space not counted. */
export const INLINE_ROLE_POLICY_LIMIT = 10240;

/** Condition operators whose values are OR-ed, so two single-key conditions on the same key can be merged by a union of values. */
const UNION_OPERATORS = new Set(["StringEquals", "StringLike", "ArnEquals", "ArnLike", "StringEqualsIgnoreCase"]);

interface Atom {
    action: string;
    resource: string;
    condition: PolicyConditions | undefined;
}

/** A canonical JSON of a condition block: operators, keys and values sorted, so equal conditions compare equal. */
export function canonicalCondition(condition: PolicyConditions | undefined): string {
    if (!condition) {
        return "";
    }
    const operators = Object.keys(condition).sort();
    const canonical: PolicyConditions = {};
    for (const operator of operators) {
        const entries = condition[operator] ?? {};
        const block: Record<string, string | string[] | boolean> = {};
        for (const key of Object.keys(entries).sort()) {
            const value = entries[key];
            if (value === undefined) {
                continue;
            }
            block[key] = Array.isArray(value) ? [...new Set(value)].sort() : value;
        }
        canonical[operator] = block;
    }
    return JSON.stringify(canonical);
}

/** The only operator, key and list of values of a condition with exactly one of each, if it is a union-safe operator. */
function singleKey(condition: PolicyConditions | undefined): { operator: string; key: string; values: string[] } | undefined {
    if (!condition) {
        return undefined;
    }
    const operators = Object.keys(condition);
    const operator = operators[0];
    if (operators.length !== 1 || operator === undefined || !UNION_OPERATORS.has(operator)) {
        return undefined;
    }
    const entries = condition[operator] ?? {};
    const keys = Object.keys(entries);
    const key = keys[0];
    const value = key === undefined ? undefined : entries[key];
    if (keys.length !== 1 || key === undefined || value === undefined || typeof value === "boolean") {
        return undefined;
    }
    return { operator, key, values: Array.isArray(value) ? value : [value] };
}

/** Per action and resource: an unconditioned atom subsumes conditioned ones; single-key conditions on one key merge by union. */
function simplify(atoms: Atom[]): Atom[] {
    const byTarget = new Map<string, Atom[]>();
    for (const atom of atoms) {
        const target = `${atom.action}\u0000${atom.resource}`;
        byTarget.set(target, [...(byTarget.get(target) ?? []), atom]);
    }
    const result: Atom[] = [];
    for (const group of byTarget.values()) {
        const first = group[0];
        if (first === undefined) {
            continue;
        }
        if (group.some((atom) => atom.condition === undefined)) {
            result.push({ action: first.action, resource: first.resource, condition: undefined });
            continue;
        }
        const unions = new Map<string, { operator: string; key: string; values: Set<string> }>();
        const seen = new Set<string>();
        for (const atom of group) {
            const single = singleKey(atom.condition);
            if (single) {
                const id = `${single.operator}\u0000${single.key}`;
                const union = unions.get(id) ?? { operator: single.operator, key: single.key, values: new Set<string>() };
                single.values.forEach((value) => union.values.add(value));
                unions.set(id, union);
                continue;
            }
            const canonical = canonicalCondition(atom.condition);
            if (!seen.has(canonical)) {
                seen.add(canonical);
                result.push(atom);
            }
        }
        for (const union of unions.values()) {
            const values = [...union.values].sort();
            result.push({
                action: first.action,
                resource: first.resource,
                condition: { [union.operator]: { [union.key]: values } },
            });
        }
    }
    return result;
}

/**
 * Merges statements into the fewest equivalent ones, in a deterministic order that does not depend on the input order:
 * duplicates removed, actions on the same resources (and condition) grouped, then resources with the same actions grouped.
 * Actions and resources are sorted; statements are sorted by their JSON text. `Sid`s are dropped.
 */
export function mergeStatements(statements: readonly PolicyStatement[]): PolicyStatement[] {
    const atoms: Atom[] = [];
    for (const statement of statements) {
        for (const action of statement.Action) {
            for (const resource of statement.Resource) {
                atoms.push({ action, resource, condition: statement.Condition });
            }
        }
    }
    // (condition, resource) → actions
    const byResource = new Map<string, { condition: PolicyConditions | undefined; resource: string; actions: Set<string> }>();
    for (const atom of simplify(atoms)) {
        const id = `${canonicalCondition(atom.condition)}\u0000${atom.resource}`;
        const entry = byResource.get(id) ?? { condition: atom.condition, resource: atom.resource, actions: new Set<string>() };
        entry.actions.add(atom.action);
        byResource.set(id, entry);
    }
    // (condition, actions) → resources
    const byActions = new Map<string, { condition: PolicyConditions | undefined; actions: string[]; resources: Set<string> }>();
    for (const entry of byResource.values()) {
        const actions = [...entry.actions].sort();
        const id = `${canonicalCondition(entry.condition)}\u0000${actions.join(",")}`;
        const group = byActions.get(id) ?? { condition: entry.condition, actions, resources: new Set<string>() };
        group.resources.add(entry.resource);
        byActions.set(id, group);
    }
    const merged: PolicyStatement[] = [...byActions.values()].map((group) => {
        const statement: PolicyStatement = { Effect: "Allow", Action: group.actions, Resource: [...group.resources].sort() };
        if (group.condition) {
            statement.Condition = JSON.parse(canonicalCondition(group.condition)) as PolicyConditions;
        }
        return statement;
    });
    return merged
        .map((statement) => ({ statement, key: JSON.stringify(statement) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ statement }) => statement);
}

/** The size IAM counts for a permission policy holding these statements: its minified JSON, white space excluded. */
export function statementsSize(statements: readonly PolicyStatement[]): number {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements }).length;
}

/** A problem when the statements, as one inline role policy, exceed IAM's 10,240-character limit; empty otherwise. */
export function policySizeProblems(statements: readonly PolicyStatement[], path: string): string[] {
    const size = statementsSize(statements);
    if (size <= INLINE_ROLE_POLICY_LIMIT) {
        return [];
    }
    return [
        `${path} expands to an inline policy of ${size.toLocaleString("en-US")} characters, over IAM's limit of ` +
            `${INLINE_ROLE_POLICY_LIMIT.toLocaleString("en-US")} characters for a role's inline policies: ` +
            `split the grants across workloads or attach a managed policy instead.`,
    ];
}
