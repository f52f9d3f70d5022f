import * as assert from "node:assert/strict";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { FakeCloud, RecordedResource } from "../../synth/fakeCloud";
import { buildCluster as build, comparable, findResource as find } from "../helpers/fakeCloudBuild";

const EAST_ID = "5C1E9D3B7A2F4E6081C3D5E7F9A1B3C5";
const EAST_HOST = `oidc.eks.us-east-1.amazonaws.com/id/${EAST_ID}`;
const EAST_ARN = `arn:aws:iam::123456789012:oidc-provider/${EAST_HOST}`;
const DATA = "444455556666";

const orders: WorkloadSpec = {
    name: "orders",
    namespace: "orders",
    serviceAccount: "orders-api",
    trustedClusters: ["green", "us-east"],
    statements: [{ actions: ["sqs:ReceiveMessage"], resources: ["arn:aws:sqs:us-west-2:123456789012:orders"] }],
    deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
};

const reports: WorkloadSpec = {
    name: "reports",
    namespace: "analytics",
    serviceAccount: "reports",
    account: "data",
    trustedClusters: ["green"],
    grants: [{ service: "dynamodb", table: "reports", access: "read" }],
    deployment: false,
};

function config(workloads: WorkloadSpec[]): IrsaClusterArgs {
    return {
        cluster: { mode: "create", name: "apps-blue" },
        trustedClusters: [
            { name: "green", clusterName: "apps-green" },
            { name: "us-east", issuerUrl: `https://${EAST_HOST}`, providerArn: EAST_ARN },
        ],
        accounts: [{ name: "data", accountId: DATA, assumeRoleArn: `arn:aws:iam::${DATA}:role/deploy-irsa` }],
        workloads,
    };
}

function trustOf(role: RecordedResource): { Statement: { Principal: { Federated: string }; Condition: { StringEquals: Record<string, string> } }[] } {
    return JSON.parse(role.inputs.assumeRolePolicy as string) as never;
}

/** One IRSA statement as the component writes it. */
function statement(providerArn: string, host: string, subject: string): object {
    return {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${host}:sub`]: subject, [`${host}:aud`]: "sts.amazonaws.com" } },
    };
}

const host = (url: string): string => url.replace(/^https:\/\//, "");

describe("IrsaCluster with several clusters and accounts", () => {
    let cloud: FakeCloud;
    before(async () => {
        cloud = await build(config([orders, reports]));
    });

    it("gives a workload's role one trust statement per cluster, the built cluster first", () => {
        const blue = host(cloud.issuerFor("apps-blue"));
        const green = host(cloud.issuerFor("apps-green"));
        const subject = "system:serviceaccount:orders:orders-api";
        assert.deepEqual(trustOf(find(cloud, "aws:iam/role:Role", "platform-orders-role")), {
            Version: "2012-10-17",
            Statement: [
                statement(`arn:aws:iam::123456789012:oidc-provider/${blue}`, blue, subject),
                statement(`arn:aws:iam::123456789012:oidc-provider/${green}`, green, subject),
                statement(EAST_ARN, EAST_HOST, subject),
            ],
        });
    });

    it("creates a cross-account role, the provider for the cluster's issuer and the grants in the other account", () => {
        const blue = host(cloud.issuerFor("apps-blue"));
        const green = host(cloud.issuerFor("apps-green"));
        const accountProvider = find(cloud, "pulumi:providers:aws", "platform-account-data");
        const providerRef = (r: RecordedResource): string => (r.provider ?? "").slice(0, (r.provider ?? "").lastIndexOf("::"));
        const oidc = find(cloud, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "platform-oidc-data");
        assert.deepEqual([oidc.inputs.url, oidc.outputs.arn, providerRef(oidc)], [`https://${blue}`, `arn:aws:iam::${DATA}:oidc-provider/${blue}`, accountProvider.urn]);
        const role = find(cloud, "aws:iam/role:Role", "platform-reports-role");
        assert.deepEqual([role.outputs.arn, providerRef(role)], [`arn:aws:iam::${DATA}:role/platform-reports`, accountProvider.urn]);
        const subject = "system:serviceaccount:analytics:reports";
        assert.deepEqual(trustOf(role).Statement, [
            statement(`arn:aws:iam::${DATA}:oidc-provider/${blue}`, blue, subject),
            statement(`arn:aws:iam::${DATA}:oidc-provider/${green}`, green, subject),
        ]);
        const policy = find(cloud, "aws:iam/rolePolicy:RolePolicy", "platform-reports-policy");
        assert.equal(providerRef(policy), accountProvider.urn);
        assert.match(String(policy.inputs.policy), new RegExp(`arn:aws:dynamodb:us-west-2:${DATA}:table/reports`));
    });

    it("creates the account's provider to assume its assumeRoleArn", () => {
        const provider = find(cloud, "pulumi:providers:aws", "platform-account-data");
        assert.deepEqual(JSON.parse(provider.inputs.assumeRoles as string), [{ roleArn: `arn:aws:iam::${DATA}:role/deploy-irsa`, sessionName: "platform-irsa" }]);
        assert.equal(provider.inputs.region, "us-west-2");
    });

    it("adds a cluster to a role's trust and changes nothing else", async () => {
        const without = await build(config([{ ...orders, trustedClusters: ["green"] }, reports]));
        const withMore = cloud;
        const urns = (c: FakeCloud): string[] => c.resources.map((r) => r.urn).sort();
        assert.deepEqual(urns(without), urns(withMore));
        const changed = withMore.resources.filter((r) => {
            const other = without.resources.find((o) => o.urn === r.urn)!;
            return JSON.stringify(comparable(other.inputs)) !== JSON.stringify(comparable(r.inputs));
        });
        assert.deepEqual(
            changed.map((r) => r.name),
            ["platform-orders-role"],
        );
        const before = find(without, "aws:iam/role:Role", "platform-orders-role");
        const after = find(withMore, "aws:iam/role:Role", "platform-orders-role");
        assert.deepEqual({ ...after.inputs, assumeRolePolicy: undefined }, { ...before.inputs, assumeRolePolicy: undefined });
        assert.equal(trustOf(after).Statement.length, trustOf(before).Statement.length + 1);
    });
});

describe("IrsaCluster workload with a shared role", () => {
    const sharedArn = "arn:aws:iam::123456789012:role/platform-orders";
    let cloud: FakeCloud;
    before(async () => {
        cloud = await build(
            { cluster: { mode: "adopt", name: "apps-green" }, oidcProvider: { mode: "lookup" }, workloads: [{ name: "orders", namespace: "orders", serviceAccount: "orders-api", sharedRoleArn: sharedArn, deployment: false }] },
            "green",
        );
    });

    it("creates no role and annotates the ServiceAccount with the shared role's ARN", () => {
        assert.deepEqual(cloud.resources.filter((r) => r.type.startsWith("aws:iam/")).map((r) => r.name), []);
        const sa = find(cloud, "kubernetes:core/v1:ServiceAccount", "green-orders-sa");
        assert.equal((sa.inputs.metadata as { annotations: Record<string, string> }).annotations["eks.amazonaws.com/role-arn"], sharedArn);
    });

    it("outputs the shared role's ARN and name", () => {
        const component = find(cloud, "eks-irsa:index:IrsaWorkload", "green-orders");
        assert.deepEqual([component.outputs.roleArn, component.outputs.roleName], [sharedArn, "platform-orders"]);
    });
});

describe("IrsaCluster option accountProviders", () => {
    it("creates the account's roles through the caller's provider and creates no provider of its own", async () => {
        const cloud = await build(
            {
                cluster: { mode: "create", name: "apps-blue" },
                accounts: [{ name: "data", accountId: DATA }],
                workloads: [{ ...reports, trustedClusters: [], grants: [] }],
            },
            "platform",
            undefined,
            undefined,
            async () => {
                const aws = await import("@pulumi/aws");
                return { accountProviders: { data: new aws.Provider("data-account", { region: "us-west-2", assumeRoles: [{ roleArn: `arn:aws:iam::${DATA}:role/admin` }] }) } };
            },
        );
        const providers = cloud.resources.filter((r) => r.type === "pulumi:providers:aws").map((r) => r.name);
        assert.deepEqual(providers.filter((n) => n !== "default_7_48_0"), ["data-account"]);
        const role = find(cloud, "aws:iam/role:Role", "platform-reports-role");
        assert.equal(role.outputs.arn, `arn:aws:iam::${DATA}:role/platform-reports`);
    });
});
