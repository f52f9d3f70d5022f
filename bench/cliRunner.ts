/**
 * The pack as `pulumi preview --policy-pack ./policy-pack` and `pulumi up` run it: started the way the Pulumi CLI
 * starts a Node.js pack (`@pulumi/pulumi/cmd/run-policy-pack`, its arguments and environment: see
 * synth/analyzer/cliRunner.ts), beside Pulumi's own AWS pack `@pulumi/awsguard` 0.3.1 (bench/awsguard/, all 26
 * policies) and an empty pack (bench/emptyPack/: one policy that reports nothing, the floor of the runner) started
 * the same way in the same run, the packs taking turns.
 *
 * For each pack and run, in a fresh process:
 * - start-up: from spawning the runner to the answer to `GetAnalyzerInfo` (the engine's first call), and the
 *   process's peak memory by then; for irsa-guard in the repository and copied alone with only what its own
 *   package.json installs (tests/helpers/packAlone.ts);
 * - the engine's requests for the largest plan `bench/run.ts` synthesized (1,000 workloads: `Analyze` on each
 *   resource's inputs, 8 in flight, then one `AnalyzeStack` on the outputs), and the peak memory at the end;
 * - then the engine's `Remediate` on each resource (8 in flight), which the engine sends before each `Analyze`:
 *   timed apart, so that the requests' figures stay comparable with earlier runs;
 * and, for irsa-guard, its rules alone on the same resources (every policy's function called directly, as
 * bench/packAlone.ts does): the SDK's and the runner's overhead is requests / rules. Beside the empty pack,
 * irsa-guard's start-up and requests over the empty pack's are what the pack's own code adds to the runner's floor
 * (the SDK, gRPC, decoding the requests and replying).
 *
 * Usage: cliRunner.ts WORKDIR RUNS → prints a JSON object of medians (seconds, bytes). With `--update-results` it
 * also puts them in bench/results.json in place of the last run's (the synth rows stay) and prints the table and
 * the targets, for re-measuring only the packs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnalyzerProcess } from "../synth/analyzer/grpcAnalyzer";
import { analyzeAsEngine, cliRunnerLaunch, engineRequests, remediateAsEngine } from "../synth/analyzer/cliRunner";
import { fromStackExport } from "../synth/analyzer/requests";
import { readStackExport } from "../synth/stackExport";
import { installPackAlone, PACK_DIR } from "../tests/helpers/packAlone";
import { largestPlan, rulesOnce } from "./packAlone";
import { BenchResults, renderCliRunner, renderTargets } from "./report";
import { median, round } from "./stats";
import type { AnalyzedResource } from "../synth/analyzer/requests";

const AWSGUARD_DIR = path.join(__dirname, "awsguard");
const EMPTY_PACK_DIR = path.join(__dirname, "emptyPack");

/** One pack's figures: of one run, or medians over runs (bytes: the maximum). */
export interface PackFigures {
    startSeconds: number;
    startRssBytes: number;
    requestsSeconds?: number;
    /** CPU the pack process spent on the requests (user + system). */
    requestsCpuSeconds?: number;
    peakRssBytes?: number;
    violations?: number;
    /**
     * The engine's `Remediate` calls on the same plan (one per resource, which the engine sends before each
     * `Analyze`), timed after the requests: wall and the pack process's CPU. Absent from older results.
     */
    remediateSeconds?: number;
    remediateCpuSeconds?: number;
}
type Run = PackFigures;

/** What this script prints. */
export interface CliRunnerFigures {
    resources: number;
    irsaGuard: PackFigures & { rulesSeconds: number; rulesCpuSeconds: number; requestsOverRules: number; requestsCpuOverRulesCpu: number };
    irsaGuardAlone: PackFigures;
    awsguard: PackFigures;
    /** Absent from results written before bench/emptyPack ran beside the packs. */
    emptyPack?: PackFigures;
    /** irsa-guard / the empty pack: start-up, requests (wall) and requests' CPU (ratios of the medians). */
    overEmptyPack?: { start: number; requests: number; requestsCpu: number; remediateCpu?: number };
    /** Runs per pack (absent from older results: the bench's `runs`). */
    runs?: number;
    /** The load average (1, 5, 15 minutes) before and after these runs (absent from older results). */
    loadAverage?: { before: string; after: string };
}

async function once(dir: string, resources: readonly AnalyzedResource[] | undefined): Promise<Run> {
    const t0 = performance.now();
    const analyzer = await AnalyzerProcess.launch(cliRunnerLaunch(dir), dir);
    try {
        await analyzer.info();
        const run: Run = { startSeconds: (performance.now() - t0) / 1000, startRssBytes: analyzer.peakRssBytes() ?? 0 };
        if (resources === undefined) return run;
        // The requests are encoded before the clock starts: what is timed is the pack's work (and gRPC's), not this
        // process's encoding, which the engine does in Go.
        const requests = engineRequests(resources);
        const cpu = analyzer.cpuSeconds();
        const t1 = performance.now();
        const violations = await analyzeAsEngine(analyzer, requests);
        const requestsSeconds = (performance.now() - t1) / 1000;
        const requestsCpuSeconds = cpu === undefined ? undefined : analyzer.cpuSeconds()! - cpu;
        const peakRssBytes = analyzer.peakRssBytes() ?? 0;
        const cpu2 = analyzer.cpuSeconds();
        const t2 = performance.now();
        await remediateAsEngine(analyzer, requests);
        const remediateSeconds = (performance.now() - t2) / 1000;
        const remediateCpuSeconds = cpu2 === undefined ? undefined : analyzer.cpuSeconds()! - cpu2;
        return { ...run, requestsSeconds, requestsCpuSeconds, peakRssBytes, violations: violations.length, remediateSeconds, remediateCpuSeconds };
    } finally {
        analyzer.stop();
    }
}

function summary(runs: Run[]): PackFigures {
    const pick = (f: (r: Run) => number | undefined): number[] => runs.map(f).filter((v): v is number => v !== undefined);
    const out: PackFigures = {
        startSeconds: round(median(pick((r) => r.startSeconds))),
        startRssBytes: Math.max(...pick((r) => r.startRssBytes)),
    };
    const requests = pick((r) => r.requestsSeconds);
    if (requests.length > 0) {
        out.requestsSeconds = round(median(requests));
        out.requestsCpuSeconds = round(median(pick((r) => r.requestsCpuSeconds)));
        out.peakRssBytes = Math.max(...pick((r) => r.peakRssBytes));
        out.violations = pick((r) => r.violations)[0]!;
        out.remediateSeconds = round(median(pick((r) => r.remediateSeconds)));
        out.remediateCpuSeconds = round(median(pick((r) => r.remediateCpuSeconds)));
    }
    return out;
}

async function main(): Promise<void> {
    const [work, runsArg] = process.argv.slice(2);
    const runs = Number(runsArg ?? 3);
    const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(" ");
    const loadBefore = load();
    const resources = fromStackExport(readStackExport(largestPlan(work!)).deployment.resources);
    const alone = installPackAlone(path.join(work!, "policy-pack-alone"));
    const packs = { irsaGuard: PACK_DIR, irsaGuardAlone: alone, awsguard: AWSGUARD_DIR, emptyPack: EMPTY_PACK_DIR };
    const samples: Record<keyof typeof packs, Run[]> = { irsaGuard: [], irsaGuardAlone: [], awsguard: [], emptyPack: [] };
    const rules: number[] = [];
    const rulesCpu: number[] = [];
    await rulesOnce(resources); // loads the pack's modules in this process: not part of what is timed
    for (let k = 0; k < runs; k++) {
        process.stderr.write(`… CLI runner, run ${k + 1}/${runs}\n`);
        samples.irsaGuard.push(await once(packs.irsaGuard, resources));
        samples.awsguard.push(await once(packs.awsguard, resources));
        samples.emptyPack.push(await once(packs.emptyPack, resources));
        samples.irsaGuardAlone.push(await once(packs.irsaGuardAlone, undefined));
        const cpu = process.cpuUsage();
        rules.push(await rulesOnce(resources));
        const used = process.cpuUsage(cpu);
        rulesCpu.push((used.user + used.system) / 1e6);
    }
    const irsaGuard = summary(samples.irsaGuard);
    const rulesSeconds = round(median(rules));
    const rulesCpuSeconds = round(median(rulesCpu));
    const empty = summary(samples.emptyPack);
    const figures: CliRunnerFigures = {
        resources: resources.length,
        irsaGuard: {
            ...irsaGuard,
            rulesSeconds,
            rulesCpuSeconds,
            requestsOverRules: round(irsaGuard.requestsSeconds! / rulesSeconds),
            requestsCpuOverRulesCpu: round(irsaGuard.requestsCpuSeconds! / rulesCpuSeconds),
        },
        irsaGuardAlone: summary(samples.irsaGuardAlone),
        awsguard: summary(samples.awsguard),
        emptyPack: empty,
        overEmptyPack: {
            start: round(irsaGuard.startSeconds / empty.startSeconds),
            requests: round(irsaGuard.requestsSeconds! / empty.requestsSeconds!),
            requestsCpu: round(irsaGuard.requestsCpuSeconds! / empty.requestsCpuSeconds!),
            remediateCpu: round(irsaGuard.remediateCpuSeconds! / empty.remediateCpuSeconds!),
        },
        runs,
        loadAverage: { before: loadBefore, after: load() },
    };
    console.log(JSON.stringify(figures));
    if (process.argv.includes("--update-results")) updateResults(figures, runs);
}

/** Puts `figures` in bench/results.json in place of the last run's and prints what `npm run bench` would. */
function updateResults(figures: CliRunnerFigures, runs: number): void {
    const file = path.join(__dirname, "results.json");
    const results = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults;
    results.cliRunner = figures;
    fs.writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
    for (const line of [...renderCliRunner(figures, runs), "", ...renderTargets(results)]) process.stderr.write(line + "\n");
}

if (require.main === module) void main().then(() => process.exit(0));
