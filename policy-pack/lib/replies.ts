/**
 * The dispatcher's replies (./dispatch.ts): the SDK's `makeAnalyzeResponse` (@pulumi/policy 1.21.0 `protoutil.js`),
 * with its encoding made cheap. A resource gets about twenty not-applicable replies, the same for every resource of
 * its type, and most resources get nothing else: so each reply's bytes are encoded once, and a reply with no
 * diagnostics is built and encoded once per plan and not-applicable list, then handed out again.
 */
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzerProto, Diagnostic, protoutil } from "./sdkInternals";

/** Each not-applicable message's bytes as a field of `AnalyzeResponse` (`repeated PolicyNotApplicable not_applicable = 3`). */
const replyBytes = new WeakMap<analyzerpb.PolicyNotApplicable, Uint8Array>();
function notApplicableField(message: analyzerpb.PolicyNotApplicable): Uint8Array {
    let bytes = replyBytes.get(message);
    if (bytes === undefined) {
        const holder = new analyzerProto.AnalyzeResponse();
        holder.setNotApplicableList([message]);
        bytes = holder.serializeBinary();
        replyBytes.set(message, bytes);
    }
    return bytes;
}

/**
 * The SDK's `makeAnalyzeResponse`, whose encoding reuses each not-applicable reply's bytes. Protobuf encodes a
 * repeated field as its entries one after the other, after the diagnostics (field 2), so the bytes are those
 * google-protobuf writes (tests/policy-pack/dispatch.spec.ts compares them).
 */
export function replyOf(ds: readonly Diagnostic[], na: readonly analyzerpb.PolicyNotApplicable[]): analyzerpb.AnalyzeResponse {
    const response = protoutil.makeAnalyzeResponse(ds, [...na]);
    if (na.length === 0) return response;
    response.serializeBinary = () => {
        const parts = [ds.length > 0 ? protoutil.makeAnalyzeResponse(ds, undefined).serializeBinary() : new Uint8Array(0), ...na.map(notApplicableField)];
        return Buffer.concat(parts);
    };
    return response;
}

/**
 * Replies without diagnostics, kept per plan (the key) with the not-applicable list they were made for. The reply
 * handed out again is never changed: gRPC only encodes it (copying its bytes into each frame). On the
 * 1,000-workload plan this is every `Analyze` reply but those with violations.
 */
export class ReplyCache {
    private readonly last = new WeakMap<object, { readonly na: readonly analyzerpb.PolicyNotApplicable[]; readonly response: analyzerpb.AnalyzeResponse }>();

    /** {@link replyOf}, or the same reply as last time for `key` when there are no diagnostics and the same list. */
    reply(key: object, ds: readonly Diagnostic[], na: readonly analyzerpb.PolicyNotApplicable[]): analyzerpb.AnalyzeResponse {
        if (ds.length > 0) return replyOf(ds, na);
        const hit = this.last.get(key);
        if (hit !== undefined && hit.na.length === na.length && hit.na.every((m, i) => m === na[i])) return hit.response;
        const response = replyOf(ds, na);
        const bytes = response.serializeBinary();
        response.serializeBinary = () => bytes;
        this.last.set(key, { na: [...na], response });
        return response;
    }
}
