/**
 * A workload's plan as plain data: no mocks, no Pulumi runtime. Given plain surroundings, every document and
 * manifest is a value the test can compare.
 */
import * as assert from "node:assert/strict";
import type { WorkloadSpec } from "../../components/config";
import { planWorkload, WorkloadSurroundings, workloadObjects } from "../../components/workloadPlan";

const ACCOUNT = "123456789012";
const ISSUER_HOST = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}`;
const CLUSTER_ARN = `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/demo`;

function around(overrides: Partial<WorkloadSurroundings> = {}): WorkloadSurroundings {
    return { oidcProviderArn: PROVIDER_ARN, issuerUrl: `https://${ISSUER_HOST}`, namespace: "data", ...overrides };
}

const S3_READER: WorkloadSpec = {
    name: "s3-reader",
    namespace: "data",
    serviceAccount: "s3-reader",
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] }],
    managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/reader`],
    labels: { team: "data" },
    deployment: { image: "busybox:1.36", replicas: 2 },
    verify: true,
};

/** The IRSA trust of `namespace/serviceAccount`: the cluster's provider, `StringEquals` on `:sub` and `:aud`. */
function irsaTrust(namespace: string, serviceAccount: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${ISSUER_HOST}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

describe("a workload's plan (components/workloadPlan.ts)", () => {
    it("names every resource from the component's name", () => {
        const plan = planWorkload("demo-s3-reader", S3_READER, around());
        assert.deepEqual(plan.names, {
            component: "demo-s3-reader",
            role: "demo-s3-reader-role",
            rolePolicy: "demo-s3-reader-policy",
            serviceAccount: "demo-s3-reader-sa",
            existingServiceAccount: "demo-s3-reader-sa-must-exist",
            deployment: "demo-s3-reader-deploy",
            verifyJob: "demo-s3-reader-verify",
        });
    });

    it("plans an IRSA role: trust for exactly the ServiceAccount, the inline policy, the attachments, the stack's tags", () => {
        const plan = planWorkload("demo-s3-reader", S3_READER, around({ tags: { env: "test" } }));
        const trust = irsaTrust("data", "s3-reader");
        const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::reports/*"] }] };
        assert.equal(plan.identity, "irsa");
        assert.equal(plan.sharedRole, undefined);
        assert.deepEqual(plan.role, {
            args: {
                name: "demo-s3-reader",
                assumeRolePolicy: JSON.stringify(trust),
                description: "IRSA role for data/s3-reader",
                tags: { env: "test" },
            },
            trust,
            inlinePolicy: { name: "s3-reader-permissions", document: policy, policy: JSON.stringify(policy) },
            attachments: [{ logicalName: "demo-s3-reader-attach-reader-31230cd7", policyArn: `arn:aws:iam::${ACCOUNT}:policy/reader` }],
        });
        assert.deepEqual(plan.verify, {
            options: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0", timeoutSeconds: 300 },
            resourceOptions: { deleteBeforeReplace: true, customTimeouts: { create: "360s", update: "360s" } },
        });
    });

    it("builds the annotated ServiceAccount and the Deployment that runs under it", () => {
        const plan = planWorkload("demo-s3-reader", S3_READER, around());
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/demo-s3-reader`;
        const objects = workloadObjects(plan, { roleArn });
        assert.deepEqual(objects.serviceAccount, {
            name: "s3-reader",
            namespace: "data",
            labels: { team: "data" },
            annotations: { "eks.amazonaws.com/role-arn": roleArn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
        });
        const labels = { team: "data", "app.kubernetes.io/name": "s3-reader" };
        assert.deepEqual(objects.deployment, {
            metadata: { name: "s3-reader", namespace: "data", labels },
            spec: {
                replicas: 2,
                selector: { matchLabels: { "app.kubernetes.io/name": "s3-reader" } },
                template: {
                    metadata: { labels },
                    spec: {
                        serviceAccountName: "s3-reader",
                        securityContext: { fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
                        containers: [
                            {
                                name: "s3-reader",
                                image: "busybox:1.36",
                                env: [{ name: "HOME", value: "/tmp" }],
                                securityContext: { allowPrivilegeEscalation: false },
                            },
                        ],
                    },
                },
            },
        });
        assert.equal(objects.association, undefined);
        const job = objects.verifyJob as { metadata: unknown; spec: { template: { spec: { serviceAccountName: unknown; containers: { env: unknown[] }[] } } } };
        assert.equal(job.spec.template.spec.serviceAccountName, "s3-reader");
        assert.deepEqual(job.spec.template.spec.containers[0]!.env.slice(0, 2), [
            { name: "EXPECTED_ROLE_NAME", value: "demo-s3-reader" },
            { name: "EXPECTED_CALLER_ARN_PREFIX", value: `arn:aws:sts::${ACCOUNT}:assumed-role/demo-s3-reader/` },
        ]);
    });

    it("plans EKS Pod Identity: the service principal's trust, the association, no role annotation", () => {
        const workload: WorkloadSpec = { name: "api", namespace: "apps", serviceAccount: "api", deployment: false };
        const plan = planWorkload("demo-api", workload, around({ defaultIdentity: "pod-identity", namespace: "apps", podIdentity: { clusterName: "demo", clusterArn: CLUSTER_ARN } }));
        const trust = plan.role?.trust as { Statement: { Principal: unknown; Action: unknown }[] };
        assert.deepEqual(
            trust.Statement.map((s) => [s.Principal, s.Action]),
            [[{ Service: "pods.eks.amazonaws.com" }, ["sts:AssumeRole", "sts:TagSession"]]],
        );
        assert.equal(plan.role?.args.description, "EKS Pod Identity role for apps/api");
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/demo-api`;
        assert.deepEqual(workloadObjects(plan, { roleArn }), {
            serviceAccount: { name: "api", namespace: "apps" },
            deployment: undefined,
            association: { clusterName: "demo", namespace: "apps", serviceAccount: "api", roleArn },
            verifyJob: undefined,
        });
    });

    it("plans no role with a shared role, and annotates the ServiceAccount with it", () => {
        const sharedRoleArn = `arn:aws:iam::${ACCOUNT}:role/platform/shared-reader`;
        const plan = planWorkload("demo-green", { name: "green", namespace: "data", serviceAccount: "reader", deployment: false, sharedRoleArn }, around());
        assert.equal(plan.role, undefined);
        assert.deepEqual(plan.sharedRole, { arn: sharedRoleArn, name: "shared-reader" });
        assert.deepEqual(workloadObjects(plan, { roleArn: plan.sharedRole.arn }).serviceAccount?.annotations, {
            "eks.amazonaws.com/role-arn": sharedRoleArn,
            "eks.amazonaws.com/sts-regional-endpoints": "true",
        });
    });

    it("reads an adopted ServiceAccount first only when asked to", () => {
        const adopted: WorkloadSpec = { name: "dns", namespace: "kube-system", serviceAccount: "external-dns", serviceAccountMode: "adopt", deployment: false };
        assert.equal(planWorkload("demo-dns", adopted, around({ namespace: "kube-system" })).serviceAccount.mustExist, undefined);
        assert.equal(
            planWorkload("demo-dns", adopted, around({ namespace: "kube-system", requireExistingServiceAccount: true })).serviceAccount.mustExist,
            "kube-system/external-dns",
        );
    });
});
