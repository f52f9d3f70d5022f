/**
 * synth's unary gRPC calls on Node's HTTP/2 client (synth/analyzer/h2Unary.ts), against a `@grpc/grpc-js` server as
 * the pack serves: the answer's bytes, an error status as grpc-js's client reports it, a large message, and a server
 * that is gone.
 */
import * as assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { GrpcCallError, H2UnaryClient } from "../../synth/analyzer/h2Unary";

const bytes = (b: Buffer): Buffer => b;
const ECHO = { path: "/test.Echo/Echo", requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes };

/** A grpc-js server whose `Echo` answers with the request reversed, or fails with the status the request names. */
async function echoServer(): Promise<{ server: grpc.Server; port: number }> {
    // As the policy SDK serves a pack: messages up to 400 MB (@pulumi/policy server.js, maxRPCMessageSize).
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService({ echo: ECHO } as unknown as grpc.ServiceDefinition, {
        echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
            const text = call.request.toString();
            const failing = /^fail (\d+) (.*)$/s.exec(text);
            if (failing) callback({ code: Number(failing[1]), details: failing[2]! } as grpc.ServiceError);
            else callback(null, Buffer.from(call.request).reverse()); // a copy, reversed in place (spreading 7 MB into an array took seconds)
        },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    return { server, port };
}

describe("H2UnaryClient (synth's Analyze and AnalyzeStack calls)", () => {
    let server: grpc.Server;
    let client: H2UnaryClient;
    before(async () => {
        const s = await echoServer();
        server = s.server;
        client = new H2UnaryClient(`127.0.0.1:${s.port}`);
    });
    after(() => {
        client.close();
        server.forceShutdown();
    });

    it("answers with the server's message, for many calls at once and for an empty one", async () => {
        const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => client.call(ECHO.path, Buffer.from(`request ${i}`))));
        assert.deepEqual(
            answers.map((a) => a.toString()),
            Array.from({ length: 50 }, (_, i) => [...`request ${i}`].reverse().join("")),
        );
        assert.equal((await client.call(ECHO.path, Buffer.alloc(0))).length, 0);
    });

    it("carries a message larger than HTTP/2's windows both ways", async () => {
        const big = Buffer.alloc(5 * 1024 * 1024 + 3, "ab");
        const answer = await client.call(ECHO.path, big);
        assert.equal(answer.length, big.length);
        assert.ok(answer.equals(Buffer.from(big).reverse()));
    });

    it("carries several requests larger than Node's 10 MB session cap at once, beside small ones", async () => {
        const big = Array.from({ length: 3 }, (_, i) => Buffer.alloc(7 * 1024 * 1024, String(i)));
        const answers = await Promise.all([...big.map((b) => client.call(ECHO.path, b)), ...Array.from({ length: 20 }, (_, i) => client.call(ECHO.path, Buffer.from(`small ${i}`)))]);
        assert.deepEqual(
            answers.slice(0, 3).map((a) => a.length),
            big.map((b) => b.length),
        );
        assert.equal(answers[3]!.toString(), [..."small 0"].reverse().join(""));
    });

    it("rejects an error status as grpc-js's client reports it (code, details, `<code> <NAME>: <details>`)", async () => {
        const failed = await client.call(ECHO.path, Buffer.from("fail 2 policy \"x\" threw: boom % 100")).then(
            () => undefined,
            (e: unknown) => e,
        );
        assert.ok(failed instanceof GrpcCallError);
        assert.equal(failed.code, 2);
        assert.equal(failed.details, 'policy "x" threw: boom % 100');
        assert.equal(failed.message, '2 UNKNOWN: policy "x" threw: boom % 100');
        await assert.rejects(client.call("/test.Echo/Nope", Buffer.from("x")), { code: 12, message: /^12 UNIMPLEMENTED: / });
    });

    it("rejects, rather than waits, once the server is gone", async () => {
        const s = await echoServer();
        const other = new H2UnaryClient(`127.0.0.1:${s.port}`);
        assert.equal((await other.call(ECHO.path, Buffer.from("ab"))).toString(), "ba");
        s.server.forceShutdown();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await assert.rejects(other.call(ECHO.path, Buffer.from("ab")), { code: 14 });
        other.close();
    });
});
