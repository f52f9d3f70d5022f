/**
 * The EKS Pod Identity part of the typed config, as code: the identity modes and agent modes as lists, their
 * defaults, and how a workload's mode and a cluster's agent are resolved. The types themselves are in
 * `config/podIdentity.ts` (re-exported here and by `config.ts`).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
import type { IdentityMode, PodIdentityAgentMode } from "./config/podIdentity";

export type { IdentityMode, PodIdentityAgentMode, PodIdentityOptions } from "./config/podIdentity";

/** Every {@link IdentityMode}, in the order messages list them. */
export const IDENTITY_MODES: readonly IdentityMode[] = ["irsa", "pod-identity", "both"];

/** Every {@link PodIdentityAgentMode}. */
export const POD_IDENTITY_AGENT_MODES: readonly PodIdentityAgentMode[] = ["install", "existing", "none"];

/** The default identity mode (IRSA stays the default). */
export const DEFAULT_IDENTITY: IdentityMode = "irsa";

/**
 * The default of `cluster.podIdentityAgent` for a created cluster: `install` (a new cluster has no add-ons).
 * @deprecated name kept for the package's exports; use {@link defaultPodIdentityAgent}.
 */
export const DEFAULT_POD_IDENTITY_AGENT: PodIdentityAgentMode = "install";

/**
 * The default of `cluster.podIdentityAgent`: `install` on a cluster this stack creates, `existing` on an adopted
 * cluster (it may run the agent already, installed by eksctl, the console or another team's stack, and the stack
 * must neither fail on EKS's "add-on already exists" nor take over or delete an agent other pods depend on).
 */
export function defaultPodIdentityAgent(clusterMode: "create" | "adopt"): PodIdentityAgentMode {
    return clusterMode === "create" ? "install" : "existing";
}

/** `cluster.podIdentityAgent`, or its default for the cluster's mode. */
export function podIdentityAgentOf(cluster: { mode: "create" | "adopt"; podIdentityAgent?: PodIdentityAgentMode }): PodIdentityAgentMode {
    return cluster.podIdentityAgent ?? defaultPodIdentityAgent(cluster.mode);
}

/** A workload's mode: its own `identity`, else the config's default, else `irsa`. */
export function resolveIdentity(workload: { identity?: IdentityMode }, defaultIdentity: IdentityMode | undefined): IdentityMode {
    return workload.identity ?? defaultIdentity ?? DEFAULT_IDENTITY;
}

/** Whether the role trusts the cluster's OIDC provider and the ServiceAccount carries the role annotation. */
export function usesIrsa(mode: IdentityMode): boolean {
    return mode !== "pod-identity";
}

/** Whether the role trusts `pods.eks.amazonaws.com` and a `PodIdentityAssociation` exists. */
export function usesPodIdentity(mode: IdentityMode): boolean {
    return mode !== "irsa";
}
