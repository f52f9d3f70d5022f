/**
 * Small value helpers of the fake cloud: stable auto-names and uids, loose readers of wire values, and the
 * clean-up that makes a state look like a provider's answer.
 */
import { stableHex } from "../stableHex";

/** A resource's state or an invoke's result, as wire values. */
export type State = Record<string, unknown>;

/** What the fake answers for a resource registration: the provider's id (none for components) and its state. */
export interface Answer {
    id: string | undefined;
    state: State;
}

/** Pulumi-style auto-name: the logical name plus a stable 7-hex suffix. */
export function autoName(name: string): string {
    return `${name}-${stableHex(name, 7)}`;
}

/** `v` when it is a non-empty string. */
export function str(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** `v` when it is a plain object, else `{}`. */
export function record(v: unknown): State {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as State) : {};
}

/** A UUID-shaped value derived from `text` (Kubernetes `metadata.uid`). */
export function uuidFrom(text: string): string {
    const h = stableHex(`uid:${text}`, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * A state as a provider would answer it: JSON values and signature objects, no `undefined` (the SDK rejects an
 * `undefined` nested value; the SDK's own mock drops those keys when it re-serializes). Returns `v` itself when
 * there is nothing to drop, which is the usual case: states are built from wire values.
 */
export function wireState(v: State): State {
    return hasUndefined(v) ? (dropUndefined(v) as State) : v;
}

function hasUndefined(v: unknown): boolean {
    if (v === undefined) return true;
    if (v === null || typeof v !== "object") return false;
    if (Array.isArray(v)) return v.some(hasUndefined);
    for (const k in v) if (hasUndefined((v as State)[k])) return true;
    return false;
}

function dropUndefined(v: unknown): unknown {
    if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(dropUndefined);
    if (v === null || typeof v !== "object") return v;
    const out: State = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = dropUndefined(x);
    return out;
}
