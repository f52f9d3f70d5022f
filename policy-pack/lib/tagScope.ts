/**
 * Who can write the tags a condition scopes by. AWS's ABAC guidance: permission to tag is access control, since a
 * principal that may set `team=payments` on a resource may then use every grant scoped to `team=payments` on it.
 * A resource-tag condition therefore scopes nothing for a role that may write that tag on resources of that service.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html#access_tags_control-tag-keys
 */
import { actionInfos, ActionInfo, hasAccessLevel, knownActionInfos } from "./catalog";
import { operatorParts } from "./conditions";
import { ConditionEntry, PolicyDocument, Statement } from "./document";
import { iamPatternMatcher } from "./oidc";
import { isPositiveTest } from "./pins";

/** One grant that writes tags: the service, and which keys and values it may write. */
export interface TagWriter {
    /** The service prefix, lowercase, e.g. `secretsmanager`. */
    readonly service: string;
    /** The tagging action, as the catalog spells it, e.g. `secretsmanager:TagResource`. */
    readonly action: string;
    /** `Statement[<i>]` of the document it is in, with the document's field. */
    readonly where: string;
    /** The resource the document belongs to, when known. */
    readonly urn?: string;
    /** Patterns of the tag keys it may write (`ForAllValues:` on `aws:TagKeys`), or undefined for any key. */
    readonly keys?: readonly string[];
    /** Per tag key (lowercase), the values `aws:RequestTag/<key>` limits it to. */
    readonly values: ReadonlyMap<string, readonly string[]>;
    /** Per tag key (lowercase), the values the resource must already carry (`aws:ResourceTag/<key>`). */
    readonly already: ReadonlyMap<string, readonly string[]>;
    /** Tag keys (lowercase) the request may not carry (`Null "aws:RequestTag/<key>": "true"`). */
    readonly barred: readonly string[];
    /** The statement's `Resource` values (`["*"]` for `NotResource`). */
    readonly resources: readonly string[];
}

/**
 * Whether two `Resource` values may name a common resource: `"*"` names every one; two ARN patterns that differ in a
 * fixed partition, service, region or account, or whose resource parts' fixed prefixes diverge
 * (`loadbalancer/…` and `listener/…`), name none in common.
 */
export function mayOverlap(a: string, b: string): boolean {
    if (a === "*" || b === "*") return true;
    const pa = a.split(":");
    const pb = b.split(":");
    for (let i = 0; i < 5; i++) {
        const x = pa[i] ?? "";
        const y = pb[i] ?? "";
        if (/[*?]/.test(x) || /[*?]/.test(y)) return true; // a wildcard may span the colons: stop comparing
        if (x !== y) return false;
    }
    const ra = pa.slice(5).join(":");
    const rb = pb.slice(5).join(":");
    const fa = ra.split(/[*?]/)[0] ?? "";
    const fb = rb.split(/[*?]/)[0] ?? "";
    if (!/[*?]/.test(ra) && !/[*?]/.test(rb)) return ra === rb;
    return fa.startsWith(fb) || fb.startsWith(fa);
}

/** Whether an action adds or overwrites tags (catalog access level Tagging, not an untag/delete/remove action). */
function writesTags(info: ActionInfo): boolean {
    return hasAccessLevel(info, "Tagging") && !/:(Untag|Delete|Remove)/i.test(info.name);
}

/** The tag key a resource-tag condition key names (`aws:ResourceTag/team`, `s3:ExistingObjectTag/team` → `team`). */
export function resourceTagKey(key: string): string | undefined {
    return /^[a-z0-9-]+:(ResourceTag|ExistingObjectTag)\/(.+)$/i.exec(key)?.[2]?.toLowerCase();
}

function tagValues(conditions: readonly ConditionEntry[], prefix: "requesttag" | "resourcetag"): Map<string, readonly string[]> {
    const map = new Map<string, readonly string[]>();
    for (const c of conditions) {
        const m = /^[a-z0-9-]+:(RequestTag|ResourceTag|ExistingObjectTag)\/(.+)$/i.exec(c.key);
        const kind = m?.[1]?.toLowerCase() === "requesttag" ? "requesttag" : "resourcetag";
        if (m !== null && m[2] !== undefined && kind === prefix && isPositiveTest(c)) {
            map.set(m[2].toLowerCase(), c.values);
        }
    }
    return map;
}

/** The writers of one statement (none when it tags only while creating: `ec2:CreateAction`). */
async function statementWriters(statement: Statement, field: string, urn: string | undefined): Promise<TagWriter[]> {
    if (statement.effect !== "Allow" || statement.actions === undefined) {
        return [];
    }
    if (statement.conditions.some((c) => /^[a-z0-9-]+:CreateAction$/i.test(c.key) && isPositiveTest(c))) {
        return [];
    }
    const keyTests = statement.conditions.filter((c) => c.key.toLowerCase() === "aws:tagkeys" && operatorParts(c.operator).qualifier === "ForAllValues" && !operatorParts(c.operator).ifExists && !operatorParts(c.operator).base.includes("Not"));
    const keys = keyTests.length === 0 ? undefined : keyTests.flatMap((c) => c.values.map((v) => v.toLowerCase()));
    const values = tagValues(statement.conditions, "requesttag");
    // `Null "aws:RequestTag/<key>": "true"`: the request may not carry the key, so the grant cannot write it.
    const barred = statement.conditions
        .filter((c) => operatorParts(c.operator).base === "Null" && operatorParts(c.operator).qualifier === undefined && c.values.every((v) => v.toLowerCase() === "true"))
        .map((c) => /^aws:RequestTag\/(.+)$/i.exec(c.key)?.[1]?.toLowerCase())
        .filter((k): k is string => k !== undefined);
    const already = tagValues(statement.conditions, "resourcetag");
    const writers: TagWriter[] = [];
    for (const action of statement.actions) {
        for (const info of knownActionInfos(action) ?? (await actionInfos(action))) {
            if (writesTags(info)) {
                writers.push({
                    service: info.name.split(":")[0]!.toLowerCase(),
                    action: info.name,
                    where: `${field} Statement[${statement.index}]`,
                    ...(urn === undefined ? {} : { urn }),
                    ...(keys === undefined ? {} : { keys }),
                    values,
                    already,
                    barred,
                    resources: statement.resources ?? ["*"],
                });
            }
        }
    }
    return writers;
}

/** Every grant of the documents that writes tags. */
export async function tagWriters(documents: readonly { readonly field: string; readonly document: PolicyDocument; readonly urn?: string }[]): Promise<TagWriter[]> {
    const writers: TagWriter[] = [];
    for (const { field, document, urn } of documents) {
        for (const statement of document.statements) {
            writers.push(...(await statementWriters(statement, field, urn)));
        }
    }
    return writers;
}

/**
 * The writer, if any, that can put tag `key` with one of `wanted` on a resource of `service` (among `resources`) that
 * does not carry it yet: the service matches, its resources may overlap, the key is among those it may write, a value
 * it may write matches, and it does not require the resource to carry `key` with one of `wanted` already.
 */
export function writerOf(writers: readonly TagWriter[], service: string, key: string, wanted: readonly string[], resources: readonly string[] = ["*"]): TagWriter | undefined {
    const k = key.toLowerCase();
    return writers.find((w) => {
        if (w.service !== service.toLowerCase()) return false;
        if (!w.resources.some((r) => resources.some((s) => mayOverlap(r, s)))) return false;
        if (w.keys !== undefined && !w.keys.some((p) => iamPatternMatcher(p)(k))) return false;
        if (w.barred.includes(k)) return false;
        const allowed = w.values.get(k);
        if (allowed !== undefined && !allowed.some((a) => wanted.some((v) => a === v || iamPatternMatcher(a)(v)))) return false;
        const needs = w.already.get(k);
        return !(needs !== undefined && needs.every((n) => wanted.includes(n)));
    });
}
