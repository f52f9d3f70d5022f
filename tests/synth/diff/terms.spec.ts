import * as assert from "node:assert/strict";
import { globCovers, globOverlaps } from "../../../synth/diff/glob";
import { clausesOf, conditionCovers, conditionObject, termCovers, termText } from "../../../synth/diff/terms";

describe("globCovers", () => {
    it("reads * as any run of characters and ? as one", () => {
        assert.equal(globCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/c", false), true);
        assert.equal(globCovers("arn:aws:s3:::b/?", "arn:aws:s3:::b/a", false), true);
        assert.equal(globCovers("arn:aws:s3:::b/?", "arn:aws:s3:::b/ab", false), false);
    });

    it("compares pattern to pattern: a * covers a narrower pattern, a ? never covers a *", () => {
        assert.equal(globCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/m/*", false), true);
        assert.equal(globCovers("arn:aws:s3:::b/m/*", "arn:aws:s3:::b/*", false), false);
        assert.equal(globCovers("arn:aws:s3:::b/?", "arn:aws:s3:::b/*", false), false);
    });

    it("ignores case for actions only", () => {
        assert.equal(globCovers("s3:get*", "S3:GetObject", true), true);
        assert.equal(globCovers("arn:aws:s3:::B/*", "arn:aws:s3:::b/x", false), false);
    });

    it("takes regular-expression characters literally", () => {
        assert.equal(globCovers("arn:aws:s3:::a.b/*", "arn:aws:s3:::axb/k", false), false);
        assert.equal(globCovers("arn:aws:iam::123456789012:role/${aws:username}", "arn:aws:iam::123456789012:role/${aws:username}", false), true);
    });
});

describe("globOverlaps", () => {
    it("is exact for a literal against a pattern and for two literals", () => {
        assert.equal(globOverlaps("s3:Delete*", "s3:deleteobject", true), true);
        assert.equal(globOverlaps("s3:Delete*", "s3:PutObject", true), false);
        assert.equal(globOverlaps("s3:GetObject", "s3:getobject", true), true);
    });

    it("tells two patterns apart by their literal beginnings and endings", () => {
        assert.equal(globOverlaps("arn:aws:s3:::b/secret/*", "arn:aws:s3:::b/public/*", false), false);
        assert.equal(globOverlaps("arn:aws:s3:::b/*", "arn:aws:s3:::b/public/*", false), true);
        assert.equal(globOverlaps("*.json", "*.yaml", false), false);
    });
});

describe("terms", () => {
    it("writes a NotAction set as NOT and a single one without parentheses", () => {
        assert.equal(termText({ not: true, values: ["s3:DeleteBucket", "s3:DeleteObject"] }), "NOT (s3:DeleteBucket, s3:DeleteObject)");
        assert.equal(termText({ not: true, values: ["s3:DeleteObject"] }), "NOT s3:DeleteObject");
    });

    it("lets only * cover a NOT set", () => {
        assert.equal(termCovers({ not: false, values: ["*"] }, { not: true, values: ["a"] }, false), true);
        assert.equal(termCovers({ not: false, values: ["s3:*"] }, { not: true, values: ["s3:GetObject"] }, true), false);
    });
});

describe("conditions", () => {
    it("normalizes single values to sorted lists", () => {
        assert.deepEqual(conditionObject(clausesOf({ StringEquals: { "aws:SourceAccount": "1", "aws:PrincipalTag/x": ["b", "a", "b"] }, Bool: { "aws:SecureTransport": true } })), {
            Bool: { "aws:SecureTransport": ["true"] },
            StringEquals: { "aws:PrincipalTag/x": ["a", "b"], "aws:SourceAccount": ["1"] },
        });
    });

    it("covers: no condition covers any; fewer allowed values are narrower; a negated operator excluding more is narrower", () => {
        const c = (o: unknown): ReturnType<typeof clausesOf> => clausesOf(o);
        assert.equal(conditionCovers([], c({ StringEquals: { k: "a" } })), true);
        assert.equal(conditionCovers(c({ StringEquals: { k: "a" } }), []), false);
        assert.equal(conditionCovers(c({ StringEquals: { k: ["a", "b"] } }), c({ StringEquals: { k: "a" } })), true);
        assert.equal(conditionCovers(c({ StringEquals: { k: "a" } }), c({ StringEquals: { k: ["a", "b"] } })), false);
        assert.equal(conditionCovers(c({ StringLike: { k: "a/*" } }), c({ StringLike: { k: "a/b/*" } })), true);
        assert.equal(conditionCovers(c({ StringNotEquals: { k: "a" } }), c({ StringNotEquals: { k: ["a", "b"] } })), true);
        assert.equal(conditionCovers(c({ StringNotEquals: { k: ["a", "b"] } }), c({ StringNotEquals: { k: "a" } })), false);
        assert.equal(conditionCovers(c({ Bool: { k: "true" } }), c({ Bool: { k: "false" } })), false);
        assert.equal(conditionCovers(c({ StringEquals: { K: "a" } }), c({ StringEquals: { k: "a" }, Bool: { s: "true" } })), true);
    });
});
