/**
 * `eks-irsa diff` as a user runs it: `synth` the example stack before and after a change that adds s3:PutObject,
 * then diff the two output folders (or their stack exports).
 */
import * as assert from "node:assert/strict";
import { SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { DiffJson } from "../../../synth/diff/diff";
import { sharedSynth } from "../../helpers/sharedSynth";
import { eksIrsa } from "../../helpers/eksIrsa";
import { tempDir } from "../../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function cli(...args: string[]): SpawnSyncReturns<string> {
    return eksIrsa(args);
}

/** The Markdown block of docs/offline.md ("`diff`: review a change"). */
function docsMarkdown(): string {
    const page = fs.readFileSync(path.join(ROOT, "docs", "offline.md"), "utf8");
    const m = /<!-- generated:diff-sample -->\n````markdown\n([\s\S]*?)````\n<!-- \/generated -->/.exec(page);
    assert.ok(m, "docs/offline.md has no diff-sample block");
    return m[1]!;
}

/**
 * The export with every URN as `synth` wrote it before it wrote the engine's: the SDK mock's `newUrn`
 * (`pulumi:pulumi:Stack$<type>` for the stack's children, only the parent's last type below them), in every place a
 * URN appears (the resource's own, parents, dependencies, provider references, resource references).
 */
function withMockUrns(exported: { deployment: { resources: { urn: string; parent?: string }[] } }): string {
    const renamed = new Map<string, string>();
    const resources = exported.deployment.resources;
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const r of resources) {
        const parts = r.urn.split("::");
        const type = parts[2]!.slice(parts[2]!.lastIndexOf("$") + 1);
        const parentType = r.parent !== undefined ? byUrn.get(r.parent)?.urn.split("::")[2]!.split("$").pop() : undefined;
        parts[2] = parentType !== undefined ? `${parentType}$${type}` : type;
        renamed.set(r.urn, parts.join("::"));
    }
    let text = JSON.stringify(exported);
    // Longest first: no URN is then replaced inside a longer one.
    for (const [from, to] of [...renamed].sort((a, b) => b[0].length - a[0].length)) {
        text = text.split(`"${from}"`).join(`"${to}"`).split(`"${from}::`).join(`"${to}::`);
    }
    return text;
}

describe("eks-irsa diff (the example stack before and after adding s3:PutObject)", function () {
    this.timeout(180_000);
    let base: string;
    let head: string;

    before(() => {
        const dir = tempDir("diff-cli-");
        // The same stack name on both sides, as in a pull request: only the config changes.
        const changedDir = path.join(dir, "change");
        fs.mkdirSync(changedDir);
        const example = fs.readFileSync(path.join(ROOT, "Pulumi.example.yaml"), "utf8");
        const changed = example.replace('- actions: ["s3:GetObject"]\n          resources: ["arn:aws:s3:::my-s3-bucket/*"]', '- actions: ["s3:GetObject", "s3:PutObject"]\n          resources: ["arn:aws:s3:::my-s3-bucket/*"]');
        assert.notEqual(changed, example);
        fs.writeFileSync(path.join(changedDir, "Pulumi.example.yaml"), changed);
        // BASE: `synth --json` of the example stack, the run ../cli.spec.ts and others make: shared, read-only.
        const shared = sharedSynth("--json");
        assert.equal(shared.status, 0, shared.stderr);
        base = shared.out;
        head = path.join(dir, "head");
        const r = cli("synth", "--config", path.join(changedDir, "Pulumi.example.yaml"), "--out", head, "--json", "--in-process");
        assert.equal(r.status, 0, r.stderr);
    });

    it("prints exactly the added permission as JSON and exits 1 (broadening), from the stack exports as from the folders", () => {
        const r = cli("diff", path.join(base, "stack.json"), path.join(head, "stack.json"), "--json", "--in-process");
        assert.equal(r.status, 1, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout) as DiffJson, {
            roles: [{
                urn: "urn:pulumi:example::eks-irsa::eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload$aws:iam/role:Role::eks-irsa-example-s3-reader-role",
                name: "eks-irsa-example-s3-reader",
                workload: "s3-reader",
                principals: { added: [], removed: [] },
                permissions: { added: [{ effect: "Allow", action: "s3:PutObject", resource: "arn:aws:s3:::my-s3-bucket/*", broadening: true }], removed: [] },
                managedPolicies: { attached: [], detached: [] },
                bindings: { added: [], removed: [] },
            }],
            violations: { new: [], resolved: [] },
            broadening: 1,
        });
    });

    it("writes the Markdown docs/offline.md shows", () => {
        const r = cli("diff", base, head, "--markdown", "--in-process");
        assert.equal(r.status, 1, r.stderr);
        const labels = (s: string): string => s.replaceAll(base, "out/main").replaceAll(head, "out/pr");
        assert.equal(labels(r.stdout), docsMarkdown());
    });

    it("prints the table, broadening rows marked", () => {
        const r = cli("diff", base, head, "--in-process");
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stdout, /^!\s+s3-reader\s+eks-irsa-example-s3-reader\s+\+ allow\s+s3:PutObject on arn:aws:s3:::my-s3-bucket\/\*$/m);
        assert.match(r.stdout, /^1 broadening change: review before merging\.$/m);
    });

    it("exits 0 and says so when nothing changed", () => {
        const r = cli("diff", base, base, "--in-process");
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^No change to any IAM role, its principals, permissions, policies or bindings\.$/m);
    });

    it("reports nothing between an export with the URNs synth wrote before (the SDK mock's) and the same plan with the engine's", () => {
        // A plan with findings: they are matched by resource too.
        // `synth --config <insecure fixture> --json --in-process`, also run by ../cli.spec.ts: shared, read-only.
        const synth = sharedSynth("--config", path.join(ROOT, "tests", "fixtures", "synth", "Pulumi.insecure.yaml"), "--json", "--in-process");
        const insecure = synth.out;
        assert.equal(synth.status, 1, synth.stderr);
        const exported = JSON.parse(fs.readFileSync(path.join(insecure, "stack.json"), "utf8")) as { deployment: { resources: { urn: string; parent?: string }[] } };
        const old = path.join(path.dirname(head), "old-urns.json");
        fs.writeFileSync(old, withMockUrns(exported));
        assert.notEqual(fs.readFileSync(old, "utf8"), JSON.stringify(exported));
        for (const [from, to] of [[old, insecure], [insecure, old]] as const) {
            const r = cli("diff", from, to, "--json", "--in-process");
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(JSON.parse(r.stdout) as DiffJson, { roles: [], violations: { new: [], resolved: [] }, broadening: 0 });
        }
    });

    it("exits 2 naming the argument for a missing side, a folder without stack.json, and a missing HEAD", () => {
        const missing = cli("diff", base, path.join(base, "nope"));
        assert.equal(missing.status, 2);
        assert.equal(missing.stderr, `error: ${path.join(base, "nope")} does not exist: pass a folder written by "eks-irsa synth --out DIR" or a "pulumi stack export" file.\n`);
        const empty = cli("diff", path.join(base, "iam"), head);
        assert.equal(empty.status, 2);
        assert.match(empty.stderr, /^error: .*iam has no stack\.json: pass a folder written by "eks-irsa synth --out DIR"/);
        const one = cli("diff", base);
        assert.equal(one.status, 2);
        assert.match(one.stderr, /^error: diff needs BASE and HEAD/);
    });
});
