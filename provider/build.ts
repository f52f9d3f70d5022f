/**
 * The implementation behind the multi-language `IrsaCluster` (./irsaCluster.ts), loaded only when a component is
 * constructed: resolved inputs → the TypeScript config (./toTypeScriptArgs.ts) → the same validation → the same
 * `buildIrsaCluster` as the TypeScript component → outputs as plain-string maps.
 */
import * as pulumi from "@pulumi/pulumi";
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
    /** The checked config; `undefined` while a value is unknown (a preview). */
    readonly config: TypeScriptArgs | undefined;
    readonly unknownPaths: readonly string[];
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
    }
    const options: pulumi.ComponentResourceOptions =
        secretValues.length > 0 ? { ...opts, transformations: [...(opts?.transformations ?? []), secretTransformation(secretValues)] } : { ...opts };
    return { options, config, unknownPaths };
}

/** `problem` with every secret value written `(value hidden)`, as the validation writes a secret it knows of. */
export function hideSecrets(problem: string, secrets: readonly string[]): string {
    return secrets.reduce((text, secret) => text.split(show(secret)).join("(value hidden)"), problem);
}

/** An output that is not known yet (it shows as computed in the preview). */
function unknownOutput<T>(): pulumi.Output<T> {
    return pulumi.output(pulumi.unknown) as unknown as pulumi.Output<T>;
}

/** Registers the children of `component` (nothing while a value is unknown) and returns its outputs. */
export function build(component: pulumi.ComponentResource, name: string, prepared: PreparedCluster): IrsaClusterOutputs {
    const { config, unknownPaths } = prepared as Prepared;
    if (config === undefined) {
        void pulumi.log.warn(
            `${unknownPaths.join(", ")} ${unknownPaths.length === 1 ? "is" : "are"} not known until the update: this preview shows ` +
                `the component without its children; \`pulumi up\` checks the whole config and creates them.`,
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
        };
    }
    const parts = buildIrsaCluster(component, name, config);
    const workloads = Object.entries(parts.workloads);
    const byWorkload = (pick: (outputs: (typeof workloads)[number][1]) => pulumi.Output<string> | undefined): pulumi.Output<Record<string, string>> =>
        pulumi.output(
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
    };
}

/** Keeps this module in step with the interface ./irsaCluster.ts loads it as. */
export const implementation: ClusterBuild = { prepare, build };
