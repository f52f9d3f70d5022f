/**
 * `npm run bench:diff`: the security diff of two 1,000-workload stacks.
 *
 * Synthesizes BASE (bench/generateConfig.ts, N workloads) and HEAD (the same workloads, reordered, with changes
 * spread through them: an action added, a resource widened, a ServiceAccount renamed, a managed policy attached, a
 * workload removed and one added), then, in this process, times each phase of `eks-irsa diff` over the two
 * `stack.json` files, median of K runs: reading (JSON.parse), the analyzer view (secrets revealed, providers
 * resolved), the diff proper (role views of both sides, pairing, normalization, broadening), rendering (table,
 * Markdown, JSON), and the pack on both sides (in-process). Target: the diff proper and rendering under 2 s.
 *
 * Options: `--workloads N` (default 1000), `--runs K` (default 5).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dump } from "js-yaml";
import { analyzeInProcess, loadPack } from "../synth/analyzer/inProcess";
import { fromStackExport } from "../synth/analyzer/requests";
import { diffStacks, toJson } from "../synth/diff/diff";
import { renderMarkdown, renderText } from "../synth/diff/render";
import { stackView } from "../synth/diff/roleView";
import { readStackExport } from "../synth/stackExport";
import { workload } from "./generateConfig";
import { median, round } from "./stats";

const ROOT = path.resolve(__dirname, "..");

function option(flag: string, fallback: number): number {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** HEAD's workloads: BASE's, reversed, with one change of each kind every 100 workloads. */
function headWorkloads(n: number): Record<string, unknown>[] {
    const out = Array.from({ length: n }, (_, i) => {
        const w = workload(i) as Record<string, unknown> & { statements: { actions: string[]; resources: string[] }[] };
        switch (i % 100) {
            case 1: return { ...w, statements: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: w.statements[0]!.resources }] };
            case 2: return { ...w, statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bench-data-*"] }] };
            case 3: return { ...w, serviceAccount: `${String(w.serviceAccount)}-v2` };
            case 4: return { ...w, managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] };
            default: return w;
        }
    });
    return [...out.slice(1).reverse(), workload(n)];
}

function stackYaml(workloads: unknown[]): string {
    return dump({ config: { "aws:region": "us-west-2", "eks-irsa:cluster": { mode: "adopt", name: "bench" }, "eks-irsa:workloads": workloads } });
}

function synth(dir: string, workloads: unknown[]): string {
    fs.mkdirSync(dir, { recursive: true });
    // The same stack name on both sides, as for a pull request.
    const config = path.join(dir, "Pulumi.bench.yaml");
    fs.writeFileSync(config, stackYaml(workloads));
    const out = path.join(dir, "out");
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "eks-irsa.js"), "synth", "--config", config, "--out", out, "--json", "--in-process"], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`synth failed (${r.status}):\n${r.stderr}`);
    return path.join(out, "stack.json");
}

function time<T>(f: () => T): [T, number] {
    const t = performance.now();
    const v = f();
    return [v, (performance.now() - t) / 1000];
}

async function main(): Promise<void> {
    const n = option("--workloads", 1000);
    const runs = option("--runs", 5);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-bench-diff-"));
    process.stderr.write(`… synthesizing two stacks of ${n} workloads in ${work}\n`);
    const baseFile = synth(path.join(work, "base"), Array.from({ length: n }, (_, i) => workload(i)));
    const headFile = synth(path.join(work, "head"), headWorkloads(n));

    const phases: Record<"read" | "view" | "diff" | "render" | "pack", number[]> = { read: [], view: [], diff: [], render: [], pack: [] };
    const pack = loadPack(path.join(ROOT, "policy-pack"));
    let summary = "";
    for (let k = 0; k < runs; k++) {
        const [[b, h], read] = time(() => [readStackExport(baseFile), readStackExport(headFile)]);
        const [[br, hr], view] = time(() => [fromStackExport(b.deployment.resources), fromStackExport(h.deployment.resources)]);
        const t = performance.now();
        const violations = { base: await analyzeInProcess(pack, br), head: await analyzeInProcess(pack, hr) };
        const packSeconds = (performance.now() - t) / 1000;
        const [report, diff] = time(() => diffStacks(stackView(br), stackView(hr), violations));
        const [, render] = time(() => [renderText(report, { base: "base", head: "head" }), renderMarkdown(report, { base: "base", head: "head" }), JSON.stringify(toJson(report))]);
        phases.read.push(read);
        phases.view.push(view);
        phases.pack.push(packSeconds);
        phases.diff.push(diff);
        phases.render.push(render);
        summary = `${b.deployment.resources.length} + ${h.deployment.resources.length} resources; ${report.roles.length} roles changed, ${report.broadening} broadening, findings ${report.violations.new.length} new / ${report.violations.resolved.length} resolved`;
    }
    const m = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(median(v))])) as Record<keyof typeof phases, number>;
    const beyondReading = round(m.diff + m.render);
    console.log(`eks-irsa diff of two ${n}-workload stacks (${summary}); median of ${runs} runs, seconds:`);
    console.log(`  read (JSON.parse of both stack.json)          ${m.read}`);
    console.log(`  analyzer view (secrets, providers)             ${m.view}`);
    console.log(`  diff (role views, pairing, broadening)         ${m.diff}`);
    console.log(`  render (table + Markdown + JSON)               ${m.render}`);
    console.log(`  diff + render, beyond reading (target < 2 s)   ${beyondReading}  ${beyondReading < 2 ? "OK" : "OVER"}`);
    console.log(`  policy pack on both sides (in-process)         ${m.pack}`);
    console.log(`  peak RSS                                       ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
    fs.rmSync(work, { recursive: true, force: true });
}

void main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
});
