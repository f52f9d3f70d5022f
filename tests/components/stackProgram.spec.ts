import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { load } from "js-yaml";
import { installFakeCloud, FakeCloud } from "../../synth/fakeCloud";
import { tempDir } from "../helpers/tempDir";
import { withFreshProgram } from "../helpers/freshProgram";

const ROOT = path.resolve(__dirname, "../..");

/** The stack config of `Pulumi.<stack>.yaml` as the Pulumi runtime holds it (structured values as JSON text). */
function stackConfig(config: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** Runs the stack program (`index.ts`) with `config` against a fresh fake cloud for the stack `example`. */
async function runProgram(config: Record<string, unknown>): Promise<{ cloud: FakeCloud; exports: Record<string, unknown> }> {
    const cloud = await installFakeCloud({ stack: "example" });
    pulumi.runtime.setAllConfig(stackConfig(config));
    // The program and the library loaded afresh, so that the import runs the program again.
    return withFreshProgram(async () => {
        const exports = (await import(path.join(ROOT, "index.ts"))) as Record<string, unknown>;
        await cloud.settle();
        return { cloud, exports };
    });
}

function exampleConfig(): Record<string, unknown> {
    return (load(fs.readFileSync(path.join(ROOT, "Pulumi.example.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
}

function inlinePolicy(cloud: FakeCloud, workload: string): unknown {
    const policy = cloud.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === `eks-irsa-example-${workload}-policy`);
    assert.ok(policy, `no inline policy for ${workload}`);
    return JSON.parse(policy.inputs.policy as string);
}

describe("the stack program (index.ts)", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("builds one IrsaCluster named after the project and stack, with the example's three workloads", async () => {
        const { cloud } = await runProgram(exampleConfig());
        assert.deepEqual(
            cloud.resources.filter((r) => r.type.startsWith("eks-irsa:")).map((r) => `${r.type} ${r.name}`),
            [
                "eks-irsa:index:IrsaCluster eks-irsa-example",
                "eks-irsa:index:IrsaWorkload eks-irsa-example-s3-reader",
                "eks-irsa:index:IrsaWorkload eks-irsa-example-dynamodb-reader",
                "eks-irsa:index:IrsaWorkload eks-irsa-example-s3fullaccess",
            ],
        );
    });

    it("grants each example workload only what its seed needs", async () => {
        const { cloud } = await runProgram(exampleConfig());
        assert.deepEqual(inlinePolicy(cloud, "s3-reader"), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::my-s3-bucket/*"] }],
        });
        assert.deepEqual(inlinePolicy(cloud, "dynamodb-reader"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"],
                    Resource: ["arn:aws:dynamodb:us-west-2:123456789012:table/scores"],
                },
            ],
        });
        assert.deepEqual(inlinePolicy(cloud, "s3fullaccess"), {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::track-health-utils/*"] },
                { Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::track-health-utils"] },
            ],
        });
        assert.deepEqual(
            cloud.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && !r.name.includes("node-role")),
            [],
        );
    });

    it("runs every example Deployment so that it stays ready: a writable HOME for its user, a process that outlives the AWS CLI's answer", async () => {
        const { cloud } = await runProgram(exampleConfig());
        const deployments = cloud.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
        assert.equal(deployments.length, 3);
        for (const d of deployments) {
            type Pod = { securityContext: { runAsUser?: number }; containers: { command?: string[]; env?: { name: string; value: string }[] }[] };
            const pod = (d.inputs.spec as { template: { spec: Pod } }).template.spec;
            const container = pod.containers[0]!;
            // uid 65534 has no writable home in the AWS CLI image; the CLI writes its cache under HOME.
            assert.equal(pod.securityContext.runAsUser, 65534, d.name);
            assert.deepEqual(container.env?.find((e) => e.name === "HOME"), { name: "HOME", value: "/tmp" }, d.name);
            // The container's command, with an `aws` that fails and a `sleep` that reports it was reached: the
            // container keeps running (exec sleep) when the CLI fails, so the pod stays ready.
            const [shell, flag, script] = container.command!;
            const bin = tempDir("example-bin-");
            fs.writeFileSync(path.join(bin, "aws"), "#!/bin/sh\necho 'Unable to locate credentials' >&2\nexit 253\n", { mode: 0o755 });
            fs.writeFileSync(path.join(bin, "sleep"), '#!/bin/sh\necho "idle $1"\n', { mode: 0o755 });
            const r = spawnSync(shell!, [flag!, script!], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: "utf8" });
            assert.equal(r.stdout, "idle infinity\n", `${d.name}: ${script!}`);
        }
    });

    it("exports the cluster's outputs", async () => {
        const { exports } = await runProgram(exampleConfig());
        assert.deepEqual(Object.keys(exports).sort(), ["clusterName", "kubeconfig", "oidcIssuer", "oidcProviderArn", "workloads"]);
        assert.deepEqual(Object.keys(exports.workloads as object), ["s3-reader", "dynamodb-reader", "s3fullaccess"]);
    });

    it("fails with every validation problem of the stack config and registers nothing", async () => {
        const config = exampleConfig();
        const workloads = config["eks-irsa:workloads"] as Record<string, unknown>[];
        (workloads[0] as Record<string, unknown>).namespace = "My_Namespace";
        delete config["eks-irsa:cluster"];
        const cloud = await installFakeCloud({ stack: "example" });
        pulumi.runtime.setAllConfig(stackConfig(config));
        await withFreshProgram(() =>
            assert.rejects(import(path.join(ROOT, "index.ts")), {
                name: "IrsaConfigError",
                message:
                    "Invalid eks-irsa configuration (2 problems):\n" +
                    '  - cluster is missing: give { mode: "create" | "adopt", name }.\n' +
                    '  - workloads[0].namespace "My_Namespace" is not a valid Kubernetes namespace: use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters).',
            }),
        );
        await cloud.settle();
        assert.deepEqual(cloud.resources, []);
    });
});

describe("the library entry (components/index.ts)", () => {
    it("creates nothing when imported", async () => {
        const cloud = await installFakeCloud();
        const library = await withFreshProgram(async () => {
            const loaded = (await import(path.join(ROOT, "components", "index.ts"))) as Record<string, unknown>;
            await cloud.settle();
            return loaded;
        });
        assert.equal(typeof library.IrsaCluster, "function");
        assert.deepEqual(cloud.resources, []);
        assert.deepEqual(cloud.invokes, []);
    });
});
