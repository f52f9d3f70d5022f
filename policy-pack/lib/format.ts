/** Small helpers that render values the same way in every violation message. */

/** A value as it appears in a message: strings quoted, lists as JSON arrays. */
export function show(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

/** The path of a condition test inside a document, e.g. `Statement[0].Condition.StringEquals["k"]`. */
export function conditionPath(statementIndex: number, operator: string, key: string): string {
    return `Statement[${statementIndex}].Condition.${operator}[${JSON.stringify(key)}]`;
}

/** A count with thousands separators, e.g. `10,240`. */
export function count(n: number): string {
    return n.toLocaleString("en-US");
}
