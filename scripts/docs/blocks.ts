/**
 * The generated regions of the docs: each sample output and figure is produced from the real thing (the command, the
 * pack's policy list, bench/results.json, the example program), never typed by hand.
 *
 * A region is marked in a Markdown file as
 *
 *     <!-- generated:NAME -->…<!-- /generated -->
 *
 * (on its own lines for a block, inline for a figure); `npm run docs` rewrites what is between the markers and
 * tests/docs/generated.spec.ts fails when a committed region differs from what its producer gives.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BenchResults } from "../../bench/report";

export const ROOT = path.resolve(__dirname, "..", "..");

/** One region's producer: the text between its markers. */
export interface Region {
    /** The files (relative to the repository) that hold the region. */
    files: string[];
    /** Inline regions sit inside a line; block regions are whole lines between the markers. */
    inline?: boolean;
    /** Slow producers run a command (a few seconds each). */
    slow?: boolean;
    produce(): string;
}

const fence = (lang: string, body: string): string => `\`\`\`${lang}\n${body.replace(/\n+$/, "")}\n\`\`\``;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS } = require("../node-flags") as { NODE_FLAGS: string[] };

/** `eks-irsa <args>` in one process: node given the V8 flags `synth` would start itself again with (../node-flags.js). */
function cli(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [...NODE_FLAGS, path.join(ROOT, "scripts", "eks-irsa.js"), ...args], { cwd, encoding: "utf8", timeout: 300_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `npx eks-irsa synth` on the example stack, as a user sees it (its output folder named as the default one). */
function synthSample(): string {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "docs-synth-"));
    try {
        const r = cli(["synth", "--out", out, "--in-process"]);
        if (r.status !== 0) throw new Error(`eks-irsa synth exited ${r.status}: ${r.stderr}`);
        return fence("", `$ npx eks-irsa synth\n${r.stdout.split(path.relative(ROOT, out) || out).join("out/example")}`);
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

/** `eks-irsa diff --markdown` of the example stack before and after a change that adds s3:PutObject to s3-reader. */
export function diffSample(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-diff-"));
    try {
        const changedDir = path.join(dir, "change");
        fs.mkdirSync(changedDir);
        const example = fs.readFileSync(path.join(ROOT, "Pulumi.example.yaml"), "utf8");
        const changed = example.replace('- actions: ["s3:GetObject"]\n          resources: ["arn:aws:s3:::my-s3-bucket/*"]', '- actions: ["s3:GetObject", "s3:PutObject"]\n          resources: ["arn:aws:s3:::my-s3-bucket/*"]');
        if (changed === example) throw new Error("Pulumi.example.yaml no longer has the s3-reader statement the diff sample changes");
        fs.writeFileSync(path.join(changedDir, "Pulumi.example.yaml"), changed);
        const base = path.join(dir, "base");
        const head = path.join(dir, "head");
        for (const [out, extra] of [[base, []], [head, ["--config", path.join(changedDir, "Pulumi.example.yaml")]]] as const) {
            const r = cli(["synth", ...extra, "--out", out, "--json", "--in-process"]);
            if (r.status !== 0) throw new Error(`eks-irsa synth exited ${r.status}: ${r.stderr}`);
        }
        const r = cli(["diff", base, head, "--markdown", "--in-process"]);
        if (r.status !== 1) throw new Error(`eks-irsa diff exited ${r.status}, not 1: ${r.stderr}`);
        return "````markdown\n" + r.stdout.replaceAll(base, "out/main").replaceAll(head, "out/pr") + "````";
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The pack's policies in the order of its list, one number each. */
function rulesTable(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { policies } = require(path.join(ROOT, "policy-pack", "policies")) as { policies: { name: string; description: string; enforcementLevel?: string; validateResource?: unknown }[] };
    const rows = policies.map((p, i) => `| ${i + 1} | \`${p.name}\` | ${p.enforcementLevel ?? "advisory"} | ${p.validateResource !== undefined ? "resource" : "stack"} | ${p.description.replaceAll("|", "\\|")} |`);
    return ["| # | policy | default level | checks | what it checks |", "|---|---|---|---|---|", ...rows].join("\n");
}

function benchResults(): BenchResults {
    return JSON.parse(fs.readFileSync(path.join(ROOT, "bench", "results.json"), "utf8")) as BenchResults;
}

function benchTable(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderSynthTable } = require(path.join(ROOT, "bench", "report")) as typeof import("../../bench/report");
    return fence("", renderSynthTable(benchResults()).join("\n"));
}

/** The 1,000-workload row's per-resource ratio, as the sentence around it says (the largest row when there is none). */
function benchPerResource(): string {
    const rows = benchResults().rows;
    const row = rows.find((r) => r.workloads === 1000) ?? rows.reduce((a, b) => (b.workloads > a.workloads ? b : a));
    return String(row.ratioToFloorPerResource);
}

function typescriptExample(): string {
    return fence("ts", fs.readFileSync(path.join(ROOT, "examples", "typescript", "index.ts"), "utf8"));
}

/** Every region, by name. */
export const REGIONS: Record<string, Region> = {
    "synth-sample": { files: ["docs/offline.md"], slow: true, produce: synthSample },
    "diff-sample": { files: ["docs/offline.md"], slow: true, produce: diffSample },
    "rules-table": { files: ["docs/policy-pack.md", "policy-pack/README.md"], produce: rulesTable },
    "bench-table": { files: ["docs/performance.md"], produce: benchTable },
    "bench-per-resource": { files: ["docs/performance.md"], inline: true, produce: benchPerResource },
    "typescript-example": { files: ["README.md"], produce: typescriptExample },
};

const MARKER = /<!-- generated:([a-z0-9-]+) -->([\s\S]*?)<!-- \/generated -->/g;

/** The names of the regions `text` marks, in order. */
export function regionsIn(text: string): string[] {
    return [...text.matchAll(MARKER)].map((m) => m[1]!);
}

/** What is between the markers of region `name` in `text` (block regions without their edge newlines). */
export function regionText(text: string, name: string): string | undefined {
    for (const m of text.matchAll(MARKER)) if (m[1] === name) return REGIONS[name]?.inline ? m[2]! : m[2]!.replace(/^\n/, "").replace(/\n$/, "");
    return undefined;
}

/** `text` with each region in `produced` replaced by its new content. */
export function replaceRegions(text: string, produced: Record<string, string>): string {
    return text.replace(MARKER, (whole, name: string) => {
        const body = produced[name];
        if (body === undefined) return whole;
        return REGIONS[name]?.inline ? `<!-- generated:${name} -->${body}<!-- /generated -->` : `<!-- generated:${name} -->\n${body}\n<!-- /generated -->`;
    });
}
