/**
 * The sides `npm run bench` runs, each in a fresh process, on the same generated workloads: the product
 * (`eks-irsa synth`: the stack program under the fake cloud, the whole irsa-guard pack in its own process, the files
 * written), the floor (`bench/floor` through the same `synth`), and AWS CDK (bench/cdk/app.js: aws-cdk-lib
 * synthesizing the same workloads in its deployable shape, installed into bench/cdk/ on first use).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "scripts", "eks-irsa.js");
/** bench/cdk: its own package.json and lockfile, pinned; not part of the repository's `npm ci`. */
export const CDK_DIR = path.join(__dirname, "cdk");

/** One run of one side. Seconds and bytes. */
export interface Sample {
    /** From spawning the process to its exit, measured here. */
    wallSeconds: number;
    /** CPU (user + system) of the side's processes: for `synth`, its own and its pack process's. */
    cpuSeconds: number;
    /** Peak resident memory of the side's main process. */
    peakRssBytes: number;
    resources: number;
    /** `synth --timings`: the stack program's time. */
    programSeconds?: number;
    /** `synth --timings`: from the end of the program to the pack's report. */
    packSeconds?: number;
    writeSeconds?: number;
    packCpuSeconds?: number;
    packPeakRssBytes?: number;
}

interface SynthTimings {
    programSeconds: number;
    packSeconds: number;
    writeSeconds: number;
    peakRssBytes: number;
    cpuSeconds: number;
    packPeakRssBytes?: number;
    packCpuSeconds?: number;
}

function run(args: string[], cwd: string): { stdout: string; wallSeconds: number; status: number | null; stderr: string } {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status, wallSeconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/**
 * A new output folder for one run: it must not exist. Runs never write into (or right after deleting) an earlier
 * run's folder: on a file system without a journal (this bench machine's ext4), the kernel skips every inode freed in
 * the last 60 s (360 s while its inode table block is dirty) when it allocates one (fs/ext4/ialloc.c,
 * `find_inode_bit` and `recently_deleted`: https://github.com/torvalds/linux/blob/master/fs/ext4/ialloc.c), so
 * 4,000 files created just after 4,000 were deleted took 1.9–2.7 s of system CPU instead of 0.15–0.2 s (`perf`:
 * 60 % of it in `recently_deleted`), and the figure measured the previous run's cleanup. `bench/run.ts` deletes
 * every run's folder once, at the end.
 */
function freshOutDir(outDir: string): string {
    if (fs.existsSync(outDir)) throw new Error(`${outDir} exists: each run writes into a new folder`);
    return outDir;
}

/** One `synth --json --timings` of `project` in a fresh process, into a new output folder (a first run's writes). */
export function synthOnce(configFile: string, project: string, outDir: string): Sample {
    freshOutDir(outDir);
    const r = run([CLI, "synth", "--config", configFile, "--project", project, "--out", outDir, "--json", "--timings"], ROOT);
    if (r.status !== 0 && r.status !== 1) throw new Error(`synth failed (${r.status}) for ${configFile}:\n${r.stderr}`);
    const out = JSON.parse(r.stdout) as { resources: number; timings: SynthTimings };
    const t = out.timings;
    return {
        wallSeconds: r.wallSeconds,
        cpuSeconds: t.cpuSeconds + (t.packCpuSeconds ?? 0),
        peakRssBytes: t.peakRssBytes,
        resources: out.resources,
        programSeconds: t.programSeconds,
        packSeconds: t.packSeconds,
        writeSeconds: t.writeSeconds,
        ...(t.packCpuSeconds !== undefined ? { packCpuSeconds: t.packCpuSeconds } : {}),
        ...(t.packPeakRssBytes !== undefined ? { packPeakRssBytes: t.packPeakRssBytes } : {}),
    };
}

/** One CDK synth of the workloads in `workloadsFile` (JSON) into a new `outDir`, in a fresh process. */
export function cdkOnce(workloadsFile: string, outDir: string): Sample {
    freshOutDir(outDir);
    const r = run([path.join(CDK_DIR, "app.js"), workloadsFile, outDir], CDK_DIR);
    if (r.status !== 0) throw new Error(`CDK synth failed (${r.status}) for ${workloadsFile}:\n${r.stderr}`);
    const out = JSON.parse(r.stdout) as { resources: number; cpuSeconds: number; peakRssBytes: number };
    return { wallSeconds: r.wallSeconds, cpuSeconds: out.cpuSeconds, peakRssBytes: out.peakRssBytes, resources: out.resources };
}

/** The pinned aws-cdk-lib version bench/cdk/package.json asks for. */
export function cdkVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(CDK_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["aws-cdk-lib"]!;
}

/** Installs bench/cdk's pinned packages (`npm ci` from its lockfile) unless they are there already. */
export function ensureCdk(): void {
    try {
        const installed = JSON.parse(fs.readFileSync(path.join(CDK_DIR, "node_modules", "aws-cdk-lib", "package.json"), "utf8")) as { version: string };
        if (installed.version === cdkVersion()) return;
    } catch {
        // not installed yet
    }
    process.stderr.write(`… installing aws-cdk-lib ${cdkVersion()} into bench/cdk (once)\n`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: CDK_DIR, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error(`npm ci in ${CDK_DIR} failed (${r.status})`);
}
