/**
 * The text `npm run bench` prints from its results (bench/results.json), and that `npm run docs` renders into
 * docs/performance.md: one function, so the page shows exactly what the last run printed. Every figure of eks-irsa
 * beside the floor's and AWS CDK's, the pack under the CLI's runner beside awsguard, and issue 23's targets.
 */
import type { CliRunnerFigures, PackFigures } from "./cliRunner";
import { round } from "./stats";

/** One row of bench/results.json: medians for N workloads (bytes: the maximum over the runs). */
export interface BenchRow {
    workloads: number;
    resources: number;
    programSeconds: number;
    packSeconds: number;
    packCpuSeconds: number;
    writeSeconds: number;
    /** The whole `synth` process, spawn to exit. */
    wallSeconds: number;
    floorProgramSeconds: number;
    ratioToFloor: number;
    /** program / floor, each per resource registered. */
    ratioToFloorPerResource: number;
    peakRssBytes: number;
    packPeakRssBytes: number;
    /** CPU of the `synth` process and its pack process (absent from results written before issue 23). */
    cpuSeconds?: number;
    floorResources?: number;
    floorWallSeconds?: number;
    floorPeakRssBytes?: number;
    cdkResources?: number;
    cdkWallSeconds?: number;
    cdkCpuSeconds?: number;
    cdkPeakRssBytes?: number;
    /** Whole process, eks-irsa / CDK. */
    ratioToCdk?: number;
    /** CPU, eks-irsa (both processes) / CDK. */
    cpuRatioToCdk?: number;
}

/** bench/results.json. */
export interface BenchResults {
    machine: string;
    node: string;
    runs: number;
    rows: BenchRow[];
    growthWall1000over100?: number;
    /** Whole process per resource, t(5000)/t(1000). */
    perResourceWall5000over1000?: number;
    packAlone: { resources: number; analyzeSeconds: number; rulesSeconds: number };
    /** Absent from results written before bench/cliRunner.ts ran in `npm run bench`. */
    cliRunner?: CliRunnerFigures;
    /** The load average (1, 5, 15 minutes) before and after the run. */
    loadAverage?: { before: string; after: string };
    cdk?: string;
}

/** Bytes as `<n> MiB`. */
export const mib = (b: number | undefined): string => (b === undefined ? "-" : `${(b / 1024 / 1024).toFixed(0)} MiB`);
const num = (x: number | undefined): string => (x === undefined ? "-" : String(x));

function table(header: string[], lines: string[][], alignLeft: (column: number) => boolean): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    return [header, ...lines].map((l) => l.map((cell, i) => (alignLeft(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd());
}

/** The synth table beside the floor and CDK, the growth and the pack alone: the lines `npm run bench` prints first. */
export function renderSynthTable(r: BenchResults): string[] {
    const header = ["N", "resources", "program s", "floor s", "×floor", "pack tail s", "whole s", "CPU s", "CDK s", "CDK CPU s", "×CDK", "×CDK CPU", "peak RSS", "pack RSS", "floor RSS", "CDK RSS"];
    const lines = r.rows.map((row) =>
        [row.workloads, row.resources, row.programSeconds, row.floorProgramSeconds, row.ratioToFloor, row.packSeconds, row.wallSeconds, row.cpuSeconds, row.cdkWallSeconds, row.cdkCpuSeconds, row.ratioToCdk, row.cpuRatioToCdk]
            .map(num)
            .concat([mib(row.peakRssBytes), mib(row.packPeakRssBytes), mib(row.floorPeakRssBytes), mib(row.cdkPeakRssBytes)]),
    );
    const out = table(header, lines, () => false);
    if (r.growthWall1000over100 !== undefined) out.push(`growth t(1000)/t(100), whole process: ${r.growthWall1000over100}`);
    if (r.perResourceWall5000over1000 !== undefined) out.push(`per resource, t(5000)/t(1000), whole process: ${r.perResourceWall5000over1000}`);
    const p = r.packAlone;
    out.push(`pack alone: ${p.resources} resources in ${p.analyzeSeconds} s over gRPC (pack already started); its rules alone, called directly: ${p.rulesSeconds} s (medians of ${r.runs})`);
    return out;
}

/** The pack under the CLI's runner beside @pulumi/awsguard. */
export function renderCliRunner(c: CliRunnerFigures, runs: number): string[] {
    const rows: [string, PackFigures][] = [
        ["irsa-guard", c.irsaGuard],
        ["irsa-guard, copied alone", c.irsaGuardAlone],
        ["@pulumi/awsguard 0.3.1", c.awsguard],
        ...(c.emptyPack !== undefined ? [["an empty pack (the runner's floor)", c.emptyPack] as [string, PackFigures]] : []),
    ];
    const header = ["pack", "start s", "start RSS", `requests s (${c.resources} resources)`, "requests CPU s", "peak RSS", "Remediate s", "Remediate CPU s"];
    const lines = rows.map(([name, f]) => [name, String(f.startSeconds), mib(f.startRssBytes), num(f.requestsSeconds), num(f.requestsCpuSeconds), mib(f.peakRssBytes), num(f.remediateSeconds), num(f.remediateCpuSeconds)]);
    const g = c.irsaGuard;
    return [
        `Under the CLI's runner (run-policy-pack, as \`pulumi preview --policy-pack\` starts a pack; medians of ${c.runs ?? runs}${c.loadAverage !== undefined ? `; load average before ${c.loadAverage.before}, after ${c.loadAverage.after}` : ""}):`,
        ...table(header, lines, (i) => i === 0),
        `irsa-guard's rules alone on the same resources: ${g.rulesSeconds} s (${g.rulesCpuSeconds} s CPU); requests / rules: ${g.requestsOverRules} (CPU: ${g.requestsCpuOverRulesCpu})`,
        ...(c.overEmptyPack !== undefined
            ? [`irsa-guard / the empty pack: start-up ${c.overEmptyPack.start}, requests ${c.overEmptyPack.requests} (CPU: ${c.overEmptyPack.requestsCpu}), Remediate CPU ${num(c.overEmptyPack.remediateCpu)}`]
            : []),
    ];
}

/** Issue 23's targets, each with its figure from the run and whether it is met. */
export function renderTargets(r: BenchResults): string[] {
    const at = r.rows.find((row) => row.workloads === 1000);
    const megabytes = (b: number | undefined): number | undefined => (b === undefined ? undefined : Math.round(b / 1048576));
    const g = r.cliRunner?.irsaGuard;
    const a = r.cliRunner?.awsguard;
    const ratio = (x: number | undefined, y: number | undefined): number | undefined => (x === undefined || y === undefined ? undefined : round(x / y));
    const targets: [string, number | undefined, number, string][] = [
        ["synth / CDK, whole process, 1,000 workloads", at?.ratioToCdk, 0.7, "×"],
        ["synth / CDK, CPU, 1,000 workloads", at?.cpuRatioToCdk, 0.7, "×"],
        ["program / floor, 1,000 workloads", at?.ratioToFloor, 1.1, "×"],
        ["synth process peak, 1,000 workloads", megabytes(at?.peakRssBytes), 600, "MiB"],
        ["pack process peak, 1,000 workloads", megabytes(at?.packPeakRssBytes), 300, "MiB"],
        ["growth 100 → 1,000 workloads, whole process", r.growthWall1000over100, 3, "×"],
        ["per resource 1,000 → 5,000 workloads, whole process", r.perResourceWall5000over1000, 1, "×"],
        ["pack requests / awsguard's (CLI runner)", ratio(g?.requestsSeconds, a?.requestsSeconds), 0.8, "×"],
        ["pack requests CPU / awsguard's (CLI runner)", ratio(g?.requestsCpuSeconds, a?.requestsCpuSeconds), 0.8, "×"],
        ["pack requests / its rules alone", g?.requestsOverRules, 2.5, "×"],
        ["pack requests CPU / its rules' CPU", g?.requestsCpuOverRulesCpu, 2.5, "×"],
        ["pack peak under the CLI's runner", megabytes(g?.peakRssBytes), 300, "MiB"],
        // Beside an empty pack under the same runner (bench/emptyPack): what the pack's own code adds to the runner's
        // floor. Start-up "kept where it is" (issue 23: 0.67 s, when the empty pack took 0.61-0.69 s at load 5, so
        // about 1.1 x); requests: the pack's rules on top of the floor's SDK, gRPC and replies, at most half again.
        ["pack start-up / an empty pack's (CLI runner)", r.cliRunner?.overEmptyPack?.start, 1.2, "×"],
        ["pack requests / an empty pack's (CLI runner)", r.cliRunner?.overEmptyPack?.requests, 1.5, "×"],
        ["pack requests CPU / an empty pack's (CLI runner)", r.cliRunner?.overEmptyPack?.requestsCpu, 1.5, "×"],
    ];
    return [
        "Issue 23's targets (figure ≤ target):",
        ...table(
            ["target", "figure", "at most", "met"],
            targets.map(([name, figure, limit, unit]) => [name, figure === undefined ? "-" : `${figure} ${unit}`, `${limit} ${unit}`, figure === undefined ? "-" : figure <= limit ? "yes" : "no"]),
            (i) => i === 0,
        ),
    ];
}
