/**
 * Named exceptions an operator grants in the pack config, each with the reason a reviewer accepted, e.g.
 * `{"action": "iam:PassRole", "resource": "arn:aws:iam::*:role/KarpenterNodeRole-*", "reason": "Karpenter passes the node role to EC2"}`.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { matchesIamPattern } from "./oidc";

/** One allowed case. */
export interface Allowance {
    /** The action (or `*`/`?` pattern) allowed, compared case-insensitively, e.g. `iam:PassRole`. */
    readonly action: string;
    /**
     * The resource (or `*`/`?` pattern) it is allowed on, compared with the document's `Resource` value.
     * @default "*" (any resource)
     */
    readonly resource?: string;
    /** Why the case is acceptable; cases without a reason are ignored. */
    readonly reason: string;
}

/** The JSON schema of a list of allowances, for `configSchema.properties`. */
export function allowancesSchema(description: string): PolicyConfigJSONSchema {
    return {
        type: "array",
        default: [],
        description,
        items: {
            type: "object",
            properties: { action: { type: "string" }, resource: { type: "string" }, reason: { type: "string", minLength: 1 } },
            required: ["action", "reason"],
            additionalProperties: false,
        },
    };
}

/** The allowances at `key` of a policy config: entries with an action and a non-empty reason. */
export function allowances(config: object, key: string): readonly Allowance[] {
    const value: unknown = (config as Record<string, unknown>)[key];
    if (!Array.isArray(value)) {
        return [];
    }
    return value.filter(
        (v): v is Allowance =>
            typeof v === "object" &&
            v !== null &&
            typeof (v as Allowance).action === "string" &&
            typeof (v as Allowance).reason === "string" &&
            (v as Allowance).reason.trim() !== "" &&
            ((v as Allowance).resource === undefined || typeof (v as Allowance).resource === "string"),
    );
}

/** Whether one of `list` allows `action` on every resource of `resources`. */
export function isAllowed(list: readonly Allowance[], action: string, resources: readonly string[]): boolean {
    return list.some(
        (a) =>
            matchesIamPattern(a.action.toLowerCase(), action.toLowerCase()) &&
            resources.every((r) => a.resource === undefined || a.resource === r || matchesIamPattern(a.resource, r)),
    );
}
