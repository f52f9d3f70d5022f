/**
 * The one mapping from the multi-language args (./args.ts, inputs resolved) to the TypeScript config
 * (components/config.ts), so that validation, naming and documents stay single-sourced.
 *
 * The two surfaces use the same field names and nesting, so the mapping changes values only where the shapes differ,
 * and every problem the validation reports names the field as the multi-language program wrote it:
 * - a workload without `deployment` has none (TypeScript says `deployment: false`);
 * - `null` fields (some SDKs send them for unset options) are absent.
 * Enums are their string values, one object per union is the union's variant, `verify: {}` is `VerifySpec`'s
 * defaults and condition value lists are IAM's lists: the same data.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { IrsaClusterArgs as TypeScriptArgs } from "../components/config";
import type { IrsaClusterArgs } from "./args";

/** The multi-language args with every input resolved to its value. */
export type ResolvedArgs = pulumi.Unwrap<IrsaClusterArgs>;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy without `null` and `undefined` object fields (list items are kept: the validation reports them). */
function withoutNulls(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(withoutNulls);
    }
    if (isRecord(value)) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, item]) => item !== null && item !== undefined)
                .map(([key, item]) => [key, withoutNulls(item)]),
        );
    }
    return value;
}

/**
 * The TypeScript config that `args` say, not yet validated: `validateIrsaClusterArgs` checks it as it checks a
 * TypeScript program's or a stack's config (anything the multi-language types would not allow is reported there).
 */
export function toTypeScriptArgs(args: ResolvedArgs): TypeScriptArgs {
    const config = withoutNulls(args);
    if (isRecord(config) && Array.isArray(config.workloads)) {
        config.workloads = config.workloads.map((workload: unknown) =>
            isRecord(workload) && workload.deployment === undefined ? { ...workload, deployment: false } : workload,
        );
    }
    return config as TypeScriptArgs;
}
