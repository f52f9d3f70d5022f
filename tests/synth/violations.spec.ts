/**
 * synth/analyzer/violations.ts: `diagnosticsOnly` keeps what `violationsOf` reads of an `AnalyzeResponse` (its
 * diagnostics) and drops the not-applicable replies, so both give the same violations as the whole response.
 */
import * as assert from "node:assert/strict";
import { BinaryWriter } from "google-protobuf";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { diagnosticsOnly, violationsOf } from "../../synth/analyzer/violations";

function diagnostic(i: number): analyzerpb.AnalyzeDiagnostic {
    const d = new analyzerpb.AnalyzeDiagnostic();
    d.setPolicyname(`policy-${i}`);
    d.setDescription(`Checks whether ${i}.`);
    d.setMessage(`Checks whether ${i}.\nresource ${i} é€😀 is wrong.`);
    d.setEnforcementlevel(i % 2 === 0 ? analyzerpb.EnforcementLevel.MANDATORY : analyzerpb.EnforcementLevel.ADVISORY);
    if (i === 2) d.setUrn("urn:other");
    return d;
}

function notApplicable(i: number): analyzerpb.PolicyNotApplicable {
    const n = new analyzerpb.PolicyNotApplicable();
    n.setPolicyName(`na-${i}`);
    n.setReason(`Policy only applies to resources of type 'x${i}'`);
    return n;
}

/** A response with `d` diagnostics and `n` not-applicable replies, as google-protobuf writes it. */
function response(d: number, n: number): Buffer {
    const r = new analyzerpb.AnalyzeResponse();
    r.setDiagnosticsList(Array.from({ length: d }, (_, i) => diagnostic(i)));
    r.setNotApplicableList(Array.from({ length: n }, (_, i) => notApplicable(i)));
    return Buffer.from(r.serializeBinary());
}

const decode = (b: Buffer): analyzerpb.AnalyzeResponse => analyzerpb.AnalyzeResponse.deserializeBinary(b);

describe("synth/analyzer/violations.ts (diagnosticsOnly)", () => {
    for (const [d, n] of [[0, 0], [0, 20], [1, 20], [3, 0], [3, 25]] as const) {
        it(`gives the violations of the whole response: ${d} diagnostics, ${n} not-applicable replies`, () => {
            const bytes = response(d, n);
            const kept = diagnosticsOnly(bytes);
            assert.deepEqual(violationsOf(decode(kept), "urn:r"), violationsOf(decode(bytes), "urn:r"));
            assert.equal(violationsOf(decode(kept), "urn:r").length, d);
            assert.equal(decode(kept).getNotApplicableList().length, 0);
        });
    }

    it("keeps diagnostics that come after not-applicable replies, in their order", () => {
        const bytes = Buffer.concat([response(0, 2), response(1, 0), response(0, 3), response(3, 0).subarray(response(1, 0).length)]);
        assert.deepEqual(
            violationsOf(decode(diagnosticsOnly(bytes)), "urn:r").map((v) => v.policyName),
            violationsOf(decode(bytes), "urn:r").map((v) => v.policyName),
        );
        assert.deepEqual(violationsOf(decode(bytes), "urn:r").map((v) => v.policyName), ["policy-0", "policy-1", "policy-2"]);
    });

    it("returns a response that is not plain length-delimited fields as it is", () => {
        const w = new BinaryWriter();
        w.writeInt32(9, 1);
        const odd = Buffer.concat([response(1, 1), Buffer.from(w.getResultBuffer())]);
        assert.equal(diagnosticsOnly(odd), odd);
        const truncated = response(1, 1).subarray(0, 10);
        assert.equal(diagnosticsOnly(truncated), truncated);
    });
});
