/**
 * The shape every typed-grant module (`s3.ts`, `dynamodb.ts`, …) exports, so `index.ts` validates and expands them alike.
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext } from "./arns";

/** One service's grant: how to check it and what it expands to. */
export interface GrantModule<G extends { service: string; access: string }> {
    /** The `service` discriminator value, e.g. `s3`. */
    readonly service: G["service"];
    /** The field that names the resource (by name or ARN), e.g. `bucket`. */
    readonly resourceField: string;
    /** What the resource is called in messages, e.g. `S3 bucket`. */
    readonly resourceLabel: string;
    /** The allowed `access` levels, in documentation order. */
    readonly accessLevels: readonly G["access"][];
    /** Optional fields besides `service`, the resource field and `access` (e.g. `prefix`, `region`, `account`). */
    readonly optionalFields: readonly string[];
    /** Checks the resource field's value (already known to be a string); returns `<what is wrong>: <fix>` or `undefined`. */
    checkResource(value: string): string | undefined;
    /** Checks the optional fields of a grant whose `access` and resource are valid; returns whole problem messages. */
    checkOptions(item: Record<string, unknown>, path: string): string[];
    /** The statements this grant needs, before merging. */
    statements(grant: G, ctx: GrantContext): PolicyStatement[];
}
