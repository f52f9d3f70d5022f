/**
 * The config of a workload's pods: its Deployment and the verify Job that proves its identity. Part of the config
 * (`components/config.ts`).
 */

/** CPU and memory amounts as Kubernetes quantities, e.g. `{ cpu: "100m", memory: "128Mi" }`. */
export interface ResourceAmounts {
    /** CPU quantity, e.g. `"250m"`. */
    cpu?: string;
    /** Memory quantity, e.g. `"256Mi"`. */
    memory?: string;
}

/** Requests and limits of a container. */
export interface ContainerResources {
    /** What the scheduler reserves for the container. */
    requests?: ResourceAmounts;
    /** The most the container may use. */
    limits?: ResourceAmounts;
}

/** The workload's Deployment. */
export interface DeploymentSpec {
    /**
     * Container image, e.g. `public.ecr.aws/aws-cli/aws-cli:2.17.0`.
     * @input
     */
    image: string;
    /**
     * Entrypoint of the container (replaces the image's `ENTRYPOINT`), e.g. `["sh", "-c", "…"]`.
     * @default the image's entrypoint
     */
    command?: string[];
    /**
     * Arguments of the entrypoint (replace the image's `CMD`).
     * @default the image's command
     */
    args?: string[];
    /**
     * Number of pods, an integer ≥ 0.
     * @default 1
     * @integer
     */
    replicas?: number;
    /**
     * Container port (1–65535) the application listens on. @default none
     * @integer
     */
    port?: number;
    /**
     * Environment variables of the container. Static AWS credentials (`AWS_ACCESS_KEY_ID`,
     * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) are refused: the pod gets credentials from its role.
     * The container lists them in code-point order of their names (whatever the order of the map), except that a
     * variable another refers to as `$(NAME)` comes first; a reference cycle is refused.
     * @input
     */
    env?: Record<string, string>;
    /**
     * Requests and limits of the container.
     * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
     */
    resources?: ContainerResources;
    /**
     * Group that owns the pod's volumes, so a non-root process can read the projected token.
     * @default 65534 (`nogroup`, as in the seeds)
     * @integer
     */
    fsGroup?: number;
    /**
     * Refuse to start containers that would run as root.
     * @default true
     */
    runAsNonRoot?: boolean;
    /**
     * User id the containers run as (needed with `runAsNonRoot` when the image's user is root or a name). When this
     * default applies and `env` sets no `HOME`, the container gets `HOME=/tmp`: the image's home directory (or `/`,
     * which the runtime gives a user the image does not know) is not writable by that user, and tools such as the
     * AWS CLI write their cache under `HOME`.
     * @default 65534 (`nobody`)
     * @integer
     */
    runAsUser?: number;
    /**
     * Don't let `pulumi up` wait for the Deployment to become ready: annotates it `pulumi.com/skipAwait: "true"`.
     * By default the Kubernetes provider waits until the Deployment's new pods are available, up to 10 minutes, and
     * fails the update when they are not; set this for a workload whose readiness depends on something outside the
     * stack (an image not pushed yet, a dependency deployed later).
     * @default false
     * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
     */
    skipAwait?: boolean;
}

/**
 * The post-deploy proof of a workload: a Kubernetes Job under the workload's ServiceAccount that runs
 * `aws sts get-caller-identity` and fails unless the caller is the workload's assumed role.
 */
export interface VerifySpec {
    /**
     * Image with the AWS CLI v2 (`aws`) and a POSIX `sh`.
     * @default "public.ecr.aws/aws-cli/aws-cli:2.17.0"
     * @input
     */
    image?: string;
    /**
     * How long the Job may run (its `activeDeadlineSeconds`, and how long `pulumi up` waits for it): an integer from 30 to 3600.
     * @default 300
     * @integer
     */
    timeoutSeconds?: number;
}
