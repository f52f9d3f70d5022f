/**
 * Issue 13's rules over any role's trust and any document: who may assume a role, the document grammar IAM
 * enforces, conditions that do not do what they say, and actions on resources they cannot apply to. Each case as a
 * JSON string, an object, and unknown.
 */
import * as assert from "node:assert/strict";
import { ResourceValidationPolicy, UnknownValueError } from "@pulumi/policy";
import {
    iamActionResourceMatch,
    iamConditionKeysValid,
    iamConditionOpenings,
    iamDocumentGrammar,
    iamTrustAccountRoot,
    iamTrustNoPublicPrincipal,
} from "../../../policy-pack/policies";
import { Doc, DOCUMENT_FORMS, Json, validPermissions, validTrust } from "../../fixtures/policy/irsa";
import { runResourcePolicy, UNKNOWN } from "../../helpers/policyHarness";

type Stmt = { [key: string]: Json };
const doc = (...statements: Stmt[]): Doc => ({ Version: "2012-10-17", Statement: statements });
const assume = (principal: Json, condition?: { [key: string]: Json }): Stmt =>
    condition === undefined ? { Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" } : { Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", Condition: condition };

for (const form of DOCUMENT_FORMS) {
    const trust = (policy: ResourceValidationPolicy, t: Doc) => runResourcePolicy(policy, { type: "aws:iam/role:Role", props: { assumeRolePolicy: form.wrap(t) } });
    const permissions = (policy: ResourceValidationPolicy, d: Doc) => runResourcePolicy(policy, { type: "aws:iam/policy:Policy", props: { policy: form.wrap(d) } });

    describe(`trust policies of any role, document as ${form.label}`, () => {
        it("iam-trust-no-public-principal reports anyone-can-assume trusts", async () => {
            const messages = await trust(
                iamTrustNoPublicPrincipal,
                doc(assume("*"), assume({ AWS: "*" }), assume({ AWS: ["*"] }, { StringEquals: { "sts:ExternalId": "shared" } }), {
                    Effect: "Allow",
                    NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
                    Action: "sts:AssumeRole",
                }),
            );
            const fix = `name the trusted account or role ARNs, or add a condition such as StringEquals "aws:PrincipalOrgID" or "aws:PrincipalAccount".`;
            assert.deepEqual(messages, [
                `assumeRolePolicy Statement[0].Principal "*" without a condition on the caller lets anyone in any AWS account assume this role: ${fix}`,
                `assumeRolePolicy Statement[1].Principal.AWS ["*"] without a condition on the caller lets anyone in any AWS account assume this role: ${fix}`,
                `assumeRolePolicy Statement[2].Principal.AWS ["*"] without a condition on the caller lets anyone in any AWS account assume this role: ${fix}`,
                `assumeRolePolicy Statement[3].NotPrincipal with Effect "Allow" lets every principal of every AWS account except those listed assume this role: name the trusted principals in Principal instead.`,
            ]);
        });

        it("iam-trust-no-public-principal accepts \"*\" limited to an organization or account, and AWS-documented trusts", async () => {
            const messages = await trust(
                iamTrustNoPublicPrincipal,
                doc(
                    assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }),
                    assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": "111122223333" } }),
                    assume({ Service: "ec2.amazonaws.com" }),
                    { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
                ),
            );
            assert.deepEqual(messages, []);
            assert.deepEqual(await trust(iamTrustNoPublicPrincipal, validTrust()), []);
        });

        it("iam-trust-account-root reports an account root without conditions, and accepts one with a condition", async () => {
            assert.deepEqual(await trust(iamTrustAccountRoot, doc(assume({ AWS: "arn:aws:iam::444455556666:root" }), assume({ AWS: "444455556666" }))), [
                `assumeRolePolicy Statement[0].Principal.AWS "arn:aws:iam::444455556666:root" trusts every user and role of account 444455556666 that its own policies allow sts:AssumeRole: name the role ARNs that need this role (arn:aws:iam::444455556666:role/<name>), or add a condition such as "aws:PrincipalArn" or "sts:ExternalId".`,
                `assumeRolePolicy Statement[1].Principal.AWS "444455556666" trusts every user and role of account 444455556666 that its own policies allow sts:AssumeRole: name the role ARNs that need this role (arn:aws:iam::444455556666:role/<name>), or add a condition such as "aws:PrincipalArn" or "sts:ExternalId".`,
            ]);
            assert.deepEqual(await trust(iamTrustAccountRoot, doc(assume({ AWS: "arn:aws:iam::444455556666:root" }, { StringEquals: { "sts:ExternalId": "a1b2" } }))), []);
        });
    });

    describe(`iam-document-grammar, document as ${form.label}`, () => {
        it("reports what IAM rejects in a permission document", async () => {
            const messages = await permissions(iamDocumentGrammar, {
                Version: "2012-10-18",
                Statement: [
                    { Sid: "read-reports", Effect: "Allow", Action: "s3:GetObject", Resource: "reports/*" },
                    { Sid: "Dup", Effect: "allow", Resource: "*" },
                    { Sid: "Dup", Effect: "Allow", Action: "GetObject", Principal: "*" },
                ],
            });
            assert.deepEqual(messages, [
                `policy Version "2012-10-18" is not an IAM policy language version: use "2012-10-17".`,
                `policy Statement[0].Sid "read-reports" is not a valid Sid: IAM accepts only ASCII letters and digits, e.g. "ReadReports".`,
                `policy Statement[0].Resource "reports/*" is not an ARN or "*": IAM rejects the statement; write the resource's ARN, e.g. "arn:aws:s3:::my-bucket/*".`,
                `policy Statement[1].Effect "allow" is not "Allow" or "Deny": IAM rejects the statement; use one of them (case-sensitive).`,
                `policy Statement[1] has no Action: IAM rejects the statement; list the actions, e.g. "Action": ["s3:GetObject"].`,
                `policy Statement[2].Action "GetObject" is not of the form "service:Action": IAM rejects the statement; write the service prefix, e.g. "s3:GetObject".`,
                `policy Statement[2] has no Resource: IAM rejects a permission statement without one; list the resources' ARNs.`,
                `policy Statement[2] has a Principal: a permission policy applies to the role it is attached to and IAM rejects a Principal in it; remove it.`,
                `policy Statement[2].Sid "Dup" repeats the Sid of Statement[1]: give each statement its own Sid.`,
            ]);
        });

        it("reports a document without Statement, and a trust without Principal or with Resource", async () => {
            assert.deepEqual(await permissions(iamDocumentGrammar, { Version: "2012-10-17" }), [
                `policy has no Statement: IAM rejects the document; add "Statement": [{"Effect", "Action", "Resource"}].`,
            ]);
            assert.deepEqual(await trust(iamDocumentGrammar, doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" })), [
                `assumeRolePolicy Statement[0] has no Principal: IAM rejects a trust statement without one; name who may assume the role, e.g. {"Service": "ec2.amazonaws.com"}.`,
                `assumeRolePolicy Statement[0] has a Resource: IAM rejects it in a trust policy (the role is the resource); remove it.`,
            ]);
        });

        it("accepts valid trust and permission documents", async () => {
            assert.deepEqual(await trust(iamDocumentGrammar, validTrust()), []);
            assert.deepEqual(await permissions(iamDocumentGrammar, validPermissions()), []);
        });
    });

    describe(`conditions, document as ${form.label}`, () => {
        it("iam-condition-openings reports ForAllValues on a single-valued key and IfExists on the only restriction of an Allow", async () => {
            const messages = await permissions(
                iamConditionOpenings,
                doc(
                    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*", Condition: { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
                    { Effect: "Allow", Action: "ec2:StopInstances", Resource: "*", Condition: { StringEqualsIfExists: { "aws:ResourceTag/team": "payments" } } },
                    { Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] }, StringEquals: { "ec2:CreateAction": "RunInstances" } } },
                ),
            );
            assert.deepEqual(messages, [
                `policy Statement[0].Condition.ForAllValues:StringEquals["aws:PrincipalOrgID"] applies ForAllValues: to "aws:PrincipalOrgID", a single-valued key: ForAllValues: is true when the key is absent, so the statement also allows requests without it; use StringEquals without ForAllValues:.`,
                `policy Statement[1].Condition.StringEqualsIfExists["aws:ResourceTag/team"] is the statement's only restriction and IfExists makes it true when "aws:ResourceTag/team" is absent, so the statement also allows requests without the key: use StringEquals without IfExists.`,
            ]);
        });

        it("iam-condition-openings reports a Deny that never applies: misspelled action or key, mistyped value", async () => {
            const messages = await permissions(
                iamConditionOpenings,
                doc(
                    { Effect: "Deny", Action: "s3:DeleteObjects", Resource: "*" },
                    { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransports": "false" } } },
                    { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "no" } } },
                ),
            );
            assert.deepEqual(messages, [
                `policy Statement[0].Action "s3:DeleteObjects" is not in the AWS IAM catalog, so this Deny never applies to it: fix the spelling (closest: "s3:DeleteObject").`,
                `policy Statement[1].Condition.Bool["aws:SecureTransports"] names the key "aws:SecureTransports", which the AWS IAM catalog does not know (neither a global key nor a key of its service); this Deny then never applies: fix the spelling of the key.`,
                `policy Statement[2].Condition.Bool["aws:SecureTransport"] "no" is not "true" or "false", so Bool never matches it; this Deny then never applies: write "true" or "false".`,
            ]);
        });

        it("iam-condition-keys-valid reports unknown keys, keys of another service and mistyped values in an Allow", async () => {
            const messages = await permissions(
                iamConditionKeysValid,
                doc(
                    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*", Condition: { StringEquals: { "aws:PrincipalOrgId2": "o-1" } } },
                    { Effect: "Allow", Action: "ec2:StartInstances", Resource: "*", Condition: { StringLike: { "s3:prefix": "home/*" }, DateGreaterThan: { "aws:CurrentTime": "yesterday" } } },
                ),
            );
            assert.deepEqual(messages, [
                `policy Statement[0].Condition.StringEquals["aws:PrincipalOrgId2"] names the key "aws:PrincipalOrgId2", which the AWS IAM catalog does not know (neither a global key nor a key of its service); the grant then never works as written: fix the spelling of the key.`,
                `policy Statement[1].Condition.StringLike["s3:prefix"] names the key "s3:prefix" of the service "s3", but the statement has no action of that service, so the key is never present; the grant then never works as written: use a key of the statement's service or a global "aws:" key.`,
                `policy Statement[1].Condition.DateGreaterThan["aws:CurrentTime"] "yesterday" is not a date (ISO 8601, e.g. "2026-01-31T00:00:00Z", or epoch seconds), so DateGreaterThan never matches it; the grant then never works as written: write an ISO 8601 date, e.g. "2026-01-31T00:00:00Z".`,
            ]);
        });

        it("accept the IRSA trust and multi-valued keys under ForAllValues", async () => {
            assert.deepEqual(await trust(iamConditionOpenings, validTrust()), []);
            assert.deepEqual(await trust(iamConditionKeysValid, validTrust()), []);
            const d = doc({ Effect: "Allow", Action: "route53:ChangeResourceRecordSets", Resource: "arn:aws:route53:::hostedzone/Z1", Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } } });
            assert.deepEqual(await permissions(iamConditionOpenings, d), []);
            assert.deepEqual(await permissions(iamConditionKeysValid, d), []);
        });
    });

    describe(`iam-action-resource-match, document as ${form.label}`, () => {
        it("reports actions granted only on resources of another type, naming the ARN form they need", async () => {
            const messages = await permissions(
                iamActionResourceMatch,
                doc(
                    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports" },
                    { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::reports/*" },
                    { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:s3:::reports" },
                    { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0" },
                ),
            );
            assert.deepEqual(messages, [
                `policy Statement[0].Resource "arn:aws:s3:::reports" holds no resource "s3:GetObject" applies to, and no other statement grants it on one, so this grant never works: use an ARN of the form "arn:aws:s3:<Region>:<Account>:accesspoint/<AccessPointName>/object/<ObjectName>" or "arn:aws:s3:::<BucketName>/<ObjectName>".`,
                `policy Statement[1].Resource "arn:aws:s3:::reports/*" holds no resource "s3:ListBucket" applies to, and no other statement grants it on one, so this grant never works: use an ARN of the form "arn:aws:s3:<Region>:<Account>:accesspoint/<AccessPointName>" or "arn:aws:s3:::<BucketName>".`,
                `policy Statement[2].Resource "arn:aws:s3:::reports" holds no resource "iam:PassRole" applies to, and no other statement grants it on one, so this grant never works: use an ARN of the form "arn:aws:iam::<Account>:role/<RoleNameWithPath>".`,
                `policy Statement[3].Resource "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0" is used with "ec2:DescribeInstances", which has no resource-level permissions: IAM only matches it with Resource "*", so this grant never works; move the action to a statement with "Resource": "*".`,
            ]);
        });

        it("accepts statements whose actions each fit one of the listed resources", async () => {
            const d = doc({ Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject"], Resource: ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"] });
            assert.deepEqual(await permissions(iamActionResourceMatch, d), []);
            assert.deepEqual(await permissions(iamActionResourceMatch, validPermissions()), []);
        });
    });
}

describe("issue 13's document rules, document unknown during preview", () => {
    for (const policy of [iamTrustNoPublicPrincipal, iamTrustAccountRoot, iamDocumentGrammar, iamConditionOpenings, iamConditionKeysValid]) {
        it(`${policy.name} throws the SDK's UnknownValueError instead of passing`, async () => {
            await assert.rejects(runResourcePolicy(policy, { type: "aws:iam/role:Role", props: { assumeRolePolicy: UNKNOWN } }), UnknownValueError);
        });
    }
    it("iam-action-resource-match throws the SDK's UnknownValueError instead of passing", async () => {
        await assert.rejects(runResourcePolicy(iamActionResourceMatch, { type: "aws:iam/policy:Policy", props: { policy: UNKNOWN } }), UnknownValueError);
    });
});
