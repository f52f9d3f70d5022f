/**
 * `eks-irsa synth` and `eks-irsa check`: see and police a whole plan with no AWS account and no Pulumi CLI.
 *
 *   synth [--stack NAME | --config FILE] [--out DIR] [--policy-pack-config FILE] [--policy-pack DIR] [--project DIR] [--json] [--timings] [--in-process] [--preview]
 *   check FILE [--policy-pack-config FILE] [--policy-pack DIR] [--json] [--in-process]
 *   diff BASE HEAD [--markdown | --json] [--policy-pack-config FILE] [--policy-pack DIR] [--in-process]   (see ./diff/command)
 *   --help, <command> --help: every flag (./help)
 *
 * `--preview` plans as `pulumi preview` of a new stack does: what the cloud assigns (ARNs, ids, a created cluster's
 * issuer) is unknown, and the pack reports a rule that needs such a value as an advisory "can't run … during
 * preview" instead of deciding it.
 * `--timings` adds seconds per phase and peak memory to the report (to the `--json` summary: what `npm run bench`
 * reads). `--in-process` runs the policy pack inside this process instead of as its own analyzer process.
 *
 * Exit codes: 0 clean or advisory only; 1 mandatory violations; 2 invalid input (config, arguments, files).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fromStackExport, AnalyzedResource, toAnalyzed } from "./analyzer/requests";
import type { PackReport, Violation } from "./analyzer/grpcAnalyzer";
import { StreamingPackRun } from "./analyzer/streaming";
import { auditRoles } from "./audit";
import { renderIamFiles } from "./render/iamFiles";
import { renderManifests } from "./render/manifests";
import { renderAuditTable, renderTree, renderViolations } from "./report/text";
import { helpRequest, helpText, USAGE } from "./help";
import { readManifest, removeStale, writeManifest } from "./outputManifest";
import { deferClosureModules } from "./lazySdkModules";
import { OutputWriter } from "./outputWriter";
import { loadStackConfig } from "./stackConfig";
import { projectProgram } from "./yamlProgram";
import { ExportedResource, readStackExport, StackExport, StackExportWriter, toStackExport } from "./stackExport";

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, violations: 1, invalid: 2 } as const;

/** An input problem: printed as is, exit code 2, nothing written. */
export class UsageError extends Error {}

interface Args {
    command: "synth" | "check" | "diff";
    file?: string;
    /** `diff`: BASE and HEAD. */
    sides: string[];
    /** `diff --markdown`: the report as a pull-request comment. */
    markdown: boolean;
    stack?: string;
    config?: string;
    out?: string;
    packConfig?: string;
    pack?: string;
    project: string;
    json: boolean;
    /** Add `timings` (seconds per phase, peak memory) to the `--json` summary. */
    timings: boolean;
    /** `synth`: plan as `pulumi preview` of a new stack (outputs of resources to create unknown). */
    preview: boolean;
    /** Run the pack in this process through the SDK's handlers instead of as its own gRPC analyzer process. */
    inProcess: boolean;
}

const VALUE_FLAGS: Record<string, keyof Args> = {
    "--stack": "stack",
    "--config": "config",
    "--out": "out",
    "--policy-pack-config": "packConfig",
    "--policy-pack": "pack",
    "--project": "project",
};

/** Parses the command line; every problem is a {@link UsageError} naming the argument. */
export function parseArgs(argv: readonly string[]): Args {
    const [command, ...rest] = argv;
    if (command !== "synth" && command !== "check" && command !== "diff") throw new UsageError(`command ${JSON.stringify(command ?? "")} is not known: use "synth", "check" or "diff".\n${USAGE}`);
    const args: Args = { command, sides: [], markdown: false, project: process.cwd(), json: false, timings: false, preview: false, inProcess: false };
    for (let i = 0; i < rest.length; i++) {
        const a = rest[i]!;
        const key = VALUE_FLAGS[a];
        if (a === "--json") args.json = true;
        else if (a === "--timings") args.timings = true;
        else if (a === "--preview" && command === "synth") args.preview = true;
        else if (a === "--in-process") args.inProcess = true;
        else if (a === "--markdown" && command === "diff") args.markdown = true;
        else if (key !== undefined) {
            const v = rest[++i];
            if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value.\n${USAGE}`);
            (args as unknown as Record<string, unknown>)[key] = v;
        } else if (!a.startsWith("--") && command === "check" && args.file === undefined) args.file = a;
        else if (!a.startsWith("--") && command === "diff" && args.sides.length < 2) args.sides.push(a);
        else throw new UsageError(`argument ${JSON.stringify(a)} is not known to "${command}".\n${USAGE}`);
    }
    if (command === "check" && args.file === undefined) throw new UsageError(`check needs the stack export FILE (pulumi stack export > stack.json).\n${USAGE}`);
    if (command === "diff" && args.sides.length < 2) throw new UsageError(`diff needs BASE and HEAD (synth output folders or "pulumi stack export" files).\n${USAGE}`);
    if (args.markdown && args.json) throw new UsageError(`--markdown and --json both given: use one.\n${USAGE}`);
    if (args.stack !== undefined && args.config !== undefined) throw new UsageError(`--stack and --config both given: use one.\n${USAGE}`);
    if (args.timings && command !== "synth") throw new UsageError(`--timings is not known to "${command}": it times synth's phases.\n${USAGE}`);
    return args;
}

/** The `policy-pack/` folder shipped next to this file (source or compiled layout). */
function defaultPackDir(): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const candidate = path.join(dir, "policy-pack");
        if (fs.existsSync(path.join(candidate, "PulumiPolicy.yaml"))) return candidate;
    }
    throw new UsageError("the irsa-guard policy pack was not found next to this package: pass --policy-pack DIR.");
}

function readPackConfig(file: string | undefined): unknown {
    if (file === undefined) return undefined;
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    } catch (e) {
        throw new UsageError(`--policy-pack-config ${file} cannot be read as JSON: ${(e as Error).message}.`);
    }
}

function progress(json: boolean, text: string): void {
    if (!json && process.stderr.isTTY !== false) process.stderr.write(`… ${text}\n`);
}

function summary(report: PackReport, resources: number): { violations: Violation[]; resources: number } {
    return {
        violations: report.violations.map((v) => ({ policyName: v.policyName, enforcementLevel: v.enforcementLevel, urn: v.urn, message: v.message })),
        resources,
    };
}

function exitCodeFor(violations: readonly Violation[]): number {
    return violations.some((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate") ? EXIT.violations : EXIT.ok;
}

/**
 * Runs the pack as `pulumi preview` does (its own process, gRPC; `streaming` when it was fed during the program),
 * or in-process with `--in-process`. When the pack process cannot start, says so and falls back to in-process.
 */
async function runPack(args: Args, packDir: string, resources: readonly AnalyzedResource[], packConfig: unknown, streaming?: StreamingPackRun): Promise<PackReport> {
    // Loaded when used: the policy SDK and the gRPC client cost a second of start-up that `synth` does not need
    // (its pack runs from a worker thread, see ./analyzer/streaming).
    const inProcess = async (): Promise<PackReport> => (await import("./analyzer/inProcess")).runPolicyPackInProcess(packDir, resources, packConfig);
    if (args.inProcess) return inProcess();
    try {
        return await (streaming !== undefined ? streaming.finish(resources) : (await import("./analyzer/grpcAnalyzer")).runPolicyPack(packDir, resources, packConfig));
    } catch (e) {
        if (!/exited with code|spawn/.test((e as Error).message)) throw e;
        process.stderr.write(`warning: ${(e as Error).message.split("\n")[0]}; running the pack in-process instead.\n`);
        return inProcess();
    }
}

/** Builds the plan offline, writes it out, runs the pack; returns the exit code. */
async function synth(args: Args, print: (s: string) => void): Promise<number> {
    const projectDir = path.resolve(args.project);
    const packDir = path.resolve(args.pack ?? defaultPackDir());
    const packConfig = readPackConfig(args.packConfig);
    const config = loadStackConfig(projectDir, { ...(args.stack !== undefined ? { stack: args.stack } : {}), ...(args.config !== undefined ? { configFile: args.config } : {}) });
    if (config.config["aws:region"] === undefined) {
        // The fake cloud would have to guess a region, and the plan's ARNs and EKS issuer would name a region the
        // stack does not use; `pulumi up` takes the region from aws:region (or the AWS_REGION environment).
        throw new UsageError(
            `${config.file} has no aws:region: set the stack's region (pulumi config set aws:region <region>, e.g. us-west-2); every ARN and the cluster's OIDC issuer name it.`,
        );
    }
    const { label, program } = projectProgram(projectDir);
    // The pack boots while the program runs and analyzes each resource as it registers, as in `pulumi preview`:
    // the pack process works on one core while the program runs on the other. It starts with the first resource
    // after the stack itself, so a program that fails before it registers anything (an invalid config) never starts
    // a pack process (about 0.75 s of CPU for nothing).
    const pack: { streaming?: StreamingPackRun } = {};
    const t0 = performance.now();
    let exported: StackExport;
    try {
        progress(args.json, `running ${label} for stack ${config.stack} (${path.relative(process.cwd(), config.file)})`);
        const { runProgram } = await import("./runProgram");
        const writer = new StackExportWriter({ project: config.project, stack: config.stack, streaming: true });
        // Provider resources by URN: what a resource's provider reference is resolved against.
        const providers = new Map<string, ExportedResource>();
        const onRegister =
            !args.inProcess &&
            ((rec: Parameters<StackExportWriter["add"]>[0]): void => {
                for (const e of writer.add(rec)) {
                    if (e.type.startsWith("pulumi:providers:")) providers.set(e.urn, e);
                    // The stack resource is never analyzed (`isAnalyzed`): it neither starts the pack nor goes to it.
                    if (e.type === "pulumi:pulumi:Stack") continue;
                    (pack.streaming ??= new StreamingPackRun(packDir, packConfig)).add(toAnalyzed(e, (urn) => providers.get(urn)));
                }
            });
        const run = await runProgram({ program, config, preview: args.preview, ...(onRegister ? { onRegister } : {}) });
        exported = toStackExport(run.resources, { project: run.project, stack: run.stack, time: "1970-01-01T00:00:00Z" });
    } catch (e) {
        pack.streaming?.abort();
        throw new UsageError(programErrorMessage(e));
    }
    const streaming = pack.streaming;
    // One full collection between the phases: the program leaves hundreds of MB of garbage and what follows (the
    // requests, the manifests, the files) allocates as much again; collecting first keeps the peak lower (after the
    // AnalyzeStack request was posted instead, the peak was 30–40 MB higher for no measurable gain in time). `gc`
    // exists when node runs with --expose-gc (scripts/node-flags.js); elsewhere this does nothing.
    (globalThis as { gc?: () => void }).gc?.();
    const t1 = performance.now();
    const resources = fromStackExport(exported.deployment.resources);
    progress(args.json, `${exported.deployment.resources.length} resources planned; running policy pack ${path.relative(process.cwd(), packDir) || packDir}`);
    // The pack finishes (AnalyzeStack) in its process while this one renders and writes the files: its request is
    // posted first, so the pack starts on it at once.
    let t2 = t1;
    const packing = runPack(args, packDir, resources, packConfig, streaming).then((r) => {
        t2 = performance.now();
        return r;
    });
    packing.catch(() => undefined);
    const outDir = path.resolve(args.out ?? path.join("out", config.stack));
    // Each file is written in the background as soon as it is rendered (./outputWriter): the main thread renders the
    // next ones meanwhile.
    const files = new OutputWriter(outDir);
    files.write("stack.json", JSON.stringify(exported, null, 2) + "\n");
    const audits = auditRoles(resources);
    for (const f of renderIamFiles(audits)) files.write(f.file, JSON.stringify(f.document, null, 2) + "\n");
    const manifests = renderManifests(resources);
    for (const m of manifests) files.write(m.file, m.yaml);
    let t3 = t1;
    const [report] = await Promise.all([
        packing,
        files.finish().then(() => {
            t3 = performance.now();
        }),
    ]);
    const schemaViolations: Violation[] = manifests.flatMap((m) => m.problems.map((message) => ({ policyName: "kubernetes-schema", enforcementLevel: "mandatory" as const, urn: "", message })));
    report.violations.push(...schemaViolations);
    const json = summary(report, exported.deployment.resources.length);
    files.write("policy-report.json", JSON.stringify({ pack: `${report.packName}@${report.packVersion}`, ...json }, null, 2) + "\n");
    await files.finish();
    const written = files.written;
    // Only what the previous run listed and this one did not write: never a file of someone else's.
    removeStale(outDir, readManifest(outDir), written);
    writeManifest(outDir, written);

    const timings = {
        programSeconds: (t1 - t0) / 1000,
        /** From the end of the program to the pack's report (the pack analyzed resources during the program too). */
        packSeconds: (t2 - t1) / 1000,
        /** From the end of the program to the last file written (while the pack finishes). */
        writeSeconds: (t3 - t1) / 1000,
        totalSeconds: (performance.now() - t0) / 1000,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        /** CPU this process used (user + system), the pack process's aside. */
        cpuSeconds: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage()),
        ...(report.packPeakRssBytes !== undefined ? { packPeakRssBytes: report.packPeakRssBytes } : {}),
        ...(report.packCpuSeconds !== undefined ? { packCpuSeconds: report.packCpuSeconds } : {}),
    };
    if (args.json) print(JSON.stringify(args.timings ? { ...json, timings } : json, null, 2));
    else {
        print(humanReport(resources, report, `Wrote ${path.relative(process.cwd(), outDir) || outDir}/ (stack.json, iam/, k8s/, policy-report.json).`));
        if (args.timings) print(["", "Timings", ...renderTimings(timings)].join("\n"));
    }
    return exitCodeFor(report.violations);
}

/** The `--timings` figures as text lines: seconds per phase, then peak memory in MiB and the pack's CPU time. */
export function renderTimings(timings: Record<string, number>): string[] {
    return Object.entries(timings).map(([name, value]) =>
        name.endsWith("Bytes") ? `${name.replace(/Bytes$/, "")}: ${(value / 2 ** 20).toFixed(0)} MiB` : `${name.replace(/Seconds$/, "")}: ${value.toFixed(2)} s`,
    );
}

/**
 * What the program's error says, without what the SDK adds on the way: an invalid config is listed as its problems
 * (an `IrsaConfigError` thrown while an output resolves reaches here as `error serializing property "…": …`).
 */
export function programErrorMessage(e: unknown): string {
    const err = e as Error & { problems?: unknown };
    if (err.name === "IrsaConfigError" && Array.isArray(err.problems)) {
        // Loaded here, not with this module: it extends the SDK's RunError, and the CLI loads the SDK only for a
        // program run (after ./lazySdkModules has deferred what the SDK loads for closures).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { IrsaConfigError } = require("../components/validation/error") as typeof import("../components/validation/error");
        return IrsaConfigError.describe(err.problems as string[]);
    }
    return String(err.message ?? e).replace(/^(error serializing property "[^"]*": )+/, "");
}

function humanReport(resources: readonly AnalyzedResource[], report: PackReport, footer: string): string {
    const audits = auditRoles(resources);
    return [
        "Workloads",
        audits.length > 0 ? renderTree(audits) : "(no IAM roles)",
        "",
        "Audit",
        audits.length > 0 ? renderAuditTable(audits) : "(no IAM roles)",
        "",
        `Policy pack ${report.packName}@${report.packVersion} (${report.policies.length} policies) over ${resources.length} resources`,
        renderViolations(report.violations),
        "",
        footer,
    ].join("\n");
}

/** Polices a `pulumi stack export` file; returns the exit code. */
async function check(args: Args, print: (s: string) => void): Promise<number> {
    const packDir = path.resolve(args.pack ?? defaultPackDir());
    const packConfig = readPackConfig(args.packConfig);
    let exported: StackExport;
    try {
        exported = readStackExport(args.file!);
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
    const resources = fromStackExport(exported.deployment.resources);
    progress(args.json, `${resources.length} resources read; running policy pack ${path.relative(process.cwd(), packDir) || packDir}`);
    const report = await runPack(args, packDir, resources, packConfig);
    if (args.json) print(JSON.stringify(summary(report, resources.length), null, 2));
    else print(humanReport(resources, report, `Checked ${args.file}.`));
    return exitCodeFor(report.violations);
}

/** Compares two plans: per role, what changed and what broadens; the pack's findings new and resolved. */
async function diff(args: Args, print: (s: string) => void): Promise<number> {
    const { diffSides, printDiff, readSide } = await import("./diff/command");
    const packDir = path.resolve(args.pack ?? defaultPackDir());
    const packConfig = readPackConfig(args.packConfig);
    let sides: [ReturnType<typeof readSide>, ReturnType<typeof readSide>];
    try {
        sides = [readSide(args.sides[0]!), readSide(args.sides[1]!)];
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
    progress(args.json || args.markdown, `running policy pack ${path.relative(process.cwd(), packDir) || packDir} on both sides`);
    const [base, head] = await Promise.all(sides.map((s) => runPack(args, packDir, s.resources, packConfig)));
    const report = diffSides(sides[0], sides[1], { base: base!.violations, head: head!.violations });
    return printDiff(report, args.json ? "json" : args.markdown ? "markdown" : "text", { base: sides[0].label, head: sides[1].label }, print);
}

/** Runs one command line; resolves to the exit code. Messages go to `print` (stdout) and stderr. */
export async function main(argv: readonly string[], print: (s: string) => void = (s) => process.stdout.write(s + "\n")): Promise<number> {
    try {
        const help = helpRequest(argv);
        if (help !== undefined) {
            print(helpText(help === "all" ? undefined : help));
            return EXIT.ok;
        }
        const args = parseArgs(argv);
        // Every command but help may load the SDK (synth's program, `--in-process` and `diff` the pack's policies):
        // without the modules it loads only for closure serialization (./lazySdkModules). Measured on the example
        // plan, 3 alternating runs at load 6–7: `diff --in-process` 0.88–0.92 → 0.51–0.70 CPU-s, `check
        // --in-process` 0.79–0.80 → 0.44–0.52.
        deferClosureModules();
        return args.command === "synth" ? await synth(args, print) : args.command === "diff" ? await diff(args, print) : await check(args, print);
    } catch (e) {
        const err = e as Error;
        const invalid = e instanceof UsageError || err.name === "StackConfigError" || /policy-pack-config/.test(err.message);
        process.stderr.write(`${invalid ? "error" : "internal error"}: ${invalid ? err.message : (err.stack ?? err.message)}\n`);
        return EXIT.invalid;
    }
}

/**
 * Exits with `code` once what was printed has left the process: writes to a pipe are asynchronous and
 * `process.exit()` drops what is still queued (a `--json` report piped to `jq` was cut at 64 KB). A write's callback
 * runs once the writes before it are flushed (https://nodejs.org/docs/latest-v20.x/api/process.html#a-note-on-process-io).
 */
export function exitWhenFlushed(code: number): void {
    const flushed = (stream: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => stream.write("", () => resolve()));
    void Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => process.exit(code));
}

if (require.main === module) {
    void main(process.argv.slice(2)).then(exitWhenFlushed);
}
