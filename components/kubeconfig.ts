/**
 * A kubeconfig for an EKS cluster, built from its endpoint and CA, that authenticates with `aws eks get-token`
 * (the AWS CLI on the machine running `pulumi up`), like `aws eks update-kubeconfig --profile … --role-arn …`: as the
 * stack's AWS identity (its `aws:profile` and assumed role), not whatever the machine's default credentials are.
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
    /**
     * AWS CLI profile `aws eks get-token` signs with (`--profile`): the stack's `aws:profile`, so the Kubernetes
     * provider is the same identity as the AWS provider.
     */
    profile?: string;
    /** Role `aws eks get-token` assumes first (`--role-arn`): the stack's assumed role. */
    roleArn?: string;
}

/** The identity the Kubernetes provider authenticates as: an AWS CLI profile and/or a role to assume. */
export interface KubeconfigIdentity {
    /** AWS CLI profile (`--profile`). */
    profile?: string;
    /** Role to assume (`--role-arn` of `aws eks get-token`). */
    roleArn?: string;
}

/** The parts of the stack's `aws` config that decide who the AWS provider is. */
export interface AwsProviderConfig {
    /** `aws:profile`. */
    profile?: unknown;
    /** `aws:assumeRoles` (@pulumi/aws 7: a list of `{ roleArn, … }`, each assumed with the previous one's credentials). */
    assumeRoles?: unknown;
    /** `aws:assumeRole` (older providers: one `{ roleArn, … }`). */
    assumeRole?: unknown;
}

function roleArnOf(value: unknown): string | undefined {
    const roleArn = value !== null && typeof value === "object" ? (value as { roleArn?: unknown }).roleArn : undefined;
    return typeof roleArn === "string" && roleArn !== "" ? roleArn : undefined;
}

/**
 * Who the Kubernetes provider should be, from the stack's `aws` provider config (pure): its profile, and the role
 * it ends up as (the last of `aws:assumeRoles`, else `aws:assumeRole`). Explicit values win. A chain of several
 * roles cannot be replayed by `aws eks get-token` (it assumes one role from the profile's credentials): set
 * `cluster.kubeconfigRoleArn`, or a profile that chains them, when the last role cannot be assumed directly.
 * @see https://www.pulumi.com/registry/packages/aws/installation-configuration/#configuration-reference
 */
export function kubeconfigIdentity(aws: AwsProviderConfig, explicit: KubeconfigIdentity = {}): KubeconfigIdentity {
    const profile = explicit.profile ?? (typeof aws.profile === "string" && aws.profile !== "" ? aws.profile : undefined);
    const chain = Array.isArray(aws.assumeRoles) ? aws.assumeRoles : [];
    const roleArn = explicit.roleArn ?? roleArnOf(chain[chain.length - 1]) ?? roleArnOf(aws.assumeRole);
    return { ...(profile !== undefined ? { profile } : {}), ...(roleArn !== undefined ? { roleArn } : {}) };
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
    if (inputs.roleArn !== undefined) {
        args.push("--role-arn", inputs.roleArn);
    }
    if (inputs.profile !== undefined) {
        args.push("--profile", inputs.profile);
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
