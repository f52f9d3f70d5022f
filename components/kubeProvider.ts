/**
 * The Kubernetes provider every Kubernetes child of the component uses, explicitly: the
 * workloads never fall back to the ambient kubeconfig of the machine running `pulumi up`.
 */
import * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import { clusterResourceNames } from "./naming";

/**
 * A `kubernetes.Provider` for the cluster's kubeconfig (kept secret in the state). `access` is what gives its identity
 * access to the cluster (the EKS access entries and their policy associations): every object sent through the
 * provider waits for them on `pulumi up`, and `pulumi destroy` deletes the objects before them (the engine deletes
 * in the reverse order of dependencies). Without it the first update sends Namespaces and ServiceAccounts while the
 * principal has no access yet (Unauthorized), and a destroy removes the access in the same wave as the objects.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export function kubernetesProvider(componentName: string, kubeconfig: pulumi.Output<string>, parent: pulumi.Resource, access: pulumi.Resource[] = []): k8s.Provider {
    return new k8s.Provider(
        clusterResourceNames(componentName).kubernetesProvider,
        { kubeconfig: pulumi.secret(kubeconfig) },
        { parent, ...(access.length > 0 ? { dependsOn: access } : {}) },
    );
}
