/**
 * `npm run bench`: how plan time and memory grow with the number of workloads.
 *
 * For N = 1, 10, 100, 1000 workloads (each with an inline statement, two typed grants, a ServiceAccount and a
 * Deployment) it runs, each in a fresh process, at least three times (median):
 * - the product path: `eks-irsa synth` (stack program under the fake cloud, then the whole irsa-guard pack
 *   over gRPC), timing the program and the pack separately and the whole process from outside;
 * - the floor: `bench/floor`, a program that registers the same resources directly (no validation, no
 *   components), timed the same way — the component's overhead is program(N) / floor(N);
 * then the pack alone over 10,000 resources; then the pack as `pulumi preview --policy-pack` runs it, started through
 * the CLI's runner (`run-policy-pack`) beside `@pulumi/awsguard` 0.3.1 (bench/cliRunner.ts): start-up, in the repository
 * and copied alone, and the engine's requests for the largest plan.
 *
 * Prints a table and writes bench/results.json. Options: `--runs K` (default 3), `--sizes 1,10,100`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CliRunnerFigures } from "./cliRunner";
import { BenchResults, BenchRow, mib, renderCliRunner, renderSynthTable } from "./report";
import { stackConfigYaml } from "./generateConfig";
import { median, round } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "scripts", "eks-irsa.js");

interface Timings {
    programSeconds: number;
    /** The pack's tail: from the end of the program to its report (it analyzes resources during the program too). */
    packSeconds: number;
    /** From the end of the program to the last file written (overlaps the pack's tail). */
    writeSeconds: number;
    peakRssBytes: number;
    packPeakRssBytes?: number;
    /** CPU the pack process used in all, seconds. */
    packCpuSeconds?: number;
}

interface Sample {
    wallSeconds: number;
    resources: number;
    timings: Timings;
}

/** One `synth --json --timings` run in a fresh process, into an empty output folder (a first run's writes). */
function synthOnce(configFile: string, project: string, outDir: string): Sample {
    fs.rmSync(outDir, { recursive: true, force: true });
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, "synth", "--config", configFile, "--project", project, "--out", outDir, "--json", "--timings"], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 1024 * 1024 * 1024,
    });
    const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0 && r.status !== 1) throw new Error(`synth failed (${r.status}) for ${configFile}:\n${r.stderr}`);
    const out = JSON.parse(r.stdout) as { resources: number; timings: Timings };
    return { wallSeconds, resources: out.resources, timings: out.timings };
}

function parseOptions(argv: string[]): { runs: number; sizes: number[] } {
    const get = (flag: string): string | undefined => {
        const i = argv.indexOf(flag);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    return {
        runs: Number(get("--runs") ?? 3),
        sizes: (get("--sizes") ?? "1,10,100,1000").split(",").map(Number),
    };
}


function main(): void {
    const { runs, sizes } = parseOptions(process.argv.slice(2));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-bench-"));
    const rows: Record<string, unknown>[] = [];
    const medians = new Map<number, number>();
    for (const n of sizes) {
        const configFile = path.join(work, `Pulumi.bench-${n}.yaml`);
        fs.writeFileSync(configFile, stackConfigYaml(n));
        const product: Sample[] = [];
        const floor: Sample[] = [];
        for (let k = 0; k < runs; k++) {
            process.stderr.write(`… N=${n} run ${k + 1}/${runs}\n`);
            product.push(synthOnce(configFile, ROOT, path.join(work, `out-${n}`)));
            floor.push(synthOnce(configFile, path.join(ROOT, "bench", "floor"), path.join(work, `floor-${n}`)));
        }
        assertSameResources(path.join(work, `out-${n}`), path.join(work, `floor-${n}`));
        const program = median(product.map((s) => s.timings.programSeconds));
        const pack = median(product.map((s) => s.timings.packSeconds));
        const write = median(product.map((s) => s.timings.writeSeconds));
        const wall = median(product.map((s) => s.wallSeconds));
        const floorProgram = median(floor.map((s) => s.timings.programSeconds));
        medians.set(n, wall);
        rows.push({
            workloads: n,
            resources: product[0]!.resources,
            floorResources: floor[0]!.resources,
            programSeconds: round(program),
            packSeconds: round(pack),
            packCpuSeconds: round(median(product.map((s) => s.timings.packCpuSeconds ?? 0))),
            writeSeconds: round(write),
            wallSeconds: round(wall),
            floorProgramSeconds: round(floorProgram),
            ratioToFloor: round(program / floorProgram),
            // The component registers more resources than the floor (its own component resources): per resource.
            ratioToFloorPerResource: round(program / product[0]!.resources / (floorProgram / floor[0]!.resources)),
            peakRssBytes: Math.max(...product.map((s) => s.timings.peakRssBytes)),
            packPeakRssBytes: Math.max(...product.map((s) => s.timings.packPeakRssBytes ?? 0)),
        });
    }
    const growth = medians.has(100) && medians.has(1000) ? round(medians.get(1000)! / medians.get(100)!) : undefined;

    const packAlone = packAloneRun(work, runs);
    const cliRunner = childJson<CliRunnerFigures>("cliRunner.ts", work, runs);
    const results = { machine: `${os.cpus().length} cores, ${mib(os.totalmem())}`, node: process.version, runs, rows, growthWall1000over100: growth, packAlone, cliRunner };
    fs.writeFileSync(path.join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");

    const report: BenchResults = { machine: results.machine, node: results.node, runs, rows: rows as unknown as BenchRow[], packAlone, cliRunner, ...(growth !== undefined ? { growthWall1000over100: growth } : {}) };
    for (const line of renderSynthTable(report)) console.log(line);
    console.log("");
    for (const line of renderCliRunner(cliRunner, runs)) console.log(line);
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

/** The pack alone over 10,000 resources: a synthesized 1,000-workload plan, replicated with fresh URNs. */
function packAloneRun(work: string, runs: number): { resources: number; analyzeSeconds: number; rulesSeconds: number } {
    return childJson("packAlone.ts", work, runs);
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
