/**
 * Resource ARNs of policy documents judged by what they match, against the ARN formats of the IAM catalog
 * (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import { ActionResourceType } from "./catalog";
import { iamPatternMatcher } from "./oidc";

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

const matchers = new Map<string, (value: string) => boolean>();

/** {@link iamPatternMatcher}, compiled once per pattern (bounded like the memo above). */
function matcher(pattern: string): (value: string) => boolean {
    let found = matchers.get(pattern);
    if (found === undefined) {
        if (matchers.size >= PER_ACTION) {
            matchers.clear();
        }
        found = iamPatternMatcher(pattern);
        matchers.set(pattern, found);
    }
    return found;
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
 * A name no real resource is likely to carry: a pattern that matches it in every variable of a format matches
 * every resource of that type.
 */
const ANY_NAME = "zz-any-name";

const formatCache = new Map<string, { readonly any: string; readonly shape: RegExp }>();

/** The resource part of a catalog ARN format with variables replaced by {@link ANY_NAME}, and a regex of its shape. */
function compiledFormat(format: string): { readonly any: string; readonly shape: RegExp } {
    let compiled = formatCache.get(format);
    if (compiled === undefined) {
        const resource = parseArn(format)?.resource ?? format;
        const any = resource.replace(/\$\{[^}]+\}/g, ANY_NAME);
        let source = "";
        let rest = resource;
        for (let m = /\$\{([^}]+)\}/.exec(rest); m !== null; m = /\$\{([^}]+)\}/.exec(rest)) {
            source += escape(rest.slice(0, m.index));
            // A bucket name never holds "/": it is what tells a bucket ARN from an object ARN.
            source += m[1] === "BucketName" ? "[^/]+" : ".+";
            rest = rest.slice(m.index + m[0].length);
        }
        source += escape(rest);
        compiled = { any, shape: new RegExp(`^${source}$`, "s") };
        formatCache.set(format, compiled);
    }
    return compiled;
}

function escape(s: string): string {
    return s.replace(/[.+*?^${}()|[\]\\]/g, "\\$&");
}

function sameService(arn: ArnParts, type: ActionResourceType): boolean {
    const service = parseArn(type.arn)?.service;
    return service !== undefined && (arn.service === "*" || arn.service.toLowerCase() === service.toLowerCase());
}

/**
 * The resource types of `types` of which `resource` matches every resource: `"*"`; a pattern whose resource part
 * matches every name of the type (`key/…`, `secret:…` or an S3 object pattern ending in a wildcard) and that is
 * not pinned to one account and region —
 * its account or region is a wildcard (`arn:aws:kms:*:*:key/*`), or the type's ARN has neither
 * (`arn:aws:s3:::*`, a Route 53 hosted zone pattern). With `inAccount`, a pattern pinned to one account and
 * region counts too (every role of account 111122223333), for the actions where one
 * account's worth is already everything (`iam:PassRole`, `sts:AssumeRole`).
 */
export function typesCoveredEntirely(resource: string, types: readonly ActionResourceType[], inAccount = false): readonly ActionResourceType[] {
    return memo(inAccount ? coveredInAccount : covered, types, resource, () => computeCovered(resource, types, inAccount));
}

function computeCovered(resource: string, types: readonly ActionResourceType[], inAccount: boolean): readonly ActionResourceType[] {
    if (resource === "*") {
        return [...types];
    }
    const arn = parseArn(resource);
    if (arn === undefined) {
        return [];
    }
    const matches = matcher(arn.resource);
    return types.filter((type) => {
        if (!sameService(arn, type) || !matches(compiledFormat(type.arn).any)) {
            return false;
        }
        const format = parseArn(type.arn);
        const hasRegion = format?.region.includes("${") === true;
        const hasAccount = format?.account.includes("${") === true;
        const pinned = (hasAccount && !/[*?]/.test(arn.account)) || (hasRegion && !/[*?]/.test(arn.region));
        return arn.service === "*" || inAccount || !pinned || (!hasAccount && !hasRegion);
    });
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
    const pattern = patternTokens(arn.resource);
    return types.some((type) => sameService(arn, type) && globsIntersect(pattern, formatTokens(type.arn)));
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

const formatTokenCache = new Map<string, readonly Token[]>();

/** The resource part of a catalog ARN format: each `${Variable}` is one or more characters (no `/` in a bucket name). */
function formatTokens(format: string): readonly Token[] {
    let tokens = formatTokenCache.get(format);
    if (tokens === undefined) {
        const out: Token[] = [];
        const resource = parseArn(format)?.resource ?? format;
        for (const part of resource.split(/(\$\{[^}]+\})/)) {
            if (part.startsWith("${")) {
                const slash = part !== "${BucketName}";
                out.push({ kind: "one", slash }, { kind: "run", slash });
            } else {
                out.push(...[...part].map((c): Token => ({ kind: "char", char: c })));
            }
        }
        tokens = out;
        formatTokenCache.set(format, tokens);
    }
    return tokens;
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
 * Whether some text matches both globs (whether an IAM pattern can name a resource of a format): `*` in a
 * resource ARN matches `/` too, so `access-entry/prod/*` names access entries of cluster `prod`, whatever the
 * number of segments after it. Linear in the product of the lengths (memoized).
 */
export function globsIntersect(a: readonly Token[], b: readonly Token[]): boolean {
    const failed = new Set<number>();
    const width = b.length + 1;
    const go = (i: number, j: number): boolean => {
        if (i === a.length && j === b.length) {
            return true;
        }
        const key = i * width + j;
        if (failed.has(key)) {
            return false;
        }
        const x = a[i];
        const y = b[j];
        let ok = false;
        if (x?.kind === "run") {
            ok = go(i + 1, j) || (y !== undefined && (y.kind === "run" || sameChar(x, y)) && go(i, j + 1));
        } else if (y?.kind === "run") {
            ok = go(i, j + 1) || (x !== undefined && sameChar(x, y) && go(i + 1, j));
        } else if (x !== undefined && y !== undefined) {
            ok = sameChar(x, y) && go(i + 1, j + 1);
        }
        if (!ok) {
            failed.add(key);
        }
        return ok;
    };
    return go(0, 0);
}
