/**
 * The stack program: reads the typed config from the stack (`eks-irsa:cluster`, `eks-irsa:workloads`, optional
 * `eks-irsa:oidcProvider`, `eks-irsa:tags`, `eks-irsa:identity`, `eks-irsa:roleNamePrefix`, `eks-irsa:trustedClusters`,
 * `eks-irsa:accounts` and `eks-irsa:maxTrustPolicyLength`), builds ONE
 * `IrsaCluster` named after the project and stack, and exports its outputs.
 *
 * The config is checked as a whole before anything is created: every key of the `eks-irsa` namespace is read (the
 * whole stack config, as the CLI passes it), so an unknown key such as `eks-irsa:tag` is refused, not ignored; an
 * invalid config fails with one `IrsaConfigError` that lists every problem.
 */
import * as pulumi from "@pulumi/pulumi";
import { IrsaCluster, readStackConfig } from "./components";

const name = `${pulumi.getProject()}-${pulumi.getStack()}`;
const platform = new IrsaCluster(name, readStackConfig(pulumi.runtime.allConfig(), name));

export const clusterName = platform.clusterName;
export const oidcIssuer = platform.oidcIssuer;
export const oidcProviderArn = platform.oidcProviderArn;
export const kubeconfig = platform.kubeconfig;
export const workloads = platform.workloads;
