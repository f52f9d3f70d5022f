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

/** The Pod Identity trust the component writes: the service principal, both actions, pinned with the session tags. */
function podTrust(): Doc {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
                        "aws:RequestTag/kubernetes-namespace": "payments",
                        "aws:RequestTag/kubernetes-service-account": "api",
                    },
                },
            },
        ],
    };
}

/** AWS's documented trust, as printed on https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html (no condition). */
const AWS_BARE_TRUST: Doc = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
        },
    ],
};

/** AWS's documented tag-pinned trust from the same page ("Setting Conditions"): namespace and ServiceAccount, as lists. */
const AWS_PINNED_TRUST: Doc = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: { "aws:RequestTag/kubernetes-namespace": ["payments"], "aws:RequestTag/kubernetes-service-account": ["api"] },
            },
        },
    ],
};

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
    `any Pod Identity association of the account whose creator may pass this role can use it; add StringEquals ` +
    `"aws:RequestTag/kubernetes-namespace" = "<namespace>", "aws:RequestTag/kubernetes-service-account" = "<ServiceAccount>" ` +
    `and "aws:RequestTag/eks-cluster-arn" = "<cluster ARN>" (the session tags EKS Pod Identity sets).`;
const BOTH_MISSING = `without requiring "aws:RequestTag/kubernetes-namespace" and "aws:RequestTag/kubernetes-service-account"`;

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

            it("reports a condition on a request tag EKS never sets", async () => {
                const typo = podTrustWith((s) => (condition(s)["StringEquals"]!["aws:RequestTag/kubernetes-serviceaccount"] = "api"));
                assert.deepEqual(await run(podIdentityTrustShape, typo), [
                    'assumeRolePolicy Statement[0].Condition.StringEquals "aws:RequestTag/kubernetes-serviceaccount" is not a session tag EKS Pod Identity sets, so no Pod Identity request can match it: ' +
                        "use one of aws:RequestTag/eks-cluster-arn, aws:RequestTag/eks-cluster-name, aws:RequestTag/kubernetes-namespace, aws:RequestTag/kubernetes-service-account, aws:RequestTag/kubernetes-pod-name, aws:RequestTag/kubernetes-pod-uid.",
                ]);
                const ifExists = podTrustWith((s) => (condition(s)["StringEqualsIfExists"] = { "aws:RequestTag/team": "data" }));
                assert.deepEqual(await run(podIdentityTrustShape, ifExists), []);
            });
        });

        describe("pod-identity-trust-source", () => {
            it("passes AWS's documented tag-pinned trust and the component's", async () => {
                assert.deepEqual(await run(podIdentityTrustSource, AWS_PINNED_TRUST), []);
                assert.deepEqual(await run(podIdentityTrustShape, AWS_PINNED_TRUST), []);
                assert.deepEqual(await run(podIdentityTrustSource, podTrust()), []);
            });

            it("is advisory on AWS's bare documented trust, which pod-identity-trust-shape passes", async () => {
                assert.equal(podIdentityTrustSource.enforcementLevel, "advisory");
                assert.deepEqual(await run(podIdentityTrustShape, AWS_BARE_TRUST), []);
                assert.deepEqual(await run(podIdentityTrustSource, AWS_BARE_TRUST), [`assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" ${BOTH_MISSING}: ${SOURCE_FIX}`]);
            });

            it("reports a missing ServiceAccount pin", async () => {
                const doc = podTrustWith((s) => delete condition(s)["StringEquals"]!["aws:RequestTag/kubernetes-service-account"]);
                assert.deepEqual(await run(podIdentityTrustSource, doc), [
                    `assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" without requiring "aws:RequestTag/kubernetes-service-account": ${SOURCE_FIX}`,
                ]);
            });

            it("does not count IfExists, negated operators or a bare * as pinning", async () => {
                const ifExists = podTrustWith((s) => {
                    condition(s)["StringEqualsIfExists"] = condition(s)["StringEquals"]!;
                    delete condition(s)["StringEquals"];
                });
                const star = podTrustWith((s) => (condition(s)["StringEquals"]!["aws:RequestTag/kubernetes-namespace"] = "*"));
                const negated = podTrustWith((s) => {
                    condition(s)["StringNotEquals"] = condition(s)["StringEquals"]!;
                    delete condition(s)["StringEquals"];
                });
                assert.deepEqual(
                    [await run(podIdentityTrustSource, ifExists), await run(podIdentityTrustSource, star), await run(podIdentityTrustSource, negated)],
                    [
                        [`assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" ${BOTH_MISSING}: ${SOURCE_FIX}`],
                        [`assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" without requiring "aws:RequestTag/kubernetes-namespace": ${SOURCE_FIX}`],
                        [`assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" ${BOTH_MISSING}: ${SOURCE_FIX}`],
                    ],
                );
            });

            it("accepts StringLike patterns for several ServiceAccounts of a namespace", async () => {
                const like = podTrustWith((s) => (s["Condition"] = { StringLike: { "aws:RequestTag/kubernetes-namespace": "payments", "aws:RequestTag/kubernetes-service-account": "api-*" } }));
                assert.deepEqual(await run(podIdentityTrustSource, like), []);
            });

            it("passes source-scoped trusts through pod-identity-trust-shape (published by add-on projects), with the advisory only", async () => {
                const org = podTrustWith((s) => (s["Condition"] = { StringEquals: { "aws:SourceOrgId": "o-a1b2c3d4e5" } }));
                const account = podTrustWith((s) => (s["Condition"] = { StringEquals: { "aws:SourceAccount": ACCOUNT } }));
                for (const doc of [org, account]) {
                    assert.deepEqual(await run(podIdentityTrustShape, doc), []);
                    assert.deepEqual(await run(podIdentityTrustSource, doc), [`assumeRolePolicy Statement[0] trusts "pods.eks.amazonaws.com" ${BOTH_MISSING}: ${SOURCE_FIX}`]);
                }
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

    describe("pod-identity-association-role, against the trust's session-tag pins", () => {
        it("reports an association whose namespace, ServiceAccount or cluster the role's trust does not pin", async () => {
            const cases: [Record<string, unknown>, string][] = [
                [{ serviceAccount: "worker" }, '(aws:RequestTag/kubernetes-service-account = "api") than this association\'s "payments/worker" on cluster "dev"'],
                [{ namespace: "billing" }, '(aws:RequestTag/kubernetes-namespace = "payments") than this association\'s "billing/api" on cluster "dev"'],
                [{ clusterName: "prod" }, `(aws:RequestTag/eks-cluster-arn = "${CLUSTER_ARN}") than this association's "payments/api" on cluster "prod"`],
            ];
            for (const [extra, detail] of cases) {
                assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(), association(extra)]), [
                    {
                        urn: ASSOCIATION_URN,
                        message:
                            `roleArn "${ROLE_ARN}" names a role whose trust pins other session tags ${detail}: ` +
                            "EKS Pod Identity would be denied; associate the role its trust names, or pin the trust to this namespace and ServiceAccount.",
                    },
                ]);
            }
        });

        it("accepts AWS's bare trust, StringLike pins that match, and any of several statements", async () => {
            const like = podTrustWith((s) => (s["Condition"] = { StringLike: { "aws:RequestTag/kubernetes-service-account": "api-*" } }));
            const second = copy(podTrust());
            (second["Statement"] as Json[]).push(
                copy((podTrustWith((s) => (condition(s)["StringEquals"]!["aws:RequestTag/kubernetes-service-account"] = "worker"))["Statement"] as Json[])[0]!),
            );
            assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(JSON.stringify(AWS_BARE_TRUST)), association({ serviceAccount: "anything" })]), []);
            assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(JSON.stringify(like)), association({ serviceAccount: "api-v2" })]), []);
            assert.deepEqual(await runStackPolicy(podIdentityAssociationRole, [role(JSON.stringify(second)), association({ serviceAccount: "worker" })]), []);
        });
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
                    message: `roleArn "${ROLE_ARN}" names a role whose trust does not let "pods.eks.amazonaws.com" assume it: add a statement with Principal {"Service": "pods.eks.amazonaws.com"} and Action ["sts:AssumeRole","sts:TagSession"], pinned with StringEquals on aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account.`,
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
        const tagTrust = copy(AWS_BARE_TRUST);
        (tagTrust["Statement"] as { [key: string]: Json }[])[0]!["Condition"] = { StringEquals: { "aws:RequestTag/kubernetes-namespace": "payments" } };
        /** What the component writes with disableSessionTags: AWS's bare trust. */
        const untagged = (): Json => JSON.stringify(AWS_BARE_TRUST);
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
                role(untagged(), { inlinePolicies: [{ name: "inline", policy: JSON.stringify(tagPermissions) }] }),
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
            const withInline = role(untagged(), { inlinePolicies: [{ name: "inline", policy: JSON.stringify(requestTag) }] });
            assert.deepEqual(await runStackPolicy(podIdentitySessionTags, [withInline, association({ disableSessionTags: true })]), []);
        });

        it("ends with an advisory while the association's flag is unknown", async () => {
            await assert.rejects(runStackPolicy(podIdentitySessionTags, [role(JSON.stringify(tagTrust)), association({ disableSessionTags: UNKNOWN })]), UnknownValueError);
        });
    });
});
