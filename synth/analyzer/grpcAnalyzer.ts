/**
 * Runs a policy pack exactly as `pulumi preview --policy-pack DIR` does, with no Pulumi CLI:
 * start the pack as its own process (it prints the port of its gRPC analyzer server), then
 * `GetAnalyzerInfo`, `Configure`, `Analyze` per resource and `AnalyzeStack` over the Analyzer protocol.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient, AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzedResource, isAnalyzed } from "./requests";
import { EnforcementLevel, levelFromProto, levelToProto, PolicyDescription, resolvePackConfig } from "./packConfig";
import { diagnosticsOnly, Violation, violationsOf } from "./violations";
import { H2UnaryClient } from "./h2Unary";
import { encodeAnalyzeRequest, encodeAnalyzeStackRequest } from "./wire";
import { packageFile } from "../packageFile";

export type { Violation } from "./violations";

/** The pack's verdict on a stack. */
export interface PackReport {
    packName: string;
    packVersion: string;
    policies: PolicyDescription[];
    violations: Violation[];
    /** Peak resident memory of the pack process, bytes, when known. */
    packPeakRssBytes?: number;
    /** CPU time (user + system) the pack process used, seconds, when known. */
    packCpuSeconds?: number;
}

/** The offline pack process's own settings (see the script). */
const OFFLINE = packageFile(path.join("scripts", "pack-offline.js"));
/** How a pack without a JavaScript entry point is loaded: its `index.ts` through the package's TypeScript loader. */
const TS_REGISTER = packageFile(path.join("scripts", "register-ts.js"));
/** Ends the pack process with the process that started it (see the script). */
const WATCHDOG = packageFile(path.join("scripts", "pack-watchdog.js"));
/** The V8 flags of the offline processes (see scripts/node-flags.js). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS } = require(packageFile(path.join("scripts", "node-flags.js"))) as { NODE_FLAGS: string[] };
/**
 * The pack process's flags: those of the offline processes but V8's default semi-spaces (16 MB), as under
 * `pulumi preview`. The 64 MB ones save the stack program thousands of young collections; the pack allocates far
 * less per request and they only raised its peak: at 1,000 workloads 303–304 MiB with 64 MB, 240–242 MiB with 32 MB
 * and 206–207 MiB with 16 MB, pack CPU 3.2–3.3 s, 3.24–3.27 s and 3.14–3.47 s (alternating runs at load 3.6–3.8,
 * docs/performance.md, "Issue 23, second round").
 */
const PACK_NODE_FLAGS = NODE_FLAGS.filter((f) => !f.startsWith("--max-semi-space-size="));

/**
 * `EKS_IRSA_PACK_CPU_PROF=DIR` profiles the pack process (`node --cpu-prof`, written to DIR when it is stopped):
 * how the benchmarks' pack figures were explained. See the README's "Performance" section.
 */
function cpuProfileFlags(): string[] {
    const dir = process.env.EKS_IRSA_PACK_CPU_PROF;
    return dir !== undefined && dir !== "" ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

/** A pack process to start: node's arguments, its working directory and environment. */
export interface PackLaunch {
    readonly args: readonly string[];
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
}

/**
 * How `synth` and `check` start the pack in `packDir`: its JavaScript entry point (package.json `main`, which
 * loads the pack's TypeScript itself: policy-pack/start.js) when it has one, else its `index.ts` through the
 * package's loader; with the offline V8 flags, the watchdog and the offline settings.
 */
export function offlineLaunch(packDir: string): PackLaunch {
    const main = packageMain(packDir);
    const entry = main !== undefined && /\.[cm]?js$/.test(main) ? [main] : ["-r", TS_REGISTER, path.join(packDir, "index.ts")];
    return { args: [...PACK_NODE_FLAGS, "-r", WATCHDOG, "-r", OFFLINE, ...cpuProfileFlags(), ...entry], cwd: packDir, env: { ...process.env, TS_NODE_PROJECT: path.join(packDir, "tsconfig.json") } };
}

/** The file package.json's `main` names in `dir`, when there is one. */
function packageMain(dir: string): string | undefined {
    try {
        const main = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { main?: unknown }).main;
        return typeof main === "string" && fs.existsSync(path.join(dir, main)) ? path.join(dir, main) : undefined;
    } catch {
        return undefined;
    }
}

/** `Analyze` calls in flight at once. */
const ANALYZE_WINDOW = 16;

/** A running analyzer process and its client. */
export class AnalyzerProcess {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: AnalyzerClient,
        /** `Analyze` and `AnalyzeStack`, thousands per run: plain HTTP/2 (./h2Unary.ts). */
        private readonly unaryClient: H2UnaryClient,
    ) {}

    /**
     * Starts the pack in `packDir` as `synth` and `check` do ({@link offlineLaunch}). Resolves once the pack has
     * printed its port.
     */
    static start(packDir: string): Promise<AnalyzerProcess> {
        return AnalyzerProcess.launch(offlineLaunch(packDir), packDir);
    }

    /** Starts a pack process as `launch` says (e.g. `cliRunnerLaunch`, as the Pulumi CLI starts it). */
    static async launch(launch: PackLaunch, packDir: string): Promise<AnalyzerProcess> {
        const child = spawn(process.execPath, [...launch.args], { cwd: launch.cwd, stdio: ["pipe", "pipe", "pipe"], env: launch.env });
        // Its stdin only tells it when this process is gone (scripts/pack-watchdog.js): it must not keep this one alive.
        (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
        // Whatever happens to this process (an error, process.exit), the pack process goes with it.
        const reap = (): void => {
            child.kill();
        };
        process.once("exit", reap);
        child.once("exit", () => process.removeListener("exit", reap));
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            let err = "";
            child.stdout!.on("data", (d: Buffer) => {
                out += d.toString();
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) resolve(Number(m[1]));
            });
            child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
            child.on("exit", (code) => reject(new Error(`policy pack ${packDir} exited with code ${code} before serving: ${err.trim() || out.trim()}`)));
            child.on("error", reject);
        });
        const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.max_send_message_length": 400 * 1024 * 1024 });
        return new AnalyzerProcess(child, client, new H2UnaryClient(`127.0.0.1:${port}`));
    }

    private unary<Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req): Promise<Res> {
        return new Promise((resolve, reject) => method.call(this.client, req, (e, r) => (e ? reject(e) : resolve(r))));
    }

    /**
     * `Remediate` on one request, as the engine sends it for every resource before `Analyze`
     * (pulumi/pulumi `pkg/resource/deploy/step_generator.go`): the reply as an object.
     */
    async remediate(request: analyzerpb.AnalyzeRequest): Promise<analyzerpb.RemediateResponse.AsObject> {
        return (await this.unary<analyzerpb.AnalyzeRequest, analyzerpb.RemediateResponse>(this.client.remediate, request)).toObject();
    }

    /** {@link remediate} with the request already encoded (see ./wire.ts); the reply left undecoded. */
    remediateEncoded(bytes: Buffer): Promise<Buffer> {
        // On the plain HTTP/2 client, as `Analyze`: the engine's per-resource calls.
        return this.unaryClient.call((AnalyzerService as unknown as { remediate: { path: string } }).remediate.path, bytes);
    }

    /** The pack's name, version and policies. */
    async info(): Promise<{ name: string; version: string; policies: PolicyDescription[] }> {
        const info = await this.unary<Empty, analyzerpb.AnalyzerInfo>(this.client.getAnalyzerInfo, new Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => ({
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelFromProto(p.getEnforcementlevel()),
                configProperties: (p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as Record<string, { default?: unknown }>,
            })),
        };
    }

    /** Sends the resolved config of every policy (`Configure`). */
    async configure(config: Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>): Promise<void> {
        const req = new analyzerpb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of config) {
            const pc = new analyzerpb.PolicyConfig();
            pc.setEnforcementlevel(levelToProto(c.enforcementLevel) as analyzerpb.EnforcementLevel);
            pc.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(c.properties)) as Record<string, never>));
            map.set(name, pc);
        }
        await this.unary(this.client.configure, req);
    }

    /**
     * A unary call whose request is already encoded (see ./wire.ts); of the response, the diagnostics are decoded by
     * the SDK's code (see {@link diagnosticsOnly}): all that {@link violationsOf} reads.
     */
    private encoded(method: { path: string; responseDeserialize: (b: Buffer) => analyzerpb.AnalyzeResponse }, bytes: Buffer): Promise<analyzerpb.AnalyzeResponse> {
        return this.unaryClient.call(method.path, bytes).then((b) => method.responseDeserialize(diagnosticsOnly(b)));
    }

    /**
     * `Analyze` on each resource's inputs and `AnalyzeStack` on the outputs; violations in that order.
     * The pack answers each call on its own (no state between calls), so the one large `AnalyzeStack` request is
     * sent first and the pack works on it in the gaps between `Analyze` calls instead of after them.
     */
    async analyze(resources: readonly AnalyzedResource[]): Promise<Violation[]> {
        const session = this.session();
        const stack = session.analyzeStack(resources);
        for (const r of resources) session.add(r);
        return session.finish(stack);
    }

    /** A run fed one resource at a time: see {@link AnalyzeSession}. */
    session(window = ANALYZE_WINDOW): AnalyzeSession {
        return new AnalyzeSession((bytes) => this.encoded(AnalyzerService.analyze, bytes), (bytes) => this.encoded(AnalyzerService.analyzeStack, bytes), window);
    }

    /** The pack process's peak resident memory in bytes (Linux `VmHWM`), `undefined` where /proc has none. */
    peakRssBytes(): number | undefined {
        try {
            const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${this.child.pid}/status`, "utf8"));
            return m ? Number(m[1]) * 1024 : undefined;
        } catch {
            return undefined;
        }
    }

    /** The pack process's id. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** CPU seconds (user + system) the pack process used so far (Linux /proc), `undefined` where /proc has none. */
    cpuSeconds(): number | undefined {
        try {
            // Fields 14 and 15 of /proc/PID/stat, after the parenthesised command name: utime and stime in clock ticks.
            const fields = fs.readFileSync(`/proc/${this.child.pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
            return (Number(fields[11]) + Number(fields[12])) / 100;
        } catch {
            return undefined;
        }
    }

    /** Stops the pack process. */
    stop(): void {
        this.unaryClient.close();
        this.client.close();
        this.child.kill();
    }
}

type Send = (bytes: Buffer) => Promise<analyzerpb.AnalyzeResponse>;

/**
 * The engine's side of one analysis: `Analyze` for each resource as it registers (while the program is still
 * running, as `pulumi preview` does), at most {@link ANALYZE_WINDOW} calls in flight, then `AnalyzeStack`.
 * The engine analyzes resources as their registrations arrive, a few at a time; thousands at once would only
 * queue up in HTTP/2 flow control. Violations come back in resource order, then the stack's.
 */
export class AnalyzeSession {
    /** Requests not sent yet: `queue[head]` onwards. */
    private readonly queue: ({ index: number; bytes: Buffer } | undefined)[] = [];
    private head = 0;
    private readonly results: { urn: string; violations?: Violation[] }[] = [];
    private inFlight = 0;
    private failure: unknown;
    private drained: (() => void) | undefined;

    constructor(
        private readonly send: Send,
        private readonly sendStack: Send,
        private readonly window = ANALYZE_WINDOW,
    ) {}

    /** Queues `Analyze` for `r` (its inputs), unless the engine would not analyze it (see `isAnalyzed`). */
    add(r: AnalyzedResource): void {
        if (isAnalyzed(r)) this.addEncoded(r.urn, encodeAnalyzeRequest(r));
    }

    /** Queues `Analyze` with a request already encoded (see ./wire.ts) for the resource `urn`. */
    addEncoded(urn: string, bytes: Buffer): void {
        this.queue.push({ index: this.results.length, bytes });
        this.results.push({ urn });
        this.pump();
    }

    /** Sends `AnalyzeStack` over `resources` (their outputs); the answer is awaited by {@link finish}. */
    analyzeStack(resources: readonly AnalyzedResource[]): Promise<Violation[]> {
        return this.analyzeStackEncoded(encodeAnalyzeStackRequest(resources));
    }

    /** {@link analyzeStack} with the request already encoded. */
    analyzeStackEncoded(bytes: Buffer): Promise<Violation[]> {
        const stack = this.sendStack(bytes).then((res) => violationsOf(res, ""));
        stack.catch(() => undefined);
        return stack;
    }

    /** Waits for every `Analyze` answer and for `stack`; the first failure is thrown. */
    async finish(stack: Promise<Violation[]>): Promise<Violation[]> {
        if (this.inFlight > 0 || this.head < this.queue.length) await new Promise<void>((resolve) => (this.drained = resolve));
        if (this.failure !== undefined) throw this.failure;
        const out = this.results.flatMap((r) => r.violations ?? []);
        out.push(...(await stack));
        return out;
    }

    private pump(): void {
        while (this.inFlight < this.window && this.head < this.queue.length) {
            const { index, bytes } = this.queue[this.head]!;
            this.queue[this.head++] = undefined; // sent: let the bytes go
            const entry = this.results[index]!;
            this.inFlight++;
            this.send(bytes).then(
                (res) => {
                    entry.violations = violationsOf(res, entry.urn);
                    this.settled();
                },
                (e: unknown) => {
                    this.failure ??= e;
                    this.head = this.queue.length;
                    this.settled();
                },
            );
        }
    }

    private settled(): void {
        this.inFlight--;
        this.pump();
        if (this.inFlight === 0 && this.head === this.queue.length) this.drained?.();
    }
}

/** The pack process's peak memory and CPU time, where the platform tells them. */
export function processFigures(analyzer: AnalyzerProcess): Pick<PackReport, "packPeakRssBytes" | "packCpuSeconds"> {
    const rss = analyzer.peakRssBytes();
    const cpu = analyzer.cpuSeconds();
    return { ...(rss !== undefined ? { packPeakRssBytes: rss } : {}), ...(cpu !== undefined ? { packCpuSeconds: cpu } : {}) };
}

/** Runs the pack in `packDir` over `resources` with the (parsed) `--policy-pack-config` content. */
export async function runPolicyPack(packDir: string, resources: readonly AnalyzedResource[], packConfig?: unknown): Promise<PackReport> {
    const analyzer = await AnalyzerProcess.start(packDir);
    try {
        const info = await analyzer.info();
        await analyzer.configure(resolvePackConfig(info.policies, packConfig, "--policy-pack-config"));
        const violations = await analyzer.analyze(resources);
        return { packName: info.name, packVersion: info.version, policies: info.policies, violations, ...processFigures(analyzer) };
    } finally {
        analyzer.stop();
    }
}
