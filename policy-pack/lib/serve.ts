/**
 * Serves the pack with the request dispatcher of ./dispatch.ts in place of the SDK's `Analyze` and `AnalyzeStack`
 * handlers, and `Remediate` answered at once when no policy remediates ({@link remediateWhenAsked}). Everything else
 * is the SDK's own server (`serve` in @pulumi/policy 1.21.0 `server.js`): the gRPC server, `GetAnalyzerInfo` (every
 * policy by its name, level and config schema, so `pulumi preview --policy-pack-config` configures and disables
 * each rule by its name as before), `GetPluginInfo`, `Remediate` when a policy remediates, `Configure` and
 * `ConfigureStack`. The last two are observed on their way to the SDK: the dispatcher reads the same per-policy
 * config and stack tags the SDK keeps.
 *
 * `new PolicyPack` calls the SDK's `serve` through its module object, and `serve` registers its handlers with
 * `Server.addService` of the `@grpc/grpc-js` it loads: for the time of that call the analyzer's handlers are swapped
 * there. Call {@link serveByResourceType} before `new PolicyPack` (policy-pack/index.ts).
 */
import * as path from "node:path";
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { makeDispatcher, PackState, PolicyConfig } from "./dispatch";
import { Handler, protoutil, server } from "./sdkInternals";
import { decodeAnalyzeRequest, decodeAnalyzeStackRequest, ResourceLike, StackRequestLike } from "./wireRequests";

type Impl = Record<string, Handler<unknown, unknown>>;
/** A method of a gRPC service definition, as `@grpc/grpc-js`'s `addService` reads it. */
interface MethodDefinition {
    requestDeserialize(bytes: Buffer): unknown;
}
type ServiceDefinition = Record<string, MethodDefinition>;
interface GrpcServerClass {
    prototype: { addService(this: unknown, service: ServiceDefinition, impl: Impl): void };
}

/* eslint-disable @typescript-eslint/no-require-imports */
const sdkDir = path.dirname(require.resolve("@pulumi/policy/server"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] })) as { Server: GrpcServerClass };
const analyzerService = (require(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb", { paths: [sdkDir] })) as { AnalyzerService: ServiceDefinition }).AnalyzerService;
/* eslint-enable @typescript-eslint/no-require-imports */

/** `Configure`'s request decoded as the SDK's `configure` handler decodes it: policy name → properties and level. */
export function policyConfigOf(req: analyzerpb.ConfigureAnalyzerRequest): Record<string, PolicyConfig> {
    const config: Record<string, PolicyConfig> = {};
    for (const [name, v] of req.getPolicyconfigMap().entries()) {
        const props = (v.getProperties()?.toJavaScript() ?? {}) as PolicyConfig;
        props.enforcementLevel = protoutil.convertEnforcementLevel(v.getEnforcementlevel());
        config[name] = props;
    }
    return config;
}

/** `ConfigureStack`'s tags as the SDK hands them to policies (a read-only view of a Map). */
export function stackTagsOf(req: analyzerpb.AnalyzerStackConfigureRequest): ReadonlyMap<string, string> {
    const map = new Map<string, string>();
    req.getTagsMap().forEach((v, k) => map.set(k, v));
    return Object.freeze({
        entries: map.entries.bind(map),
        forEach: map.forEach.bind(map),
        get: map.get.bind(map),
        has: map.has.bind(map),
        keys: map.keys.bind(map),
        size: map.size,
        values: map.values.bind(map),
        [Symbol.iterator]: map[Symbol.iterator].bind(map),
    }) as unknown as ReadonlyMap<string, string>;
}

/** Runs `handler` and, once it has answered without error, `then` with the request. */
function observed<Req>(handler: Handler<Req, unknown>, then: (req: Req) => void): Handler<Req, unknown> {
    return (call, callback) =>
        handler(call, (err, resp) => {
            if (!err) then(call.request);
            callback(err, resp);
        });
}

/** The SDK's analyzer handlers with the dispatcher's `Analyze` and `AnalyzeStack`. */
export function withDispatcher(impl: Impl, packName: string, packVersion: string, packLevel: EnforcementLevel, policies: Policies): Impl {
    const state: PackState = { config: {}, stackTags: new Map() };
    const dispatcher = makeDispatcher(packName, packVersion, packLevel, policies, state);
    return {
        ...impl,
        analyze: dispatcher.analyze as Handler<unknown, unknown>,
        analyzeStack: dispatcher.analyzeStack as Handler<unknown, unknown>,
        remediate: remediateWhenAsked(dispatcher.remediating, impl.remediate!, remediateDeserialize) as Handler<unknown, unknown>,
        configure: observed(impl.configure as Handler<analyzerpb.ConfigureAnalyzerRequest, unknown>, (req) => (state.config = policyConfigOf(req))) as Handler<unknown, unknown>,
        configureStack: observed(impl.configureStack as Handler<analyzerpb.AnalyzerStackConfigureRequest, unknown>, (req) => (state.stackTags = stackTagsOf(req))) as Handler<unknown, unknown>,
    };
}

/** A request left as its bytes until a handler needs it decoded. */
export interface EncodedRequest {
    readonly bytes: Buffer;
}

/**
 * A `Remediate` request (an `AnalyzeRequest`) read as `Analyze` requests are, by ./wireRequests.ts, google-protobuf's
 * reader (the service definition's own) taking what it gives up on: for {@link remediateWhenAsked}.
 */
const remediateDeserialize = (bytes: Buffer): unknown => decodeAnalyzeRequest(bytes, (b) => analyzerService.remediate!.requestDeserialize(b) as ResourceLike);

/**
 * `Remediate`, which the engine calls on every resource before `Analyze` (pulumi/pulumi
 * `pkg/resource/deploy/step_generator.go`: "We do two passes: first we perform remediations, and *then* we do
 * analysis"). With no resource policy at level "remediate", the SDK's handler decodes the request, copies its props
 * and wraps them in its proxy, skips every policy and replies an empty `RemediateResponse`: 1.3 s of the pack's CPU
 * for the 5,002 calls of the 1,000-workload plan. That reply is given here at once, the request left undecoded (a
 * request google-protobuf could not read gets it too, where the SDK's would have failed the call). Otherwise the
 * request is decoded by `decode` (in the pack: read as an `Analyze` request is) and handed to the SDK's handler.
 */
export function remediateWhenAsked(remediating: () => boolean, sdk: Handler<unknown, unknown>, decode: (bytes: Buffer) => unknown): Handler<EncodedRequest, unknown> {
    const empty = protoutil.makeRemediateResponse([], undefined);
    return (call, callback) => {
        if (!remediating()) return callback(undefined, empty);
        let request: unknown;
        try {
            request = decode(call.request.bytes);
        } catch (e) {
            return callback(e, undefined);
        }
        return sdk(Object.create(call, { request: { value: request } }) as { request: unknown }, callback);
    };
}

/**
 * The analyzer's service definition with `Analyze` and `AnalyzeStack` requests read by ./wireRequests.ts (which
 * hands a request it does not handle to google-protobuf's reader, the definition's own), and `Remediate` requests
 * left as bytes ({@link remediateWhenAsked} decodes them when there is something to do).
 */
export function withWireRequests(service: ServiceDefinition): ServiceDefinition {
    const analyze = service.analyze!;
    const analyzeStack = service.analyzeStack!;
    return {
        ...service,
        analyze: { ...analyze, requestDeserialize: (bytes) => decodeAnalyzeRequest(bytes, (b) => analyze.requestDeserialize(b) as ResourceLike) },
        analyzeStack: { ...analyzeStack, requestDeserialize: (bytes) => decodeAnalyzeStackRequest(bytes, (b) => analyzeStack.requestDeserialize(b) as StackRequestLike) },
        remediate: { ...service.remediate!, requestDeserialize: (bytes): EncodedRequest => ({ bytes }) },
    };
}

/** Makes the next `new PolicyPack` in this process serve its policies through the dispatcher. */
export function serveByResourceType(): void {
    const serve = server.serve;
    server.serve = (name, version, level, args, initialConfig) => {
        const addService = grpc.Server.prototype.addService;
        grpc.Server.prototype.addService = function (service, impl) {
            if (service !== analyzerService) return addService.call(this, service, impl);
            return addService.call(this, withWireRequests(service), withDispatcher(impl, name, version, level, args.policies ?? []));
        };
        try {
            serve(name, version, level, args, initialConfig);
        } finally {
            grpc.Server.prototype.addService = addService;
            server.serve = serve;
        }
    };
}
