/** What `npm run bench` prints: the rows beside the floor and CDK, the pack under the CLI's runner, issue 23's targets. */
import type { CliRunnerFigures, PackFigures } from "./cliRunner";
import { round } from "./stats";

/** One size's medians (seconds; bytes: the maximum over the runs). */
export interface Row {
    workloads: number;
    resources: number;
    floorResources: number;
    programSeconds: number;
    packSeconds: number;
    packCpuSeconds: number;
    writeSeconds: number;
    /** The whole `synth` process, spawn to exit. */
    wallSeconds: number;
    /** CPU of the `synth` process and its pack process. */
    cpuSeconds: number;
    floorProgramSeconds: number;
    floorWallSeconds: number;
    ratioToFloor: number;
    ratioToFloorPerResource: number;
    peakRssBytes: number;
    packPeakRssBytes: number;
    floorPeakRssBytes: number;
    cdkResources?: number;
    cdkWallSeconds?: number;
    cdkCpuSeconds?: number;
    cdkPeakRssBytes?: number;
    /** Whole process, eks-irsa / CDK. */
    ratioToCdk?: number;
    /** CPU, eks-irsa (both processes) / CDK. */
    cpuRatioToCdk?: number;
}

const mib = (b: number | undefined): string => (b === undefined ? "-" : `${(b / 1024 / 1024).toFixed(0)} MiB`);
const num = (x: number | undefined): string => (x === undefined ? "-" : String(x));

function table(header: string[], lines: string[][], firstLeft = false): void {
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    for (const l of [header, ...lines]) console.log(l.map((cell, i) => (firstLeft && i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
}

/** The sizes: eks-irsa's program, pack and whole process beside the floor's and CDK's. */
export function printRows(rows: readonly Row[]): void {
    table(
        ["N", "resources", "program s", "floor s", "×floor", "pack tail s", "whole s", "CPU s", "CDK s", "CDK CPU s", "×CDK", "×CDK CPU", "peak RSS", "pack RSS", "floor RSS", "CDK RSS"],
        rows.map((r) => [
            num(r.workloads),
            num(r.resources),
            num(r.programSeconds),
            num(r.floorProgramSeconds),
            num(r.ratioToFloor),
            num(r.packSeconds),
            num(r.wallSeconds),
            num(r.cpuSeconds),
            num(r.cdkWallSeconds),
            num(r.cdkCpuSeconds),
            num(r.ratioToCdk),
            num(r.cpuRatioToCdk),
            mib(r.peakRssBytes),
            mib(r.packPeakRssBytes),
            mib(r.floorPeakRssBytes),
            mib(r.cdkPeakRssBytes),
        ]),
    );
}

/** The pack under the CLI's runner beside awsguard. */
export function printCliRunner(c: CliRunnerFigures, runs: number): void {
    console.log(`\nUnder the CLI's runner (run-policy-pack, as \`pulumi preview --policy-pack\` starts a pack; medians of ${runs}):`);
    const rows: [string, PackFigures][] = [
        ["irsa-guard", c.irsaGuard],
        ["irsa-guard, copied alone", c.irsaGuardAlone],
        ["@pulumi/awsguard 0.3.1", c.awsguard],
    ];
    table(
        ["pack", "start s", "start RSS", `requests s (${c.resources} resources)`, "requests CPU s", "peak RSS"],
        rows.map(([name, f]) => [name, String(f.startSeconds), mib(f.startRssBytes), num(f.requestsSeconds), num(f.requestsCpuSeconds), mib(f.peakRssBytes)]),
        true,
    );
    const g = c.irsaGuard;
    console.log(`irsa-guard's rules alone on the same resources: ${g.rulesSeconds} s (${g.rulesCpuSeconds} s CPU); requests / rules: ${g.requestsOverRules} (CPU: ${g.requestsCpuOverRulesCpu})`);
}

/** Issue 23's targets, each with its figure from this run. */
export function printTargets(rows: readonly Row[], growth: number | undefined, perResourceGrowth: number | undefined, c: CliRunnerFigures): void {
    const at = rows.find((r) => r.workloads === 1000);
    const g = c.irsaGuard;
    const a = c.awsguard;
    const targets: [string, number | undefined, number, string][] = [
        ["synth / CDK, whole process, 1,000 workloads", at?.ratioToCdk, 0.7, "×"],
        ["synth / CDK, CPU, 1,000 workloads", at?.cpuRatioToCdk, 0.7, "×"],
        ["program / floor, 1,000 workloads", at?.ratioToFloor, 1.1, "×"],
        ["synth process peak, 1,000 workloads", at === undefined ? undefined : Math.round(at.peakRssBytes / 1048576), 600, "MiB"],
        ["pack process peak, 1,000 workloads", at === undefined ? undefined : Math.round(at.packPeakRssBytes / 1048576), 300, "MiB"],
        ["growth 100 → 1,000 workloads, whole process", growth, 3, "×"],
        ["per resource 1,000 → 5,000 workloads, whole process", perResourceGrowth, 1, "×"],
        ["pack requests / awsguard's (CLI runner)", g.requestsSeconds !== undefined && a.requestsSeconds !== undefined ? round(g.requestsSeconds / a.requestsSeconds) : undefined, 0.8, "×"],
        ["pack requests CPU / awsguard's (CLI runner)", g.requestsCpuSeconds !== undefined && a.requestsCpuSeconds !== undefined ? round(g.requestsCpuSeconds / a.requestsCpuSeconds) : undefined, 0.8, "×"],
        ["pack requests / its rules alone", g.requestsOverRules, 2.5, "×"],
        ["pack requests CPU / its rules' CPU", g.requestsCpuOverRulesCpu, 2.5, "×"],
        ["pack peak under the CLI's runner", g.peakRssBytes === undefined ? undefined : Math.round(g.peakRssBytes / 1048576), 300, "MiB"],
    ];
    console.log("\nIssue 23's targets (figure ≤ target):");
    table(
        ["target", "figure", "at most", "met"],
        targets.map(([name, figure, limit, unit]) => [name, figure === undefined ? "-" : `${figure} ${unit}`, `${limit} ${unit}`, figure === undefined ? "-" : figure <= limit ? "yes" : "no"]),
        true,
    );
}
