/**
 * The text `npm run bench` prints from its results (bench/results.json), and that `npm run docs` renders into
 * docs/performance.md: one function, so the page shows exactly what the last run printed.
 */
import type { CliRunnerFigures, PackFigures } from "./cliRunner";

/** One row of bench/results.json: medians for N workloads. */
export interface BenchRow {
    workloads: number;
    resources: number;
    programSeconds: number;
    packSeconds: number;
    packCpuSeconds: number;
    writeSeconds: number;
    wallSeconds: number;
    floorProgramSeconds: number;
    ratioToFloor: number;
    /** program / floor, each per resource registered. */
    ratioToFloorPerResource: number;
    peakRssBytes: number;
    packPeakRssBytes: number;
}

/** bench/results.json. */
export interface BenchResults {
    machine: string;
    node: string;
    runs: number;
    rows: BenchRow[];
    growthWall1000over100?: number;
    packAlone: { resources: number; analyzeSeconds: number; rulesSeconds: number };
    /** Absent from results written before bench/cliRunner.ts ran in `npm run bench`. */
    cliRunner?: CliRunnerFigures;
}

/** Bytes as `<n> MiB`. */
export const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;

function table(header: string[], lines: string[][], alignLeft: (column: number) => boolean): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    return [header, ...lines].map((l) => l.map((cell, i) => (alignLeft(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd());
}

/** The synth table, the growth and the pack alone: the lines `npm run bench` prints first. */
export function renderSynthTable(r: BenchResults): string[] {
    const header = ["N", "resources", "program s", "pack tail s", "pack CPU s", "write s", "whole s", "floor s", "×floor", "peak RSS", "pack RSS"];
    const lines = r.rows.map((row) =>
        [row.workloads, row.resources, row.programSeconds, row.packSeconds, row.packCpuSeconds, row.writeSeconds, row.wallSeconds, row.floorProgramSeconds, row.ratioToFloor]
            .map(String)
            .concat([mib(row.peakRssBytes), mib(row.packPeakRssBytes)]),
    );
    const out = table(header, lines, () => false);
    if (r.growthWall1000over100 !== undefined) out.push(`growth t(1000)/t(100), whole process: ${r.growthWall1000over100}`);
    const p = r.packAlone;
    out.push(`pack alone: ${p.resources} resources in ${p.analyzeSeconds} s over gRPC (pack already started); its rules alone, called directly: ${p.rulesSeconds} s (medians of ${r.runs})`);
    return out;
}

/** The pack under the CLI's runner beside @pulumi/awsguard: what `npm run bench` prints last. */
export function renderCliRunner(c: CliRunnerFigures, runs: number): string[] {
    const rows: [string, PackFigures][] = [
        ["irsa-guard", c.irsaGuard],
        ["irsa-guard, copied alone", c.irsaGuardAlone],
        ["@pulumi/awsguard 0.3.1", c.awsguard],
    ];
    const header = ["pack", "start s", "start RSS", `requests s (${c.resources} resources)`, "requests CPU s", "peak RSS"];
    const lines = rows.map(([name, f]) => [
        name,
        String(f.startSeconds),
        mib(f.startRssBytes),
        f.requestsSeconds === undefined ? "-" : String(f.requestsSeconds),
        f.requestsCpuSeconds === undefined ? "-" : String(f.requestsCpuSeconds),
        f.peakRssBytes === undefined ? "-" : mib(f.peakRssBytes),
    ]);
    const g = c.irsaGuard;
    return [
        `Under the CLI's runner (run-policy-pack, as \`pulumi preview --policy-pack\` starts a pack; medians of ${runs}):`,
        ...table(header, lines, (i) => i === 0),
        `irsa-guard's rules alone on the same resources: ${g.rulesSeconds} s (${g.rulesCpuSeconds} s CPU); requests / rules: ${g.requestsOverRules} (CPU: ${g.requestsCpuOverRulesCpu})`,
    ];
}
