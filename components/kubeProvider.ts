/**
 * The Kubernetes provider every Kubernetes child of the component uses, explicitly: the
 * workloads never fall back to the ambient kubeconfig of the machine running `pulumi up`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterResourceNames } from "./naming";

/** A `kubernetes.Provider` for the cluster's kubeconfig (kept secret in the state). */
export function kubernetesProvider(componentName: string, kubeconfig: pulumi.Output<string>, parent: pulumi.Resource): k8s.Provider {
    return new k8s.Provider(clusterResourceNames(componentName).kubernetesProvider, { kubeconfig: pulumi.secret(kubeconfig) }, { parent });
}
