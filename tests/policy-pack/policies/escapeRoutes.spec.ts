/**
 * The escape routes of issue 13 in permission documents: wildcard ARNs judged by what they match, List actions and
 * tag-scoped "*", privilege escalation on any resource. Each case as a JSON string, an object, and unknown.
 */
import * as assert from "node:assert/strict";
import { UnknownValueError } from "@pulumi/policy";
import { iamNoPrivilegeEscalation, iamNoStarResource } from "../../../policy-pack/policies";
import { Doc, DOCUMENT_FORMS, Json } from "../../fixtures/policy/irsa";
import { runResourcePolicy, UNKNOWN } from "../../helpers/policyHarness";

function doc(...statements: { [key: string]: Json }[]): Doc {
    return { Version: "2012-10-17", Statement: statements };
}

const allow = (action: Json, resource: Json, condition?: { [key: string]: Json }): { [key: string]: Json } =>
    condition === undefined ? { Effect: "Allow", Action: action, Resource: resource } : { Effect: "Allow", Action: action, Resource: resource, Condition: condition };

for (const form of DOCUMENT_FORMS) {
    const run = (policy: typeof iamNoStarResource, d: Doc, config: object = {}) =>
        runResourcePolicy(policy, { type: "aws:iam/policy:Policy", props: { policy: form.wrap(d) } }, config);

    describe(`iam-no-star-resource, wildcard ARNs and scoping, document as ${form.label}`, () => {
        it("reports ARN patterns that match every resource of the action's type", async () => {
            const messages = await run(
                iamNoStarResource,
                doc(
                    allow("s3:GetObject", "arn:aws:s3:::*/*"),
                    allow("kms:Decrypt", "arn:aws:kms:*:*:key/*"),
                    allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:*"),
                    allow("sts:AssumeRole", "arn:aws:iam::*:role/*"),
                    allow("iam:PassRole", "arn:aws:iam::111122223333:role/*", { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }),
                ),
            );
            assert.deepEqual(messages, [
                `policy Statement[0].Resource "arn:aws:s3:::*/*" matches every "object" resource, as "*" does, and is used with "s3:GetObject": name the resources ("arn:aws:s3:::<BucketName>/<ObjectName>"), add a tag condition the action supports, or list the action in allowedActionsOnStar in this policy's config.`,
                `policy Statement[1].Resource "arn:aws:kms:*:*:key/*" matches every "key" resource, as "*" does, and is used with "kms:Decrypt": name the resources ("arn:aws:kms:<Region>:<Account>:key/<KeyId>"), add a tag condition the action supports, or list the action in allowedActionsOnStar in this policy's config.`,
                `policy Statement[2].Resource "arn:aws:secretsmanager:*:*:secret:*" matches every "Secret" resource, as "*" does, and is used with "secretsmanager:GetSecretValue": name the resources ("arn:aws:secretsmanager:<Region>:<Account>:secret:<SecretId>"), add a tag condition the action supports, or list the action in allowedActionsOnStar in this policy's config.`,
                `policy Statement[3].Resource "arn:aws:iam::*:role/*" matches every role, as "*" does, and is used with "sts:AssumeRole": iam:PassRole and sts:AssumeRole on every role let the workload pass or assume any role; list the role ARNs ("arn:aws:iam::<Account>:role/<RoleNameWithPath>").`,
                `policy Statement[4].Resource "arn:aws:iam::111122223333:role/*" matches every role, as "*" does, and is used with "iam:PassRole": iam:PassRole and sts:AssumeRole on every role let the workload pass or assume any role; list the role ARNs ("arn:aws:iam::<Account>:role/<RoleNameWithPath>").`,
            ]);
        });

        it("accepts name patterns that do not match every resource, and resources pinned to one account and region", async () => {
            const messages = await run(
                iamNoStarResource,
                doc(
                    allow("s3:GetObject", "arn:aws:s3:::reports/*"),
                    allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:app/*"),
                    allow("ec2:ModifyVolume", "arn:aws:ec2:us-east-1:111122223333:volume/*"),
                    allow("iam:PassRole", "arn:aws:iam::111122223333:role/KarpenterNodeRole-*", { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }),
                ),
            );
            assert.deepEqual(messages, []);
        });

        it('accepts List actions on "*" and keeps Read actions mandatory', async () => {
            const messages = await run(
                iamNoStarResource,
                doc(allow(["route53:ListResourceRecordSets", "elasticfilesystem:DescribeAccessPoints", "ec2:DescribeInstances", "s3:ListBucket"], "*"), allow("ssm:GetParameter", "*")),
            );
            assert.deepEqual(messages, [
                `policy Statement[1].Resource "*" is used with "ssm:GetParameter", which supports resource-level permissions ("parameter"): list those ARNs instead of "*", or list the action in allowedActionsOnStar in this policy's config.`,
            ]);
        });

        it('accepts "*" scoped by a tag condition the action supports, and not by one it does not support or one that is true when absent', async () => {
            const messages = await run(
                iamNoStarResource,
                doc(
                    allow(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"], "*", {
                        StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true" },
                    }),
                    allow("elasticfilesystem:CreateAccessPoint", "*", { StringLike: { "aws:RequestTag/efs.csi.aws.com/cluster": "true" } }),
                    allow("ssm:GetParameter", "*", { StringEqualsIfExists: { "aws:ResourceTag/team": "payments" } }),
                    allow("dynamodb:Query", "*", { StringEquals: { "aws:RequestTag/team": "payments" } }),
                ),
            );
            assert.deepEqual(messages, [
                `policy Statement[2].Resource "*" is used with "ssm:GetParameter", which supports resource-level permissions ("parameter"): list those ARNs instead of "*", or list the action in allowedActionsOnStar in this policy's config.`,
                `policy Statement[3].Resource "*" is used with "dynamodb:Query", which supports resource-level permissions ("index", "table"): list those ARNs instead of "*", or list the action in allowedActionsOnStar in this policy's config.`,
            ]);
        });

        it("judges an action that needs several resource types by all of them (RunInstances bounded by its tagged instance)", async () => {
            const bounded = doc(
                allow("ec2:RunInstances", ["arn:aws:ec2:*::image/*", "arn:aws:ec2:*:*:subnet/*", "arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:*:*:network-interface/*"]),
                allow("ec2:RunInstances", "arn:aws:ec2:*:*:instance/*", { StringEquals: { "aws:RequestTag/karpenter.sh/nodepool": "default" } }),
            );
            assert.deepEqual(await run(iamNoStarResource, bounded), []);
            const unbounded = doc(allow("ec2:RunInstances", "*"));
            assert.equal((await run(iamNoStarResource, unbounded)).length, 1);
        });

        it("accepts a named case with its reason, and ignores one without a reason", async () => {
            const d = doc(allow("kms:Decrypt", "arn:aws:kms:*:*:key/*"));
            assert.deepEqual(await run(iamNoStarResource, d, { allowedCases: [{ action: "kms:Decrypt", resource: "arn:aws:kms:*:*:key/*", reason: "shared decryption service" }] }), []);
            assert.equal((await run(iamNoStarResource, d, { allowedCases: [{ action: "kms:Decrypt", reason: " " }] })).length, 1);
        });
    });

    describe(`iam-no-privilege-escalation, document as ${form.label}`, () => {
        it("reports Permissions management and escalation actions on a specific resource", async () => {
            const role = "arn:aws:iam::111122223333:role/payments-api";
            const messages = await run(
                iamNoPrivilegeEscalation,
                doc(
                    allow(["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy"], role),
                    allow("s3:PutBucketPolicy", "arn:aws:s3:::reports"),
                    allow("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/ci"),
                    allow("lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:111122223333:function:etl"),
                ),
            );
            assert.deepEqual(messages, [
                `policy Statement[0].Action "iam:UpdateAssumeRolePolicy" is a Permissions management action (AWS IAM catalog): it changes who may do what on ["${role}"], so the workload can grant itself or others more access; remove it, or allow this named case with its reason in allowedEscalations in this policy's config.`,
                `policy Statement[0].Action "iam:PutRolePolicy" is a Permissions management action (AWS IAM catalog): it changes who may do what on ["${role}"], so the workload can grant itself or others more access; remove it, or allow this named case with its reason in allowedEscalations in this policy's config.`,
                `policy Statement[1].Action "s3:PutBucketPolicy" is a Permissions management action (AWS IAM catalog): it changes who may do what on ["arn:aws:s3:::reports"], so the workload can grant itself or others more access; remove it, or allow this named case with its reason in allowedEscalations in this policy's config.`,
                `policy Statement[2].Action "iam:CreateAccessKey" escalates privileges: the workload creates access keys for another IAM user and acts as that user (Rhino Security Labs' AWS privilege escalation methods); remove it, or allow this named case with its reason in allowedEscalations in this policy's config.`,
                `policy Statement[3].Action "lambda:UpdateFunctionCode" escalates privileges: the workload replaces a function's code, which then runs with the function's role (Rhino Security Labs' AWS privilege escalation methods); remove it, or allow this named case with its reason in allowedEscalations in this policy's config.`,
            ]);
        });

        it("reports iam:PassRole without iam:PassedToService, and with a service call that runs code as the role", async () => {
            const node = "arn:aws:iam::111122223333:role/KarpenterNodeRole-demo";
            const karpenter = doc(
                allow("ec2:RunInstances", "arn:aws:ec2:*:*:instance/*", { StringEquals: { "aws:RequestTag/karpenter.sh/nodepool": "default" } }),
                allow("iam:PassRole", node, { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }),
            );
            assert.deepEqual(await run(iamNoPrivilegeEscalation, doc(allow("iam:PassRole", node))), [
                `policy Statement[0].Action "iam:PassRole" has no "iam:PassedToService" condition: the workload can pass ["${node}"] to any AWS service; add StringEquals "iam:PassedToService" = the service that needs the role, e.g. "ec2.amazonaws.com".`,
            ]);
            assert.deepEqual(await run(iamNoPrivilegeEscalation, karpenter), [
                `policy Statement[1].Action "iam:PassRole" with "ec2:RunInstances" (Statement[0]) lets the workload run code as ["${node}"] and use that role's permissions (Rhino Security Labs' AWS privilege escalation methods): remove it, or allow this named case with its reason in allowedEscalations in this policy's config, e.g. {"action": "iam:PassRole", "resource": "${node}", "reason": "…"}.`,
            ]);
            const config = { allowedEscalations: [{ action: "iam:PassRole", resource: "arn:aws:iam::*:role/KarpenterNodeRole-*", reason: "Karpenter passes the node role to EC2" }] };
            assert.deepEqual(await run(iamNoPrivilegeEscalation, karpenter, config), []);
        });

        it("accepts kms:CreateGrant limited to AWS resources, read actions and Deny statements", async () => {
            const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            const messages = await run(
                iamNoPrivilegeEscalation,
                doc(
                    allow(["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], key, { Bool: { "kms:GrantIsForAWSResource": "true" } }),
                    allow("iam:GetRole", "arn:aws:iam::111122223333:role/payments-api"),
                    { Effect: "Deny", Action: "iam:*", Resource: "*" },
                ),
            );
            assert.deepEqual(messages, []);
        });
    });
}

describe("escape-route policies, document unknown during preview", () => {
    for (const policy of [iamNoStarResource, iamNoPrivilegeEscalation]) {
        it(`${policy.name} throws the SDK's UnknownValueError instead of passing`, async () => {
            await assert.rejects(runResourcePolicy(policy, { type: "aws:iam/policy:Policy", props: { policy: UNKNOWN } }), UnknownValueError);
        });
    }
});
