/**
 * Resource ARNs of policy documents judged by what they match, against the ARN formats of the IAM catalog
 * (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import { ActionResourceType } from "./catalog";

/** An ARN split into its six fields; `resource` keeps any `:` or `/` it contains. */
export interface ArnParts {
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    readonly account: string;
    readonly resource: string;
}

/**
 * Answers by action (its frozen resource-type list, shared by every document that names the action) and resource
 * text: every document of a stack repeats the same few actions and ARNs, and each rule asks again.
 */
const covered = new WeakMap<readonly ActionResourceType[], Map<string, readonly ActionResourceType[]>>();
const coveredInAccount = new WeakMap<readonly ActionResourceType[], Map<string, readonly ActionResourceType[]>>();
const fits = new WeakMap<readonly ActionResourceType[], Map<string, boolean>>();
/** Per action, at most this many resources are remembered (a stack names far fewer ARNs per action). */
const PER_ACTION = 4096;

function memo<V>(cache: WeakMap<readonly ActionResourceType[], Map<string, V>>, types: readonly ActionResourceType[], resource: string, compute: () => V): V {
    let byResource = cache.get(types);
    if (byResource === undefined) {
        byResource = new Map();
        cache.set(types, byResource);
    }
    const known = byResource.get(resource);
    if (known !== undefined) {
        return known;
    }
    const value = compute();
    if (byResource.size >= PER_ACTION) {
        byResource.clear();
    }
    byResource.set(resource, value);
    return value;
}

/** The fields of `arn`, or undefined when it is not `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function parseArn(arn: string): ArnParts | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return undefined;
    }
    const [, partition = "", service = "", region = "", account = ""] = parts;
    const resource = parts.slice(5).join(":");
    if (partition === "" || service === "" || resource === "") {
        return undefined;
    }
    return { partition, service, region, account, resource };
}

/** Whether `resource` is a valid `Resource` element value: `"*"` or an ARN (wildcards allowed). */
export function isResourceValue(resource: string): boolean {
    return resource === "*" || ARN_FORM.test(resource);
}

/** What {@link parseArn} accepts, as one test (no allocation). */
const ARN_FORM = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:./s;

/**
 * A catalog ARN format, parsed once: every action of a service shares its few formats, and each call asked again
 * (`parseArn` of the format was 0.1 s of the pack's CPU at 1,000 workloads).
 */
interface Format {
    /** The format's fields; undefined for a format that is not an ARN (then its whole text is the resource). */
    readonly parts: ArnParts | undefined;
    /** The service, lower case. */
    readonly service: string | undefined;
    readonly resource: string;
    readonly hasAccount: boolean;
    readonly hasRegion: boolean;
    readonly tokens: readonly Token[];
    /** {@link literalFitsFormat}'s test, when the format allows it. */
    readonly literal: RegExp | undefined;
}

const formatCache = new Map<string, Format>();

function format(arnFormat: string): Format {
    let f = formatCache.get(arnFormat);
    if (f === undefined) {
        const parts = parseArn(arnFormat);
        const tokens = formatTokens(parts?.resource ?? arnFormat);
        f = {
            parts,
            service: parts?.service.toLowerCase(),
            resource: parts?.resource ?? arnFormat,
            hasAccount: parts?.account.includes("${") === true,
            hasRegion: parts?.region.includes("${") === true,
            tokens,
            literal: literalRegExp(tokens),
        };
        formatCache.set(arnFormat, f);
    }
    return f;
}

function sameService(arn: ArnParts, f: Format): boolean {
    return f.service !== undefined && (arn.service === "*" || arn.service.toLowerCase() === f.service);
}

/**
 * The resource types of `types` of which `resource` matches every resource, decided from what the pattern's name
 * part fixes (not by trying a made-up name): `"*"`; a pattern whose text at the type's first name variable (the
 * secret's, key's, parameter's, table's, bucket's, role's name) starts with a wildcard or with fewer than two fixed
 * characters (`secret:*`, `secret:*-??????`, `table/*a*`, an S3 object pattern whose bucket is `*`, `key/*`), in one
 * account and region as in all for the types that hold data ({@link DATA_TYPES}), and outside one account and region
 * for the others; `secret:orders/api-*`, `parameter/orders/*` and `role/KarpenterNodeRole-*` fix a real prefix and do not.
 * With `everyAccount`, a pattern that names any role in every account (`arn:aws:iam::*:role/OrganizationAccountAccessRole`)
 * counts too, for the actions where reaching one role per account is already too much (`iam:PassRole`, `sts:AssumeRole`).
 */
export function typesCoveredEntirely(resource: string, types: readonly ActionResourceType[], everyAccount = false): readonly ActionResourceType[] {
    return memo(everyAccount ? coveredInAccount : covered, types, resource, () => computeCovered(resource, types, everyAccount));
}

function computeCovered(resource: string, types: readonly ActionResourceType[], everyAccount: boolean): readonly ActionResourceType[] {
    if (resource === "*") {
        return [...types];
    }
    const arn = parseArn(resource);
    if (arn === undefined) {
        return [];
    }
    const fits = resourceFits(arn.resource);
    return types.filter((type) => {
        const f = format(type.arn);
        if (!sameService(arn, f) || !placeFits(arn, f) || !fits(f)) {
            return false;
        }
        const { hasAccount, hasRegion } = f;
        if (!nameFixesNothing(arn.resource, f)) {
            // A role named in every account (`arn:aws:iam::*:role/OrganizationAccountAccessRole`).
            return arn.service === "*" || (everyAccount && hasAccount && /[*?]/.test(arn.account));
        }
        const pinned = (hasAccount && !/[*?]/.test(arn.account)) || (hasRegion && !/[*?]/.test(arn.region));
        return arn.service === "*" || !pinned || everyAccount || (!hasAccount && !hasRegion) || holdsData(type, f);
    });
}

/**
 * Resource types that hold data or run code, where one account's (and region's) worth is already everything:
 * secret values, parameters, keys (decrypted bytes), items, messages, objects, logs, images, functions. Their names
 * are chosen by their owners, so a name prefix scopes them. Other types (EC2 instances, volumes, network interfaces,
 * snapshots: IDs generated at creation) can only be scoped by tags, and a pattern pinned to one account and region
 * is judged with them as before.
 * @see https://docs.aws.amazon.com/whitepapers/latest/building-a-data-perimeter-on-aws/perimeter-implementation.html
 */
const DATA_TYPES: Readonly<Record<string, readonly string[]>> = {
    secretsmanager: ["secret"],
    ssm: ["parameter"],
    kms: ["key"],
    dynamodb: ["table", "index", "stream"],
    sqs: ["queue"],
    sns: ["topic"],
    logs: ["log-group", "log-stream"],
    kinesis: ["stream"],
    ecr: ["repository"],
    lambda: ["function"],
    s3: ["object", "bucket", "accesspointobject"],
};

function holdsData(type: ActionResourceType, f: Format): boolean {
    return DATA_TYPES[f.service ?? ""]?.includes(type.name.toLowerCase()) === true;
}

/**
 * Whether the pattern's region and account can match the format's: a format without a region (`arn:aws:s3:::…`)
 * only matches an empty region (or `*`), a format with one only a non-empty region; the same for the account.
 * `arn:aws:s3:::*` + `/*` names objects of buckets, not objects of access points (which carry both).
 */
function placeFits(arn: ArnParts, f: Format): boolean {
    if (f.parts === undefined) {
        return true;
    }
    const fits = (value: string, formatValue: string) => (formatValue === "" ? /^\**$/.test(value) : value !== "");
    return fits(arn.region, f.parts.region) && fits(arn.account, f.parts.account);
}

/** Fewer fixed characters than this at the start of a name leave it open (`a*`, `-*`, `?x*`). */
const MIN_FIXED_PREFIX = 2;

/**
 * Whether a resource pattern (that fits the format) leaves the format's first name variable open: a wildcard at
 * or before its start, or a fixed prefix shorter than {@link MIN_FIXED_PREFIX} or without a letter or digit.
 * An exact name (no wildcard after the type's literal prefix) fixes it, whatever its length.
 */
function nameFixesNothing(pattern: string, f: Format): boolean {
    const resourceFormat = f.resource;
    const variable = resourceFormat.indexOf("${");
    if (variable === -1) {
        return false;
    }
    const literal = resourceFormat.slice(0, variable);
    if (!pattern.startsWith(literal)) {
        return true; // it fits the format only through a wildcard in the type's own prefix (`sec*`, `*`)
    }
    const name = pattern.slice(literal.length);
    if (!/[*?]/.test(name)) {
        return false;
    }
    const fixed = /^[^*?]*/.exec(name)?.[0] ?? "";
    return fixed.length < MIN_FIXED_PREFIX || !/[A-Za-z0-9]/.test(fixed);
}

/**
 * Whether `resource` can name a resource of one of `types` (its service and resource shape fit one of their ARN
 * formats; wildcards may stand for any text). `"*"` fits every type.
 */
export function fitsAnyType(resource: string, types: readonly ActionResourceType[]): boolean {
    return memo(fits, types, resource, () => computeFits(resource, types));
}

function computeFits(resource: string, types: readonly ActionResourceType[]): boolean {
    if (resource === "*") {
        return true;
    }
    const arn = parseArn(resource);
    if (arn === undefined) {
        return true; // not an ARN: the document grammar rule reports it
    }
    const fits = resourceFits(arn.resource);
    return types.some((type) => {
        const f = format(type.arn);
        return sameService(arn, f) && fits(f);
    });
}

/**
 * Whether the resource part of a pattern can name a resource of a format, as a test per format: a literal one
 * through the format's compiled RegExp where it has one ({@link literalFitsFormat}), else the general
 * {@link globsIntersect} (the pattern's tokens built once, on first use).
 */
function resourceFits(pattern: string): (f: Format) => boolean {
    const literal = !/[*?]/.test(pattern);
    let tokens: readonly Token[] | undefined;
    return (f) => (literal && f.literal !== undefined ? f.literal.test(pattern) : globsIntersect((tokens ??= patternTokens(pattern)), f.tokens));
}

/**
 * One position of a glob: a literal character, one character (`?`, or the first character of a format variable),
 * or any run of characters (`*`, or the rest of a variable). `slash` false: the character(s) cannot be `/`.
 */
type Token = { readonly kind: "char"; readonly char: string } | { readonly kind: "one" | "run"; readonly slash: boolean };

const ONE: Token = { kind: "one", slash: true };
const RUN: Token = { kind: "run", slash: true };

/** An IAM resource pattern: `*` any run of characters, `/` included; `?` any one character. */
function patternTokens(pattern: string): readonly Token[] {
    return [...pattern].map((c): Token => (c === "*" ? RUN : c === "?" ? ONE : { kind: "char", char: c }));
}

/** The resource part of a catalog ARN format: each `${Variable}` is one or more characters (no `/` in a bucket name). */
function formatTokens(resource: string): readonly Token[] {
    const out: Token[] = [];
    for (const part of resource.split(/(\$\{[^}]+\})/)) {
        if (part.startsWith("${")) {
            const slash = part !== "${BucketName}";
            out.push({ kind: "one", slash }, { kind: "run", slash });
        } else {
            out.push(...[...part].map((c): Token => ({ kind: "char", char: c })));
        }
    }
    return out;
}

/**
 * A format's glob as an anchored RegExp, to test a literal resource (no `*` or `?`) in one native match instead of
 * {@link globsIntersect}'s memoized search with its per-call allocations: a literal matches the format's glob exactly
 * when the two globs intersect, a literal having only itself as its language. `u`: a token is a code point, as
 * `[...pattern]` splits the pattern. Only for formats with at most one variable before the last token's: Irregexp
 * backtracks, and a glob with several runs followed by literal text can take time polynomial in the input with the
 * number of runs as the exponent (https://v8.dev/blog/non-backtracking-regexp, "catastrophic backtracking"); with
 * one such run a failed match is linear in the input times the format. 2,165 of the catalog's 2,334 formats qualify
 * (every one of the DynamoDB, SQS and S3 object formats).
 */
function literalRegExp(tokens: readonly Token[]): RegExp | undefined {
    const runs = tokens.filter((t) => t.kind === "run").length - (tokens[tokens.length - 1]?.kind === "run" ? 1 : 0);
    if (runs > 1) {
        return undefined;
    }
    const source = tokens.map((t) => (t.kind === "char" ? t.char.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&") : (t.slash ? "[^]" : "[^/]") + (t.kind === "run" ? "*" : ""))).join("");
    return new RegExp(`^${source}$`, "u");
}

/**
 * Whether `resource` (the resource part of an ARN) fits the resource part of the catalog format `arnFormat`, by
 * the path {@link fitsAnyType} takes: the compiled RegExp for a literal resource where the format has one, else the
 * general glob intersection. With `general`, always the general one: `tests/policy-pack/lib/arn.spec.ts` compares
 * the two.
 */
export function resourceFitsFormat(resource: string, arnFormat: string, general = false): boolean {
    const f = format(arnFormat);
    return general ? globsIntersect(patternTokens(resource), f.tokens) : resourceFits(resource)(f);
}

/** Whether `arnFormat`'s resource part has a compiled RegExp for literal resources (for the spec's counts). */
export function hasLiteralFastPath(arnFormat: string): boolean {
    return format(arnFormat).literal !== undefined;
}

function accepts(t: Token, c: string): boolean {
    return t.kind === "char" ? t.char === c : t.slash || c !== "/";
}

/** Whether two single-character tokens can stand for the same character. */
function sameChar(a: Token, b: Token): boolean {
    if (a.kind === "char") {
        return accepts(b, a.char);
    }
    return b.kind === "char" ? accepts(a, b.char) : true;
}

/**
 * The failed (i, j) states of the running {@link globsIntersect}, marked with its call's stamp: one buffer for every
 * call instead of a `Set` and a closure per call (17 MB of the pack's allocations under the CLI's runner at 1,000
 * workloads). Searches larger than {@link SHARED_STATES} get a buffer of their own, so this one stays small.
 */
let failedAt = new Uint32Array(1024);
let stamp = 0;
const SHARED_STATES = 1 << 16;

/**
 * Whether some text matches both globs (whether an IAM pattern can name a resource of a format): `*` in a
 * resource ARN matches `/` too, so `access-entry/prod/*` names access entries of cluster `prod`, whatever the
 * number of segments after it. Linear in the product of the lengths (memoized).
 */
export function globsIntersect(a: readonly Token[], b: readonly Token[]): boolean {
    const width = b.length + 1;
    const states = (a.length + 1) * width;
    if (states > SHARED_STATES) {
        return search(a, b, width, new Uint32Array(states), 1, 0, 0);
    }
    if (failedAt.length < states) {
        failedAt = new Uint32Array(SHARED_STATES);
    }
    if (++stamp === 0xffffffff) {
        failedAt.fill(0);
        stamp = 1;
    }
    return search(a, b, width, failedAt, stamp, 0, 0);
}

/** {@link globsIntersect} from state (i, j): `failed[i * width + j] === mark` when that state was tried and failed. */
function search(a: readonly Token[], b: readonly Token[], width: number, failed: Uint32Array, mark: number, i: number, j: number): boolean {
    if (i === a.length && j === b.length) {
        return true;
    }
    const key = i * width + j;
    if (failed[key] === mark) {
        return false;
    }
    const x = a[i];
    const y = b[j];
    let ok = false;
    if (x?.kind === "run") {
        ok = search(a, b, width, failed, mark, i + 1, j) || (y !== undefined && (y.kind === "run" || sameChar(x, y)) && search(a, b, width, failed, mark, i, j + 1));
    } else if (y?.kind === "run") {
        ok = search(a, b, width, failed, mark, i, j + 1) || (x !== undefined && sameChar(x, y) && search(a, b, width, failed, mark, i + 1, j));
    } else if (x !== undefined && y !== undefined) {
        ok = sameChar(x, y) && search(a, b, width, failed, mark, i + 1, j + 1);
    }
    if (!ok) {
        failed[key] = mark;
    }
    return ok;
}
