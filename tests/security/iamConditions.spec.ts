import { strict as assert } from "node:assert";
import { conditionHolds, conditionsHold, failedConditions, parseOperator, stringLikePattern } from "../helpers/iamConditions";

// Each `it` is one rule of AWS's documented condition semantics:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html

const SUB = "oidc.eks.us-west-2.amazonaws.com/id/ABC:sub";
const AUD = "oidc.eks.us-west-2.amazonaws.com/id/ABC:aud";
const ctx = { [SUB]: "system:serviceaccount:shop:reader", [AUD]: "sts.amazonaws.com" };

describe("iamConditions", () => {
    describe("StringEquals", () => {
        it("holds on an exact, case-sensitive match", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringEquals", SUB, "system:serviceaccount:shop:reader", ctx),
                    conditionHolds("StringEquals", SUB, "system:serviceaccount:shop:Reader", ctx),
                    conditionHolds("StringEquals", SUB, "system:serviceaccount:shop:reade", ctx),
                ],
                [true, false, false],
            );
        });

        it("treats wildcards as literal characters", () => {
            assert.equal(conditionHolds("StringEquals", SUB, "system:serviceaccount:shop:*", ctx), false);
        });

        it("ORs the values of one key", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringEquals", SUB, ["system:serviceaccount:shop:writer", "system:serviceaccount:shop:reader"], ctx),
                    conditionHolds("StringEquals", SUB, ["system:serviceaccount:shop:writer", "system:serviceaccount:x:reader"], ctx),
                ],
                [true, false],
            );
        });

        it("is false when the key is missing from the request context", () => {
            assert.equal(conditionHolds("StringEquals", "oidc.eks.us-west-2.amazonaws.com/id/ABC:amr", "x", ctx), false);
        });

        it("reads condition key names case-insensitively", () => {
            assert.equal(conditionHolds("StringEquals", SUB.toUpperCase(), "system:serviceaccount:shop:reader", ctx), true);
        });

        it("compares booleans and numbers as their strings", () => {
            assert.deepEqual(
                [conditionHolds("StringEquals", "k", true, { k: "true" }), conditionHolds("StringEquals", "k", 42, { k: "42" })],
                [true, true],
            );
        });
    });

    describe("StringNotEquals", () => {
        it("holds when the value equals none of the policy values (NOR)", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringNotEquals", SUB, ["system:serviceaccount:shop:writer", "system:serviceaccount:x:y"], ctx),
                    conditionHolds("StringNotEquals", SUB, ["system:serviceaccount:shop:writer", "system:serviceaccount:shop:reader"], ctx),
                ],
                [true, false],
            );
        });

        it("is true when the key is missing from the request context", () => {
            assert.equal(conditionHolds("StringNotEquals", "missing:key", "x", ctx), true);
        });
    });

    describe("StringEqualsIgnoreCase and StringNotEqualsIgnoreCase", () => {
        it("StringEqualsIgnoreCase holds on a match that differs only in case", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringEqualsIgnoreCase", SUB, "SYSTEM:ServiceAccount:Shop:Reader", ctx),
                    conditionHolds("StringEqualsIgnoreCase", SUB, "system:serviceaccount:shop:readers", ctx),
                ],
                [true, false],
            );
        });

        it("StringNotEqualsIgnoreCase is false on a match that differs only in case", () => {
            assert.equal(conditionHolds("StringNotEqualsIgnoreCase", SUB, "SYSTEM:SERVICEACCOUNT:SHOP:READER", ctx), false);
        });
    });

    describe("StringLike", () => {
        it("matches * against any run of characters, including none", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringLike", SUB, "system:serviceaccount:shop:*", ctx),
                    conditionHolds("StringLike", SUB, "system:serviceaccount:shop:reader*", ctx),
                    conditionHolds("StringLike", SUB, "*:reader", ctx),
                    conditionHolds("StringLike", SUB, "system:serviceaccount:other:*", ctx),
                ],
                [true, true, true, false],
            );
        });

        it("matches ? against exactly one character", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringLike", SUB, "system:serviceaccount:shop:reade?", ctx),
                    conditionHolds("StringLike", SUB, "system:serviceaccount:shop:read?", ctx),
                    conditionHolds("StringLike", SUB, "system:serviceaccount:shop:reader?", ctx),
                ],
                [true, false, false],
            );
        });

        it("is case-sensitive and needs a wildcard for a partial match", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringLike", SUB, "system:serviceaccount:SHOP:*", ctx),
                    conditionHolds("StringLike", SUB, "system:serviceaccount:shop", ctx),
                ],
                [false, false],
            );
        });

        it("takes every other character literally", () => {
            assert.deepEqual(
                [stringLikePattern("a.b(c)*").source, conditionHolds("StringLike", "k", "a.b", { k: "axb" })],
                ["^a\\.b\\(c\\)[\\s\\S]*$", false],
            );
        });

        it("refuses policy variables instead of matching them literally", () => {
            assert.throws(() => conditionHolds("StringLike", SUB, "system:serviceaccount:${aws:username}:*", ctx), {
                message: 'StringLike value "system:serviceaccount:${aws:username}:*" uses a policy variable: this evaluator does not resolve policy variables.',
            });
        });
    });

    describe("StringNotLike", () => {
        it("holds when the value matches none of the patterns", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringNotLike", SUB, ["system:serviceaccount:kube-system:*", "*:default"], ctx),
                    conditionHolds("StringNotLike", SUB, ["system:serviceaccount:kube-system:*", "*:reader"], ctx),
                ],
                [true, false],
            );
        });

        it("is true when the key is missing from the request context", () => {
            assert.equal(conditionHolds("StringNotLike", "missing:key", "*", ctx), true);
        });
    });

    describe("IfExists", () => {
        it("is true when the key is missing", () => {
            assert.deepEqual(
                [conditionHolds("StringEqualsIfExists", "missing:key", "x", ctx), conditionHolds("StringLikeIfExists", "missing:key", "x*", ctx)],
                [true, true],
            );
        });

        it("checks the base operator when the key is present", () => {
            assert.deepEqual(
                [
                    conditionHolds("StringEqualsIfExists", SUB, "system:serviceaccount:shop:reader", ctx),
                    conditionHolds("StringEqualsIfExists", SUB, "system:serviceaccount:shop:writer", ctx),
                ],
                [true, false],
            );
        });
    });

    describe("Null", () => {
        it('"true" holds only when the key is missing', () => {
            assert.deepEqual([conditionHolds("Null", "missing:key", "true", ctx), conditionHolds("Null", SUB, "true", ctx)], [true, false]);
        });

        it('"false" holds only when the key is present', () => {
            assert.deepEqual([conditionHolds("Null", SUB, false, ctx), conditionHolds("Null", "missing:key", "false", ctx)], [true, false]);
        });

        it("takes no set prefix and no IfExists suffix", () => {
            assert.throws(() => parseOperator("NullIfExists"), { message: 'Condition operator "NullIfExists" is not valid: Null takes no set prefix and no IfExists suffix.' });
        });
    });

    describe("ForAllValues:", () => {
        const tags = { "aws:TagKeys": ["CreatedBy", "CreatedAt"] };

        it("holds when every request value matches at least one policy value", () => {
            assert.deepEqual(
                [
                    conditionHolds("ForAllValues:StringLike", "aws:TagKeys", "Created*", tags),
                    conditionHolds("ForAllValues:StringEquals", "aws:TagKeys", ["CreatedBy", "CreatedAt", "Owner"], tags),
                    conditionHolds("ForAllValues:StringEquals", "aws:TagKeys", ["CreatedBy"], tags),
                ],
                [true, true, false],
            );
        });

        it("is true when the key is missing or has no values", () => {
            assert.deepEqual(
                [
                    conditionHolds("ForAllValues:StringEquals", "aws:TagKeys", "Owner", {}),
                    conditionHolds("ForAllValues:StringEquals", "aws:TagKeys", "Owner", { "aws:TagKeys": [] }),
                ],
                [true, true],
            );
        });

        it("with a negated operator holds when no request value matches any policy value", () => {
            assert.deepEqual(
                [
                    conditionHolds("ForAllValues:StringNotEquals", "aws:TagKeys", ["Owner", "Team"], tags),
                    conditionHolds("ForAllValues:StringNotEquals", "aws:TagKeys", ["Owner", "CreatedAt"], tags),
                ],
                [true, false],
            );
        });
    });

    describe("ForAnyValue:", () => {
        const tags = { "aws:TagKeys": ["CreatedBy", "CreatedAt"] };

        it("holds when at least one request value matches at least one policy value", () => {
            assert.deepEqual(
                [
                    conditionHolds("ForAnyValue:StringEquals", "aws:TagKeys", ["Owner", "CreatedAt"], tags),
                    conditionHolds("ForAnyValue:StringEquals", "aws:TagKeys", ["Owner", "Team"], tags),
                ],
                [true, false],
            );
        });

        it("is false when the key is missing or has no values", () => {
            assert.deepEqual(
                [
                    conditionHolds("ForAnyValue:StringEquals", "aws:TagKeys", "Owner", {}),
                    conditionHolds("ForAnyValue:StringNotEquals", "aws:TagKeys", "Owner", { "aws:TagKeys": [] }),
                ],
                [false, false],
            );
        });

        it("with a negated operator holds when some request value matches no policy value", () => {
            assert.deepEqual(
                [
                    conditionHolds("ForAnyValue:StringNotEquals", "aws:TagKeys", ["CreatedBy"], tags),
                    conditionHolds("ForAnyValue:StringNotEquals", "aws:TagKeys", ["CreatedBy", "CreatedAt"], tags),
                ],
                [true, false],
            );
        });
    });

    describe("a Condition block", () => {
        it("ANDs the keys under one operator", () => {
            const block = { StringEquals: { [SUB]: "system:serviceaccount:shop:reader", [AUD]: "sts.amazonaws.com" } };
            assert.deepEqual(
                [conditionsHold(block, ctx), conditionsHold(block, { ...ctx, [AUD]: "other" }), conditionsHold(block, { [SUB]: "system:serviceaccount:shop:reader" })],
                [true, false, false],
            );
        });

        it("ANDs the operators", () => {
            const block = { StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "system:serviceaccount:kube-system:*" } };
            assert.deepEqual(failedConditions(block, ctx), [{ operator: "StringLike", key: SUB, requestValues: ["system:serviceaccount:shop:reader"] }]);
        });

        it("holds when there is no block", () => {
            assert.equal(conditionsHold(undefined, ctx), true);
        });

        it("refuses an operator it does not implement instead of guessing", () => {
            assert.throws(() => conditionsHold({ ArnLike: { "aws:SourceArn": "arn:aws:eks:*" } }, ctx), {
                message:
                    'Condition operator "ArnLike" is not supported by this evaluator: use StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike or Null, optionally with ForAllValues:/ForAnyValue: and IfExists.',
            });
        });
    });
});
