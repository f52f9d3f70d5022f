/**
 * Defaults applied where the config says nothing (kept apart from `config.ts` so validation can
 * use them without an import cycle).
 */
import type { WorkloadSpec } from "./config";

/** Defaults applied where the config says nothing. */
export const DEFAULTS = {
    instanceType: "t3.medium",
    desiredSize: 2,
    minSize: 1,
    maxSize: 2,
    endpointPrivateAccess: false,
    endpointPublicAccess: true,
    replicas: 1,
    fsGroup: 65534,
    runAsNonRoot: true,
    runAsUser: 65534,
    serviceAccountMode: "create",
} as const;

/**
 * The namespaces every Kubernetes cluster has from the start. The stack never creates them (Kubernetes answers
 * AlreadyExists) and so never deletes them.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
 */
export const SYSTEM_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** Whether `namespace` is one of the {@link SYSTEM_NAMESPACES}. */
export function isSystemNamespace(namespace: string): boolean {
    return SYSTEM_NAMESPACES.includes(namespace);
}

/**
 * Whether the stack creates (and owns: `pulumi destroy` deletes it) the namespace of `workload`. Never a
 * {@link SYSTEM_NAMESPACES system namespace}. Otherwise the workload's `createNamespace`, else the default: on a
 * cluster this stack creates, `true` with `serviceAccountMode: "create"` (a new cluster has no other
 * namespaces); on an adopted cluster `false` (any namespace may exist already, owned by someone else).
 */
export function createsNamespace(
    workload: Pick<WorkloadSpec, "namespace" | "createNamespace" | "serviceAccountMode">,
    clusterMode: "create" | "adopt" = "create",
): boolean {
    if (isSystemNamespace(workload.namespace)) {
        return false;
    }
    if (workload.createNamespace !== undefined) {
        return workload.createNamespace;
    }
    return clusterMode === "create" && (workload.serviceAccountMode ?? DEFAULTS.serviceAccountMode) === "create";
}
