import * as assert from "node:assert/strict";
import { irsaTrustDocument, permissionDocument, policySize } from "../../components/iamDocuments";

const HOST = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${HOST}`;

describe("irsaTrustDocument", () => {
    it("lets exactly one ServiceAccount assume the role, with StringEquals on :sub and :aud", () => {
        assert.deepEqual(irsaTrustDocument({ providerArn: PROVIDER, issuerHost: HOST, namespace: "ns-utils", serviceAccount: "s3fullaccess" }), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: PROVIDER },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            [`${HOST}:sub`]: "system:serviceaccount:ns-utils:s3fullaccess",
                            [`${HOST}:aud`]: "sts.amazonaws.com",
                        },
                    },
                },
            ],
        });
    });
});

describe("permissionDocument", () => {
    it("writes one Allow statement per grant", () => {
        assert.deepEqual(permissionDocument([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-s3-bucket/*"] }]), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::my-s3-bucket/*"] }],
        });
    });

    it("merges statements on the same resources and de-duplicates actions", () => {
        assert.deepEqual(
            permissionDocument([
                { actions: ["s3:PutObject", "s3:GetObject"], resources: ["arn:aws:s3:::b/*"] },
                { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] },
            ]),
            {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::b/*"] }],
            },
        );
    });

    it("merges resources granted the same actions and keeps other grants apart", () => {
        assert.deepEqual(
            permissionDocument([
                { actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:us-west-2:123456789012:table/b"] },
                { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"] },
                { actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:us-west-2:123456789012:table/a"] },
            ]),
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["dynamodb:GetItem"],
                        Resource: ["arn:aws:dynamodb:us-west-2:123456789012:table/a", "arn:aws:dynamodb:us-west-2:123456789012:table/b"],
                    },
                    { Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::b"] },
                ],
            },
        );
    });

    it("never merges statements whose conditions differ", () => {
        assert.deepEqual(
            permissionDocument([
                { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"], conditions: { StringLike: { "s3:prefix": ["reports/*"] } } },
                { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"] },
            ]),
            {
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::b"] },
                    {
                        Effect: "Allow",
                        Action: ["s3:ListBucket"],
                        Resource: ["arn:aws:s3:::b"],
                        Condition: { StringLike: { "s3:prefix": ["reports/*"] } },
                    },
                ],
            },
        );
    });

    it("gives the same document for any order of statements, actions, resources and condition values", () => {
        const a = permissionDocument([
            { actions: ["s3:GetObject", "s3:PutObject"], resources: ["arn:aws:s3:::b/*", "arn:aws:s3:::c/*"] },
            { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"], conditions: { StringLike: { "s3:prefix": ["x/*", "a/*"] } } },
        ]);
        const b = permissionDocument([
            { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"], conditions: { StringLike: { "s3:prefix": ["a/*", "x/*"] } } },
            { actions: ["s3:PutObject", "s3:GetObject"], resources: ["arn:aws:s3:::c/*", "arn:aws:s3:::b/*"] },
        ]);
        assert.deepEqual(a, b);
        assert.equal(JSON.stringify(a), JSON.stringify(b));
    });
});

describe("policySize", () => {
    it("counts the characters of the JSON without whitespace", () => {
        const document = permissionDocument([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }]);
        assert.equal(
            policySize(document),
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}'.length,
        );
    });
});
