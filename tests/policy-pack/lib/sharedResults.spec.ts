import * as assert from "node:assert/strict";
import { lookupAction } from "../../../policy-pack/lib/catalog";
import { parsePolicyDocument, PolicyDocument } from "../../../policy-pack/lib/document";
import { oidcStatements } from "../../../policy-pack/lib/oidc";

const TRUST = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/oidc.example/id/A" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "oidc.example/id/A:sub": ["system:serviceaccount:a:b"] } },
        },
    ],
});

function parsed(raw: unknown): PolicyDocument {
    const result = parsePolicyDocument(raw);
    if (!result.ok) {
        throw new Error(result.error);
    }
    return result.document;
}

describe("parsePolicyDocument's shared results", () => {
    it("gives the same result for the same text, parsed once", () => {
        assert.equal(parsePolicyDocument(TRUST), parsePolicyDocument(JSON.stringify(JSON.parse(TRUST))));
    });

    it("freezes the result down to the condition values and principal lists", () => {
        const doc = parsed(TRUST);
        const statement = doc.statements[0]!;
        for (const part of [doc, doc.statements, statement, statement.actions, statement.conditions, statement.conditions[0], statement.conditions[0]?.values]) {
            assert.equal(Object.isFrozen(part), true);
        }
        assert.equal(Object.isFrozen(statement.principal !== "*" ? statement.principal?.get("Federated") : undefined), true);
        assert.equal(Object.isFrozen(parsePolicyDocument("not json")), true);
    });

    it("parses an object on each call, into a frozen result", () => {
        const object = JSON.parse(TRUST) as unknown;
        assert.notEqual(parsePolicyDocument(object), parsePolicyDocument(object));
        assert.deepEqual(parsePolicyDocument(object), parsePolicyDocument(TRUST));
        assert.equal(Object.isFrozen(parsed(object).statements), true);
    });
});

describe("oidcStatements's shared results", () => {
    it("answers once per parsed (frozen) document, frozen", () => {
        const statements = parsed(TRUST).statements;
        const first = oidcStatements(statements);
        assert.equal(oidcStatements(statements), first);
        assert.equal(Object.isFrozen(first), true);
        assert.deepEqual(first.map((s) => s.issuers), [["oidc.example/id/A"]]);
    });

    it("computes again for a list it cannot know unchanged", () => {
        const statements = [...parsed(TRUST).statements];
        assert.notEqual(oidcStatements(statements), oidcStatements(statements));
        assert.deepEqual(oidcStatements(statements), oidcStatements(parsed(TRUST).statements));
    });
});

describe("lookupAction's shared results", () => {
    it("answers the same action with the same frozen answer", async () => {
        const first = await lookupAction("s3:GetObject");
        assert.equal(await lookupAction("s3:GetObject"), first);
        assert.equal(Object.isFrozen(first), true);
        assert.equal(first.kind === "found" && Object.isFrozen(first.resourceTypes), true);
    });

    it("keeps answers apart by the exact text, which the answer quotes", async () => {
        assert.deepEqual(await lookupAction("S3:getobjekt"), { kind: "unknown-action", service: "S3", closest: "GetObject" });
        assert.deepEqual(await lookupAction("s3:getobjekt"), { kind: "unknown-action", service: "s3", closest: "GetObject" });
    });
});
