/**
 * The namespaces the stack owns: one Namespace per distinct namespace the workloads need created, owned by the
 * cluster component (not by a workload), so removing one workload never deletes a namespace another workload
 * still lives in. System namespaces (`default`, `kube-system`, `kube-public`, `kube-node-lease`) are never
 * created; on an adopted cluster only namespaces a workload asks for (`createNamespace: true`) are.
 */
import * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import type { WorkloadSpec } from "./config";
import { createsNamespace } from "./defaults";
import { namespaceResourceName } from "./naming";

/** The distinct namespaces to create, in the order the workloads first name them. */
export function namespacesToCreate(workloads: readonly WorkloadSpec[], clusterMode: "create" | "adopt" = "create"): string[] {
    return [...new Set(workloads.filter((workload) => createsNamespace(workload, clusterMode)).map((workload) => workload.namespace))];
}

/** Creates the namespaces; returns them by name. */
export function createNamespaces(
    componentName: string,
    workloads: readonly WorkloadSpec[],
    clusterMode: "create" | "adopt",
    provider: k8s.Provider,
    parent: pulumi.Resource,
): Map<string, k8s.core.v1.Namespace> {
    const created = new Map<string, k8s.core.v1.Namespace>();
    for (const namespace of namespacesToCreate(workloads, clusterMode)) {
        created.set(
            namespace,
            new k8s.core.v1.Namespace(namespaceResourceName(componentName, namespace), { metadata: { name: namespace } }, { parent, provider }),
        );
    }
    return created;
}
