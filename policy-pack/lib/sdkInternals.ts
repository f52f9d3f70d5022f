/**
 * The parts of `@pulumi/policy` 1.21.0 (pinned) that the pack's request dispatcher (./dispatch.ts) reuses: they are
 * marked internal in the SDK and have no type declarations, so their shapes are written here. Read in the SDK's
 * `server.js`, `protoutil.js`, `deserialize.js`, `proxy.js` and `policy.js`.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type { StructLike } from "./wireRequests";

/** A diagnostic as the SDK's handlers collect it before `makeAnalyzeResponse` encodes it. */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    message: string;
    description?: string;
    enforcementLevel: EnforcementLevel;
    urn?: string;
    severity?: string;
}

/** A gRPC unary handler as `@grpc/grpc-js` calls it. */
export type Handler<Req, Resp> = (call: { request: Req }, callback: (err: unknown, resp?: Resp) => void) => unknown;

/* eslint-disable @typescript-eslint/no-require-imports */
/** `@pulumi/policy/server`: the analyzer's gRPC server and handlers. */
export const server = require("@pulumi/policy/server") as {
    serve(name: string, version: string, level: EnforcementLevel, args: { policies?: Policies }, initialConfig?: unknown): void;
    makeAnalyzeRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): Handler<analyzerpb.AnalyzeRequest, analyzerpb.AnalyzeResponse>;
    makeAnalyzeStackRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): Handler<analyzerpb.AnalyzeStackRequest, analyzerpb.AnalyzeResponse>;
    makeRemediateRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): Handler<analyzerpb.AnalyzeRequest, analyzerpb.RemediateResponse>;
};
/** `@pulumi/policy/protoutil`: encoding of replies and decoding of config. */
export const protoutil = require("@pulumi/policy/protoutil") as {
    makeAnalyzeResponse(ds: readonly Diagnostic[], notApplicable: analyzerpb.PolicyNotApplicable[] | undefined): analyzerpb.AnalyzeResponse;
    convertEnforcementLevel(level: number): EnforcementLevel;
    makeRemediateResponse(remediations: readonly unknown[], notApplicable: analyzerpb.PolicyNotApplicable[] | undefined): analyzerpb.RemediateResponse;
    asGrpcError(e: unknown, message?: string): Error;
};
/** `@pulumi/policy/deserialize`: a request's Struct → plain props (secrets, assets, resource references). */
export const deserialize = require("@pulumi/policy/deserialize") as {
    deserializeProperties(struct: StructLike | undefined, proxySecrets: boolean): Record<string, unknown>;
};
/** `@pulumi/policy/proxy`: the props' unknown-checking proxy and its error. */
export const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(target: T): T;
    UnknownValueError: new (...args: never[]) => Error;
} & {
    readonly [K in `unknown${"Boolean" | "Number" | "String" | "Array" | "Asset" | "Archive" | "Object"}Value`]: string;
};
/** `@pulumi/policy/policy`: the type marker helpers. */
export const policyModule = require("@pulumi/policy/policy") as {
    getPulumiType(obj: unknown): string | undefined;
    isResourcePolicy(p: unknown): boolean;
    isStackPolicy(p: unknown): boolean;
};
/** The analyzer's protobuf messages, from the `@pulumi/pulumi` the SDK encodes its replies with. */
export const analyzerProto = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [require.resolve("@pulumi/policy/server")] })) as typeof analyzerpb;
/* eslint-enable @typescript-eslint/no-require-imports */
