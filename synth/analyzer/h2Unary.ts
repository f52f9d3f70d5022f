/**
 * Unary gRPC calls with an encoded request, straight on Node's HTTP/2 client: the engine's side of `Analyze` and
 * `AnalyzeStack`, which `synth` sends thousands of times per run.
 *
 * gRPC over HTTP/2 (https://github.com/grpc/grpc/blob/v1.66.0/doc/PROTOCOL-HTTP2.md): a `POST` to
 * `/<package>.<Service>/<Method>` with `content-type: application/grpc` and `te: trailers`, the message as one
 * length-prefixed frame (a compressed flag byte, 0, then a 4-byte big-endian length); the answer the same frame, and
 * `grpc-status` (0 = OK) and `grpc-message` in the trailers, or in the headers of a "trailers-only" answer (errors).
 * `@grpc/grpc-js`'s client does the same with interceptors, filters, deadlines and call objects around each call:
 * on a 1,000-workload plan that was most of the worker thread's CPU (docs/performance.md). The server is still the
 * pack's own (`@pulumi/policy` on `@grpc/grpc-js`); the other calls (`GetAnalyzerInfo`, `Configure`) stay on the
 * grpc-js client.
 */
import * as http2 from "node:http2";

/** gRPC's status names, for messages in grpc-js's words (`<code> <NAME>: <details>`). */
const STATUS = ["OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"];

/** A failed call, as grpc-js reports one: `code` and `details`, the message `<code> <NAME>: <details>`. */
export class GrpcCallError extends Error {
    constructor(
        readonly code: number,
        readonly details: string,
    ) {
        super(`${code} ${STATUS[code] ?? "UNKNOWN"}: ${details}`);
        this.name = "GrpcCallError";
    }
}

/** One HTTP/2 connection to a gRPC server, for unary calls whose request is already encoded. */
export class H2UnaryClient {
    private readonly session: http2.ClientHttp2Session;
    private failure: Error | undefined;

    /** `authority`: `host:port` of a plaintext gRPC server. */
    constructor(authority: string) {
        // Node caps a session's buffered data at 10 MB and then refuses new streams (ENHANCE_YOUR_CALM,
        // https://nodejs.org/docs/latest-v20.x/api/http2.html#http2connectauthority-options, `maxSessionMemory`): an
        // AnalyzeStack request of 10,000 resources is 17 MB. grpc-js lifts the cap the same way
        // (`grpc-node.max_session_memory`, default Number.MAX_SAFE_INTEGER, in its transport.ts).
        this.session = http2.connect(`http://${authority}`, { maxSessionMemory: Number.MAX_SAFE_INTEGER });
        this.session.on("error", (e: Error) => (this.failure = e));
    }

    /** Calls `path` (`/<package>.<Service>/<Method>`) with the encoded `request`; resolves to the encoded response. */
    call(path: string, request: Buffer): Promise<Buffer> {
        return new Promise<Buffer>((resolve, reject) => {
            if (this.failure !== undefined || this.session.destroyed) {
                reject(new GrpcCallError(14, `connection closed: ${this.failure?.message ?? "closed"}`));
                return;
            }
            const stream = this.session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" });
            const chunks: Buffer[] = [];
            let status: string | undefined;
            let message: string | undefined;
            const noteStatus = (headers: http2.IncomingHttpHeaders): void => {
                const s = headers["grpc-status"];
                if (typeof s === "string") {
                    status = s;
                    const m = headers["grpc-message"];
                    message = typeof m === "string" ? decodeURIComponent(m) : "";
                }
            };
            stream.on("response", noteStatus);
            stream.on("trailers", noteStatus);
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("error", (e: Error) => reject(new GrpcCallError(14, e.message)));
            stream.on("close", () => {
                if (status === undefined) {
                    reject(new GrpcCallError(14, `${path}: the stream closed without a gRPC status (HTTP/2 code ${stream.rstCode ?? "none"})`));
                } else if (status !== "0") {
                    reject(new GrpcCallError(Number(status), message ?? ""));
                } else {
                    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
                    if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) {
                        reject(new GrpcCallError(13, `${path}: not one uncompressed gRPC message (${body.length} bytes)`));
                    } else {
                        resolve(body.subarray(5));
                    }
                }
            });
            const frame = Buffer.allocUnsafe(5 + request.length);
            frame[0] = 0;
            frame.writeUInt32BE(request.length, 1);
            request.copy(frame, 5);
            stream.end(frame);
        });
    }

    /** Closes the connection. */
    close(): void {
        this.session.close();
    }
}
