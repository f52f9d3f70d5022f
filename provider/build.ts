/**
 * The implementation behind the multi-language `IrsaCluster` (./irsaCluster.ts), loaded only when a component is
 * constructed: resolved inputs → the TypeScript config (./toTypeScriptArgs.ts) → the same validation → the same
 * `buildIrsaCluster` as the TypeScript component → outputs as plain-string maps.
 */
import * as pulumi from "@pulumi/pulumi";
import { addonPackConfig } from "../components/addons";
import type { IrsaClusterArgs as TypeScriptArgs } from "../components/config";
import { buildIrsaCluster } from "../components/irsaCluster";
import { IrsaConfigError, validateIrsaClusterArgs } from "../components/validation";
import { show } from "../components/validation/problems";
import { validateArgs } from "../components/validation/validateArgs";
import type { IrsaClusterArgs } from "./args";
import type { ClusterBuild, IrsaClusterOutputs, PreparedCluster } from "./irsaCluster";
import { knownProblems, resolutionOf, secretTransformation } from "./resolveInputs";
import { ResolvedArgs, toTypeScriptArgs } from "./toTypeScriptArgs";

interface Prepared extends PreparedCluster {
    /**
     * The checked config to build. During a preview with unknown values: without the workloads that hold one, or
     * `undefined` when a value outside the workloads (the cluster, the top-level tags) is unknown.
     */
    readonly config: TypeScriptArgs | undefined;
    readonly unknownPaths: readonly string[];
    /** Names of the workloads left out of this preview. */
    readonly leftOut: readonly string[];
}

/** The index of the workload a path is in (`workloads[2].role.tags` → 2), if any. */
function workloadIndex(path: string): number | undefined {
    const match = /^workloads\[(\d+)\]/.exec(path);
    return match ? Number(match[1]) : undefined;
}

/**
 * During a preview, the config without the workloads that hold an unknown value: the other workloads (and the
 * cluster) are built as they will be, so the preview does not show them as deleted. `undefined` when a value outside
 * the workloads is unknown, or the rest does not stand on its own.
 */
function knownPart(mapped: TypeScriptArgs, name: string, unknownPaths: readonly string[]): { config: TypeScriptArgs; leftOut: string[] } | undefined {
    const indexes = unknownPaths.map(workloadIndex);
    if (indexes.some((index) => index === undefined) || !Array.isArray(mapped.workloads)) {
        return undefined;
    }
    const left = new Set(indexes);
    const kept = mapped.workloads.filter((_, index) => !left.has(index));
    const leftOut = mapped.workloads.filter((_, index) => left.has(index)).map((workload) => String(workload.name));
    try {
        return { config: validateIrsaClusterArgs({ ...mapped, workloads: kept }, { componentName: name }), leftOut };
    } catch {
        return undefined;
    }
}

/**
 * Maps and checks the args before anything is registered. Throws one `IrsaConfigError` listing every problem; during
 * a preview, problems about values not known yet are left for `pulumi up`.
 */
export function prepare(name: string, args: IrsaClusterArgs, opts: pulumi.ComponentResourceOptions | undefined): Prepared {
    const { secretValues, unknownPaths } = resolutionOf(args);
    const mapped = toTypeScriptArgs(args as ResolvedArgs);
    const refuse = (problems: readonly string[]): void => {
        const shown = knownProblems(problems, unknownPaths).map((problem) => hideSecrets(problem, secretValues));
        if (shown.length > 0) {
            throw new IrsaConfigError(shown);
        }
    };
    let config: TypeScriptArgs | undefined;
    let leftOut: string[] = [];
    if (unknownPaths.length === 0) {
        try {
            config = validateIrsaClusterArgs(mapped, { componentName: name });
        } catch (err) {
            if (err instanceof IrsaConfigError) {
                refuse(err.problems);
            }
            throw err;
        }
    } else {
        refuse(validateArgs(mapped, name));
        const known = knownPart(mapped, name, unknownPaths);
        config = known?.config;
        leftOut = known?.leftOut ?? [];
    }
    const options: pulumi.ComponentResourceOptions =
        secretValues.length > 0 ? { ...opts, transformations: [...(opts?.transformations ?? []), secretTransformation(secretValues)] } : { ...opts };
    return { options, config, unknownPaths, leftOut };
}

/** `problem` with every secret value written `(value hidden)`, as the validation writes a secret it knows of. */
export function hideSecrets(problem: string, secrets: readonly string[]): string {
    return secrets.reduce((text, secret) => text.split(show(secret)).join("(value hidden)"), problem);
}

/** An output that is not known yet (it shows as computed in the preview). */
function unknownOutput<T>(): pulumi.Output<T> {
    return pulumi.output(pulumi.unknown) as unknown as pulumi.Output<T>;
}

/** Registers the children of `component` (during a preview, what is known: see `knownPart`) and returns its outputs. */
export function build(component: pulumi.ComponentResource, name: string, prepared: PreparedCluster): IrsaClusterOutputs {
    const { config, unknownPaths, leftOut } = prepared as Prepared;
    const unknownValues = `${unknownPaths.join(", ")} ${unknownPaths.length === 1 ? "is" : "are"} not known until the update`;
    if (config === undefined) {
        void pulumi.log.warn(
            `${unknownValues}: this preview shows the component without its children; \`pulumi up\` checks the whole config and creates them.`,
            component,
        );
        return {
            clusterName: unknownOutput(),
            oidcIssuer: unknownOutput(),
            oidcProviderArn: unknownOutput(),
            kubeconfig: pulumi.secret(unknownOutput<string>()),
            roleArns: unknownOutput(),
            roleNames: unknownOutput(),
            serviceAccountNames: unknownOutput(),
            namespaces: unknownOutput(),
            deploymentNames: unknownOutput(),
            policyPackConfig: unknownOutput(),
        };
    }
    if (leftOut.length > 0) {
        void pulumi.log.warn(
            `${unknownValues}: this preview leaves out ${leftOut.map((w) => JSON.stringify(w)).join(", ")} (role, ServiceAccount, ` +
                `Deployment); \`pulumi up\` checks ${leftOut.length === 1 ? "it" : "them"} and creates ${leftOut.length === 1 ? "it" : "them"}.`,
            component,
        );
    }
    const parts = buildIrsaCluster(component, name, config);
    const workloads = Object.entries(parts.workloads);
    const byWorkload = (pick: (outputs: (typeof workloads)[number][1]) => pulumi.Output<string> | undefined): pulumi.Output<Record<string, string>> =>
        // Not all workloads are in this preview: the maps are not known yet.
        leftOut.length > 0 ? unknownOutput() : pulumi.output(
            Object.fromEntries(workloads.flatMap(([workload, outputs]) => {
                const value = pick(outputs);
                return value === undefined ? [] : [[workload, value]];
            })),
        ) as pulumi.Output<Record<string, string>>;
    return {
        clusterName: parts.clusterName,
        oidcIssuer: parts.oidcIssuer,
        oidcProviderArn: parts.oidcProviderArn,
        kubeconfig: parts.kubeconfig,
        roleArns: byWorkload((w) => w.roleArn),
        roleNames: byWorkload((w) => w.roleName),
        serviceAccountNames: byWorkload((w) => w.serviceAccountName),
        namespaces: byWorkload((w) => w.namespace),
        deploymentNames: byWorkload((w) => w.deploymentName),
        // The TypeScript component's `policyPackConfig`, as the JSON file `--policy-pack-config` reads; a workload left
        // out of this preview may have an add-on that needs one.
        policyPackConfig:
            leftOut.length > 0 ? unknownOutput() : pulumi.output(JSON.stringify(addonPackConfig(config.workloads.map((w) => w.addon)) ?? {})),
    };
}

/** Keeps this module in step with the interface ./irsaCluster.ts loads it as. */
export const implementation: ClusterBuild = { prepare, build };
