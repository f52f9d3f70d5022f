/**
 * What the established IAM linters catch, as our own cases: each case names the linter check it was learned from
 * (parliament, cloudsplaining, checkov, cfn-lint; their test suites were read, not copied) and the pack's policies
 * that must report it. Openings must be reported by a mandatory policy; correctness flaws at least by an advisory one.
 */
import * as assert from "node:assert/strict";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy-pack/policies";
import { PolicyNotApplicable, runResourcePolicy } from "../helpers/policyHarness";

type Json = string | number | boolean | Json[] | { [key: string]: Json };

interface Case {
    /** The linter check the case was learned from. */
    readonly learnedFrom: string;
    readonly kind: "permissions" | "trust";
    readonly statements: Json[];
    /** `<level> <policy>` of every finding, sorted. */
    readonly expected: readonly string[];
}

const ROLE = "arn:aws:iam::111122223333:role/payments-api";
const allow = (Action: Json, Resource: Json, Condition?: Json): Json => (Condition === undefined ? { Effect: "Allow", Action, Resource } : { Effect: "Allow", Action, Resource, Condition });

const CASES: Readonly<Record<string, Case>> = {
    "full admin": { learnedFrom: "checkov CKV_AWS_62/63, parliament RESOURCE_STAR", kind: "permissions", statements: [allow("*", "*")], expected: ["mandatory iam-no-wildcard-actions"] },
    "service wildcard": { learnedFrom: "checkov CKV_AWS_288 / cfn-lint", kind: "permissions", statements: [allow("s3:*", "arn:aws:s3:::reports/*")], expected: ["mandatory iam-no-privilege-escalation", "mandatory iam-no-wildcard-actions"] },
    "NotAction with Allow": {
        learnedFrom: "parliament NOTACTION / checkov",
        kind: "permissions",
        statements: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }],
        expected: ["mandatory iam-no-wildcard-actions"],
    },
    "data read on every object": {
        learnedFrom: "cloudsplaining data exfiltration, checkov CKV_AWS_108",
        kind: "permissions",
        statements: [allow("s3:GetObject", "arn:aws:s3:::*/*")],
        expected: ["mandatory iam-no-star-resource"],
    },
    "secret read on every secret": {
        learnedFrom: "cloudsplaining data exfiltration",
        kind: "permissions",
        statements: [allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:*")],
        expected: ["mandatory iam-no-star-resource"],
    },
    "write without constraints": {
        learnedFrom: "checkov CKV_AWS_111, cloudsplaining infrastructure modification",
        kind: "permissions",
        statements: [allow("sqs:DeleteQueue", "*")],
        expected: ["mandatory iam-no-star-resource"],
    },
    "assume any role": { learnedFrom: "cloudsplaining credentials exposure", kind: "permissions", statements: [allow("sts:AssumeRole", "arn:aws:iam::*:role/*")], expected: ["mandatory iam-no-star-resource"] },
    "rewrite own trust": {
        learnedFrom: "cloudsplaining/pacu privilege escalation (UpdateRolePolicyToAssumeIt)",
        kind: "permissions",
        statements: [allow("iam:UpdateAssumeRolePolicy", ROLE)],
        expected: ["mandatory iam-no-privilege-escalation"],
    },
    "new default policy version": {
        learnedFrom: "Rhino method 1, checkov CKV_AWS_110",
        kind: "permissions",
        statements: [allow("iam:CreatePolicyVersion", "arn:aws:iam::111122223333:policy/app")],
        expected: ["mandatory iam-no-privilege-escalation"],
    },
    "bucket policy write": { learnedFrom: "cloudsplaining resource exposure, checkov CKV_AWS_109", kind: "permissions", statements: [allow("s3:PutBucketPolicy", "arn:aws:s3:::reports")], expected: ["mandatory iam-no-privilege-escalation"] },
    "key policy write": {
        learnedFrom: "cloudsplaining resource exposure",
        kind: "permissions",
        statements: [allow("kms:PutKeyPolicy", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")],
        expected: ["mandatory iam-no-privilege-escalation"],
    },
    "lambda permission": {
        learnedFrom: "cloudsplaining resource exposure",
        kind: "permissions",
        statements: [allow("lambda:AddPermission", "arn:aws:lambda:us-east-1:111122223333:function:etl")],
        expected: ["mandatory iam-no-privilege-escalation"],
    },
    "pass role to anything": {
        learnedFrom: "parliament / cloudsplaining iam:PassRole",
        kind: "permissions",
        statements: [allow("iam:PassRole", "arn:aws:iam::111122223333:role/etl")],
        expected: ["mandatory iam-no-privilege-escalation"],
    },
    "pass role and create function": {
        learnedFrom: "Rhino method 15, cloudsplaining CreateEC2WithExistingIP / PassExistingRoleToNewLambdaThenInvoke",
        kind: "permissions",
        statements: [
            allow("iam:PassRole", "arn:aws:iam::111122223333:role/etl", { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } }),
            allow(["lambda:CreateFunction", "lambda:InvokeFunction"], "arn:aws:lambda:us-east-1:111122223333:function:etl-*"),
        ],
        expected: ["mandatory iam-no-privilege-escalation"],
    },
    "access keys for another user": { learnedFrom: "Rhino method 4", kind: "permissions", statements: [allow("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/ci")], expected: ["mandatory iam-no-privilege-escalation"] },
    "ForAllValues on a single-valued key": {
        learnedFrom: "AWS docs / parliament SINGLE_VALUE_CONDITION_TOO_PERMISSIVE",
        kind: "permissions",
        statements: [allow("s3:GetObject", "arn:aws:s3:::reports/*", { "ForAllValues:StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" } })],
        expected: ["mandatory iam-condition-openings"],
    },
    "BoolIfExists MFA in an Allow": {
        learnedFrom: "AWS docs (IfExists), parliament",
        kind: "permissions",
        statements: [allow("ec2:StopInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*", { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } })],
        expected: ["mandatory iam-condition-openings"],
    },
    "misspelled Deny action": {
        learnedFrom: "parliament UNKNOWN_ACTION",
        kind: "permissions",
        statements: [allow("s3:GetObject", "arn:aws:s3:::reports/*"), { Effect: "Deny", Action: "s3:DeleteObjectz", Resource: "*" }],
        expected: ["advisory iam-actions-exist", "mandatory iam-condition-openings"],
    },
    "misspelled Deny condition key": {
        learnedFrom: "parliament UNKNOWN_CONDITION_FOR_ACTION",
        kind: "permissions",
        statements: [allow("s3:GetObject", "arn:aws:s3:::reports/*"), { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransprt": "false" } } }],
        expected: ["mandatory iam-condition-openings"],
    },
    "operator of the wrong type": {
        learnedFrom: "parliament MISMATCHED_TYPE",
        kind: "permissions",
        statements: [allow("s3:GetObject", "arn:aws:s3:::reports/*", { DateGreaterThan: { "aws:SecureTransport": "2026-01-01T00:00:00Z" } })],
        expected: ["advisory iam-condition-keys-valid"],
    },
    "Bool with yes": {
        learnedFrom: "parliament MISMATCHED_TYPE_OPERATION_TO_NULL / cfn-lint",
        kind: "permissions",
        statements: [allow("s3:GetObject", "arn:aws:s3:::reports/*", { Bool: { "aws:SecureTransport": "yes" } })],
        expected: ["advisory iam-condition-keys-valid"],
    },
    "object action on a bucket": { learnedFrom: "parliament RESOURCE_MISMATCH", kind: "permissions", statements: [allow("s3:GetObject", "arn:aws:s3:::reports")], expected: ["advisory iam-action-resource-match"] },
    "unknown action": { learnedFrom: "parliament UNKNOWN_ACTION, cfn-lint W3037", kind: "permissions", statements: [allow("s3:GetObjects", "arn:aws:s3:::reports/*")], expected: ["advisory iam-actions-exist"] },
    "resource not an ARN": { learnedFrom: "cfn-lint E3510", kind: "permissions", statements: [allow("s3:GetObject", "reports/*")], expected: ["mandatory iam-document-grammar"] },
    "duplicate Sid": {
        learnedFrom: "cfn-lint E3510 (Sid unique), parliament",
        kind: "permissions",
        statements: [
            { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" },
            { Sid: "Read", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::reports" },
        ],
        expected: ["mandatory iam-document-grammar"],
    },
    "statement without Action": { learnedFrom: "parliament MALFORMED, cfn-lint E3512", kind: "permissions", statements: [{ Effect: "Allow", Resource: "arn:aws:s3:::reports/*" }], expected: ["mandatory iam-document-grammar"] },
    "anyone can assume": { learnedFrom: "checkov CKV_AWS_60", kind: "trust", statements: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }], expected: ["mandatory iam-trust-no-public-principal"] },
    "anyone, list form": { learnedFrom: "checkov CKV_AWS_60", kind: "trust", statements: [{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "sts:AssumeRole" }], expected: ["mandatory iam-trust-no-public-principal"] },
    "Principal star": { learnedFrom: "checkov CKV_AWS_60, cfn-lint", kind: "trust", statements: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }], expected: ["mandatory iam-trust-no-public-principal"] },
    "account root without condition": {
        learnedFrom: "checkov CKV_AWS_61 / AWS cross-account guidance",
        kind: "trust",
        statements: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole" }],
        expected: ["advisory iam-trust-account-root"],
    },
    "EC2 service trust (AWS docs)": { learnedFrom: "AWS documented trust", kind: "trust", statements: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }], expected: [] },
    "cross-account with external ID (AWS docs)": {
        learnedFrom: "AWS documented trust (confused deputy)",
        kind: "trust",
        statements: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "Unique-ID-1234" } } }],
        expected: [],
    },
    "service trust with confused-deputy conditions (AWS docs)": {
        learnedFrom: "AWS documented trust",
        kind: "trust",
        statements: [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnEquals: { "aws:SourceArn": "arn:aws:eks:us-east-1:111122223333:cluster/demo" } },
            },
        ],
        // Valid and never blocked; advisory only: any association in the account may use it (no session-tag pinning).
        expected: ["advisory pod-identity-trust-source"],
    },
    "GitHub Actions OIDC trust (AWS docs)": {
        learnedFrom: "AWS documented trust",
        kind: "trust",
        statements: [
            {
                Effect: "Allow",
                Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                    StringLike: { "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main" },
                },
            },
        ],
        expected: [],
    },
};

async function findings(c: Case): Promise<string[]> {
    const document = JSON.stringify({ Version: "2012-10-17", Statement: c.statements });
    const resource = c.kind === "trust" ? { type: "aws:iam/role:Role", props: { assumeRolePolicy: document } } : { type: "aws:iam/policy:Policy", props: { policy: document } };
    const found = new Set<string>();
    for (const policy of policies) {
        if (!("validateResource" in policy)) continue;
        const p = policy as ResourceValidationPolicy;
        try {
            if ((await runResourcePolicy(p, resource)).length > 0) found.add(`${p.enforcementLevel} ${p.name}`);
        } catch (e) {
            if (!(e instanceof PolicyNotApplicable)) throw e;
        }
    }
    return [...found].sort();
}

describe("cases the established IAM linters catch", () => {
    for (const [name, c] of Object.entries(CASES)) {
        it(`${name} (${c.learnedFrom}): ${c.expected.length === 0 ? "passes" : c.expected.join(", ")}`, async () => {
            assert.deepEqual(await findings(c), [...c.expected].sort());
        });
    }
});
