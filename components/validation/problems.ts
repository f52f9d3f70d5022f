/**
 * Collects configuration problems, each written `<path> <value> <what is wrong>: <fix>.`
 */
import { misspelledField, nearestName } from "./suggest";

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
            problems.invalid(path === "" ? key : `${path}.${key}`, object[key], what, knownNamesFix(key, known));
        }
    }
}

/** The fix for an unknown name: the known name it most likely misspells first, then every known name. */
export function knownNamesFix(name: string, known: readonly string[]): string {
    const nearest = nearestName(name, known);
    return nearest !== undefined ? `use ${nearest} (one of ${known.join(", ")})` : `use one of ${known.join(", ")}`;
}

/**
 * When the discriminating field `field` of `object` is missing but a key misspells it (`omde` for `mode`), reports
 * that key as the typo and returns a copy of `object` with the key renamed, so the other checks read the config as
 * meant (instead of adding "`field` is missing" and "`omde` is not a known field"). Returns `object` otherwise.
 * `known` are every field `object` may have.
 */
export function withMisspelledField(
    object: Record<string, unknown>,
    field: string,
    known: readonly string[],
    path: string,
    problems: ProblemList,
): Record<string, unknown> {
    const typo = misspelledField(object, field, known);
    if (typo === undefined) {
        return object;
    }
    problems.invalid(`${path}.${typo}`, object[typo], `is a misspelling of ${field}`, `rename it to ${field}`);
    const renamed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
        renamed[key === typo ? field : key] = value;
    }
    return renamed;
}
