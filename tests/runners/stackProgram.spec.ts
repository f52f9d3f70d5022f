/**
 * The stack program as `pulumi up` runs it: `@pulumi/pulumi/cmd/run` in its own process, started with the command
 * line and environment of the Node.js language host, against a resource monitor served over gRPC and answered by
 * the fake cloud (see ../helpers/languageHost.ts). What mocks cannot show: which file the runner takes as the
 * program, the config as the CLI passes it, ts-node's type check, and what the user reads when the program fails.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { projectEntry, runStackProgram, ProgramRunResult } from "../helpers/languageHost";
import { runProgram } from "../../synth/runProgram";
import { loadStackConfig } from "../../synth/stackConfig";
import { WORKLOAD_BATCH } from "../../components/workloadBatches";
import { tempDir } from "../helpers/tempDir";
import { withFreshProgram } from "../helpers/freshProgram";
import { once } from "../helpers/once";

const ROOT = path.resolve(__dirname, "..", "..");
/** What the project directory holds after `npm ci` besides its sources, and what a build adds. */
const NOT_SOURCES = new Set([".git", "dist", "out"]);

/**
 * A copy of the project as a user has it (the sources linked, `Pulumi.yaml` and `package.json` copied), optionally
 * with the library entry a build leaves in `dist/`: `dist/components/index.js`, package.json's `exports` (its `main`
 * is the component package's entry, `provider/host.js`). Without `main` in `Pulumi.yaml` the runner takes either.
 */
function projectCopy(built: boolean): string {
    const dir = tempDir("eks-irsa-project-");
    for (const entry of fs.readdirSync(ROOT)) {
        if (NOT_SOURCES.has(entry)) continue;
        if (entry === "Pulumi.yaml" || entry === "package.json") fs.copyFileSync(path.join(ROOT, entry), path.join(dir, entry));
        else fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
    }
    if (built) {
        // As `npm run build` leaves it: the compiled library entry, which loads the library and registers nothing.
        fs.mkdirSync(path.join(dir, "dist", "components"), { recursive: true });
        fs.writeFileSync(path.join(dir, "dist", "components", "index.js"), 'module.exports = require("../../components");\n');
    }
    return dir;
}

function exampleConfig(): Record<string, string> {
    return loadStackConfig(ROOT, { stack: "example" }).config;
}

function types(run: ProgramRunResult): string[] {
    return run.resources.map((r) => r.type);
}

function failure(run: ProgramRunResult): string {
    return `exit ${String(run.exitCode)}\n${run.logs.map((l) => `${l.severity}: ${l.message}`).join("\n")}\n${run.stderr}`;
}

describe("the stack program under the language host's runner (cmd/run)", function () {
    // The type-checked run is ~15 s on an idle machine; beside the other worker and seven other engineers' work it took over 180 s.
    this.timeout(360_000);

    /**
     * The example stack run once, type-checked as `pulumi up` runs it, in a project copy that also holds the library
     * entry a build leaves: the first two tests read it (one runner child instead of two; the type check is ~15 CPU-s).
     */
    const typeCheckedExample = once(async () => {
        const dir = projectCopy(true);
        const config = loadStackConfig(ROOT, { stack: "example" });
        return { dir, config, run: await runStackProgram({ projectDir: dir, stack: "example", config: config.config }) };
    });

    it("runs index.ts, not package.json's library entry, after `npm run build`", async () => {
        const { dir, run } = await typeCheckedExample();
        assert.equal(projectEntry(dir).entryPoint, "index.ts");
        assert.equal(run.exitCode, 0, failure(run));
        assert.ok(types(run).includes("eks-irsa:index:IrsaCluster"), `registered only ${types(run).join(", ")}`);
        assert.deepEqual(run.logs.filter((l) => l.severity !== "info"), []);
    });

    it("runs the example stack type-checked, as `pulumi up` does, and registers what synth plans", async () => {
        const { config, run } = await typeCheckedExample();
        assert.equal(run.exitCode, 0, failure(run));
        assert.deepEqual(run.logs.filter((l) => l.severity !== "info"), []);
        // Nothing the real cloud would refuse: no lookup of what the program creates, no object without access.
        assert.deepEqual(run.worldProblems, []);
        assert.deepEqual(Object.keys(run.outputs).sort(), ["clusterName", "kubeconfig", "oidcIssuer", "oidcProviderArn", "workloads"]);
        // The same resources as synth's in-process run of the same program and config.
        const offline = await withFreshProgram(() => runProgram({ program: path.join(ROOT, "index.ts"), config }));
        assert.deepEqual(
            run.resources.map((r) => r.urn).sort(),
            offline.resources.map((r) => r.urn).sort(),
        );
        pulumi.runtime.setAllConfig({});
    });

    it("registers every workload of a config larger than a batch (its second batch after the first) before the program ends (components/workloadBatches.ts)", async () => {
        const workloads = Array.from({ length: WORKLOAD_BATCH + 3 }, (_, i) => ({
            name: `w${i}`,
            namespace: "apps",
            serviceAccount: `w${i}`,
            statements: [{ actions: ["sqs:ReceiveMessage"], resources: [`arn:aws:sqs:us-west-2:123456789012:q${i}`] }],
            deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
        }));
        const config = {
            "aws:region": "us-west-2",
            "eks-irsa:cluster": JSON.stringify({ mode: "adopt", name: "sandbox" }),
            "eks-irsa:workloads": JSON.stringify(workloads),
        };
        const run = await runStackProgram({ projectDir: projectCopy(false), stack: "dev", config, env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
        assert.equal(run.exitCode, 0, failure(run));
        assert.deepEqual(run.worldProblems, []);
        const count = (type: string): number => types(run).filter((t) => t === type).length;
        assert.deepEqual(
            [count("eks-irsa:index:IrsaWorkload"), count("aws:iam/role:Role"), count("kubernetes:core/v1:ServiceAccount"), count("kubernetes:apps/v1:Deployment")],
            [workloads.length, workloads.length, workloads.length, workloads.length],
        );
        assert.deepEqual(Object.keys((run.outputs as { workloads: Record<string, unknown> }).workloads).length, workloads.length);
    });

    it("reports an adopted provider that is not the cluster's with the problem alone, no SDK prefix", async () => {
        // The fake cloud gives the adopted cluster "sandbox" an issuer of its own, so this ARN is not its provider.
        const arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        const config = {
            "aws:region": "us-west-2",
            "eks-irsa:cluster": JSON.stringify({ mode: "adopt", name: "sandbox" }),
            "eks-irsa:oidcProvider": JSON.stringify({ mode: "adopt", arn }),
            "eks-irsa:workloads": JSON.stringify([{ name: "reader", namespace: "apps", serviceAccount: "reader", deployment: false }]),
        };
        const run = await runStackProgram({ projectDir: projectCopy(false), stack: "dev", config, env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
        assert.notEqual(run.exitCode, 0);
        const errors = run.logs.filter((l) => l.severity === "error").map((l) => l.message);
        assert.equal(errors.length, 1, failure(run));
        assert.match(errors[0]!, /^Invalid eks-irsa configuration \(1 problem\):\n {2}- oidcProvider\.arn "arn:aws:iam::123456789012:oidc-provider\/oidc\.eks\.us-west-2\.amazonaws\.com\/id\/EXAMPLED539D4633E53DE1B71EXAMPLE" is not the provider of the cluster's issuer "https:\/\/oidc\.eks\.us-west-2\.amazonaws\.com\/id\/[0-9A-F]{32}": use the ARN that ends in "oidc-provider\/oidc\.eks\.us-west-2\.amazonaws\.com\/id\/[0-9A-F]{32}"\.$/);
    });

    it("refuses an unknown eks-irsa key before registering anything, naming the key and the nearest valid one", async () => {
        const config = { ...exampleConfig(), "eks-irsa:tag": JSON.stringify({ team: "payments" }) };
        const run = await runStackProgram({ projectDir: projectCopy(false), stack: "example", config, env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
        assert.notEqual(run.exitCode, 0);
        assert.deepEqual(types(run), ["pulumi:pulumi:Stack"]);
        const errors = run.logs.filter((l) => l.severity === "error").map((l) => l.message);
        assert.deepEqual(errors, [
            "Invalid eks-irsa configuration (1 problem):\n" +
                "  - eks-irsa:tag is not a config key of this program: use eks-irsa:tags (one of eks-irsa:cluster, eks-irsa:oidcProvider, eks-irsa:workloads, eks-irsa:tags, eks-irsa:identity, eks-irsa:roleNamePrefix, eks-irsa:trustedClusters, eks-irsa:accounts, eks-irsa:maxTrustPolicyLength).",
        ]);
    });
});
