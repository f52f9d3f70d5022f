/**
 * Policy configuration as `args.getConfig()` returns it: only the keys the user set with
 * `--policy-pack-config` (the CLI fills schema defaults, an in-process run does not), so every
 * policy merges its defaults here.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** A JSON schema for a list of strings with its default, for `configSchema.properties`. */
export function stringListSchema(description: string, defaults: readonly string[]): PolicyConfigJSONSchema {
    return { type: "array", items: { type: "string" }, default: [...defaults], description };
}

/** A JSON schema for a positive integer with its default. */
export function integerSchema(description: string, defaultValue: number): PolicyConfigJSONSchema {
    return { type: "integer", minimum: 1, default: defaultValue, description };
}

/** The string list at `key`, or `defaults` when it is missing or not a list of strings. */
export function stringList(config: object, key: string, defaults: readonly string[]): readonly string[] {
    const value: unknown = (config as Record<string, unknown>)[key];
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : defaults;
}

/** The integer at `key`, or `defaultValue` when it is missing or not a positive integer. */
export function integer(config: object, key: string, defaultValue: number): number {
    const value: unknown = (config as Record<string, unknown>)[key];
    return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : defaultValue;
}
