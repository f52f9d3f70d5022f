/**
 * "Did you mean …?": the known name nearest to a misspelled one, for messages about unknown fields and config keys.
 */

/**
 * The optimal string alignment distance between `a` and `b`: insertions, deletions, substitutions and swaps of two
 * adjacent characters each cost 1 (`omde` → `mode` is one swap, `servce` → `service` one insertion).
 */
export function editDistance(a: string, b: string): number {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                best = Math.min(best, d[i - 2]![j - 2]! + 1);
            }
            d[i]![j] = best;
        }
    }
    return d[a.length]![b.length]!;
}

/**
 * The name of `known` that `name` most likely misspells, or `undefined` when none is close: the same name in another
 * case (`Tags`, `oidcprovider`), else the nearest within one edit for names under five characters and two edits
 * otherwise (case ignored). Ties go to the first in `known`.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
    const lower = name.toLowerCase();
    const sameCase = known.find((k) => k.toLowerCase() === lower);
    if (sameCase !== undefined) {
        return sameCase;
    }
    const limit = name.length < 5 ? 1 : 2;
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const candidate of known) {
        const distance = editDistance(lower, candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

/**
 * The key of `object` that misspells the missing field `field` (`omde` for `mode`, `servce` for `service`): a key
 * that is not in `known` and whose nearest known name is `field`. `undefined` when `field` is present or no key
 * looks like it.
 */
export function misspelledField(object: Record<string, unknown>, field: string, known: readonly string[]): string | undefined {
    if (object[field] !== undefined) {
        return undefined;
    }
    return Object.keys(object).find((key) => !known.includes(key) && nearestName(key, known) === field);
}
