/**
 * Runs the consumer program (index.ts, the TypeScript example) under the Pulumi SDK's mocks, as a user's unit test
 * would, with the package installed from its tarball; exits non-zero with the reason when what it registers is not
 * what the example asks for. Compiled by check-package.sh with the consumer's own tsconfig (strict, no skipLibCheck).
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { IrsaClusterArgs, WorkloadSpec } from "eks-irsa";

const ACCOUNT = "123456789012";
const REGION = "us-west-2";
const ISSUER = `https://oidc.eks.${REGION}.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF`;

/** Every resource registered: type, name, inputs. */
const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];

function eksCluster(name: string): Record<string, unknown> {
    return {
        name,
        arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${name}`,
        endpoint: `https://${name}.eks.${REGION}.amazonaws.com`,
        version: "1.31",
        certificateAuthority: { data: "Q0E=" },
        identities: [{ oidcs: [{ issuer: ISSUER }] }],
    };
}

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
            const inputs = args.inputs as Record<string, unknown>;
            registered.push({ type: args.type, name: args.name, inputs });
            const named = typeof inputs["name"] === "string" ? inputs["name"] : args.name;
            switch (args.type) {
                case "eks:index:Cluster":
                    return { id: "", state: { eksCluster: eksCluster(String(inputs["name"] ?? args.name)), kubeconfigJson: "{}", oidcProviderArn: "" } };
                case "aws:iam/role:Role":
                    return { id: named, state: { ...inputs, name: named, arn: `arn:aws:iam::${ACCOUNT}:role/${named}` } };
                case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
                    return { id: named, state: { ...inputs, arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER.replace("https://", "")}` } };
                default:
                    return { id: `${args.name}-id`, state: { ...inputs, arn: `arn:aws:mock:${REGION}:${ACCOUNT}:${args.name}` } };
            }
        },
        call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDA", id: ACCOUNT };
                case "aws:index/getRegion:getRegion":
                    return { name: REGION, region: REGION, id: REGION };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
                default:
                    return args.inputs as Record<string, unknown>;
            }
        },
    },
    "eks-irsa-typescript-example",
    "dev",
    false,
);

function resolve<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((done) => output.apply((value) => done(value)));
}

/** Waits until the program registers nothing more for a while (the mocks answer each registration at once). */
async function settled(): Promise<void> {
    for (let seen = -1; seen !== registered.length; ) {
        seen = registered.length;
        await new Promise((done) => setTimeout(done, 500));
    }
}

async function main(): Promise<void> {
    const program = (await import("./index")) as { roleArns: Record<string, pulumi.Output<string>>; clusterName: pulumi.Output<string> };
    await settled();
    assert.deepEqual(Object.keys(program.roleArns).sort(), ["s3-reader", "table-reader"]);
    assert.equal(await resolve(program.roleArns["s3-reader"]!), `arn:aws:iam::${ACCOUNT}:role/platform-s3-reader`);
    assert.equal(await resolve(program.clusterName), "irsa-example");
    const role = registered.find((r) => r.type === "aws:iam/role:Role" && r.name === "platform-s3-reader-role");
    assert.ok(role, `no role platform-s3-reader-role among ${registered.map((r) => r.name).join(", ")}`);
    const trust = JSON.parse(String(role.inputs["assumeRolePolicy"])) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
    const host = ISSUER.replace("https://", "");
    assert.deepEqual(trust.Statement[0]!.Condition.StringEquals, {
        [`${host}:sub`]: "system:serviceaccount:my-cluster-namespace:my-serviceaccount",
        [`${host}:aud`]: "sts.amazonaws.com",
    });
    const types = [...new Set(registered.map((r) => r.type))].sort();
    for (const t of ["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "kubernetes:core/v1:ServiceAccount", "kubernetes:apps/v1:Deployment"]) {
        assert.ok(types.includes(t), `${t} not registered (registered: ${types.join(", ")})`);
    }
    // The library's other entry points, as a CI step of a user's would call them.
    const { IrsaConfigError, naming, validateIrsaClusterArgs } = await import("eks-irsa");
    const workload: WorkloadSpec = { name: "bad", namespace: "Payments", serviceAccount: "api", deployment: false };
    const args: IrsaClusterArgs = { cluster: { mode: "adopt", name: "sandbox" }, workloads: [workload] };
    assert.throws(() => validateIrsaClusterArgs(args), (e: unknown) => e instanceof IrsaConfigError && e.problems.length === 1 && e.problems[0]!.startsWith('workloads[0].namespace "Payments" '));
    assert.equal(naming.serviceAccountSubject("data", "table-reader"), "system:serviceaccount:data:table-reader");
    assert.equal(naming.roleName("platform", "s3-reader"), "platform-s3-reader");
    process.stdout.write(`consumer program under mocks: ${registered.length} resources registered, the s3-reader role trusts only my-cluster-namespace/my-serviceaccount\n`);
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
