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

/** Whether the namespace of `workload` is created: its `createNamespace`, or the default of its ServiceAccount mode. */
export function createsNamespace(workload: Pick<WorkloadSpec, "createNamespace" | "serviceAccountMode">): boolean {
    return workload.createNamespace ?? (workload.serviceAccountMode ?? DEFAULTS.serviceAccountMode) === "create";
}
