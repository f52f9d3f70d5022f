import * as assert from "node:assert/strict";
import { parsePolicyDocument, PolicyDocument } from "../../../policy-pack/lib/document";

function parsed(raw: unknown): PolicyDocument {
    const result = parsePolicyDocument(raw);
    if (!result.ok) {
        throw new Error(result.error);
    }
    return result.document;
}

describe("parsePolicyDocument", () => {
    const doc = {
        Version: "2012-10-17",
        Statement: {
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/oidc.example/id/A" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "oidc.example/id/A:sub": "system:serviceaccount:a:b" }, Bool: { "aws:SecureTransport": true }, NumericLessThan: { "x:n": [1, "2"] } },
        },
    };

    it("reads a JSON string and an object the same way, with single values as lists", () => {
        const expected = [
            {
                index: 0,
                effect: "Allow",
                principal: new Map([["Federated", ["arn:aws:iam::111122223333:oidc-provider/oidc.example/id/A"]]]),
                hasNotPrincipal: false,
                actions: ["sts:AssumeRoleWithWebIdentity"],
                notActions: undefined,
                resources: undefined,
                notResources: undefined,
                conditions: [
                    { operator: "StringEquals", key: "oidc.example/id/A:sub", values: ["system:serviceaccount:a:b"] },
                    { operator: "Bool", key: "aws:SecureTransport", values: ["true"] },
                    { operator: "NumericLessThan", key: "x:n", values: ["1", "2"] },
                ],
                hasCondition: true,
            },
        ];
        assert.deepEqual(parsed(JSON.stringify(doc, null, 2)).statements, expected);
        assert.deepEqual(parsed(doc).statements, expected);
    });

    it("measures the document without whitespace", () => {
        assert.equal(parsed(JSON.stringify(doc, null, 4)).minifiedLength, JSON.stringify(doc).length);
    });

    it('reads Principal "*" and a document without Statement', () => {
        assert.equal(parsed({ Statement: [{ Effect: "Allow", Principal: "*" }] }).statements[0]?.principal, "*");
        assert.deepEqual(parsed({ Version: "2012-10-17" }).statements, []);
    });

    it("explains what cannot be read", () => {
        assert.deepEqual(parsePolicyDocument("[1]"), { ok: false, error: `"[1]" is not a policy document: write a JSON object with "Version" and "Statement".` });
        assert.deepEqual(parsePolicyDocument({ Statement: ["x"] }), {
            ok: false,
            error: `Statement[0] is not an object: write each statement as {"Effect", "Action", "Resource", …}.`,
        });
        assert.deepEqual(parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject", 3] }] }), {
            ok: false,
            error: `Statement[0].Action 3 is not a string: write a string or a list of strings.`,
        });
    });
});
