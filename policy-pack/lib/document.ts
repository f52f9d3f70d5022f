/**
 * Parsing of IAM policy documents as policies receive them: a JSON string (the provider's checked
 * inputs, and the outputs of most resources) or an object (`aws.iam.PolicyDocument` inputs, stack
 * outputs), with `Statement`, `Action`, `Resource`, `Principal` as one value or a list and
 * condition values as strings, numbers, booleans or lists of them.
 *
 * Values may be the SDK's unknown-checking proxies: reading an unknown value throws
 * `UnknownValueError`, which is deliberately not caught here (the SDK turns it into an advisory
 * "can't run policy … during preview" diagnostic).
 */
import { TextCache } from "./textCache";

/** One condition test: `Condition.<operator>["<key>"]` with its values, as strings. */
export interface ConditionEntry {
    /** The operator as written, e.g. `StringEquals`, `ForAllValues:StringLike`. */
    readonly operator: string;
    /** The condition key as written, e.g. `oidc.eks.us-west-2.amazonaws.com/id/ABC:sub`. */
    readonly key: string;
    /** The values; booleans and numbers are turned into their string form as IAM compares them. */
    readonly values: readonly string[];
}

/** `"*"` or a map from principal type (`AWS`, `Federated`, `Service`, …) to its values. */
export type Principal = "*" | ReadonlyMap<string, readonly string[]>;

/** A statement with every list-or-single field normalised to a list. */
export interface Statement {
    /** Position in the document's `Statement` list (0 when `Statement` is a single object). */
    readonly index: number;
    /** `Sid` as written (any JSON value), when present. */
    readonly sid?: unknown;
    /** `Allow` or `Deny` as written (IAM requires one of them). */
    readonly effect: string;
    /** `Principal`, when present. */
    readonly principal?: Principal;
    /** Whether `NotPrincipal` is present. */
    readonly hasNotPrincipal: boolean;
    /** `Action` values, when present. */
    readonly actions?: readonly string[];
    /** `NotAction` values, when present. */
    readonly notActions?: readonly string[];
    /** `Resource` values, when present. */
    readonly resources?: readonly string[];
    /** `NotResource` values, when present. */
    readonly notResources?: readonly string[];
    /** Every condition test, in document order. */
    readonly conditions: readonly ConditionEntry[];
    /** Whether a `Condition` block is present and not empty. */
    readonly hasCondition: boolean;
}

/** A parsed document. */
export interface PolicyDocument {
    /** The statements, in document order. */
    readonly statements: readonly Statement[];
    /** `Version` as written (any JSON value), when present. */
    readonly version?: unknown;
    /** Whether the document has a `Statement` element. */
    readonly hasStatement: boolean;
    /** The document as IAM measures it against its quotas: JSON without insignificant whitespace. */
    readonly minifiedLength: number;
}

/** The result of {@link parsePolicyDocument}: a document or the reason it cannot be read. */
export type ParseResult = { readonly ok: true; readonly document: PolicyDocument } | { readonly ok: false; readonly error: string };

class DocumentError extends Error {}

/**
 * Freezes a parse result and everything in it, since it may be shared (see {@link parsePolicyDocument}).
 * A principal `Map` itself cannot be frozen (`set` still works on a frozen Map): its lists are.
 */
function deepFreeze<T>(value: T): T {
    if (value instanceof Map) {
        for (const v of value.values()) {
            deepFreeze(v);
        }
    } else if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        for (const v of Object.values(value)) {
            deepFreeze(v);
        }
        Object.freeze(value);
    }
    return value;
}

/**
 * Parses an IAM policy document from a JSON string or an object.
 *
 * The result is deeply frozen and, for a string, shared: several policies read the same document
 * text (a trust by every trust policy, and every document again by each stack policy), so each
 * distinct text is parsed once while it stays in a bounded cache. Callers must not mutate it (the
 * `principal` maps cannot be frozen; they are typed read-only).
 *
 * @param raw the document as a policy receives it.
 * @returns the normalised document, or an error that reads `<what is wrong>: <the fix>.` for the
 * caller to prefix with the field path (e.g. `assumeRolePolicy`).
 */
export function parsePolicyDocument(raw: unknown): ParseResult {
    return typeof raw === "string" ? cache.get(raw, parseValue) : parseValue(raw);
}

/**
 * Parsed documents by their exact text. The budget, about 4 million characters (some 8,000 documents
 * of 250 characters, or 650 of the 6,144 IAM allows a managed policy), holds every document of a
 * stack of a few thousand workloads, so each stack policy's pass over all roles finds what the
 * previous pass parsed; beyond it the oldest are dropped and parsed again when met.
 */
const cache = new TextCache<ParseResult>(4 * 1024 * 1024);

function parseValue(raw: unknown): ParseResult {
    let value: unknown = raw;
    if (typeof raw === "string") {
        try {
            value = JSON.parse(raw);
        } catch {
            return deepFreeze({ ok: false, error: `${quoteShort(raw)} is not valid JSON: write the document as a JSON object with "Version" and "Statement".` });
        }
    }
    if (!isObject(value) || Array.isArray(value)) {
        return deepFreeze({ ok: false, error: `${quoteShort(JSON.stringify(value) ?? String(value))} is not a policy document: write a JSON object with "Version" and "Statement".` });
    }
    try {
        const statements = readStatements(value["Statement"]);
        const document: PolicyDocument = {
            statements,
            hasStatement: value["Statement"] !== undefined && value["Statement"] !== null,
            minifiedLength: JSON.stringify(value).length,
            ...(value["Version"] === undefined ? {} : { version: value["Version"] }),
        };
        return deepFreeze({ ok: true, document });
    } catch (e) {
        if (e instanceof DocumentError) {
            return deepFreeze({ ok: false, error: e.message });
        }
        throw e;
    }
}

function readStatements(raw: unknown): Statement[] {
    if (raw === undefined || raw === null) {
        return [];
    }
    const list: unknown[] = Array.isArray(raw) ? [...raw] : [raw];
    return list.map((s, index) => readStatement(s, index));
}

function readStatement(raw: unknown, index: number): Statement {
    const at = `Statement[${index}]`;
    if (!isObject(raw) || Array.isArray(raw)) {
        throw new DocumentError(`${at} is not an object: write each statement as {"Effect", "Action", "Resource", …}.`);
    }
    const effect = raw["Effect"];
    if (typeof effect !== "string") {
        throw new DocumentError(`${at}.Effect is missing: set "Allow" or "Deny".`);
    }
    const conditions = readConditions(raw["Condition"], `${at}.Condition`);
    return {
        index,
        ...(raw["Sid"] === undefined ? {} : { sid: raw["Sid"] }),
        effect,
        principal: readPrincipal(raw["Principal"], `${at}.Principal`),
        hasNotPrincipal: raw["NotPrincipal"] !== undefined,
        actions: readStringList(raw["Action"], `${at}.Action`),
        notActions: readStringList(raw["NotAction"], `${at}.NotAction`),
        resources: readStringList(raw["Resource"], `${at}.Resource`),
        notResources: readStringList(raw["NotResource"], `${at}.NotResource`),
        conditions,
        hasCondition: conditions.length > 0,
    };
}

function readPrincipal(raw: unknown, at: string): Principal | undefined {
    if (raw === undefined || raw === null) {
        return undefined;
    }
    if (raw === "*") {
        return "*";
    }
    if (!isObject(raw) || Array.isArray(raw)) {
        throw new DocumentError(`${at} ${JSON.stringify(raw)} is not "*" or an object: write {"Federated": "<provider ARN>"}.`);
    }
    const map = new Map<string, readonly string[]>();
    for (const type of Object.keys(raw)) {
        map.set(type, readStringList(raw[type], `${at}.${type}`) ?? []);
    }
    return map;
}

function readConditions(raw: unknown, at: string): ConditionEntry[] {
    if (raw === undefined || raw === null) {
        return [];
    }
    if (!isObject(raw) || Array.isArray(raw)) {
        throw new DocumentError(`${at} is not an object: write {"<operator>": {"<key>": "<value>"}}.`);
    }
    const entries: ConditionEntry[] = [];
    for (const operator of Object.keys(raw)) {
        const block = raw[operator];
        if (!isObject(block) || Array.isArray(block)) {
            throw new DocumentError(`${at}.${operator} is not an object: write {"<key>": "<value>"}.`);
        }
        for (const key of Object.keys(block)) {
            entries.push({ operator, key, values: readConditionValues(block[key], `${at}.${operator}[${JSON.stringify(key)}]`) });
        }
    }
    return entries;
}

function readConditionValues(raw: unknown, at: string): string[] {
    const list: unknown[] = Array.isArray(raw) ? [...raw] : [raw];
    return list.map((v) => {
        if (typeof v === "string") {
            return v;
        }
        if (typeof v === "boolean" || typeof v === "number") {
            return String(v);
        }
        throw new DocumentError(`${at} ${JSON.stringify(v) ?? String(v)} is not a string, number or boolean: write condition values as strings.`);
    });
}

function readStringList(raw: unknown, at: string): string[] | undefined {
    if (raw === undefined || raw === null) {
        return undefined;
    }
    const list: unknown[] = Array.isArray(raw) ? [...raw] : [raw];
    return list.map((v) => {
        if (typeof v !== "string") {
            throw new DocumentError(`${at} ${JSON.stringify(v) ?? String(v)} is not a string: write a string or a list of strings.`);
        }
        return v;
    });
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null;
}

function quoteShort(s: string): string {
    return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
