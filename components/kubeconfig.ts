/**
 * A kubeconfig for an existing EKS cluster, built from its endpoint and CA, that authenticates with
 * `aws eks get-token` (the AWS CLI on the machine running `pulumi up`), like `aws eks update-kubeconfig`.
 * Pure: the caller resolves the values.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html
 */

/** Inputs of {@link execKubeconfig}. */
export interface ExecKubeconfigInputs {
    /** Name of the EKS cluster (`--cluster-name` of `aws eks get-token`). */
    clusterName: string;
    /** The API server endpoint, `https://…eks.amazonaws.com`. */
    endpoint: string;
    /** Base64-encoded certificate authority data of the cluster. */
    certificateAuthorityData: string;
    /** Region of the cluster, passed to `aws eks get-token` so the kubeconfig works whatever `AWS_REGION` says. */
    region?: string;
}

/** The kubeconfig, as an object (`JSON.stringify` it for `kubernetes.Provider`). */
export interface Kubeconfig {
    apiVersion: "v1";
    kind: "Config";
    clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
    "current-context": string;
    users: {
        name: string;
        user: { exec: { apiVersion: string; command: string; args: string[]; interactiveMode: "Never" } };
    }[];
}

/** A kubeconfig with one cluster, one user and one context, all named after the cluster. */
export function execKubeconfig(inputs: ExecKubeconfigInputs): Kubeconfig {
    const name = inputs.clusterName;
    const args = ["eks", "get-token", "--cluster-name", name, "--output", "json"];
    if (inputs.region !== undefined) {
        args.push("--region", inputs.region);
    }
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: inputs.endpoint, "certificate-authority-data": inputs.certificateAuthorityData } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args,
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    };
}
