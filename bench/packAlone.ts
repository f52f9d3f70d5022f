/**
 * The pack alone over 10,000 resources, timed from the first `Analyze` to the `AnalyzeStack` answer
 * (the pack process is started and configured first, as the engine does before a preview).
 * Input: the largest plan `bench/run.ts` synthesized, replicated with renamed workloads to 10,000 resources.
 * Also times the pack's rules alone: every policy's validate function called directly on the same resources, as
 * tests/helpers/policyHarness.ts calls them (no policy SDK server, no gRPC, no request decoding): what the pack's
 * own code costs, in `pulumi preview` as here.
 * Usage: packAlone.ts WORKDIR RUNS → prints `{ resources, analyzeSeconds, rulesSeconds }` (medians).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { AnalyzerProcess } from "../synth/analyzer/grpcAnalyzer";
import { describePolicies, loadPack } from "../synth/analyzer/inProcess";
import { resolvePackConfig } from "../synth/analyzer/packConfig";
import { AnalyzedResource, fromStackExport, isAnalyzed } from "../synth/analyzer/requests";
import { PolicyNotApplicable, runResourcePolicy, runStackPolicy } from "../tests/helpers/policyHarness";
import { readStackExport } from "../synth/stackExport";
import { median, round } from "./stats";

const TARGET = 10_000;
const PACK_DIR = path.resolve(__dirname, "..", "policy-pack");

/** Seconds to run every policy of the pack, with its default config, on `resources` (inputs; outputs for stack policies). */
export async function rulesOnce(resources: readonly AnalyzedResource[]): Promise<number> {
    const pack = loadPack(PACK_DIR);
    const config = resolvePackConfig(describePolicies(pack), undefined);
    const targets = resources.filter(isAnalyzed);
    const inputs = targets.map((r) => ({ type: r.type, props: r.inputs, urn: r.urn, name: r.name }));
    const outputs = targets.map((r) => ({ type: r.type, props: r.outputs, urn: r.urn, name: r.name }));
    // As in the offline pack process (scripts/pack-offline.js): not-applicable errors take no stack trace.
    Error.stackTraceLimit = 0;
    const t = performance.now();
    for (const p of pack.policies) {
        const properties = config.get(p.name)?.properties ?? {};
        if ("validateStack" in p) {
            await runStackPolicy(p as StackValidationPolicy, outputs, properties);
            continue;
        }
        // The SDK's fast path: a single validation typed for one resource type is not called on the others.
        const v = (p as ResourceValidationPolicy).validateResource;
        const only = Array.isArray(v) ? undefined : (v as { __pulumiType?: string } | undefined)?.__pulumiType;
        for (const r of inputs) {
            if (only !== undefined && only !== r.type) continue;
            try {
                await runResourcePolicy(p as ResourceValidationPolicy, r, properties);
            } catch (e) {
                if (!(e instanceof PolicyNotApplicable)) throw e;
            }
        }
    }
    return (performance.now() - t) / 1000;
}

/** The 1,000-workload plan `bench/run.ts` synthesized in `work` (issue 23's figures are for it), else the largest. */
export function largestPlan(work: string): string {
    const dirs = fs
        .readdirSync(work)
        .filter((d) => /^out-\d+$/.test(d))
        .sort((a, b) => (a === "out-1000" ? -1 : b === "out-1000" ? 1 : Number(b.slice(4)) - Number(a.slice(4))));
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
    const rules: number[] = [];
    for (let i = 0; i < Number(runsArg ?? 3); i++) rules.push(await rulesOnce(resources));
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
    console.log(JSON.stringify({ resources: resources.length, analyzeSeconds: round(median(times)), rulesSeconds: round(median(rules)) }));
}

if (require.main === module) void main().then(() => process.exit(0));
