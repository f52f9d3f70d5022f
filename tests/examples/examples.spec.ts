/**
 * The example projects synthesized offline, as `eks-irsa synth --project` runs a user's project:
 * - examples/typescript, its `eks-irsa` dependency resolved to this checkout's library (the package itself, from its
 *   tarball, is scripts/check-package.sh's job);
 * - examples/yaml, through the component package's class, as `pulumi package add` serves it;
 * - examples/python, its IrsaCluster call read by the test's Python reader (tests/helpers/pythonProgram.ts) and
 *   synthesized as the same program in YAML: it must plan exactly what the YAML example plans.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { dump } from "js-yaml";
import { evaluatePython, plain } from "../helpers/pythonProgram";
import { eksIrsa } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "examples");

interface Synth {
    out: string;
    summary: { violations: unknown[]; resources: number };
}

function synth(project: string): Synth {
    const out = tempDir("example-out-");
    const r = eksIrsa(["synth", "--project", project, "--stack", "dev", "--out", out, "--json", "--in-process"], { timeout: 180_000 });
    assert.equal(r.status, 0, r.stderr);
    return { out, summary: JSON.parse(r.stdout) as Synth["summary"] };
}

/** The files of a synth output folder under `sub`, relative, sorted. */
function files(out: string, sub: string): string[] {
    return fs.readdirSync(path.join(out, sub), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(out, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
        .sort();
}

const read = (out: string, rel: string): string => fs.readFileSync(path.join(out, rel), "utf8");

describe("the example projects, synthesized offline", function () {
    this.timeout(300_000);

    it("examples/typescript: two workloads, each role trusting only its ServiceAccount, no violation", () => {
        const project = tempDir("example-ts-");
        for (const f of ["index.ts", "Pulumi.yaml", "Pulumi.dev.yaml"]) fs.copyFileSync(path.join(EXAMPLES, "typescript", f), path.join(project, f));
        // What `npm install` of "eks-irsa": "file:../.." gives, without a build: the library's entry.
        fs.mkdirSync(path.join(project, "node_modules", "eks-irsa"), { recursive: true });
        fs.writeFileSync(path.join(project, "node_modules", "eks-irsa", "package.json"), JSON.stringify({ name: "eks-irsa", main: "index.js" }));
        fs.writeFileSync(path.join(project, "node_modules", "eks-irsa", "index.js"), `module.exports = require(${JSON.stringify(path.join(ROOT, "components"))});\n`);
        const { out, summary } = synth(project);
        assert.deepEqual(summary.violations, []);
        assert.deepEqual(files(out, "iam"), [
            "iam/platform-node-role.managed-policies.json",
            "iam/platform-node-role.trust.json",
            "iam/s3-reader.permissions.json",
            "iam/s3-reader.trust.json",
            "iam/table-reader.permissions.json",
            "iam/table-reader.trust.json",
        ]);
        const trust = JSON.parse(read(out, "iam/s3-reader.trust.json")) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
        assert.deepEqual(Object.values(trust.Statement[0]!.Condition.StringEquals), ["system:serviceaccount:my-cluster-namespace:my-serviceaccount", "sts.amazonaws.com"]);
        assert.deepEqual(files(out, "k8s"), [
            "k8s/_cluster/namespace-data.yaml",
            "k8s/_cluster/namespace-my-cluster-namespace.yaml",
            "k8s/kube-system/daemonset-aws-node.patch.yaml",
            "k8s/kube-system/serviceaccount-aws-node.patch.yaml",
            "k8s/my-cluster-namespace/deployment-s3-reader.yaml",
            "k8s/my-cluster-namespace/serviceaccount-my-serviceaccount.yaml",
            "k8s/data/serviceaccount-table-reader.yaml",
        ].sort());
    });

    describe("examples/yaml and examples/python", () => {
        let yaml: Synth;
        let python: Synth;

        before(() => {
            yaml = synth(path.join(EXAMPLES, "yaml"));
            const program = evaluatePython(fs.readFileSync(path.join(EXAMPLES, "python", "__main__.py"), "utf8"));
            assert.deepEqual(program.problems, []);
            const project = tempDir("example-py-");
            const name = (fs.readFileSync(path.join(EXAMPLES, "python", "Pulumi.yaml"), "utf8").match(/^name: (.+)$/m) ?? [])[1];
            const resources = { [program.cluster.name]: { type: "eks-irsa:index:IrsaCluster", properties: plain(program.cluster.args) } };
            fs.writeFileSync(path.join(project, "Pulumi.yaml"), dump({ name, runtime: "yaml", resources }));
            fs.copyFileSync(path.join(EXAMPLES, "python", "Pulumi.dev.yaml"), path.join(project, "Pulumi.dev.yaml"));
            python = synth(project);
        });

        it("examples/yaml plans the seeds' three workloads with no violation", () => {
            assert.deepEqual(yaml.summary.violations, []);
            assert.deepEqual(files(yaml.out, "iam"), [
                "iam/dynamodb-reader.permissions.json",
                "iam/dynamodb-reader.trust.json",
                "iam/platform-node-role.managed-policies.json",
                "iam/platform-node-role.trust.json",
                "iam/s3-reader.permissions.json",
                "iam/s3-reader.trust.json",
                "iam/s3fullaccess.permissions.json",
                "iam/s3fullaccess.trust.json",
            ]);
        });

        it("examples/python plans exactly what examples/yaml plans: the same IAM documents and manifests", () => {
            assert.deepEqual(python.summary, yaml.summary);
            const all = (s: Synth) => [...files(s.out, "iam"), ...files(s.out, "k8s")];
            assert.deepEqual(all(python), all(yaml));
            for (const f of all(yaml)) assert.equal(read(python.out, f), read(yaml.out, f), f);
        });
    });
});
