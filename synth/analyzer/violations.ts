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
