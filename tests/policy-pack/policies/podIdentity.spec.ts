import * as assert from "node:assert/strict";
import { UnknownValueError } from "@pulumi/policy";
import {
    podIdentityAssociationRole,
    podIdentityNoDualIdentity,
    podIdentitySessionTags,
    podIdentityTrustShape,
    podIdentityTrustSource,
} from "../../../policy-pack/policies";
import { ACCOUNT, copy, Doc, DOCUMENT_FORMS, Json, ROLE_ARN, serviceAccountOutputs, validPermissions, validTrust } from "../../fixtures/policy/irsa";
import { HarnessResource, PolicyNotApplicable, runResourcePolicy, runStackPolicy, testUrn, UNKNOWN } from "../../helpers/policyHarness";

const ROLE = "aws:iam/role:Role";
const SA = "kubernetes:core/v1:ServiceAccount";
const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const CLUSTER_ARN = `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/dev`;
const ASSOCIATION_URN = testUrn(ASSOCIATION, "association");
const SA_URN = testUrn(SA, "sa");

/** The Pod Identity trust the component writes: the service principal, both actions, the source conditions. */
function podTrust(): Doc {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArn": CLUSTER_ARN } },
            },
        ],
    };
}

/** The trust of `both` mode: the IRSA statement, then the Pod Identity statement. */
function bothTrust(): Doc {
    const irsa = (validTrust()["Statement"] as Json[])[0]!;
    const pods = (podTrust()["Statement"] as Json[])[0]!;
    return { Version: "2012-10-17", Statement: [irsa, pods] };
}

/** `podTrust()` with one edit to its Pod Identity statement. */
function podTrustWith(edit: (statement: { [key: string]: Json }) => void): Doc {
    const doc = copy(podTrust());
    edit((doc["Statement"] as { [key: string]: Json }[])[0]!);
    return doc;
}

function condition(statement: { [key: string]: Json }): { [key: string]: { [key: string]: Json } } {
    return statement["Condition"] as { [key: string]: { [key: string]: Json } };
}

const SHAPE_FIX =
    'EKS Pod Identity assumes the role with sts:AssumeRole and tags the session with sts:TagSession; list exactly those two actions.';
const SOURCE_FIX =
    `add StringEquals "aws:SourceAccount" = the cluster's account and ArnEquals "aws:SourceArn" = the cluster's ARN ` +
    `(or StringEquals "aws:SourceOrgId" = your organization's id), so pods of another cluster or account cannot assume this role.`;

for (const form of DOCUMENT_FORMS) {
    describe(`Pod Identity trust policies, trust as ${form.label}`, () => {
        const run = (policy: typeof podIdentityTrustShape, doc: Doc) =>
            runResourcePolicy(policy, { type: ROLE, props: { name: "reader", assumeRolePolicy: form.wrap(doc) } });

        it("pass the Pod Identity trust and the both-mode trust", async () => {
            for (const policy of [podIdentityTrustShape, podIdentityTrustSource]) {
                assert.deepEqual(await run(policy, podTrust()), [], policy.name);
                assert.deepEqual(await run(policy, bothTrust()), [], policy.name);
            }
        });

        it("are not applicable to a role that does not trust pods.eks.amazonaws.com", async () => {
            for (const policy of [podIdentityTrustShape, podIdentityTrustSource]) {
                await assert.rejects(run(policy, validTrust()), new PolicyNotApplicable("the role does not trust pods.eks.amazonaws.com"));
            }
        });

        describe("pod-identity-trust-shape", () => {
            it("reports a missing sts:TagSession", async () => {
                assert.deepEqual(await run(podIdentityTrustShape, podTrustWith((s) => (s["Action"] = "sts:AssumeRole"))), [
                    `assumeRolePolicy Statement[0].Action ["sts:AssumeRole"] is not exactly ["sts:AssumeRole","sts:TagSession"]: ${SHAPE_FIX}`,
                ]);
            });

            it("reports a wildcard or an extra action", async () => {
                assert.deepEqual(await run(podIdentityTrustShape, podTrustWith((s) => (s["Action"] = "sts:*"))), [
                    `assumeRolePolicy Statement[0].Action ["sts:*"] is not exactly ["sts:AssumeRole","sts:TagSession"]: ${SHAPE_FIX}`,
                ]);
                const extra = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];
                assert.deepEqual(await run(podIdentityTrustShape, podTrustWith((s) => (s["Action"] = extra))), [
                    `assumeRolePolicy Statement[0].Action ${JSON.stringify(extra)} is not exactly ["sts:AssumeRole","sts:TagSession"]: ${SHAPE_FIX}`,
                ]);
            });

            it("accepts the actions in any order and case", async () => {
                assert.deepEqual(await run(podIdentityTrustShape, podTrustWith((s) => (s["Action"] = ["sts:tagsession", "STS:AssumeRole"]))), []);
            });

            it("reports NotAction", async () => {
                const doc = podTrustWith((s) => {
                    delete s["Action"];
                    s["NotAction"] = "iam:*";
                });
                assert.deepEqual(await run(podIdentityTrustShape, doc), [
                    'assumeRolePolicy Statement[0].NotAction ["iam:*"] allows every action except those listed: use Action ["sts:AssumeRole","sts:TagSession"].',
                ]);
            });

            it("reports another principal in the Pod Identity statement", async () => {
                const doc = podTrustWith((s) => (s["Principal"] = { Service: ["pods.eks.amazonaws.com", "ec2.amazonaws.com"], AWS: `arn:aws:iam::${ACCOUNT}:root` }));
                assert.deepEqual(await run(podIdentityTrustShape, doc), [
                    `assumeRolePolicy Statement[0].Principal {"Service":["pods.eks.amazonaws.com","ec2.amazonaws.com"],"AWS":"arn:aws:iam::${ACCOUNT}:root"} trusts other principals besides "pods.eks.amazonaws.com": give the Pod Identity principal a statement of its own, so its source conditions apply to it alone.`,
                ]);
            });
        });

        describe("pod-identity-trust-source", () => {
            it("reports a statement without source conditions", async () => {
                assert.deepEqual(await run(podIdentityTrustSource, podTrustWith((s) => delete s["Condition"])), [
                    `assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" without requiring "aws:SourceAccount" and "aws:SourceArn": ${SOURCE_FIX}`,
                ]);
            });

            it("reports a missing aws:SourceArn", async () => {
                assert.deepEqual(await run(podIdentityTrustSource, podTrustWith((s) => delete condition(s)["ArnEquals"])), [
                    `assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" without requiring "aws:SourceArn": ${SOURCE_FIX}`,
                ]);
            });

            it("does not count IfExists, negated operators or a bare * as requiring the source", async () => {
                const ifExists = podTrustWith((s) => {
                    condition(s)["StringEqualsIfExists"] = condition(s)["StringEquals"]!;
                    delete condition(s)["StringEquals"];
                });
                const star = podTrustWith((s) => (condition(s)["ArnEquals"] = { "aws:SourceArn": "*" }));
                const negated = podTrustWith((s) => {
                    condition(s)["ArnNotEquals"] = condition(s)["ArnEquals"]!;
                    delete condition(s)["ArnEquals"];
                });
                assert.deepEqual(
                    [await run(podIdentityTrustSource, ifExists), await run(podIdentityTrustSource, star), await run(podIdentityTrustSource, negated)],
                    [
                        [`assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" without requiring "aws:SourceAccount": ${SOURCE_FIX}`],
                        [`assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" without requiring "aws:SourceArn": ${SOURCE_FIX}`],
                        [`assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" without requiring "aws:SourceArn": ${SOURCE_FIX}`],
                    ],
                );
            });

            it("accepts aws:SourceOrgId alone, and ArnLike for several clusters", async () => {
                const org = podTrustWith((s) => (s["Condition"] = { StringEquals: { "aws:SourceOrgId": "o-a1b2c3d4e5" } }));
                const like = podTrustWith(
                    (s) =>
                        (s["Condition"] = {
                            StringEquals: { "aws:SourceAccount": ACCOUNT },
                            ArnLike: { "aws:SourceArn": `arn:aws:eks:*:${ACCOUNT}:cluster/prod-*` },
                        }),
                );
                assert.deepEqual([await run(podIdentityTrustSource, org), await run(podIdentityTrustSource, like)], [[], []]);
            });
        });
    });
}

describe("Pod Identity trust policies, trust unknown during preview", () => {
    it("throw the SDK's UnknownValueError instead of passing", async () => {
        for (const policy of [podIdentityTrustShape, podIdentityTrustSource]) {
            await assert.rejects(runResourcePolicy(policy, { type: ROLE, props: { name: "reader", assumeRolePolicy: UNKNOWN } }), UnknownValueError, policy.name);
        }
    });
});

describe("Pod Identity stack policies", () => {
    const role = (trust: Json = JSON.stringify(podTrust()), extra: Record<string, unknown> = {}): HarnessResource => ({
        type: ROLE,
        name: "role",
        props: { arn: ROLE_ARN, name: "payments-api", assumeRolePolicy: trust, ...extra },
    });
    const association = (extra: Record<string, unknown> = {}): HarnessResource => ({
        type: ASSOCIATION,
        name: "association",
        props: { clusterName: "dev", namespace: "payments", serviceAccount: "api", roleArn: ROLE_ARN, disableSessionTags: false, ...extra },
    });
    /** A ServiceAccount without the IRSA annotation (pod-identity mode). */
    const plainSa = (): HarnessResource => ({ type: SA, name: "sa", props: { metadata: { name: "api", namespace: "payments" } } });
    const annotatedSa = (migration?: string): HarnessResource => {
        const props = serviceAccountOutputs("payments", "api") as { metadata: { annotations: Record<string, string> } };
        if (migration !== undefined) props.metadata.annotations["eks-irsa.dev/identity-migration"] = migration;
        return { type: SA, name: "sa", props };
    };

    it("pass the pod-identity chain and the declared migration", async () => {
        for (const policy of [podIdentityAssociationRole, podIdentityNoDualIdentity, podIdentitySessionTags]) {
            assert.deepEqual(await runStackPolicy(policy, [role(), association(), plainSa()]), [], policy.name);
            assert.deepEqual(await runStackPolicy(policy, [role(JSON.stringify(bothTrust())), association(), annotatedSa("true")]), [], policy.name);
        }
    });

    describe("pod-identity-association-role", () => {
        it("reports an association naming a role that is not in the stack, unless allowlisted", async () => {
            const other = "arn:aws:iam::444455556666:role/elsewhere";
            assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(), association({ roleArn: other })]), [
                {
                    urn: ASSOCIATION_URN,
                    message: `roleArn "${other}" is not a role in this stack: create the role in this stack, or list its ARN in allowedRoleArns in this policy's config.`,
                },
            ]);
            assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(), association({ roleArn: other })], { allowedRoleArns: [other] }), []);
        });

        it("reports an association naming an IRSA-only role", async () => {
            assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(JSON.stringify(validTrust())), association()]), [
                {
                    urn: ASSOCIATION_URN,
                    message: `roleArn "${ROLE_ARN}" names a role whose trust does not let "pods.eks.amazonaws.com" assume it: add a statement with Principal {"Service": "pods.eks.amazonaws.com"} and Action ["sts:AssumeRole","sts:TagSession"], scoped with aws:SourceAccount and aws:SourceArn.`,
                },
            ]);
        });

        it("reads the trust as an object too", async () => {
            assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(podTrust()), association()]), []);
        });

        it("ends with an advisory, not a missing role, while a role's ARN is unknown", async () => {
            await assert.rejects(runStackPolicy(podIdentityAssociationRole, [role(JSON.stringify(podTrust()), { arn: UNKNOWN }), association()]), UnknownValueError);
        });

        it("stays quiet about unknown roles when the stack has no association", async () => {
            assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(UNKNOWN, { arn: UNKNOWN })]), []);
        });
    });

    describe("pod-identity-no-dual-identity", () => {
        const message =
            'metadata.annotations["eks.amazonaws.com/role-arn"] is set on ServiceAccount "payments/api", which a PodIdentityAssociation also binds to a role, ' +
            'outside a declared migration: remove the annotation once its pods use Pod Identity, or annotate the ServiceAccount "eks-irsa.dev/identity-migration": "true" while both are in place.';

        it("reports a ServiceAccount with both an association and the IRSA annotation", async () => {
            assert.deepEqual(await runStackPolicy(podIdentityNoDualIdentity, [role(JSON.stringify(bothTrust())), association(), annotatedSa()]), [
                { urn: SA_URN, message },
            ]);
        });

        it("does not accept a migration annotation other than \"true\"", async () => {
            assert.deepEqual(await runStackPolicy(podIdentityNoDualIdentity, [association(), annotatedSa("yes")]), [{ urn: SA_URN, message }]);
        });

        it("ignores an annotated ServiceAccount of another namespace", async () => {
            assert.deepEqual(await runStackPolicy(podIdentityNoDualIdentity, [association({ namespace: "billing" }), annotatedSa()]), []);
        });
    });

    describe("pod-identity-session-tags", () => {
        const tagTrust = podTrustWith((s) => (condition(s)["StringEquals"]!["aws:RequestTag/kubernetes-namespace"] = "payments"));
        const tagPermissions = copy(validPermissions());
        (tagPermissions["Statement"] as { [key: string]: Json }[])[0]!["Condition"] = { StringEquals: { "aws:PrincipalTag/kubernetes-service-account": "api" } };

        it("reports disableSessionTags on a role whose trust tests a request tag", async () => {
            assert.deepEqual(await runStackPolicy(podIdentitySessionTags, [role(JSON.stringify(tagTrust)), association({ disableSessionTags: true })]), [
                {
                    urn: ASSOCIATION_URN,
                    message:
                        'disableSessionTags true removes the session tags that role "payments-api" tests (assumeRolePolicy "aws:RequestTag/kubernetes-namespace"): ' +
                        "keep the session tags (remove disableSessionTags and any session policy), or write those conditions without aws:RequestTag/… and aws:PrincipalTag/… keys.",
                },
            ]);
        });

        it("reports principal tags in inline policies, RolePolicy resources and attached customer policies", async () => {
            const policyArn = `arn:aws:iam::${ACCOUNT}:policy/tagged`;
            const resources: HarnessResource[] = [
                role(JSON.stringify(podTrust()), { inlinePolicies: [{ name: "inline", policy: JSON.stringify(tagPermissions) }] }),
                { type: "aws:iam/rolePolicy:RolePolicy", name: "rp", props: { role: "payments-api", name: "permissions", policy: tagPermissions } },
                { type: "aws:iam/policy:Policy", name: "p", props: { arn: policyArn, policy: JSON.stringify(tagPermissions) } },
                { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "att", props: { role: "payments-api", policyArn } },
                association({ disableSessionTags: true }),
            ];
            const key = '"aws:PrincipalTag/kubernetes-service-account"';
            assert.deepEqual(await runStackPolicy(podIdentitySessionTags, resources), [
                {
                    urn: ASSOCIATION_URN,
                    message:
                        `disableSessionTags true removes the session tags that role "payments-api" tests (inlinePolicies[0].policy ${key}, RolePolicy "permissions" ${key}, Policy "${policyArn}" ${key}): ` +
                        "keep the session tags (remove disableSessionTags and any session policy), or write those conditions without aws:RequestTag/… and aws:PrincipalTag/… keys.",
                },
            ]);
        });

        it("accepts session-tag conditions while the session tags are kept", async () => {
            assert.deepEqual(await runStackPolicy(podIdentitySessionTags, [role(JSON.stringify(tagTrust)), association()]), []);
        });

        it("does not count aws:RequestTag in permissions, which tests the tags of the role's own requests", async () => {
            const requestTag = copy(validPermissions());
            (requestTag["Statement"] as { [key: string]: Json }[])[0]!["Condition"] = { StringEquals: { "aws:RequestTag/team": "data" } };
            const withInline = role(JSON.stringify(podTrust()), { inlinePolicies: [{ name: "inline", policy: JSON.stringify(requestTag) }] });
            assert.deepEqual(await runStackPolicy(podIdentitySessionTags, [withInline, association({ disableSessionTags: true })]), []);
        });

        it("ends with an advisory while the association's flag is unknown", async () => {
            await assert.rejects(runStackPolicy(podIdentitySessionTags, [role(JSON.stringify(tagTrust)), association({ disableSessionTags: UNKNOWN })]), UnknownValueError);
        });
    });
});
