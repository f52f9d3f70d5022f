/**
 * The stack program's view of its config: every key of its namespace (`eks-irsa:*`), as the Pulumi CLI passes a
 * stack's whole config to the program (the language host's `PULUMI_CONFIG`, read back with
 * `pulumi.runtime.allConfig()`: `<namespace>:<key>` → the value, structured values as JSON text). Reading every key,
 * not only the known ones, is what lets a typo (`eks-irsa:tag`, `eks-irsa:oidcprovider`) be refused instead of
 * silently ignored.
 */
import type { IrsaClusterArgs } from "../config";
import { IrsaConfigError } from "./error";
import { nearestName } from "./suggest";
import { TOP_LEVEL_FIELDS, validateArgs } from "./validateArgs";

/** The config namespace of the stack program: the project's name. */
export const CONFIG_NAMESPACE = "eks-irsa";

/** Keys whose values are plain strings (`pulumi config set eks-irsa:identity pod-identity`), not JSON. */
const STRING_KEYS: readonly string[] = ["identity", "roleNamePrefix"];

/** What the keys of `namespace` in `config` give: the component's arguments and the keys no field reads. */
export interface StackConfigArgs {
    /** The config's values by field (`cluster`, `workloads`, …), structured values parsed. */
    args: Record<string, unknown>;
    /** One problem per key of the namespace that is not a field, naming the nearest field. */
    problems: string[];
}

/**
 * Splits the keys of `namespace` in a whole stack config (`<namespace>:<key>` → value) into the component's
 * arguments and one problem per unknown key. A structured value is JSON text; one that is not JSON (a plain
 * `pulumi config set`) is kept as the string, for validation to report.
 */
export function stackConfigArgs(config: Record<string, string>, namespace: string = CONFIG_NAMESPACE): StackConfigArgs {
    const args: Record<string, unknown> = {};
    const problems: string[] = [];
    const known = TOP_LEVEL_FIELDS.map((field) => `${namespace}:${field}`);
    for (const [fullKey, text] of Object.entries(config)) {
        if (!fullKey.startsWith(`${namespace}:`)) {
            continue;
        }
        const key = fullKey.slice(namespace.length + 1);
        if (!(TOP_LEVEL_FIELDS as readonly string[]).includes(key)) {
            // The value is not shown: it may be a secret.
            const nearest = nearestName(key, TOP_LEVEL_FIELDS);
            const list = `one of ${known.join(", ")}`;
            problems.push(`${fullKey} is not a config key of this program: ${nearest !== undefined ? `use ${namespace}:${nearest} (${list})` : `use ${list}`}.`);
            continue;
        }
        args[key] = STRING_KEYS.includes(key) ? text : parseJson(text);
    }
    return { args, problems };
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

/**
 * The component's arguments from a whole stack config, checked: throws ONE {@link IrsaConfigError} listing the
 * unknown keys of `namespace` and every problem of the values (validated for the component `componentName`).
 */
export function readStackConfig(config: Record<string, string>, componentName: string, namespace: string = CONFIG_NAMESPACE): IrsaClusterArgs {
    const { args, problems } = stackConfigArgs(config, namespace);
    const all = [...problems, ...validateArgs(args, componentName)];
    if (all.length > 0) {
        throw new IrsaConfigError(all);
    }
    return args as unknown as IrsaClusterArgs;
}
