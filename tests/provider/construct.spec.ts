import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FakeCloud, installFakeCloud, RecordedResource } from "../../synth/fakeCloud";
import { SIG_KEY } from "../../synth/stackExport";
import { componentProvider, exampleConfig, plan } from "../helpers/componentPackage";
import { WORKLOAD_BATCH } from "../../components/workloadBatches";

const ROOT = path.resolve(__dirname, "..", "..");
const TYPE = "eks-irsa:index:IrsaCluster";
/** The engine's signature of a secret value on the wire. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Runs the TypeScript stack program (index.ts) with the example config, as `pulumi up` would. */
async function stackProgramPlan(): Promise<unknown[]> {
    const cloud = await installFakeCloud({ stack: "example" });
    const config = Object.fromEntries(Object.entries(exampleConfig()).map(([key, value]) => [`eks-irsa:${key}`, JSON.stringify(value)]));
    pulumi.runtime.setAllConfig(config);
    for (const id of Object.keys(require.cache)) {
        if (id === path.join(ROOT, "index.ts")) delete require.cache[id];
    }
    await import(path.join(ROOT, "index.ts"));
    await cloud.settle();
    pulumi.runtime.setAllConfig({});
    return plan(cloud);
}

/** Constructs the component as the engine asks the plugin to, against a fresh fake cloud. */
async function construct(inputs: Record<string, unknown>, options: { preview?: boolean; name?: string } = {}) {
    const cloud = await installFakeCloud({ stack: "example", preview: options.preview ?? false });
    const result = await componentProvider().construct(options.name ?? "eks-irsa-example", TYPE, inputs as pulumi.Inputs, {});
    await cloud.settle();
    return { cloud, result };
}

/** An Output as `construct` receives one: a secret, or (during a preview) a value not known yet. */
function engineOutput(value: unknown, flags: { secret?: boolean; known?: boolean }): pulumi.Output<unknown> {
    const output: pulumi.Output<unknown> = flags.secret ? pulumi.secret<unknown>(value) : pulumi.output<unknown>(value);
    return flags.known === false ? output.apply(() => pulumi.unknown) : output;
}

/** Waits for an output's value, with whether it is secret and known. */
async function settled(output: unknown): Promise<{ value: unknown; secret: boolean; known: boolean }> {
    const o = output as { promise(withUnknowns?: boolean): Promise<unknown>; isSecret: Promise<boolean>; isKnown: Promise<boolean> };
    return { value: await o.promise(true), secret: await o.isSecret, known: await o.isKnown };
}

function role(cloud: FakeCloud, workload: string): RecordedResource {
    const found = cloud.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === `eks-irsa-example-${workload}-role`);
    assert.ok(found, `no role for ${workload}`);
    return found;
}

describe("construct (the component package's IrsaCluster)", () => {
    it("registers the same resources with the same inputs as the TypeScript stack program, for the example stack", async () => {
        const expected = await stackProgramPlan();
        const { cloud } = await construct(exampleConfig());
        assert.ok(expected.length > 20, `the example plan has ${expected.length} resources`);
        assert.deepEqual(plan(cloud), expected);
    });

    it("returns the outputs as plain-string maps by workload name, and the kubeconfig as a secret", async () => {
        const { result } = await construct(exampleConfig());
        const state = result.state as Record<string, unknown>;
        assert.deepEqual(Object.keys(state).sort(), [
            "clusterName",
            "deploymentNames",
            "kubeconfig",
            "namespaces",
            "oidcIssuer",
            "oidcProviderArn",
            "policyPackConfig",
            "roleArns",
            "roleNames",
            "serviceAccountNames",
        ]);
        assert.deepEqual((await settled(state.roleArns)).value, {
            "s3-reader": "arn:aws:iam::123456789012:role/eks-irsa-example-s3-reader",
            "dynamodb-reader": "arn:aws:iam::123456789012:role/eks-irsa-example-dynamodb-reader",
            s3fullaccess: "arn:aws:iam::123456789012:role/eks-irsa-example-s3fullaccess",
        });
        assert.deepEqual((await settled(state.namespaces)).value, { "s3-reader": "my-cluster-namespace", "dynamodb-reader": "data", s3fullaccess: "ns-utils" });
        assert.deepEqual((await settled(state.serviceAccountNames)).value, {
            "s3-reader": "my-serviceaccount",
            "dynamodb-reader": "table-reader",
            s3fullaccess: "s3fullaccess",
        });
        assert.deepEqual((await settled(state.deploymentNames)).value, { "s3-reader": "s3-reader", "dynamodb-reader": "dynamodb-reader", s3fullaccess: "s3fullaccess" });
        assert.equal((await settled(state.clusterName)).value, "irsa-example");
        assert.equal((await settled(state.kubeconfig)).secret, true);
        // No add-on of the example needs a pack config: an empty one, which `--policy-pack-config` accepts.
        assert.deepEqual(await settled(state.policyPackConfig), { value: "{}", secret: false, known: true });
    });

    it("outputs the pack config a Karpenter workload needs, as the TypeScript component's policyPackConfig", async () => {
        const config = exampleConfig();
        const nodeRoleArn = "arn:aws:iam::123456789012:role/KarpenterNodeRole-irsa-example";
        const karpenter = { name: "karpenter", namespace: "kube-system", serviceAccount: "karpenter", addon: { name: "karpenter", nodeRoleArn } };
        const { result } = await construct({ ...config, workloads: [...(config.workloads as unknown[]), karpenter] });
        const { value } = await settled((result.state as Record<string, unknown>).policyPackConfig);
        const reason = "Karpenter launches nodes with the node role (iam:PassedToService ec2.amazonaws.com): the controller acts with the node role's permissions by design.";
        const allowedEscalations = [{ action: "iam:PassRole", resource: nodeRoleArn, reason }];
        assert.deepEqual(JSON.parse(value as string), { "iam-no-privilege-escalation": { allowedEscalations }, "iam-role-escalation-paths": { allowedEscalations } });
    });

    it("constructs a config larger than a batch (components/workloadBatches.ts): every workload's role, each in the roleArns output", async () => {
        const config = exampleConfig();
        const base = (config.workloads as Record<string, unknown>[])[0]!;
        const workloads = Array.from({ length: WORKLOAD_BATCH + 5 }, (_, i) => ({ ...base, name: `svc-${i}`, serviceAccount: `svc-${i}` }));
        const { cloud, result } = await construct({ ...config, workloads });
        assert.equal(cloud.resources.filter((r) => r.type === "aws:iam/role:Role" && r.name.startsWith("eks-irsa-example-svc-")).length, workloads.length);
        const roleArns = (await settled((result.state as Record<string, unknown>).roleArns)).value as Record<string, string>;
        assert.deepEqual(Object.keys(roleArns).sort(), workloads.map((w) => w.name).sort());
        assert.equal(roleArns[`svc-${WORKLOAD_BATCH + 4}`], `arn:aws:iam::123456789012:role/eks-irsa-example-svc-${WORKLOAD_BATCH + 4}`);
    });

    it("has no Deployment for a workload without `deployment`", async () => {
        const config = exampleConfig();
        const workloads = config.workloads as Record<string, unknown>[];
        delete workloads[0]!.deployment;
        const { cloud, result } = await construct(config);
        assert.equal(cloud.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment").length, 2);
        assert.deepEqual((await settled((result.state as Record<string, unknown>).deploymentNames)).value, {
            "dynamodb-reader": "dynamodb-reader",
            s3fullaccess: "s3fullaccess",
        });
    });

    it("checks a secret tag value, keeps it secret in the role's tags, and hides it in messages", async () => {
        const config = exampleConfig();
        const { cloud } = await construct({ ...config, tags: { project: "eks-irsa", "cost-center": engineOutput("cc-4711", { secret: true }) } });
        const tags = role(cloud, "s3-reader").inputs.tags as Record<string, unknown>;
        assert.deepEqual(tags, { [SIG_KEY]: SECRET_SIG, value: { project: "eks-irsa", "cost-center": "cc-4711" } });
        // Not secret where it does not go: the Deployment has no tag.
        const deployment = cloud.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment");
        assert.equal(JSON.stringify(deployment?.inputs).includes(SECRET_SIG), false);

        const long = "x".repeat(300);
        await assert.rejects(construct({ ...config, tags: { owner: engineOutput(long, { secret: true }) } }), {
            name: "IrsaConfigError",
            message:
                "Invalid eks-irsa configuration (1 problem):\n" +
                "  - tags.owner (value hidden) is longer than 256 characters: shorten the value.",
        });
    });

    it("keeps a secret environment value secret in the Deployment", async () => {
        const config = exampleConfig();
        const workloads = config.workloads as Record<string, unknown>[];
        const deployment = workloads[0]!.deployment as Record<string, unknown>;
        workloads[0] = { ...workloads[0], deployment: { ...deployment, env: { BUCKET: "my-s3-bucket", API_TOKEN: engineOutput("t0ken-value", { secret: true }) } } };
        const { cloud } = await construct(config);
        const deployments = cloud.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
        assert.deepEqual(
            deployments.map((r) => [r.name, (r.inputs.spec as Record<string, unknown>)[SIG_KEY] === SECRET_SIG]).sort(),
            [
                ["eks-irsa-example-dynamodb-reader-deploy", false],
                ["eks-irsa-example-s3-reader-deploy", true],
                ["eks-irsa-example-s3fullaccess-deploy", false],
            ],
        );
    });

    it("sees through a whole secret input (`tags` as one secret map) and a nested secret (a workload's role tags)", async () => {
        const config = exampleConfig();
        const workloads = config.workloads as Record<string, unknown>[];
        workloads[1] = { ...workloads[1], role: { tags: { team: engineOutput("data", { secret: true }) } } };
        const { cloud } = await construct({ ...config, tags: engineOutput({ project: "eks-irsa" }, { secret: true }) });
        assert.deepEqual(role(cloud, "dynamodb-reader").inputs.tags, { [SIG_KEY]: SECRET_SIG, value: { project: "eks-irsa", team: "data" } });
        assert.deepEqual(role(cloud, "s3-reader").inputs.tags, { [SIG_KEY]: SECRET_SIG, value: { project: "eks-irsa" } });
    });

    it("during a preview, builds all but the workloads that hold an unknown value, and leaves the output maps unknown", async () => {
        const config = exampleConfig();
        const workloads = config.workloads as Record<string, unknown>[];
        workloads[0] = { ...workloads[0], statements: [{ actions: ["s3:GetObject"], resources: [engineOutput("", { known: false })] }] };
        const { cloud, result } = await construct(config, { preview: true });
        const workloadComponents = cloud.resources.filter((r) => r.type === "eks-irsa:index:IrsaWorkload").map((r) => r.name);
        assert.deepEqual(workloadComponents, ["eks-irsa-example-dynamodb-reader", "eks-irsa-example-s3fullaccess"]);
        assert.ok(cloud.resources.some((r) => r.type === "eks:index:Cluster"));
        assert.equal(cloud.resources.filter((r) => r.name.startsWith("eks-irsa-example-s3-reader")).length, 0);
        const state = result.state as Record<string, unknown>;
        assert.equal((await settled(state.roleArns)).known, false);
        // The workload left out could have an add-on that needs a pack config.
        assert.equal((await settled(state.policyPackConfig)).known, false);
        assert.equal((await settled(state.clusterName)).known, true);
    });

    it("during a preview, registers no children while a value outside the workloads is unknown, and still checks what is known", async () => {
        const config = exampleConfig();
        const { cloud, result } = await construct({ ...config, tags: engineOutput({}, { known: false }) }, { preview: true });
        assert.deepEqual(
            cloud.resources.map((r) => r.type),
            [TYPE],
        );
        assert.equal((await settled((result.state as Record<string, unknown>).clusterName)).known, false);

        const workloads = config.workloads as Record<string, unknown>[];
        workloads[1] = { ...workloads[1], namespace: "Data" };
        await assert.rejects(construct({ ...config, tags: engineOutput({}, { known: false }) }, { preview: true }), {
            name: "IrsaConfigError",
            message:
                "Invalid eks-irsa configuration (1 problem):\n" +
                '  - workloads[1].namespace "Data" is not a valid Kubernetes namespace: use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters).',
        });
    });

    it("refuses invalid args with one IrsaConfigError naming each field as the program wrote it, and registers nothing", async () => {
        const config = exampleConfig();
        const workloads = config.workloads as Record<string, unknown>[];
        workloads[0] = { ...workloads[0], namespace: "Payments", serviceAccountMode: "owned" };
        workloads[1] = { ...workloads[1], grants: [{ service: "s3", access: "publish", bucket: "scores" }] };
        const cloud = await installFakeCloud({ stack: "example" });
        await assert.rejects(componentProvider().construct("eks-irsa-example", TYPE, { ...config, cluster: { mode: "adopt", name: "sandbox", version: "1.31" } }, {}), {
            name: "IrsaConfigError",
            message:
                "Invalid eks-irsa configuration (4 problems):\n" +
                '  - cluster.version "1.31" is not used with an adopted cluster: remove it (an adopted cluster is used as it is).\n' +
                '  - workloads[0].namespace "Payments" is not a valid Kubernetes namespace: use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters).\n' +
                '  - workloads[0].serviceAccountMode "owned" is not a ServiceAccount mode: use "create", "adopt" (annotate an existing ServiceAccount) or "role-only" (the ServiceAccount is managed elsewhere).\n' +
                '  - workloads[1].grants[0].access "publish" is not an access level of s3 grants: use "read", "write", "read-write" or "list".',
        });
        await cloud.settle();
        assert.deepEqual(cloud.resources, []);
    });
});
