/**
 * Collects configuration problems, each written `<path> <value> <what is wrong>: <fix>.`
 */

/** Longest rendering of a value in a message; longer values are cut with `…`. */
const MAX_SHOWN = 120;

/** Renders a config value as it appears in a message: JSON, cut when long. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    let text: string;
    try {
        text = JSON.stringify(value) ?? String(value);
    } catch {
        text = String(value);
    }
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** A list of problems under construction. */
export class ProblemList {
    readonly problems: string[] = [];

    /** `<path> <value> <what>: <fix>.` */
    invalid(path: string, value: unknown, what: string, fix: string): void {
        this.problems.push(`${path} ${show(value)} ${what}: ${fix}.`);
    }

    /** `<path> is missing: <fix>.` (a missing field has no value to show). */
    missing(path: string, fix: string): void {
        this.problems.push(`${path} is missing: ${fix}.`);
    }

    /** A problem whose value must not be shown (a secret): `<path> (value hidden) <what>: <fix>.` */
    hidden(path: string, what: string, fix: string): void {
        this.problems.push(`${path} (value hidden) ${what}: ${fix}.`);
    }
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reports every key of `object` that is not in `known`: a typo would otherwise be ignored
 * silently (e.g. `serviceaccount` for `serviceAccount`). An empty `path` is the config's top level.
 */
export function checkKnownKeys(
    object: Record<string, unknown>,
    known: readonly string[],
    path: string,
    problems: ProblemList,
    what = "is not a known field",
): void {
    for (const key of Object.keys(object)) {
        if (!known.includes(key)) {
            problems.invalid(path === "" ? key : `${path}.${key}`, object[key], what, `use one of ${known.join(", ")}`);
        }
    }
}
