/**
 * The entry of validation: `validateIrsaClusterArgs` checks a whole config against the public types of
 * `../config` before anything is created. The data path reads one way: config types → validation → names →
 * documents → resources.
 */
import type { IrsaClusterArgs } from "../config";
import { IrsaConfigError } from "./error";
import { isOutput } from "./trustedClusters";
import type { StackFacts } from "./stackFacts";
import { validateArgs } from "./validateArgs";

export type { StackFacts } from "./stackFacts";

/** `value` as `JSON.parse(JSON.stringify(value))` would copy it, except that an Output is kept as it is. */
function jsonCopy(value: unknown): unknown {
    if (isOutput(value)) return value;
    if (Array.isArray(value)) return value.map((item) => (item === undefined || typeof item === "function" ? null : jsonCopy(item)));
    if (value !== null && typeof value === "object") {
        const json = (value as { toJSON?: unknown }).toJSON;
        if (typeof json === "function") return jsonCopy((json as () => unknown).call(value));
        const copy: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) if (item !== undefined && typeof item !== "function") copy[key] = jsonCopy(item);
        return copy;
    }
    return typeof value === "number" && !Number.isFinite(value) ? null : value;
}

export { IrsaConfigError } from "./error";

/** Options of {@link validateIrsaClusterArgs}. */
export interface ValidateOptions {
    /** The component's name, to check the physical role names it derives. */
    componentName?: string;
    /** Names of the accounts the caller passes an `aws.Provider` for (the `IrsaCluster` option `accountProviders`). */
    accountProviders?: readonly string[];
    /** The stack's own identity, from its `aws:*` config (see `stackFacts` in components/stackIdentity.ts). @default {} */
    stack?: StackFacts;
}

/**
 * Checks a whole config before anything is created: collects every problem and throws ONE
 * {@link IrsaConfigError} listing them all. Returns a plain-data copy of the config, typed, when it is valid.
 */
export function validateIrsaClusterArgs(args: unknown, options: ValidateOptions = {}): IrsaClusterArgs {
    const problems = validateArgs(args, options.componentName, undefined, options.accountProviders, options.stack);
    if (problems.length > 0) {
        throw new IrsaConfigError(problems);
    }
    // A plain-data copy: the component never shares the caller's objects (maps made with a null prototype,
    // later mutation), and the config is JSON by construction (stack config). Outputs (another cluster's issuer and
    // provider in trustedClusters) are kept as they are.
    const copy = jsonCopy(args) as IrsaClusterArgs;
    for (const workload of copy.workloads) checkedWorkloads.add(workload);
    return copy;
}

/** The workloads of the configs {@link validateIrsaClusterArgs} returned: checked, and the component's own copies. */
const checkedWorkloads = new WeakSet<object>();

/**
 * Whether `workload` is one of a config {@link validateIrsaClusterArgs} checked and returned (the component's own
 * copy, which nothing else holds): `IrsaWorkload` then skips checking it again (at 1,000 workloads a check of every
 * workload is about 0.15 s of CPU). A workload from anywhere else is checked.
 */
export function isCheckedWorkload(workload: unknown): boolean {
    return typeof workload === "object" && workload !== null && checkedWorkloads.has(workload);
}
export { CONFIG_NAMESPACE, readStackConfig, stackConfigArgs } from "./stackConfig";
export type { StackConfigArgs } from "./stackConfig";
