/**
 * The pack run `synth` starts with the program, as `pulumi preview` does: the pack process boots and is
 * configured while the program runs, each resource is analyzed as soon as it registers, and `AnalyzeStack`
 * follows once the program is done. The pack works on the second core while the program runs on the first.
 *
 * The requests are encoded here (./wire.ts) and handed to a worker thread (./packWorker.ts) that holds the gRPC
 * client: the program keeps this thread's event loop busy until it ends.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { PackReport } from "./grpcAnalyzer";
import type { FromWorker, PackWorkerData, ToWorker } from "./packWorker";
import { AnalyzedResource, isAnalyzed } from "./requests";
import { encodeAnalyzeRequest, encodeAnalyzeStackRequest } from "./wire";
import { packageFile } from "../packageFile";

/** Loads the worker module, through the TypeScript loader when it runs from the sources. */
const WORKER_ENTRY = `
const { workerData } = require("node:worker_threads");
if (workerData.register) require(workerData.register);
require(workerData.module);
`;

/** `Analyze` requests per message to the worker thread. */
const BATCH = 64;

/** A pack run fed one resource at a time while the program runs; see the module comment. */
export class StreamingPackRun {
    private readonly worker: Worker;
    /** `Analyze` requests not yet posted (see {@link add}). */
    private pending: { urn: string; bytes: Uint8Array }[] = [];
    private flushScheduled = false;
    private readonly report: Promise<PackReport>;
    private packPid: number | undefined;

    constructor(packDir: string, packConfig: unknown) {
        const module = require.resolve("./packWorker");
        const register = module.endsWith(".ts") ? packageFile(path.join("scripts", "register-ts.js")) : undefined;
        const data: PackWorkerData & { module: string; register?: string } = { packDir, packConfig, module, ...(register !== undefined ? { register } : {}) };
        this.worker = new Worker(WORKER_ENTRY, { eval: true, workerData: data });
        // Whatever happens to this process, the pack process goes with it.
        const reap = (): void => {
            if (this.packPid !== undefined) {
                try {
                    process.kill(this.packPid);
                } catch {
                    // already gone
                }
            }
        };
        process.once("exit", reap);
        this.report = new Promise<PackReport>((resolve, reject) => {
            this.worker.on("message", (m: FromWorker) => {
                if (m.kind === "pid") this.packPid = m.pid;
                else if (m.kind === "done") resolve(m.report);
                else reject(new Error(m.message));
            });
            this.worker.on("error", reject);
            this.worker.on("exit", (code) => reject(new Error(`the policy pack's worker thread exited with code ${code}`)));
        }).finally(() => process.removeListener("exit", reap));
        this.report.catch(() => undefined);
    }

    private post(m: ToWorker): void {
        this.worker.postMessage(m);
    }

    /**
     * Sends `Analyze` for `r` (its inputs) unless the engine would not analyze it. Requests go to the worker in
     * batches of {@link BATCH}: a `postMessage` per resource was 0.2–0.5 s of this thread's CPU at 1,000 workloads
     * (structured clone and a wake-up of the worker each). A batch is also posted when this thread's event loop next
     * turns, so a program that waits (an RPC, a timer) never holds requests back.
     */
    add(r: AnalyzedResource): void {
        if (!isAnalyzed(r)) return;
        this.pending.push({ urn: r.urn, bytes: encodeAnalyzeRequest(r) });
        if (this.pending.length >= BATCH) this.flush();
        else if (!this.flushScheduled) {
            this.flushScheduled = true;
            setImmediate(() => {
                this.flushScheduled = false;
                this.flush();
            });
        }
    }

    private flush(): void {
        if (this.pending.length === 0) return;
        this.post({ kind: "analyze", requests: this.pending });
        this.pending = [];
    }

    /** `AnalyzeStack` over every resource's outputs, then the report (the pack process is stopped). */
    async finish(resources: readonly AnalyzedResource[]): Promise<PackReport> {
        this.flush();
        this.post({ kind: "finish", bytes: encodeAnalyzeStackRequest(resources) });
        try {
            return await this.report;
        } finally {
            void this.worker.terminate();
        }
    }

    /** Stops the pack without a report (the program failed). */
    abort(): void {
        this.pending = [];
        this.post({ kind: "abort" });
    }
}
