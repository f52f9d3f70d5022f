/**
 * `npm run bench`: eks-irsa beside AWS CDK and the floor, and how time and memory grow with the number of workloads.
 *
 * For N = 1, 10, 100, 1,000 and 5,000 workloads (each with an inline statement, two typed grants, a ServiceAccount
 * and a Deployment), each side in a fresh process, the sides taking turns in every run (medians over the runs):
 * - eks-irsa: `eks-irsa synth` (stack program under the fake cloud, the whole irsa-guard pack in its own process,
 *   the files written): the whole process timed from outside, the program and the pack's tail from its `--timings`,
 *   its CPU (with the pack process's) and the peak memory of each process;
 * - the floor: `bench/floor`, a program that registers the same resources directly (no validation, no components),
 *   through the same `synth` — the component's overhead is program(N) / floor(N);
 * - AWS CDK (bench/cdk/app.js, aws-cdk-lib installed into bench/cdk on first use): the same workloads synthesized
 *   in CDK's deployable shape, for the sizes of `--cdk-sizes`;
 * then the pack alone over 10,000 resources; then the pack as `pulumi preview --policy-pack` runs it, started through
 * the CLI's runner (`run-policy-pack`) beside `@pulumi/awsguard` 0.3.1 and an empty pack (bench/cliRunner.ts): start-up,
 * in the repository and copied alone, and the engine's requests for the 1,000-workload plan.
 *
 * Prints the tables and the targets of issue 23, and writes bench/results.json. Fails when the floor no longer
 * registers what the component registers. Options: `--runs K` (default 3), `--sizes 1,10,100`, `--cdk-sizes 100,1000`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CliRunnerFigures } from "./cliRunner";
import { workload, stackConfigYaml } from "./generateConfig";
import { BenchResults, BenchRow, renderCliRunner, renderSynthTable, renderTargets } from "./report";
import { cdkOnce, cdkVersion, ensureCdk, Sample, synthOnce } from "./sides";
import { median, round } from "./stats";

const ROOT = path.resolve(__dirname, "..");

function parseOptions(argv: string[]): { runs: number; sizes: number[]; cdkSizes: number[] } {
    const get = (flag: string): string | undefined => {
        const i = argv.indexOf(flag);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const list = (v: string): number[] => (v === "" ? [] : v.split(",").map(Number));
    return {
        runs: Number(get("--runs") ?? 3),
        sizes: list(get("--sizes") ?? "1,10,100,1000,5000"),
        cdkSizes: list(get("--cdk-sizes") ?? "100,1000"),
    };
}

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(" ");

/** Medians of one side's samples (peak memory: the maximum). */
function side(samples: readonly Sample[]): { wall: number; cpu: number; rss: number } {
    return { wall: median(samples.map((s) => s.wallSeconds)), cpu: median(samples.map((s) => s.cpuSeconds)), rss: Math.max(...samples.map((s) => s.peakRssBytes)) };
}

function main(): void {
    const { runs, sizes, cdkSizes } = parseOptions(process.argv.slice(2));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-bench-"));
    // The plans (300–550 MB a run) go when the run ends, however it ends: a failed run's are not kept either.
    process.on("exit", () => fs.rmSync(work, { recursive: true, force: true }));
    if (sizes.some((n) => cdkSizes.includes(n))) ensureCdk();
    const loadBefore = load();
    const rows: BenchRow[] = [];
    for (const n of sizes) {
        const configFile = path.join(work, `Pulumi.bench-${n}.yaml`);
        fs.writeFileSync(configFile, stackConfigYaml(n));
        const workloadsFile = path.join(work, `workloads-${n}.json`);
        fs.writeFileSync(workloadsFile, JSON.stringify(Array.from({ length: n }, (_, i) => workload(i))));
        const product: Sample[] = [];
        const floor: Sample[] = [];
        const cdk: Sample[] = [];
        for (let k = 0; k < runs; k++) {
            process.stderr.write(`… N=${n} run ${k + 1}/${runs} (load ${load()})\n`);
            // Each run into a folder of its own, all deleted at the end (./sides.ts `freshOutDir`: why).
            const run = k === 0 ? "" : `-run${k + 1}`;
            product.push(synthOnce(configFile, ROOT, path.join(work, `out-${n}${run}`)));
            floor.push(synthOnce(configFile, path.join(ROOT, "bench", "floor"), path.join(work, `floor-${n}${run}`)));
            if (cdkSizes.includes(n)) cdk.push(cdkOnce(workloadsFile, path.join(work, `cdk-${n}${run}`)));
        }
        assertSameResources(path.join(work, `out-${n}`), path.join(work, `floor-${n}`));
        const p = side(product);
        const f = side(floor);
        const program = median(product.map((s) => s.programSeconds!));
        const floorProgram = median(floor.map((s) => s.programSeconds!));
        const c = cdk.length > 0 ? side(cdk) : undefined;
        rows.push({
            workloads: n,
            resources: product[0]!.resources,
            floorResources: floor[0]!.resources,
            programSeconds: round(program),
            packSeconds: round(median(product.map((s) => s.packSeconds!))),
            packCpuSeconds: round(median(product.map((s) => s.packCpuSeconds ?? 0))),
            writeSeconds: round(median(product.map((s) => s.writeSeconds!))),
            wallSeconds: round(p.wall),
            cpuSeconds: round(p.cpu),
            floorProgramSeconds: round(floorProgram),
            floorWallSeconds: round(f.wall),
            ratioToFloor: round(program / floorProgram),
            // The component registers more resources than the floor (its own component resources): per resource.
            ratioToFloorPerResource: round(program / product[0]!.resources / (floorProgram / floor[0]!.resources)),
            peakRssBytes: p.rss,
            packPeakRssBytes: Math.max(...product.map((s) => s.packPeakRssBytes ?? 0)),
            floorPeakRssBytes: f.rss,
            ...(c !== undefined
                ? {
                      cdkResources: cdk[0]!.resources,
                      cdkWallSeconds: round(c.wall),
                      cdkCpuSeconds: round(c.cpu),
                      cdkPeakRssBytes: c.rss,
                      ratioToCdk: round(p.wall / c.wall),
                      cpuRatioToCdk: round(p.cpu / c.cpu),
                  }
                : {}),
        });
    }
    const wallOf = (n: number): number | undefined => rows.find((r) => r.workloads === n)?.wallSeconds;
    const perResource = (n: number): number | undefined => {
        const r = rows.find((x) => x.workloads === n);
        return r === undefined ? undefined : r.wallSeconds / r.resources;
    };
    const growth = wallOf(100) !== undefined && wallOf(1000) !== undefined ? round(wallOf(1000)! / wallOf(100)!) : undefined;
    const perResourceGrowth = perResource(1000) !== undefined && perResource(5000) !== undefined ? round(perResource(5000)! / perResource(1000)!) : undefined;

    const packAlone = childJson<{ resources: number; analyzeSeconds: number; rulesSeconds: number }>("packAlone.ts", work, runs);
    const cliRunner = childJson<CliRunnerFigures>("cliRunner.ts", work, runs);
    const results: BenchResults = {
        machine: `${os.cpus().length} cores, ${(os.totalmem() / 1024 / 1024).toFixed(0)} MiB`,
        node: process.version,
        cdk: `aws-cdk-lib ${cdkVersion()}`,
        runs,
        loadAverage: { before: loadBefore, after: load() },
        rows,
        ...(growth !== undefined ? { growthWall1000over100: growth } : {}),
        ...(perResourceGrowth !== undefined ? { perResourceWall5000over1000: perResourceGrowth } : {}),
        packAlone,
        cliRunner,
    };
    fs.writeFileSync(path.join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");

    console.log(`load average (1, 5, 15 min) before: ${loadBefore}, after: ${results.loadAverage!.after}; ${results.machine}; ${results.cdk}`);
    for (const line of [...renderSynthTable(results), "", ...renderCliRunner(cliRunner, runs), "", ...renderTargets(results)]) console.log(line);
    console.log(`results: ${path.relative(process.cwd(), path.join(ROOT, "bench", "results.json"))}`);
}

/** One stack export's custom resources: logical name and type → inputs and dependencies (by logical name). */
function customResources(outDir: string): Map<string, string> {
    const exported = JSON.parse(fs.readFileSync(path.join(outDir, "stack.json"), "utf8")) as {
        deployment: { resources: { urn: string; type: string; custom: boolean; inputs?: unknown; dependencies?: string[] }[] };
    };
    const logical = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);
    return new Map(
        exported.deployment.resources
            .filter((r) => r.custom)
            .map((r) => [`${r.type} ${logical(r.urn)}`, JSON.stringify({ inputs: r.inputs, dependencies: (r.dependencies ?? []).map(logical).sort() })]),
    );
}

/**
 * The floor is only a floor if it registers what the component registers: the same custom resources with the
 * same inputs and dependencies (the component's own component resources aside). Fails the run when they drift.
 */
function assertSameResources(productDir: string, floorDir: string): void {
    const product = customResources(productDir);
    const floor = customResources(floorDir);
    const drift = [...product].filter(([k, v]) => floor.get(k) !== v).map(([k]) => k);
    drift.push(...[...floor.keys()].filter((k) => !product.has(k)));
    if (drift.length > 0) throw new Error(`bench/floor no longer registers what the component registers (${drift.length} differ, e.g. ${drift.slice(0, 3).join("; ")}): update bench/floor/index.ts.`);
}

/** Runs `bench/<script> WORK RUNS` in a process of its own and returns the JSON it prints. */
function childJson<T>(script: string, work: string, runs: number): T {
    const r = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(__dirname, script), work, String(runs)], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 1024 * 1024 * 1024,
        stdio: ["ignore", "pipe", "inherit"],
    });
    if (r.status !== 0) throw new Error(`${script} failed (${r.status})`);
    return JSON.parse(r.stdout) as T;
}

main();
