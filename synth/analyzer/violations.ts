/** The pack's verdicts as the CLI prints them, decoded from the analyzer protocol. */
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { EnforcementLevel, levelFromProto } from "./packConfig";

/** One violation. */
export interface Violation {
    policyName: string;
    enforcementLevel: EnforcementLevel;
    /** The resource the violation is about; `""` for a stack-wide finding with no resource. */
    urn: string;
    /** The rule's message (the SDK's leading copy of the policy description removed). */
    message: string;
}

/** The violations of an `AnalyzeResponse`; `urn` defaults to the analysed resource's. */
export function violationsOf(resp: analyzerpb.AnalyzeResponse, defaultUrn: string): Violation[] {
    return resp.getDiagnosticsList().map((d) => {
        const prefix = `${d.getDescription()}\n`;
        const message = d.getMessage().startsWith(prefix) ? d.getMessage().slice(prefix.length) : d.getMessage();
        return { policyName: d.getPolicyname(), enforcementLevel: levelFromProto(d.getEnforcementlevel()), urn: d.getUrn() || defaultUrn, message };
    });
}

/** `AnalyzeResponse.diagnostics` (pulumi/proto/analyzer.proto, @pulumi/pulumi 3.248): what {@link violationsOf} reads. */
const DIAGNOSTICS_FIELD = 2;

/**
 * An `AnalyzeResponse`'s bytes with only its diagnostics (field 2), for {@link violationsOf}: the not-applicable
 * replies (field 3, about twenty per resource from irsa-guard and more from awsguard) are dropped before
 * google-protobuf builds a message object for each, which only to be thrown away cost this side (the engine's, in
 * `synth` and the benchmarks) about as much CPU as the pack's own reading of the requests. A response that is not
 * plain length-delimited fields is returned as it is.
 */
export function diagnosticsOnly(bytes: Buffer): Buffer {
    const kept: Buffer[] = [];
    let pos = 0;
    const varint = (): number | undefined => {
        let result = 0;
        for (let shift = 0; shift <= 28 && pos < bytes.length; shift += 7) {
            const b = bytes[pos++]!;
            result += (b & 0x7f) * 2 ** shift;
            if (b < 0x80) return result;
        }
        return undefined;
    };
    while (pos < bytes.length) {
        const start = pos;
        const tag = varint();
        if (tag === undefined || (tag & 7) !== 2) return bytes;
        const length = varint();
        if (length === undefined || pos + length > bytes.length) return bytes;
        pos += length;
        if (tag >>> 3 === DIAGNOSTICS_FIELD) kept.push(bytes.subarray(start, pos));
    }
    return kept.length === 1 ? kept[0]! : Buffer.concat(kept);
}
