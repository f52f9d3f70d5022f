/**
 * A role's permissions as a set of (effect, action, resource, condition) entries, whatever the shape of the
 * documents they came from: statement order, single values or lists, duplicates, and how actions and resources
 * were grouped into statements change nothing. An `Allow` of actions A on resources R is the union of its
 * (a, r) pairs, so each pair is one entry; a `NotAction` or `NotResource` set stays whole (everything but the
 * set is one grant, not a union of its members).
 */
import type { LooseStatement } from "../audit";
import { asList } from "../audit";
import { Clause, clausesKey, clausesOf, conditionCovers, conditionObject, isUnknown, Term, termCovers, termKey, termText, uniqueSorted } from "./terms";

/** One normalized permission. */
export interface PermissionAtom {
    /** Equal keys, equal permissions. */
    key: string;
    effect: string;
    action: Term;
    resource: Term;
    condition: readonly Clause[];
    /** Some part of it is computed at deploy time. */
    unknown: boolean;
}

/** A permission as the diff reports it. */
export interface PermissionEntry {
    effect: string;
    /** One action (`s3:GetObject`), or `NOT …` for a `NotAction` set. */
    action: string;
    /** One resource, or `NOT …` for a `NotResource` set. */
    resource: string;
    /** The condition in normal form: every value a sorted list. Absent when the entry has none. */
    condition?: Record<string, Record<string, string[]>>;
    /** Whether it allows something that was not allowed before (see {@link isBroadening}). */
    broadening: boolean;
}

function terms(list: unknown, notList: unknown, caseless: boolean, whenAbsent: string | undefined): Term[] {
    if (list !== undefined) return uniqueSorted(asList(list as unknown[]), caseless).map((v) => ({ not: false, values: [v] }));
    if (notList !== undefined) return [{ not: true, values: uniqueSorted(asList(notList as unknown[]), caseless) }];
    return whenAbsent === undefined ? [] : [{ not: false, values: [whenAbsent] }];
}

/**
 * The entries of `statements`, de-duplicated (first occurrence kept). A statement with no `Resource` or
 * `NotResource` (not valid in an identity policy) counts as `*`, one with no `Effect` as `Allow`: the reading that
 * reports more, not less.
 */
export function permissionAtoms(statements: readonly LooseStatement[]): PermissionAtom[] {
    const out = new Map<string, PermissionAtom>();
    for (const s of statements) {
        const effect = typeof s.Effect === "string" ? s.Effect : "Allow";
        const condition = clausesOf(s.Condition);
        const condKey = clausesKey(condition);
        const condUnknown = isUnknown(s.Condition);
        const resources = terms(s.Resource, s.NotResource, false, "*");
        for (const action of terms(s.Action, s.NotAction, true, undefined)) {
            const aKey = termKey(action, true);
            for (const resource of resources) {
                const key = `${effect}\u0005${aKey}\u0005${termKey(resource, false)}\u0005${condKey}`;
                if (out.has(key)) continue;
                out.set(key, { key, effect, action, resource, condition, unknown: condUnknown || action.values.some(isUnknown) || resource.values.some(isUnknown) });
            }
        }
    }
    return [...out.values()];
}

/** Whether `outer` applies to every request `inner` applies to (same effect, wider or equal action, resource, condition). */
export function atomCovers(outer: PermissionAtom, inner: PermissionAtom): boolean {
    return outer.effect === inner.effect && termCovers(outer.action, inner.action, true) && termCovers(outer.resource, inner.resource, false) && conditionCovers(outer.condition, inner.condition);
}

/**
 * Whether a change allows what was not allowed before: an added `Allow` that no `Allow` of BASE already covered
 * (a new action or resource, a wildcard covering more, a condition removed or loosened), or a removed `Deny` that
 * no `Deny` of HEAD still covers. Added denies and removed allows only take away.
 */
export function isBroadening(change: "added" | "removed", atom: PermissionAtom, base: readonly PermissionAtom[], head: readonly PermissionAtom[]): boolean {
    if (change === "added") return atom.effect !== "Deny" && !base.some((b) => b.effect !== "Deny" && atomCovers(b, atom));
    return atom.effect === "Deny" && !head.some((h) => h.effect === "Deny" && atomCovers(h, atom));
}

/** The entry as the report shows it. */
export function permissionEntry(atom: PermissionAtom, broadening: boolean): PermissionEntry {
    return {
        effect: atom.effect,
        action: termText(atom.action),
        resource: termText(atom.resource),
        ...(atom.condition.length > 0 ? { condition: conditionObject(atom.condition) } : {}),
        broadening,
    };
}
