/**
 * The normalized pieces of an IAM statement that the diff compares: a term (one action or resource pattern, or
 * the whole set a `NotAction` / `NotResource` excludes) and a condition clause (operator, key, values).
 *
 * Normal forms: single values and lists are the same; values are sorted and de-duplicated; action names and
 * condition keys compare without case (IAM treats them so: reference_policies_elements_action.html,
 * reference_policies_elements_condition.html "Condition key names are not case-sensitive"), ARNs and condition
 * values with case.
 */
import { globCovers, globOverlaps } from "./glob";
import { UNKNOWN } from "../stackExport";

/** One action or resource pattern (`not: false`, exactly one value), or a `NotAction`/`NotResource` set. */
export interface Term {
    not: boolean;
    /** Sorted, de-duplicated, as written (the first spelling met when case is ignored). */
    values: readonly string[];
}

/** One condition: `{ [op]: { [key]: values } }`, values sorted and de-duplicated. */
export interface Clause {
    op: string;
    key: string;
    values: readonly string[];
}

/** Whether a value is, or contains, the engine's placeholder for a value known only at deploy time. */
export function isUnknown(v: unknown): boolean {
    return typeof v === "string" ? v.includes(UNKNOWN) : v !== null && typeof v === "object" && JSON.stringify(v).includes(UNKNOWN);
}

/** Sorted, de-duplicated strings; with `caseless`, spellings that differ only in case count once. */
export function uniqueSorted(values: readonly unknown[], caseless = false): string[] {
    const seen = new Map<string, string>();
    for (const v of values) {
        const s = typeof v === "string" ? v : JSON.stringify(v);
        const k = caseless ? s.toLowerCase() : s;
        if (!seen.has(k)) seen.set(k, s);
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** The identity of a term: equal keys mean the same term. */
export function termKey(t: Term, caseless: boolean): string {
    const vs = caseless ? t.values.map((v) => v.toLowerCase()) : t.values;
    return `${t.not ? "!" : ""}${vs.join("\u0001")}`;
}

/** `s3:GetObject`, `NOT s3:DeleteObject`, `NOT (s3:DeleteBucket, s3:DeleteObject)`. */
export function termText(t: Term): string {
    if (!t.not) return t.values[0] ?? "";
    return t.values.length === 1 ? `NOT ${t.values[0]}` : `NOT (${t.values.join(", ")})`;
}

/** Whether everything `inner` names is also named by `outer`. */
export function termCovers(outer: Term, inner: Term, caseless: boolean): boolean {
    if (!outer.not && !inner.not) return globCovers(outer.values[0]!, inner.values[0]!, caseless);
    // Everything but X covers a pattern that overlaps nothing in X.
    if (outer.not && !inner.not) return outer.values.every((x) => !globOverlaps(x, inner.values[0]!, caseless));
    // A pattern covers everything-but-Y only when it is `*`.
    if (!outer.not && inner.not) return outer.values[0] === "*";
    // Everything but X covers everything but Y when Y excludes at least what X does.
    return outer.values.every((x) => inner.values.some((y) => globCovers(y, x, caseless)));
}

/** The clauses of a `Condition` block, sorted by operator and key. */
export function clausesOf(condition: unknown): Clause[] {
    if (condition === null || typeof condition !== "object" || Array.isArray(condition)) return [];
    const out: Clause[] = [];
    for (const [op, block] of Object.entries(condition as Record<string, unknown>)) {
        if (block === null || typeof block !== "object" || Array.isArray(block)) {
            out.push({ op, key: "", values: uniqueSorted([block]) });
            continue;
        }
        for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
            out.push({ op, key, values: uniqueSorted(Array.isArray(value) ? value : [value]) });
        }
    }
    return out.sort((a, b) => cmp(`${a.op}\u0001${a.key.toLowerCase()}`, `${b.op}\u0001${b.key.toLowerCase()}`));
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** The identity of a list of clauses (from {@link clausesOf}): equal keys mean the same condition. */
export function clausesKey(clauses: readonly Clause[]): string {
    return clauses.map((c) => `${c.op}\u0002${c.key.toLowerCase()}\u0002${c.values.join("\u0003")}`).join("\u0004");
}

/** The clauses as an IAM `Condition` block, in normal form (every value a sorted list). */
export function conditionObject(clauses: readonly Clause[]): Record<string, Record<string, string[]>> {
    const out: Record<string, Record<string, string[]>> = {};
    for (const c of clauses) (out[c.op] ??= {})[c.key] = [...c.values];
    return out;
}

/** `aws:SourceAccount = 123456789012`, `s3:prefix StringLike [a/*, b/*]`. */
export function clauseText(c: Clause, key: string = c.key): string {
    const values = c.values.length === 1 ? c.values[0]! : `[${c.values.join(", ")}]`;
    return c.op === "StringEquals" ? `${key} = ${values}` : `${key} ${c.op} ${values}`;
}

const EXACT = /^(Null|Bool|Numeric|Date|BinaryEquals)/;

/** Whether a clause of `outer` holds whenever `inner` does (same operator and key). */
function clauseCovers(outer: Clause, inner: Clause): boolean {
    const op = outer.op.replace(/^For(AllValues|AnyValue):/, "");
    if (EXACT.test(op)) return outer.values.length === inner.values.length && outer.values.every((v, i) => v === inner.values[i]);
    // Negated operators: excluding more values is narrower.
    if (/Not/.test(op)) return outer.values.every((v) => inner.values.includes(v));
    const like = /Like$|^Arn/.test(op);
    const caseless = /IgnoreCase$/.test(op);
    return inner.values.every((v) => outer.values.some((o) => (like ? globCovers(o, v, caseless) : caseless ? o.toLowerCase() === v.toLowerCase() : o === v)));
}

/**
 * Whether a clause with operator `outer` can hold whenever one with `inner` does, values aside: the same operator,
 * or `outer` the pattern form of `inner`'s exact match (`StringLike` of `StringEquals`: a pattern without wildcards
 * matches exactly its value, both case-sensitive). `ArnEquals` and `ArnLike` are one operator ("ArnEquals, ArnLike: case-sensitive matching of the
 * ARN … can include a multi-character match wildcard", reference_policies_elements_condition_operators.html).
 */
function operatorCovers(outer: string, inner: string): boolean {
    if (outer === inner) return true;
    const split = (op: string): [string, string] => {
        const m = /^((?:ForAllValues:|ForAnyValue:)?)(.*?)(IfExists)?$/.exec(op)!;
        return [`${m[1]}|${m[3] ?? ""}`, m[2]!];
    };
    const [outerQualifiers, o] = split(outer);
    const [innerQualifiers, i] = split(inner);
    if (outerQualifiers !== innerQualifiers) return false;
    return (o === "StringLike" && i === "StringEquals") || (/^Arn(Equals|Like)$/.test(o) && /^Arn(Equals|Like)$/.test(i));
}

/**
 * Whether a statement conditioned by `outer` applies whenever one conditioned by `inner` does: every clause of
 * `outer` is met by a clause of `inner` that is as strict or stricter (the same key, an operator {@link
 * operatorCovers} allows, values it covers). No condition covers every condition.
 */
export function conditionCovers(outer: readonly Clause[], inner: readonly Clause[]): boolean {
    return outer.every((o) => inner.some((i) => operatorCovers(o.op, i.op) && i.key.toLowerCase() === o.key.toLowerCase() && clauseCovers(o, i)));
}
