import * as assert from "node:assert/strict";
import { iamPolicySize, iamRolePolicyQuotas } from "../../../policy-pack/policies";
import { Doc, DOCUMENT_FORMS, validTrust } from "../../fixtures/policy/irsa";
import { runResourcePolicy, runStackPolicy, testUrn } from "../../helpers/policyHarness";

/** A permission document whose minified JSON is exactly `length` characters. */
function permissionsOfLength(length: number): Doc {
    const base = { Version: "2012-10-17", Statement: [{ Sid: "", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] };
    const pad = length - JSON.stringify(base).length;
    return { ...base, Statement: [{ ...base.Statement[0]!, Sid: "x".repeat(pad) }] };
}

/** A trust whose minified JSON is exactly `length` characters (padded with a Sid). */
function trustOfLength(length: number): Doc {
    const base = validTrust() as { Statement: { [key: string]: unknown }[] };
    const withSid = { ...base, Statement: [{ Sid: "", ...base.Statement[0] }] };
    const pad = length - JSON.stringify(withSid).length;
    return { ...withSid, Statement: [{ ...withSid.Statement[0], Sid: "x".repeat(pad) }] } as Doc;
}

const managed = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::111122223333:policy/p${i}`);

for (const form of DOCUMENT_FORMS) {
    describe(`iam-policy-size, documents as ${form.label}`, () => {
        it("accepts a trust of exactly 2,048 characters and reports 2,049", async () => {
            const role = (length: number) => ({ type: "aws:iam/role:Role", props: { assumeRolePolicy: form.wrap(trustOfLength(length)) } });
            assert.deepEqual(await runResourcePolicy(iamPolicySize, role(2048)), []);
            assert.deepEqual(await runResourcePolicy(iamPolicySize, role(2049)), [
                `assumeRolePolicy is 2,049 characters without whitespace, over IAM's role trust policy quota of 2,048: shorten the conditions or split the trust across roles (the quota can be raised to 8,192 through Service Quotas; then set maxTrustPolicyLength in this policy's config).`,
            ]);
            assert.deepEqual(await runResourcePolicy(iamPolicySize, role(2049), { maxTrustPolicyLength: 4096 }), []);
        });

        it("does not count whitespace", async () => {
            const pretty = JSON.stringify(trustOfLength(2048), null, 4);
            assert.ok(pretty.length > 2048);
            assert.deepEqual(await runResourcePolicy(iamPolicySize, { type: "aws:iam/role:Role", props: { assumeRolePolicy: pretty } }), []);
        });

        it("reports inline policies over 10,240 characters in total", async () => {
            const props = {
                assumeRolePolicy: form.wrap(validTrust()),
                inlinePolicies: [
                    { name: "a", policy: form.wrap(permissionsOfLength(5120)) },
                    { name: "b", policy: form.wrap(permissionsOfLength(5121)) },
                ],
            };
            assert.deepEqual(await runResourcePolicy(iamPolicySize, { type: "aws:iam/role:Role", props }), [
                `inlinePolicies total 10,241 characters without whitespace, over IAM's quota of 10,240 for all inline policies of a role: move statements to managed policies (up to 6,144 characters each) or remove duplicates.`,
            ]);
        });

        it("accepts a managed policy of 6,144 characters and reports 6,145", async () => {
            assert.deepEqual(await runResourcePolicy(iamPolicySize, { type: "aws:iam/policy:Policy", props: { policy: form.wrap(permissionsOfLength(6144)) } }), []);
            assert.deepEqual(await runResourcePolicy(iamPolicySize, { type: "aws:iam/policy:Policy", props: { policy: form.wrap(permissionsOfLength(6145)) } }), [
                `policy is 6,145 characters without whitespace, over IAM's managed policy quota of 6,144: split it into several managed policies.`,
            ]);
        });
    });
}

describe("iam-policy-size, managed policies per role", () => {
    it("accepts 10 managed policies and reports 11", async () => {
        const role = (n: number) => ({ type: "aws:iam/role:Role", props: { assumeRolePolicy: JSON.stringify(validTrust()), managedPolicyArns: managed(n) } });
        assert.deepEqual(await runResourcePolicy(iamPolicySize, role(10)), []);
        assert.deepEqual(await runResourcePolicy(iamPolicySize, role(11)), [
            `managedPolicyArns attach 11 managed policies, over IAM's default quota of 10 managed policies per role: merge them (the quota can be raised to 20 through Service Quotas; then set maxManagedPoliciesPerRole in this policy's config).`,
        ]);
        assert.deepEqual(await runResourcePolicy(iamPolicySize, role(11), { maxManagedPoliciesPerRole: 20 }), []);
    });
});

describe("iam-role-policy-quotas", () => {
    const roleUrn = testUrn("aws:iam/role:Role", "api");
    const role = { type: "aws:iam/role:Role", name: "api", props: { name: "payments-api", arn: "arn:aws:iam::111122223333:role/payments-api", managedPolicyArns: managed(9) } };

    it("counts RolePolicyAttachment resources with managedPolicyArns, without counting an ARN twice", async () => {
        const attach = (i: number, arn: string) => ({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: `a${i}`, props: { role: "payments-api", policyArn: arn } });
        assert.deepEqual(await runStackPolicy(iamRolePolicyQuotas, [role, attach(0, managed(9)[0]!), attach(1, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")]), []);
        assert.deepEqual(await runStackPolicy(iamRolePolicyQuotas, [role, attach(1, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"), attach(2, "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess")]), [
            {
                urn: roleUrn,
                message: `role "payments-api": managedPolicyArns and RolePolicyAttachment resources attach 11 managed policies, over IAM's default quota of 10 managed policies per role: merge them (the quota can be raised to 20 through Service Quotas; then set maxManagedPoliciesPerRole in this policy's config).`,
            },
        ]);
    });

    it("counts RolePolicy resources with inlinePolicies", async () => {
        const withInline = { ...role, props: { ...role.props, inlinePolicies: [{ name: "a", policy: JSON.stringify(permissionsOfLength(6000)) }] } };
        const rolePolicy = { type: "aws:iam/rolePolicy:RolePolicy", name: "rp", props: { role: "payments-api", name: "b", policy: JSON.stringify(permissionsOfLength(4241)) } };
        assert.deepEqual(await runStackPolicy(iamRolePolicyQuotas, [withInline, rolePolicy]), [
            {
                urn: roleUrn,
                message: `role "payments-api": inline policies (inlinePolicies and RolePolicy resources) total 10,241 characters without whitespace, over IAM's quota of 10,240 for all inline policies of a role: move statements to managed policies (up to 6,144 characters each) or remove duplicates.`,
            },
        ]);
    });
});
