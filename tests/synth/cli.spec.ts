import * as assert from "node:assert/strict";
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { SharedRun, sharedSynth } from "../helpers/sharedSynth";
import { EKS_IRSA, eksIrsa } from "../helpers/eksIrsa";
import { once } from "../helpers/once";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "synth");

/** Runs the CLI from the project root, in one process (node given its V8 flags: ../helpers/eksIrsa.ts). */
function cli(...args: string[]): SpawnSyncReturns<string> {
    return eksIrsa(args);
}

interface JsonSummary {
    violations: { policyName: string; enforcementLevel: string; urn: string; message: string }[];
    resources: number;
}

/** stderr without the progress lines (`… running …`). */
function errors(r: SpawnSyncReturns<string>): string {
    return r.stderr.replace(/^… .*\n/gm, "");
}

function listFiles(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
}

describe("eks-irsa synth (example stack)", function () {
    this.timeout(180_000);
    let out: string;
    let run: SharedRun;
    let summary: JsonSummary;

    before(() => {
        // `synth --out <dir> --json`, the run other spec files make too: shared (../helpers/sharedSynth.ts).
        run = sharedSynth("--json");
        out = run.out;
        summary = JSON.parse(run.stdout) as JsonSummary;
    });

    it("exits 0 with no mandatory violation", () => {
        assert.deepEqual(summary.violations.filter((v) => v.enforcementLevel === "mandatory"), []);
        assert.equal(run.status, 0, run.stderr);
    });

    it("writes the stack export, one trust and one permission document per workload, the manifests and the report", () => {
        const files = listFiles(out);
        assert.ok(files.includes("stack.json"));
        assert.ok(files.includes("policy-report.json"));
        const trust = files.filter((f) => f.endsWith(".trust.json"));
        const workloads = ["iam/dynamodb-reader", "iam/s3-reader", "iam/s3fullaccess"];
        assert.deepEqual(files.filter((f) => f.endsWith(".permissions.json")), workloads.map((w) => `${w}.permissions.json`));
        assert.ok(trust.length >= 3, `expected the example's three workloads and the node role, got ${trust.join(", ")}`);
        assert.ok(files.some((f) => /^k8s\/[^/]+\/serviceaccount-[^/]+\.yaml$/.test(f)));
        assert.ok(files.some((f) => /^k8s\/[^/]+\/deployment-[^/]+\.yaml$/.test(f)));
    });

    it("writes a stack export whose resource count the summary reports", () => {
        const exported = JSON.parse(fs.readFileSync(path.join(out, "stack.json"), "utf8")) as { version: number; deployment: { resources: unknown[] } };
        assert.equal(exported.version, 3);
        assert.equal(exported.deployment.resources.length, summary.resources);
    });

    it("writes OIDC trust documents that pin one ServiceAccount and the STS audience", () => {
        type Trust = { Statement: { Principal: { Federated?: string }; Condition: { StringEquals: Record<string, string> } }[] };
        const federated = listFiles(out)
            .filter((x) => x.endsWith(".trust.json"))
            .map((f) => [f, JSON.parse(fs.readFileSync(path.join(out, f), "utf8")) as Trust] as const)
            .filter(([, doc]) => doc.Statement[0]!.Principal.Federated !== undefined);
        assert.deepEqual(federated.map(([f]) => f).sort(), ["iam/dynamodb-reader.trust.json", "iam/s3-reader.trust.json", "iam/s3fullaccess.trust.json"]);
        for (const [f, doc] of federated) {
            const cond = doc.Statement[0]!.Condition.StringEquals;
            const keys = Object.keys(cond).map((k) => k.replace(/^.*:/, "")).sort();
            assert.deepEqual(keys, ["aud", "sub"], f);
            assert.match(Object.entries(cond).find(([k]) => k.endsWith(":sub"))![1], /^system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+$/, f);
        }
    });

    it("writes the same files, byte for byte, on a second run started as a user starts it", () => {
        // `node scripts/eks-irsa.js synth` without the V8 flags, as `npx eks-irsa synth` runs: the CLI starts itself
        // again with them (scripts/node-flags.js); the one path of the suite that does.
        const again = tempDir("synth-again-");
        const r = spawnSync(process.execPath, [EKS_IRSA, "synth", "--out", again, "--json"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, run.stdout);
        const files = listFiles(out);
        assert.deepEqual(listFiles(again), files);
        for (const f of files) assert.equal(fs.readFileSync(path.join(again, f), "utf8"), fs.readFileSync(path.join(out, f), "utf8"), f);
    });

    it("is checked clean again by `check` on its own stack.json", () => {
        const again = cli("check", path.join(out, "stack.json"), "--json");
        assert.equal(again.status, 0, again.stderr);
        assert.deepEqual((JSON.parse(again.stdout) as JsonSummary).violations.filter((v) => v.enforcementLevel === "mandatory"), []);
    });
});

describe("eks-irsa synth (bad stacks)", function () {
    this.timeout(180_000);
    /** `synth --json` of the insecure fixture, with the pack process it starts. */
    const insecure = once(() => sharedSynth("--config", path.join(FIXTURES, "Pulumi.insecure.yaml"), "--json")); // shared with other spec files

    it("exits 1 and names the policy for the seed's AmazonS3FullAccess workload", () => {
        const r = insecure();
        assert.equal(r.status, 1, r.stderr);
        const names = (JSON.parse(r.stdout) as JsonSummary).violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName);
        assert.ok(names.includes("iam-no-broad-managed-policies"), names.join(", "));
    });

    it("reports the same violations, in the same order, from the pack streamed during the program as in-process", () => {
        const config = path.join(FIXTURES, "Pulumi.insecure.yaml");
        const streamed = insecure();
        const inProcess = sharedSynth("--config", config, "--json", "--in-process"); // shared with diff/cli.spec
        assert.equal(streamed.status, 1, streamed.stderr);
        assert.equal(inProcess.status, 1, inProcess.stderr);
        assert.notEqual((JSON.parse(streamed.stdout) as JsonSummary).violations.length, 0);
        assert.deepEqual(JSON.parse(streamed.stdout), JSON.parse(inProcess.stdout));
    });

    it("says so and runs the pack in-process when the pack process cannot start", () => {
        // A copy of the pack whose analyzer entry point exits at once; its policies are intact.
        const pack = tempDir("synth-broken-pack-");
        fs.cpSync(path.join(ROOT, "policy-pack"), pack, { recursive: true });
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(pack, "node_modules"), "dir");
        fs.writeFileSync(path.join(pack, "index.ts"), 'process.stderr.write("no analyzer today\\n");\nprocess.exit(3);\n');
        const config = path.join(FIXTURES, "Pulumi.insecure.yaml");
        const r = cli("synth", "--config", config, "--policy-pack", pack, "--out", tempDir("synth-fallback-"), "--json");
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /^warning: policy pack .* exited with code 3 before serving: no analyzer today; running the pack in-process instead\.$/m);
        const names = (JSON.parse(r.stdout) as JsonSummary).violations.map((v) => v.policyName);
        assert.ok(names.includes("iam-no-broad-managed-policies"), names.join(", "));
    });

    it("removes the files its previous run wrote that this one does not, and never a file it did not write", () => {
        // The first run: `synth --json` of the example stack (shared, ../helpers/sharedSynth.ts), its folder copied
        // as that run left it (its files and its manifest).
        const first = sharedSynth("--json");
        assert.equal(first.status, 0, first.stderr);
        const out = tempDir("synth-stale-");
        fs.cpSync(first.out, out, { recursive: true });
        const firstFiles = listFiles(out);
        // A user's own files, in folders synth writes to and in one of their own.
        const mine = [path.join("iam", "mine.trust.json"), path.join("k8s", "my-cluster-namespace", "configmap-mine.yaml"), path.join("k8s", "my-team", "deployment-mine.yaml"), "notes.txt"];
        for (const f of mine) {
            fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
            fs.writeFileSync(path.join(out, f), "mine\n");
        }
        const second = cli("synth", "--config", path.join(FIXTURES, "Pulumi.insecure.yaml"), "--out", out, "--json", "--in-process");
        assert.equal(second.status, 1, second.stderr);
        assert.deepEqual(mine.filter((f) => !fs.existsSync(path.join(out, f))), []);
        const manifest = JSON.parse(fs.readFileSync(path.join(out, ".eks-irsa-manifest.json"), "utf8")) as { writtenBy: string; files: string[] };
        assert.equal(manifest.writtenBy, "eks-irsa synth");
        assert.deepEqual(listFiles(out), [...manifest.files.map((f) => path.join(...f.split("/"))), ".eks-irsa-manifest.json", ...mine].sort());
        const gone = firstFiles.filter((f) => !manifest.files.includes(f.split(path.sep).join("/")) && f !== ".eks-irsa-manifest.json");
        assert.ok(gone.includes(path.join("iam", "s3-reader.trust.json")), gone.join(", "));
        assert.equal(fs.existsSync(path.join(out, "k8s", "data")), false);
    });

    it("exits 2 with the validation message, writes nothing and starts no pack process for an invalid namespace", () => {
        const out = path.join(tempDir("synth-invalid-"), "out");
        // Every node process of the run records itself (tests/fixtures/synth/recordProcess.js).
        const log = path.join(tempDir("synth-invalid-processes-"), "processes.jsonl");
        const record = path.join(FIXTURES, "recordProcess.js");
        const r = eksIrsa(["synth", "--config", path.join(FIXTURES, "Pulumi.invalid.yaml"), "--out", out], { env: { ...process.env, EKS_IRSA_PROCESS_LOG: log, NODE_OPTIONS: `-r "${record}"` } });
        assert.equal(r.status, 2);
        assert.match(r.stderr, /workloads\[0\]\.namespace "Payments" is not a valid Kubernetes namespace/);
        assert.equal(fs.existsSync(out), false);
        const processes = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { argv: string[] }).argv);
        assert.deepEqual(processes.map((argv) => path.relative(ROOT, argv[0]!)), [path.join("scripts", "eks-irsa.js")]);
    });

    it("exits 2 and names the file, the line and the problem for a stack file that is not YAML", () => {
        const file = path.join(tempDir("synth-bad-yaml-"), "Pulumi.bad.yaml");
        fs.writeFileSync(file, "config:\n  eks-irsa:cluster: {mode: adopt\n   bad: [\n");
        const r = cli("synth", "--config", file, "--out", tempDir("synth-bad-yaml-out-"));
        assert.equal(r.status, 2);
        assert.equal(r.stderr, `error: ${file} is not valid YAML: missed comma between flow collection entries (3:7).\n`);
    });

    it("exits 2 and names the file for a stack that does not exist", () => {
        const r = cli("synth", "--stack", "nope", "--out", tempDir("synth-nope-"));
        assert.equal(r.status, 2);
        assert.equal(r.stderr, `error: ${path.join(ROOT, "Pulumi.nope.yaml")} does not exist: pass --stack NAME for Pulumi.NAME.yaml in the project, or --config FILE.\n`);
    });
});

describe("eks-irsa synth (adopted cluster and OIDC provider)", function () {
    this.timeout(180_000);
    let out: string;
    let run: SpawnSyncReturns<string>;

    before(() => {
        out = tempDir("synth-adopt-oidc-");
        run = cli("synth", "--config", path.join(FIXTURES, "Pulumi.adopt-oidc.yaml"), "--out", out, "--timings");
    });

    it("plans offline with the provider's issuer, in the provider's account, and exits 0", () => {
        assert.equal(run.status, 0, run.stderr);
        type Trust = { Statement: { Principal: { Federated: string }; Condition: { StringEquals: Record<string, string> } }[] };
        const trust = JSON.parse(fs.readFileSync(path.join(out, "iam", "reports.trust.json"), "utf8")) as Trust;
        const issuer = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        assert.equal(trust.Statement[0]!.Principal.Federated, `arn:aws:iam::111122223333:oidc-provider/${issuer}`);
        assert.deepEqual(trust.Statement[0]!.Condition.StringEquals, {
            [`${issuer}:sub`]: "system:serviceaccount:reporting:reports",
            [`${issuer}:aud`]: "sts.amazonaws.com",
        });
    });

    it("writes no permission document for a workload that has only managed policies", () => {
        assert.deepEqual(listFiles(path.join(out, "iam")), [
            "chart-app.managed-policies.json",
            "chart-app.trust.json",
            "reports.permissions.json",
            "reports.trust.json",
        ]);
    });

    it("shows the verify Job in the tree and each statement's conditions in the audit table", () => {
        assert.match(run.stdout, /^ {3}└─ Job reporting\/reports-verify$/m);
        assert.match(run.stdout, /^reports .* s3:ListBucket on arn:aws:s3:::reports if StringLike s3:prefix=daily\/\*$/m);
        assert.match(run.stdout, /^ +s3:ListBucket on arn:aws:s3:::reports if StringLike s3:prefix=weekly\/\*$/m);
    });

    it("prints the timings without --json", () => {
        assert.match(run.stdout, /\nTimings\nprogram: \d+\.\d\d s\npack: \d+\.\d\d s\n/);
        assert.match(run.stdout, /^peakRss: \d+ MiB$/m);
    });

    it("exits 2 when the provider's issuer is in another region than aws:region", () => {
        const file = path.join(tempDir("synth-adopt-region-"), "Pulumi.elsewhere.yaml");
        fs.writeFileSync(file, fs.readFileSync(path.join(FIXTURES, "Pulumi.adopt-oidc.yaml"), "utf8").replace("aws:region: eu-west-1", "aws:region: us-east-1"));
        const r = cli("synth", "--config", file, "--out", tempDir("synth-adopt-region-out-"));
        assert.equal(r.status, 2);
        assert.equal(
            errors(r),
            'error: eks-irsa:oidcProvider.arn "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" is the provider of an issuer in eu-west-1, but aws:region is us-east-1: ' +
                'an EKS cluster\'s issuer is in the cluster\'s region; give the provider of cluster "shared" in us-east-1, or set aws:region to eu-west-1.\n',
        );
    });
});

describe("eks-irsa synth (config keys and arguments)", function () {
    this.timeout(180_000);

    function stackFile(text: string): string {
        const file = path.join(tempDir("synth-keys-"), "Pulumi.keys.yaml");
        fs.writeFileSync(file, text);
        return file;
    }

    it("exits 2 on an unknown eks-irsa key, naming it and the nearest key, and writes nothing", () => {
        const out = path.join(tempDir("synth-typo-"), "out");
        const file = stackFile(
            "config:\n  aws:region: us-west-2\n  eks-irsa:cluster: { mode: adopt, name: sandbox }\n  eks-irsa:oidcprovider: { mode: lookup }\n  eks-irsa:workloads: []\n",
        );
        const r = cli("synth", "--config", file, "--out", out);
        assert.equal(r.status, 2);
        assert.equal(
            errors(r),
            "error: Invalid eks-irsa configuration (1 problem):\n" +
                "  - eks-irsa:oidcprovider is not a config key of this program: use eks-irsa:oidcProvider (one of eks-irsa:cluster, eks-irsa:oidcProvider, eks-irsa:workloads, eks-irsa:tags, eks-irsa:identity, eks-irsa:roleNamePrefix, eks-irsa:trustedClusters, eks-irsa:accounts, eks-irsa:maxTrustPolicyLength).\n",
        );
        assert.equal(fs.existsSync(out), false);
    });

    it("exits 2 when the stack has no aws:region, instead of planning in a region it guessed", () => {
        const file = stackFile("config:\n  eks-irsa:cluster: { mode: adopt, name: sandbox }\n  eks-irsa:workloads: []\n");
        const r = cli("synth", "--config", file, "--out", tempDir("synth-no-region-"));
        assert.equal(r.status, 2);
        assert.equal(
            r.stderr,
            `error: ${file} has no aws:region: set the stack's region (pulumi config set aws:region <region>, e.g. us-west-2); every ARN and the cluster's OIDC issuer name it.\n`,
        );
    });

    it("lists every option in the usage text", () => {
        const r = cli("synth", "--bogus");
        assert.equal(r.status, 2);
        assert.match(r.stderr, /^ {2}eks-irsa synth .*\[--json\] \[--timings\] \[--in-process\] \[--preview\]$/m);
        assert.match(r.stderr, /^ {2}eks-irsa check FILE .*\[--json\] \[--in-process\]$/m);
    });
});

describe("eks-irsa check", function () {
    this.timeout(60_000);
    /** `check --json` of a hand-written export, over gRPC to the pack process. */
    const audOnly = once(() => cli("check", path.join(FIXTURES, "aud-only-trust.stack.json"), "--json"));

    it("exits 1 on a hand-written export whose role trust has no :sub condition", () => {
        const r = audOnly();
        assert.equal(r.status, 1, r.stderr);
        const summary = JSON.parse(r.stdout) as JsonSummary;
        assert.equal(summary.resources, 3);
        assert.deepEqual(
            summary.violations.filter((v) => v.policyName === "irsa-trust-subject").map((v) => v.urn),
            ["urn:pulumi:prod::payments::aws:iam/role:Role::test123"],
        );
    });

    it("reports the same violations in-process as over gRPC", () => {
        const file = path.join(FIXTURES, "aud-only-trust.stack.json");
        const grpc = JSON.parse(audOnly().stdout) as JsonSummary;
        const inProcess = cli("check", file, "--json", "--in-process");
        assert.equal(inProcess.status, 1);
        assert.deepEqual(JSON.parse(inProcess.stdout), grpc);
    });

    it("honours --policy-pack-config: a disabled policy reports nothing", () => {
        const dir = tempDir("check-config-");
        const config = path.join(dir, "config.json");
        fs.writeFileSync(config, JSON.stringify({ "irsa-trust-subject": "disabled" }));
        const r = cli("check", path.join(FIXTURES, "aud-only-trust.stack.json"), "--policy-pack-config", config, "--json");
        const names = (JSON.parse(r.stdout) as JsonSummary).violations.map((v) => v.policyName);
        assert.equal(names.includes("irsa-trust-subject"), false);
    });

    it("exits 2 on an unknown argument, with the usage", () => {
        const r = cli("check");
        assert.equal(r.status, 2);
        assert.match(r.stderr, /^error: check needs the stack export FILE \(pulumi stack export > stack\.json\)\.\nusage:/);
    });
});
