/**
 * Pure builders of a workload's Kubernetes objects: the ServiceAccount's metadata and the
 * Deployment's spec. Values that come from other resources (the role ARN, the ServiceAccount's
 * name) are passed in as Inputs so Pulumi tracks the dependency.
 */
import { orderedEnv } from "./envOrder";
import * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec, ResourceAmounts } from "./config";
import { DEFAULTS } from "./defaults";
import { APP_NAME_LABEL } from "./naming";

/** The annotation the EKS pod identity webhook reads: the role the pods of this ServiceAccount assume. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

/** The annotation that makes the SDKs call the regional STS endpoint (lower latency, no global dependency). */
export const STS_REGIONAL_ANNOTATION = "eks.amazonaws.com/sts-regional-endpoints";

/** The ServiceAccount's metadata: name, namespace, labels and the two IRSA annotations (both seeds' annotations). */
export function serviceAccountMetadata(args: {
    name: string;
    namespace: pulumi.Input<string>;
    roleArn: pulumi.Input<string>;
    labels?: Record<string, string>;
}): k8s.types.input.meta.v1.ObjectMeta {
    return {
        name: args.name,
        namespace: args.namespace,
        ...(args.labels !== undefined ? { labels: args.labels } : {}),
        annotations: {
            [ROLE_ARN_ANNOTATION]: args.roleArn,
            [STS_REGIONAL_ANNOTATION]: "true",
        },
    };
}

/** The Deployment of a workload: its pods run under the workload's ServiceAccount. */
export function deploymentArgs(args: {
    workloadName: string;
    namespace: pulumi.Input<string>;
    serviceAccountName: pulumi.Input<string>;
    labels?: Record<string, string>;
    spec: DeploymentSpec;
}): k8s.apps.v1.DeploymentArgs {
    const { spec, workloadName } = args;
    const selector = { [APP_NAME_LABEL]: workloadName };
    const labels = { ...(args.labels ?? {}), ...selector };
    const runAsNonRoot = spec.runAsNonRoot ?? DEFAULTS.runAsNonRoot;
    // A default user only with runAsNonRoot: an image that needs root keeps its own user.
    const runAsUser = spec.runAsUser ?? (runAsNonRoot ? DEFAULTS.runAsUser : undefined);
    // In an order that does not depend on the config's key order (see envOrder.ts).
    const env = orderedEnv(spec.env ?? {}, defaultEnv(spec));
    const container: k8s.types.input.core.v1.Container = {
        name: workloadName,
        image: spec.image,
        ...(spec.command !== undefined ? { command: spec.command } : {}),
        ...(spec.args !== undefined ? { args: spec.args } : {}),
        ...(spec.port !== undefined ? { ports: [{ containerPort: spec.port }] } : {}),
        ...(env.length > 0 ? { env } : {}),
        ...(spec.resources !== undefined ? { resources: resourceRequirements(spec.resources) } : {}),
        securityContext: { allowPrivilegeEscalation: false },
    };
    return {
        metadata: {
            name: workloadName,
            namespace: args.namespace,
            labels,
            ...(spec.skipAwait === true ? { annotations: { [SKIP_AWAIT_ANNOTATION]: "true" } } : {}),
        },
        spec: {
            replicas: spec.replicas ?? DEFAULTS.replicas,
            selector: { matchLabels: selector },
            template: {
                metadata: { labels },
                spec: {
                    serviceAccountName: args.serviceAccountName,
                    // fsGroup makes the projected web-identity token readable by a non-root process
                    // (the token file is mode 0600/0640, owned by root:fsGroup).
                    securityContext: {
                        fsGroup: spec.fsGroup ?? DEFAULTS.fsGroup,
                        runAsNonRoot,
                        ...(runAsUser !== undefined ? { runAsUser } : {}),
                    },
                    containers: [container],
                },
            },
        },
    };
}

/**
 * The annotation that turns off the Kubernetes provider's await logic for one object: `pulumi up` then does not wait
 * for the Deployment to become ready (by default it waits up to 10 minutes and fails the update).
 * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
 * @see https://github.com/pulumi/pulumi-kubernetes/pull/417
 */
export const SKIP_AWAIT_ANNOTATION = "pulumi.com/skipAwait";

/**
 * Environment the component adds: `HOME=/tmp` when the component picks the user (the default `runAsUser` 65534)
 * and `env` sets no `HOME`. The runtime sets `HOME` from the image's `/etc/passwd` entry for that user, or `/` when
 * there is none; neither is writable by 65534, and the AWS CLI writes its cache under `~/.aws/cli/cache`, so a pod
 * running the CLI would fail and never become ready. The verify Job sets `HOME=/tmp` for the same reason.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 * @see https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
 */
export function defaultEnv(spec: Pick<DeploymentSpec, "env" | "runAsUser" | "runAsNonRoot">): Record<string, string> {
    const runAsNonRoot = spec.runAsNonRoot ?? DEFAULTS.runAsNonRoot;
    const defaultUser = spec.runAsUser === undefined && runAsNonRoot;
    return defaultUser && spec.env?.HOME === undefined ? { HOME: "/tmp" } : {};
}

/** Requests and limits as Kubernetes takes them (only the amounts given). */
function resourceRequirements(resources: NonNullable<DeploymentSpec["resources"]>): k8s.types.input.core.v1.ResourceRequirements {
    const amounts = (given: ResourceAmounts | undefined): Record<string, string> | undefined =>
        given === undefined
            ? undefined
            : Object.fromEntries(Object.entries(given).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    const requests = amounts(resources.requests);
    const limits = amounts(resources.limits);
    return { ...(requests !== undefined ? { requests } : {}), ...(limits !== undefined ? { limits } : {}) };
}
