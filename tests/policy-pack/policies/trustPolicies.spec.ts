import * as assert from "node:assert/strict";
import { ResourceValidationPolicy, UnknownValueError } from "@pulumi/policy";
import {
    irsaTrustAudience,
    irsaTrustIssuerMatch,
    irsaTrustNoDefaultServiceAccount,
    irsaTrustStatementShape,
    irsaTrustStrictOperators,
    irsaTrustSubject,
} from "../../../policy-pack/policies";
import { copy, Doc, DOCUMENT_FORMS, firstStatement, ISSUER, Json, PROVIDER_ARN, roleInputs, validTrust } from "../../fixtures/policy/irsa";
import { PolicyNotApplicable, runResourcePolicy, UNKNOWN } from "../../helpers/policyHarness";

const ROLE = "aws:iam/role:Role";
const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;
const COND = `assumeRolePolicy Statement[0].Condition`;

/** A valid trust with one edit applied to its first statement. */
function trustWith(edit: (statement: { [key: string]: Json }, doc: Doc) => void): Doc {
    const doc = copy(validTrust());
    edit(firstStatement(doc), doc);
    return doc;
}

function conditionOf(statement: { [key: string]: Json }): { [key: string]: { [key: string]: Json } } {
    return statement["Condition"] as { [key: string]: { [key: string]: Json } };
}

const TRUST_POLICIES: readonly ResourceValidationPolicy[] = [
    irsaTrustSubject,
    irsaTrustAudience,
    irsaTrustIssuerMatch,
    irsaTrustStrictOperators,
    irsaTrustStatementShape,
    irsaTrustNoDefaultServiceAccount,
];

for (const form of DOCUMENT_FORMS) {
    describe(`trust policies, trust as ${form.label}`, () => {
        const run = (policy: ResourceValidationPolicy, doc: Doc, config: object = {}) =>
            runResourcePolicy(policy, { type: ROLE, props: roleInputs(form.wrap(doc)) }, config);

        it("pass the reference IRSA trust", async () => {
            for (const policy of TRUST_POLICIES) {
                assert.deepEqual(await run(policy, validTrust()), [], policy.name);
            }
        });

        it("are not applicable to a role that trusts no OIDC provider", async () => {
            const ec2 = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
            for (const policy of TRUST_POLICIES) {
                await assert.rejects(run(policy, ec2), new PolicyNotApplicable("the role does not trust an OIDC provider"));
            }
        });

        describe("irsa-trust-subject", () => {
            it("reports a trust without a :sub condition (seed 004's aud-only trust)", async () => {
                const doc = trustWith((s) => delete conditionOf(s)["StringEquals"]![SUB]);
                assert.deepEqual(await run(irsaTrustSubject, doc), [
                    `${COND} has no StringEquals on "${SUB}": add StringEquals "${SUB}" = "system:serviceaccount:<namespace>:<name>" so only one ServiceAccount can assume this role.`,
                ]);
            });

            it("reports every wildcard value of StringEquals, not only the first", async () => {
                const doc = trustWith((s) => (conditionOf(s)["StringEquals"]![SUB] = ["system:serviceaccount:payments:api", "system:serviceaccount:payments:*"]));
                assert.deepEqual(await run(irsaTrustSubject, doc), [
                    `${COND}.StringEquals["${SUB}"] ["system:serviceaccount:payments:api","system:serviceaccount:payments:*"] lists 2 subjects: list exactly one "system:serviceaccount:<namespace>:<name>" and give each other ServiceAccount its own role.`,
                    `${COND}.StringEquals["${SUB}"] "system:serviceaccount:payments:*" contains a wildcard: StringEquals compares "*" and "?" literally, so no token matches; name one ServiceAccount as "system:serviceaccount:<namespace>:<name>".`,
                ]);
            });

            it("reports a subject that is not system:serviceaccount:<namespace>:<name>", async () => {
                const doc = trustWith((s) => (conditionOf(s)["StringEquals"]![SUB] = "system:serviceaccount:Payments:api"));
                assert.deepEqual(await run(irsaTrustSubject, doc), [
                    `${COND}.StringEquals["${SUB}"] "system:serviceaccount:Payments:api" is not of the form "system:serviceaccount:<namespace>:<name>": use the ServiceAccount's namespace and name (lowercase RFC 1123 labels).`,
                ]);
            });

            it("reports StringLike on :sub unless the pattern is configured", async () => {
                const doc = trustWith((s) => {
                    delete conditionOf(s)["StringEquals"]![SUB];
                    conditionOf(s)["StringLike"] = { [SUB]: "system:serviceaccount:batch:runner-*" };
                });
                assert.deepEqual(await run(irsaTrustSubject, doc), [
                    `${COND}.StringLike["${SUB}"] "system:serviceaccount:batch:runner-*" is not an allowed ":sub" pattern: use StringEquals "${SUB}" = "system:serviceaccount:<namespace>:<name>", or list the pattern in allowedSubPatterns in this policy's config.`,
                ]);
                assert.deepEqual(await run(irsaTrustSubject, doc, { allowedSubPatterns: ["system:serviceaccount:batch:runner-*"] }), []);
            });
        });

        describe("irsa-trust-audience", () => {
            it("reports a trust without an :aud condition (seed 001's sub-only trust)", async () => {
                const doc = trustWith((s) => delete conditionOf(s)["StringEquals"]![AUD]);
                assert.deepEqual(await run(irsaTrustAudience, doc), [
                    `${COND} has no StringEquals on "${AUD}": add StringEquals "${AUD}" = "sts.amazonaws.com" so only tokens minted for STS are accepted.`,
                ]);
            });

            it("reports an audience other than sts.amazonaws.com, and accepts a configured one", async () => {
                const doc = trustWith((s) => (conditionOf(s)["StringEquals"]![AUD] = "kubernetes.default.svc"));
                assert.deepEqual(await run(irsaTrustAudience, doc), [
                    `${COND}.StringEquals["${AUD}"] "kubernetes.default.svc" is not "sts.amazonaws.com": IRSA tokens carry the audience "sts.amazonaws.com"; use it, or list the audience in allowedAudiences in this policy's config.`,
                ]);
                assert.deepEqual(await run(irsaTrustAudience, doc, { allowedAudiences: ["kubernetes.default.svc"] }), []);
            });
        });

        describe("irsa-trust-issuer-match", () => {
            it("reports condition keys of another issuer", async () => {
                const other = "oidc.eks.us-east-1.amazonaws.com/id/OTHER";
                const doc = trustWith((s) => (s["Principal"] = { Federated: `arn:aws:iam::111122223333:oidc-provider/${other}` }));
                assert.deepEqual(await run(irsaTrustIssuerMatch, doc), [
                    `${COND}.StringEquals["${SUB}"] names the issuer "${ISSUER}", but Statement[0].Principal.Federated trusts "${other}": use the issuer from the provider ARN (after "oidc-provider/", without "https://") in the condition key.`,
                    `${COND}.StringEquals["${AUD}"] names the issuer "${ISSUER}", but Statement[0].Principal.Federated trusts "${other}": use the issuer from the provider ARN (after "oidc-provider/", without "https://") in the condition key.`,
                ]);
            });

            it("compares issuers case-insensitively", async () => {
                const doc = trustWith((s) => (s["Principal"] = { Federated: PROVIDER_ARN.replace("EXAMPLED539", "exampled539") }));
                assert.deepEqual(await run(irsaTrustIssuerMatch, doc), []);
            });
        });

        describe("irsa-trust-strict-operators", () => {
            const cases: [string, string][] = [
                ["StringEqualsIfExists", `uses "StringEqualsIfExists", which also matches a token without the claim: use StringEquals.`],
                ["ForAllValues:StringEquals", `uses "ForAllValues:StringEquals", which also matches a token without the claim: use StringEquals.`],
                ["StringNotEquals", `uses the negated operator "StringNotEquals", which admits every other value: name the allowed value with StringEquals.`],
            ];
            for (const [operator, reason] of cases) {
                it(`reports ${operator} on :sub`, async () => {
                    const doc = trustWith((s) => {
                        delete conditionOf(s)["StringEquals"]![SUB];
                        conditionOf(s)[operator] = { [SUB]: "system:serviceaccount:payments:api" };
                    });
                    assert.deepEqual(await run(irsaTrustStrictOperators, doc), [`${COND}.${operator}["${SUB}"] "system:serviceaccount:payments:api" ${reason}`]);
                });
            }

            it("reports Null on :aud, with a boolean condition value", async () => {
                const doc = trustWith((s) => (conditionOf(s)["Null"] = { [AUD]: false }));
                assert.deepEqual(await run(irsaTrustStrictOperators, doc), [
                    `${COND}.Null["${AUD}"] "false" uses "Null", which only tests whether the claim is present: compare its value with StringEquals.`,
                ]);
            });
        });

        describe("irsa-trust-statement-shape", () => {
            it("reports an action other than sts:AssumeRoleWithWebIdentity", async () => {
                const doc = trustWith((s) => (s["Action"] = ["sts:AssumeRoleWithWebIdentity", "sts:*"]));
                assert.deepEqual(await run(irsaTrustStatementShape, doc), [
                    `assumeRolePolicy Statement[0].Action "sts:*" is not "sts:AssumeRoleWithWebIdentity": a ServiceAccount token is exchanged only with sts:AssumeRoleWithWebIdentity; list that one action.`,
                ]);
            });

            it("reports NotAction", async () => {
                const doc = trustWith((s) => {
                    delete s["Action"];
                    s["NotAction"] = "iam:*";
                });
                assert.deepEqual(await run(irsaTrustStatementShape, doc), [
                    `assumeRolePolicy Statement[0].NotAction ["iam:*"] with Effect "Allow" allows every other action: use Action "sts:AssumeRoleWithWebIdentity".`,
                ]);
            });

            it("reports two providers in one statement", async () => {
                const second = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER";
                const doc = trustWith((s) => (s["Principal"] = { Federated: [PROVIDER_ARN, second] }));
                assert.deepEqual(await run(irsaTrustStatementShape, doc), [
                    `assumeRolePolicy Statement[0].Principal.Federated ${JSON.stringify([PROVIDER_ARN, second])} lists 2 identity providers: write one statement per provider, each with its own ":sub" and ":aud" conditions.`,
                ]);
            });

            it("reports a sibling statement that trusts \"*\" without conditions", async () => {
                const doc = trustWith((_s, d) => (d["Statement"] as Json[]).push({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }));
                assert.deepEqual(await run(irsaTrustStatementShape, doc), [
                    `assumeRolePolicy Statement[1].Principal "*" lets anyone assume this role: trust only the cluster's OIDC provider.`,
                    `assumeRolePolicy Statement[1] "*" has no Condition: a sibling statement without conditions lets another principal assume this IRSA role; remove it or constrain it with conditions.`,
                ]);
            });

            it("reports an unconstrained sibling statement for an AWS principal", async () => {
                const doc = trustWith((_s, d) =>
                    (d["Statement"] as Json[]).push({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }),
                );
                assert.deepEqual(await run(irsaTrustStatementShape, doc), [
                    `assumeRolePolicy Statement[1] {"AWS":"arn:aws:iam::111122223333:root"} has no Condition: a sibling statement without conditions lets another principal assume this IRSA role; remove it or constrain it with conditions.`,
                ]);
            });
        });

        describe("irsa-trust-no-default-service-account", () => {
            it("reports a trust pinned to a default ServiceAccount", async () => {
                const doc = trustWith((s) => (conditionOf(s)["StringEquals"]![SUB] = "system:serviceaccount:payments:default"));
                assert.deepEqual(await run(irsaTrustNoDefaultServiceAccount, doc), [
                    `${COND}.StringEquals["${SUB}"] "system:serviceaccount:payments:default" trusts a namespace's "default" ServiceAccount, which every pod without serviceAccountName runs as: create a dedicated ServiceAccount and trust that one.`,
                ]);
            });
        });
    });
}

describe("trust policies, trust unknown during preview", () => {
    it("throw the SDK's UnknownValueError instead of passing", async () => {
        for (const policy of TRUST_POLICIES) {
            await assert.rejects(runResourcePolicy(policy, { type: ROLE, props: roleInputs(UNKNOWN) }), UnknownValueError, policy.name);
        }
    });

    it("throw for an unknown value inside an object trust", async () => {
        const doc = trustWith((s) => (conditionOf(s)["StringEquals"]![SUB] = UNKNOWN));
        await assert.rejects(runResourcePolicy(irsaTrustSubject, { type: ROLE, props: roleInputs(doc) }), UnknownValueError);
    });
});
