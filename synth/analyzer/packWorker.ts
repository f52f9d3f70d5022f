/**
 * The worker thread of a {@link ../streaming StreamingPackRun}: the engine's side of the Analyzer protocol while
 * the program runs on the main thread.
 *
 * A Pulumi program resolves its resources in one long run of promise callbacks: the main thread's event loop does
 * not turn until the program is done, so a gRPC client there could neither read the pack's port nor its answers.
 * This thread has its own event loop: it starts the pack process, configures it, sends each `Analyze` request the
 * main thread encoded as soon as it arrives, and `AnalyzeStack` at the end, then posts the report back.
 *
 * Messages in: `{ kind: "analyze", requests: [{ urn, bytes }, …] }` (in registration order), `{ kind: "finish", bytes }` (the AnalyzeStack request),
 * `{ kind: "abort" }`. Messages out: `{ kind: "pid", pid }`, `{ kind: "done", report }`, `{ kind: "error", message }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { AnalyzerProcess, PackReport, processFigures } from "./grpcAnalyzer";
import { resolvePackConfig } from "./packConfig";

/** What the main thread gives the worker. */
export interface PackWorkerData {
    packDir: string;
    /** The parsed `--policy-pack-config` content. */
    packConfig: unknown;
}

/** A message from the main thread. */
export type ToWorker = { kind: "analyze"; requests: { urn: string; bytes: Uint8Array }[] } | { kind: "finish"; bytes: Uint8Array } | { kind: "abort" };
/** A message to the main thread. */
export type FromWorker = { kind: "pid"; pid: number } | { kind: "done"; report: PackReport } | { kind: "error"; message: string };

const port = parentPort!;
const { packDir, packConfig } = workerData as PackWorkerData;
const post = (m: FromWorker): void => port.postMessage(m);
/** A structured-cloned Buffer arrives as a plain Uint8Array: view the same bytes as a Buffer (no copy). */
const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

// Messages that arrive before the pack is ready wait here, in order.
const early: ToWorker[] = [];
let handle: (m: ToWorker) => void = (m) => early.push(m);
let analyzer: AnalyzerProcess | undefined;
port.on("message", (m: ToWorker) => {
    if (m.kind === "abort") {
        analyzer?.stop();
        process.exit(0);
    }
    handle(m);
});

async function main(): Promise<void> {
    analyzer = await AnalyzerProcess.start(packDir);
    if (analyzer.pid !== undefined) post({ kind: "pid", pid: analyzer.pid });
    const info = await analyzer.info();
    await analyzer.configure(resolvePackConfig(info.policies, packConfig, "--policy-pack-config"));
    const session = analyzer.session();
    const started = analyzer;
    const finished = new Promise<void>((resolve, reject) => {
        handle = (m) => {
            if (m.kind === "analyze") for (const r of m.requests) session.addEncoded(r.urn, asBuffer(r.bytes));
            else if (m.kind === "finish") {
                session.finish(session.analyzeStackEncoded(asBuffer(m.bytes))).then((violations) => {
                    const report: PackReport = { packName: info.name, packVersion: info.version, policies: info.policies, violations, ...processFigures(started) };
                    started.stop();
                    post({ kind: "done", report });
                    resolve();
                }, reject);
            }
        };
    });
    for (const m of early.splice(0)) handle(m);
    await finished;
}

main().then(
    () => port.close(),
    (e: unknown) => {
        analyzer?.stop();
        post({ kind: "error", message: (e as Error).message ?? String(e) });
        port.close();
    },
);
