import * as assert from "node:assert/strict";
import type { WorkloadSpec } from "../../components";
import { FakeCloud, installFakeCloud, RecordedResource } from "../../synth/fakeCloud";

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
const PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123";

const roleOnly: WorkloadSpec = {
    name: "reports",
    namespace: "finance",
    serviceAccount: "reports",
    serviceAccountMode: "role-only",
    deployment: false,
    managedPolicyArns: ["arn:aws:iam::123456789012:policy/reports-read"],
    role: {
        path: "/irsa/",
        permissionsBoundary: "arn:aws:iam::123456789012:policy/boundaries/workloads",
        maxSessionDuration: 7200,
        description: "Monthly reports",
        tags: { team: "finance" },
    },
};

function find(cloud: FakeCloud, type: string, name: string): RecordedResource {
    const found = cloud.resources.find((r) => r.type === type && r.name === name);
    assert.ok(found, `no ${type} ${name}`);
    return found;
}

describe("IrsaWorkload", () => {
    it("builds a role-only workload on its own, without a Kubernetes provider", async () => {
        const cloud = await installFakeCloud();
        const { IrsaWorkload } = await import("../../components");
        const workload = new IrsaWorkload("reports", {
            workload: roleOnly,
            oidcProviderArn: PROVIDER_ARN,
            issuerUrl: ISSUER,
            tags: { team: "platform", owner: "ops" },
        });
        await cloud.settle();
        assert.deepEqual(
            cloud.resources.map((r) => `${r.type} ${r.name}`),
            [
                "eks-irsa:index:IrsaWorkload reports",
                "aws:iam/role:Role reports-role",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment reports-attach-reports-read-" +
                    (await import("../../components/naming")).shortHash("arn:aws:iam::123456789012:policy/reports-read"),
            ],
        );
        const role = find(cloud, "aws:iam/role:Role", "reports-role");
        const { assumeRolePolicy, ...options } = role.inputs;
        assert.deepEqual(options, {
            name: "reports",
            path: "/irsa/",
            permissionsBoundary: "arn:aws:iam::123456789012:policy/boundaries/workloads",
            maxSessionDuration: 7200,
            description: "Monthly reports",
            tags: { team: "finance", owner: "ops" },
        });
        assert.equal(
            assumeRolePolicy,
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: PROVIDER_ARN },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                "oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub": "system:serviceaccount:finance:reports",
                                "oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud": "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            }),
        );
        assert.equal(workload.deploymentName, undefined);
        assert.deepEqual(find(cloud, "eks-irsa:index:IrsaWorkload", "reports").outputs, {
            roleArn: "arn:aws:iam::123456789012:role/irsa/reports",
            roleName: "reports",
            serviceAccountName: "reports",
            workloadName: "reports",
            namespace: "finance",
        });
    });

    it("refuses an invalid workload with every problem under the path workload, before registering anything", async () => {
        const cloud = await installFakeCloud();
        const { IrsaWorkload } = await import("../../components");
        assert.throws(
            () =>
                new IrsaWorkload("bad", {
                    workload: { ...roleOnly, namespace: "Finance", managedPolicyArns: ["ReadOnlyAccess"] },
                    oidcProviderArn: PROVIDER_ARN,
                    issuerUrl: ISSUER,
                }),
            {
                name: "IrsaConfigError",
                message:
                    "Invalid eks-irsa configuration (2 problems):\n" +
                    '  - workload.namespace "Finance" is not a valid Kubernetes namespace: use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters).\n' +
                    '  - workload.managedPolicyArns[0] "ReadOnlyAccess" is not a managed policy ARN: write "arn:aws:iam::aws:policy/<name>" or "arn:aws:iam::<account>:policy/<path><name>".',
            },
        );
        await cloud.settle();
        assert.deepEqual(cloud.resources, []);
    });

    it("checks a workload again unless it is the component's own copy of a config IrsaCluster checked", async () => {
        const { validateIrsaClusterArgs, isCheckedWorkload } = await import("../../components/validation");
        const workload = { ...roleOnly };
        const checked = validateIrsaClusterArgs({ cluster: { mode: "adopt", name: "prod" }, workloads: [workload] });
        assert.equal(isCheckedWorkload(checked.workloads[0]), true);
        // The caller's own object (which it may still change), and an equal copy, are not.
        assert.equal(isCheckedWorkload(workload), false);
        assert.equal(isCheckedWorkload({ ...checked.workloads[0]! }), false);
        assert.equal(isCheckedWorkload(undefined), false);
    });

    it("refuses Kubernetes objects without a Kubernetes provider", async () => {
        const cloud = await installFakeCloud();
        const { IrsaWorkload } = await import("../../components");
        assert.throws(
            () =>
                new IrsaWorkload("api", {
                    workload: { name: "api", namespace: "web", serviceAccount: "api", deployment: { image: "api:1" } },
                    oidcProviderArn: PROVIDER_ARN,
                    issuerUrl: ISSUER,
                }),
            {
                name: "IrsaConfigError",
                message:
                    "Invalid eks-irsa configuration (1 problem):\n" +
                    '  - workload.serviceAccountMode "create" needs Kubernetes objects: pass kubernetesProvider, or use "role-only" with deployment: false.',
            },
        );
        await cloud.settle();
        assert.deepEqual(cloud.resources, []);
    });
});
