/**
 * The pack alone over 10,000 resources, timed from the first `Analyze` to the `AnalyzeStack` answer
 * (the pack process is started and configured first, as the engine does before a preview).
 * Input: the largest plan `bench/run.ts` synthesized, replicated with renamed workloads to 10,000 resources.
 * Usage: packAlone.ts WORKDIR RUNS → prints `{ resources, analyzeSeconds }` (median).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalyzerProcess } from "../synth/analyzer/grpcAnalyzer";
import { resolvePackConfig } from "../synth/analyzer/packConfig";
import { AnalyzedResource, fromStackExport } from "../synth/analyzer/requests";
import { readStackExport } from "../synth/stackExport";

const TARGET = 10_000;

function largestPlan(work: string): string {
    const dirs = fs.readdirSync(work).filter((d) => /^out-\d+$/.test(d)).sort((a, b) => Number(b.slice(4)) - Number(a.slice(4)));
    if (dirs[0] === undefined) throw new Error(`no synthesized plan in ${work}: run bench/run.ts`);
    return path.join(work, dirs[0], "stack.json");
}

/** `base` repeated with workload names made unique per copy, cut to `TARGET` resources. */
function replicate(base: AnalyzedResource[]): AnalyzedResource[] {
    const text = JSON.stringify(base);
    const out: AnalyzedResource[] = [];
    for (let k = 0; out.length < TARGET; k++) {
        const copy = JSON.parse(k === 0 ? text : text.replace(/svc-(\d+)/g, `svc-$1-c${k}`)) as AnalyzedResource[];
        out.push(...(k === 0 ? copy : copy.filter((r) => /svc-\d+-c/.test(r.urn))));
    }
    return out.slice(0, TARGET);
}

async function main(): Promise<void> {
    const [work, runsArg] = process.argv.slice(2);
    const resources = replicate(fromStackExport(readStackExport(largestPlan(work!)).deployment.resources));
    const times: number[] = [];
    for (let i = 0; i < Number(runsArg ?? 3); i++) {
        const analyzer = await AnalyzerProcess.start(path.resolve(__dirname, "..", "policy-pack"));
        try {
            const info = await analyzer.info();
            await analyzer.configure(resolvePackConfig(info.policies, undefined));
            const t = performance.now();
            await analyzer.analyze(resources);
            times.push((performance.now() - t) / 1000);
        } finally {
            analyzer.stop();
        }
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ resources: resources.length, analyzeSeconds: Math.round(times[Math.floor(times.length / 2)]! * 1000) / 1000 }));
}

void main().then(() => process.exit(0));
