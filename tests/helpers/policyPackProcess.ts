/**
 * Starts `policy-pack/index.ts` as the Pulumi CLI does for `--policy-pack ./policy-pack`: a child
 * process whose first stdout line is the analyzer's gRPC port, then connects an `AnalyzerClient`.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

/** A running pack process and a client connected to it. */
export interface PackProcess {
    readonly client: AnalyzerClient;
    readonly port: number;
    readonly child: ChildProcess;
    /** Closes the client and kills the process (by its pid), resolving when it has exited. */
    stop(): Promise<void>;
}

/** The pack's directory. */
export const PACK_DIR = path.resolve(__dirname, "../../policy-pack");

/** Starts the pack with ts-node (transpile-only) in `policy-pack/` and waits for its port. */
export function startPackProcess(timeoutMs = 30000): Promise<PackProcess> {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        const timer = setTimeout(() => fail(new Error(`policy pack did not print its port within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
        const fail = (e: Error) => {
            clearTimeout(timer);
            child.kill();
            reject(e);
        };
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("exit", (code) => fail(new Error(`policy pack exited with ${code}: ${stderr}`)));
        child.stdout?.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = /^(\d+)\s*$/m.exec(stdout);
            if (line === null) {
                return;
            }
            clearTimeout(timer);
            child.removeAllListeners("exit");
            const port = Number(line[1]);
            const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            const stop = () =>
                new Promise<void>((done) => {
                    client.close();
                    if (child.exitCode !== null) {
                        done();
                        return;
                    }
                    child.once("exit", () => done());
                    child.kill();
                });
            resolve({ client, port, child, stop });
        });
    });
}

/** Promisifies one unary call of the client. */
export function unary<Req, Resp>(call: (req: Req, cb: (err: grpc.ServiceError | null, resp: Resp) => void) => unknown, req: Req): Promise<Resp> {
    return new Promise((resolve, reject) => {
        call(req, (err, resp) => (err ? reject(err) : resolve(resp)));
    });
}
