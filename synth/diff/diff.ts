/**
 * The security diff of two stacks: per role, who may assume it and what it may do, before and after, and which
 * changes broaden access. Pure: two {@link StackView}s (and each side's policy findings) in, a report out.
 */
import type { Violation } from "../analyzer/violations";
import { isBroadening, PermissionAtom, PermissionEntry, permissionEntry } from "./permissions";
import { Principal, principalBroadens, principalText } from "./principals";
import { type Facet, type ManagedPolicy, type RoleView, type StackView, withoutParentTypes } from "./roleView";
import { isUnknown, termText } from "./terms";

/** A change shown as a line of text. */
export interface Line {
    text: string;
    broadening: boolean;
}

/** What changed for one role. */
export interface RoleChange {
    urn: string;
    name: string;
    workload?: string;
    /** `added` / `removed`: the whole role is new in HEAD / gone from it (everything it grants is listed). */
    status: "added" | "removed" | "changed";
    principals: { added: Line[]; removed: Line[] };
    permissions: { added: PermissionEntry[]; removed: PermissionEntry[] };
    managedPolicies: { attached: Line[]; detached: Line[] };
    bindings: { added: Line[]; removed: Line[] };
    permissionsBoundary?: { before?: string; after?: string; broadening: boolean };
    /** What could not be compared because it is computed at deploy time. */
    unknown: string[];
    /** The number of broadening changes. */
    broadening: number;
}

/** The whole diff. */
export interface DiffReport {
    roles: RoleChange[];
    violations: { new: Violation[]; resolved: Violation[] };
    broadening: number;
}

const EMPTY_VIEW = (r: RoleView): RoleView => ({
    ...r,
    principals: { items: new Map(), unknown: [], complete: true, atoms: [] },
    permissions: { items: new Map(), unknown: [], complete: true, atoms: [] },
    managedPolicies: { items: new Map(), unknown: [], complete: true },
    bindings: { items: new Map(), unknown: [], complete: true },
    boundary: undefined,
});

/**
 * Pairs HEAD's roles with BASE's, each pass among the roles still unpaired and only where its key is unique on both
 * sides: by URN; by role name; by URN with the stack's name and the parents' types taken out (two stacks of one
 * program, two configs synthesized under different stack names, or an export `synth` wrote before it wrote the
 * engine's URNs); by workload.
 */
export function matchRoles(base: readonly RoleView[], head: readonly RoleView[]): { pairs: [RoleView, RoleView][]; added: RoleView[]; removed: RoleView[] } {
    const passes: ((r: RoleView) => string | undefined)[] = [(r) => r.urn, (r) => (r.nameKnown ? r.name : undefined), (r) => r.portableUrn, (r) => r.workload];
    const pairs: [RoleView, RoleView][] = [];
    let restBase = [...base];
    let restHead = [...head];
    const unique = (roles: readonly RoleView[], key: (r: RoleView) => string | undefined): Map<string, RoleView> => {
        const out = new Map<string, RoleView | null>();
        for (const r of roles) {
            const k = key(r);
            if (k !== undefined) out.set(k, out.has(k) ? null : r);
        }
        return new Map([...out].filter((e): e is [string, RoleView] => e[1] !== null));
    };
    for (const key of passes) {
        const b = unique(restBase, key);
        const h = unique(restHead, key);
        const paired = new Set<RoleView>();
        for (const [k, hr] of h) {
            const br = b.get(k);
            if (br === undefined) continue;
            pairs.push([br, hr]);
            paired.add(br).add(hr);
        }
        restBase = restBase.filter((r) => !paired.has(r));
        restHead = restHead.filter((r) => !paired.has(r));
    }
    return { pairs, added: restHead, removed: restBase };
}

function keysOnlyIn<T>(a: Facet<T>, b: Facet<T>): T[] {
    return [...a.items].filter(([k]) => !b.items.has(k)).map(([, v]) => v);
}

function byBroadeningThenText(a: Line, b: Line): number {
    return Number(b.broadening) - Number(a.broadening) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

function entryOrder(a: PermissionEntry, b: PermissionEntry): number {
    const ka = `${a.effect}\u0000${a.action}\u0000${a.resource}\u0000${JSON.stringify(a.condition ?? {})}`;
    const kb = `${b.effect}\u0000${b.action}\u0000${b.resource}\u0000${JSON.stringify(b.condition ?? {})}`;
    return Number(b.broadening) - Number(a.broadening) || (ka < kb ? -1 : ka > kb ? 1 : 0);
}

/**
 * Compares one facet: nothing when either side has a whole document unknown, and never an item with an unknown
 * part (both are listed in `unknown` instead).
 */
function compare<T extends object>(base: Facet<T>, head: Facet<T>, unknown: string[], describe: (item: T) => string): { added: T[]; removed: T[] } {
    unknown.push(...base.unknown, ...head.unknown);
    if (!base.complete || !head.complete) return { added: [], removed: [] };
    const known = (items: T[]): T[] => items.filter((i) => {
        const isPartlyUnknown = "unknown" in i && i.unknown === true;
        if (isPartlyUnknown) unknown.push(`${describe(i)} (part of it is computed at deploy time)`);
        return !isPartlyUnknown;
    });
    return { added: known(keysOnlyIn(head, base)), removed: known(keysOnlyIn(base, head)) };
}

function permissionWords(a: PermissionAtom): string {
    return `${a.effect} ${termText(a.action)} on ${termText(a.resource)}`;
}

/** The changes of one role from `base` to `head`. */
export function diffRole(base: RoleView, head: RoleView, contexts: { base: StackView["context"]; head: StackView["context"] }, status: RoleChange["status"] = "changed"): RoleChange {
    const unknown: string[] = [];
    const shown = status === "removed" ? base : head;

    const p = compare<Principal>(base.principals, head.principals, unknown, (x) => principalText(x, contexts.head));
    const principals = {
        added: p.added.map((x) => ({ text: principalText(x, contexts.head), broadening: principalBroadens("added", x, base.principals.atoms, head.principals.atoms) })).sort(byBroadeningThenText),
        removed: p.removed.map((x) => ({ text: principalText(x, contexts.base), broadening: principalBroadens("removed", x, base.principals.atoms, head.principals.atoms) })).sort(byBroadeningThenText),
    };

    const q = compare<PermissionAtom>(base.permissions, head.permissions, unknown, permissionWords);
    const permissions = {
        added: q.added.map((a) => permissionEntry(a, isBroadening("added", a, base.permissions.atoms, head.permissions.atoms))).sort(entryOrder),
        removed: q.removed.map((a) => permissionEntry(a, isBroadening("removed", a, base.permissions.atoms, head.permissions.atoms))).sort(entryOrder),
    };

    const m = compare<ManagedPolicy>(base.managedPolicies, head.managedPolicies, unknown, (x) => x.text);
    // A policy whose document the stack holds is diffed statement by statement; one from outside is new power unseen.
    const managedPolicies = {
        attached: m.added.map((x) => ({ text: x.text, broadening: x.external })).sort(byBroadeningThenText),
        detached: m.removed.map((x) => ({ text: x.text, broadening: false })).sort(byBroadeningThenText),
    };

    const wrap = (f: Facet<string>): Facet<{ text: string }> => ({ ...f, items: new Map([...f.items].map(([k, v]) => [k, { text: v }])) });
    const b = compare<{ text: string }>(wrap(base.bindings), wrap(head.bindings), unknown, (x) => x.text);
    const bindings = {
        added: b.added.map((x) => ({ text: x.text, broadening: false })).sort(byBroadeningThenText),
        removed: b.removed.map((x) => ({ text: x.text, broadening: false })).sort(byBroadeningThenText),
    };

    let permissionsBoundary: RoleChange["permissionsBoundary"];
    if (base.boundary !== head.boundary) {
        if (isUnknown(base.boundary) || isUnknown(head.boundary)) unknown.push("the permissions boundary is computed at deploy time");
        // Removing or replacing a boundary can only be judged by its documents: counted as broadening.
        else permissionsBoundary = { ...(base.boundary !== undefined ? { before: base.boundary } : {}), ...(head.boundary !== undefined ? { after: head.boundary } : {}), broadening: base.boundary !== undefined };
    }

    const lines = [...principals.added, ...principals.removed, ...managedPolicies.attached, ...bindings.added];
    const broadening = lines.filter((l) => l.broadening).length
        + [...permissions.added, ...permissions.removed].filter((e) => e.broadening).length
        + (permissionsBoundary?.broadening === true ? 1 : 0);
    return {
        urn: shown.urn,
        name: shown.name,
        ...(shown.workload !== undefined ? { workload: shown.workload } : {}),
        status,
        principals,
        permissions,
        managedPolicies,
        bindings,
        ...(permissionsBoundary !== undefined ? { permissionsBoundary } : {}),
        unknown: [...new Set(unknown)].sort(),
        broadening,
    };
}

function changed(r: RoleChange): boolean {
    return r.status !== "changed" || r.unknown.length > 0 || r.permissionsBoundary !== undefined
        || [r.principals.added, r.principals.removed, r.permissions.added, r.permissions.removed, r.managedPolicies.attached, r.managedPolicies.detached, r.bindings.added, r.bindings.removed].some((l) => l.length > 0);
}

/**
 * Violations in `head` and not in `base` (new), and the other way round (resolved); a violation is its policy,
 * resource (its URN without the parents' types) and message, each side's texts passed through its `portable`
 * (stack name taken out).
 */
export function diffViolations(base: readonly Violation[], head: readonly Violation[], portable: { base: (s: string) => string; head: (s: string) => string } = { base: (s) => s, head: (s) => s }): DiffReport["violations"] {
    const key = (v: Violation, p: (s: string) => string): string => `${v.policyName}\u0000${p(withoutParentTypes(v.urn))}\u0000${p(v.message)}`;
    const keyed = (vs: readonly Violation[], p: (s: string) => string): Map<string, Violation> => new Map(vs.map((v) => [key(v, p), v]));
    const b = keyed(base, portable.base);
    const h = keyed(head, portable.head);
    return { new: [...h].filter(([k]) => !b.has(k)).map(([, v]) => v), resolved: [...b].filter(([k]) => !h.has(k)).map(([, v]) => v) };
}

/** The diff of two stacks: changed roles only (sorted by workload, then name), and each side's findings compared. */
export function diffStacks(base: StackView, head: StackView, violations: { base: readonly Violation[]; head: readonly Violation[] } = { base: [], head: [] }): DiffReport {
    const contexts = { base: base.context, head: head.context };
    const { pairs, added, removed } = matchRoles(base.roles, head.roles);
    const roles = [
        ...pairs.map(([b, h]) => diffRole(b, h, contexts)),
        ...added.map((h) => diffRole(EMPTY_VIEW(h), h, contexts, "added")),
        ...removed.map((b) => diffRole(b, EMPTY_VIEW(b), contexts, "removed")),
    ].filter(changed);
    const label = (r: RoleChange): string => `${r.workload ?? r.name}\u0000${r.name}\u0000${r.urn}`;
    roles.sort((a, b) => (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
    return { roles, violations: diffViolations(violations.base, violations.head, { base: base.portable, head: head.portable }), broadening: roles.reduce((n, r) => n + r.broadening, 0) };
}

/** One role in the `--json` output. */
export interface RoleJson {
    urn: string;
    name: string;
    workload?: string;
    /** Only for a role added or removed as a whole. */
    status?: "added" | "removed";
    principals: { added: string[]; removed: string[] };
    permissions: { added: PermissionEntry[]; removed: PermissionEntry[] };
    managedPolicies: { attached: string[]; detached: string[] };
    bindings: { added: string[]; removed: string[] };
    /** Only when the boundary changed. */
    permissionsBoundary?: { before?: string; after?: string; broadening: boolean };
    /** Only when something could not be compared. */
    unknown?: string[];
}

/** The `--json` output. */
export interface DiffJson {
    roles: RoleJson[];
    violations: { new: Violation[]; resolved: Violation[] };
    broadening: number;
}

/** The `--json` form: principals, managed policies and bindings as plain words; extra fields only when they say something. */
export function toJson(report: DiffReport): DiffJson {
    const words = (ls: readonly Line[]): string[] => ls.map((l) => l.text);
    return {
        roles: report.roles.map((r): RoleJson => ({
            urn: r.urn,
            name: r.name,
            ...(r.workload !== undefined ? { workload: r.workload } : {}),
            ...(r.status !== "changed" ? { status: r.status } : {}),
            principals: { added: words(r.principals.added), removed: words(r.principals.removed) },
            permissions: r.permissions,
            managedPolicies: { attached: words(r.managedPolicies.attached), detached: words(r.managedPolicies.detached) },
            bindings: { added: words(r.bindings.added), removed: words(r.bindings.removed) },
            ...(r.permissionsBoundary !== undefined ? { permissionsBoundary: r.permissionsBoundary } : {}),
            ...(r.unknown.length > 0 ? { unknown: r.unknown } : {}),
        })),
        violations: report.violations,
        broadening: report.broadening,
    };
}
