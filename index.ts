/**
 * The stack program: reads the typed config from the stack (`eks-irsa:cluster`,
 * `eks-irsa:workloads`, optional `eks-irsa:oidcProvider`, `eks-irsa:tags`, `eks-irsa:identity`, `eks-irsa:roleNamePrefix`,
 * `eks-irsa:trustedClusters`, `eks-irsa:accounts` and `eks-irsa:maxTrustPolicyLength`), builds ONE
 * `IrsaCluster` named after the project and stack, and exports its outputs.
 *
 * The config is checked as a whole before anything is created: an invalid config fails with one
 * `IrsaConfigError` that lists every problem.
 */
import * as pulumi from "@pulumi/pulumi";
import { IrsaCluster, IrsaClusterArgs } from "./components";

const config = new pulumi.Config("eks-irsa");

/** The config as the stack holds it; `IrsaCluster` validates it (missing keys included). */
const args: Record<string, unknown> = {};
for (const key of ["cluster", "oidcProvider", "workloads", "tags", "trustedClusters", "accounts"] as const) {
    const value = config.getObject<unknown>(key);
    if (value !== undefined) {
        args[key] = value;
    }
}
// Plain strings, not JSON: the default identity mode ("irsa", "pod-identity" or "both") and the prefix of
// derived role names (set it to the old component name when renaming the stack's component).
for (const key of ["identity", "roleNamePrefix"] as const) {
    const value = config.get(key);
    if (value !== undefined) {
        args[key] = value;
    }
}

// A number: the accounts' "Role trust policy length" quota, when AWS has raised it.
const maxTrustPolicyLength = config.getObject<unknown>("maxTrustPolicyLength");
if (maxTrustPolicyLength !== undefined) {
    args.maxTrustPolicyLength = maxTrustPolicyLength;
}

const platform = new IrsaCluster(`${pulumi.getProject()}-${pulumi.getStack()}`, args as unknown as IrsaClusterArgs);

export const clusterName = platform.clusterName;
export const oidcIssuer = platform.oidcIssuer;
export const oidcProviderArn = platform.oidcProviderArn;
export const kubeconfig = platform.kubeconfig;
export const workloads = platform.workloads;
