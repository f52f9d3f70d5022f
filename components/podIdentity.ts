/**
 * EKS Pod Identity for a workload: which identity mode it resolves to, its ServiceAccount's annotations in
 * that mode, its `aws.eks.PodIdentityAssociation`, and the cluster's `eks-pod-identity-agent` add-on.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
import * as aws from "./aws";
import * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import type { WorkloadSpec } from "./config";
import { IrsaConfigError } from "./validation/error";
import { permissionDocument } from "./iamDocuments";
import { podIdentityAgentName, podIdentityAssociationName } from "./naming";
import { IdentityMode, PodIdentityAgentMode, PodIdentityOptions, podIdentityAgentOf, resolveIdentity, usesPodIdentity } from "./podIdentityConfig";
import { checkOptionsUsed } from "./validation/podIdentity";
import { ProblemList } from "./validation/problems";
import { ROLE_ARN_ANNOTATION, STS_REGIONAL_ANNOTATION } from "./workloadManifests";

export { DEFAULT_IDENTITY, DEFAULT_POD_IDENTITY_AGENT, resolveIdentity, usesIrsa, usesPodIdentity } from "./podIdentityConfig";

/** The EKS add-on that runs the Pod Identity Agent (a DaemonSet) on every node. */
export const POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent";

/**
 * The ServiceAccount annotation that declares an IRSA → Pod Identity migration in progress: the component sets
 * it to `"true"` in `both` mode, and the `irsa-guard` pack accepts a ServiceAccount with both an association
 * and an `eks.amazonaws.com/role-arn` annotation only when it carries it.
 */
export const MIGRATION_ANNOTATION = "eks-irsa.dev/identity-migration";

/**
 * The ServiceAccount's metadata in `mode`, from the IRSA metadata (`serviceAccountMetadata`):
 * `irsa` keeps it; `both` adds `eks-irsa.dev/identity-migration: "true"`; `pod-identity` drops the IRSA
 * annotations (`eks.amazonaws.com/role-arn`, `eks.amazonaws.com/sts-regional-endpoints`, which only the IRSA
 * webhook reads) and the `annotations` field when nothing is left.
 */
export function identityServiceAccountMetadata(
    metadata: k8s.types.input.meta.v1.ObjectMeta,
    mode: IdentityMode,
): k8s.types.input.meta.v1.ObjectMeta {
    if (mode === "irsa") {
        return metadata;
    }
    const annotations = { ...((metadata.annotations ?? {}) as Record<string, pulumi.Input<string>>) };
    if (mode === "both") {
        return { ...metadata, annotations: { ...annotations, [MIGRATION_ANNOTATION]: "true" } };
    }
    delete annotations[ROLE_ARN_ANNOTATION];
    delete annotations[STS_REGIONAL_ANNOTATION];
    const result: k8s.types.input.meta.v1.ObjectMeta = { ...metadata, annotations };
    if (Object.keys(annotations).length === 0) {
        delete result.annotations;
    }
    return result;
}

/** What a workload in `pod-identity` or `both` mode needs from its cluster. */
export interface PodIdentityContext {
    /** The EKS cluster's name (the association's `clusterName`). */
    clusterName: pulumi.Input<string>;
    /** The EKS cluster's ARN: the trust's `aws:RequestTag/eks-cluster-arn`. */
    clusterArn: pulumi.Input<string>;
    /** What the workload's pods must wait for besides the association (the agent add-on, when this stack installs it). */
    dependsOn?: pulumi.Resource[];
}

/** The association's arguments for one workload (pure). */
export function podIdentityAssociationArgs(args: {
    clusterName: pulumi.Input<string>;
    namespace: string;
    serviceAccount: string;
    roleArn: pulumi.Input<string>;
    options?: PodIdentityOptions;
    tags?: Record<string, string>;
}): aws.eks.PodIdentityAssociationArgs {
    const options = args.options ?? {};
    const sessionPolicy = options.sessionPolicy ?? [];
    return {
        clusterName: args.clusterName,
        namespace: args.namespace,
        serviceAccount: args.serviceAccount,
        roleArn: args.roleArn,
        ...(options.targetRoleArn !== undefined ? { targetRoleArn: options.targetRoleArn } : {}),
        ...(options.disableSessionTags !== undefined ? { disableSessionTags: options.disableSessionTags } : {}),
        ...(sessionPolicy.length > 0 ? { policy: JSON.stringify(permissionDocument(sessionPolicy)) } : {}),
        ...(args.tags !== undefined && Object.keys(args.tags).length > 0 ? { tags: args.tags } : {}),
    };
}

/**
 * The workload's `PodIdentityAssociation`: EKS hands the role's credentials to pods of `namespace/serviceAccount`.
 * The namespace and ServiceAccount need not exist yet (EKS binds them by name); pods created before the
 * association get no Pod Identity credentials, so the Deployment waits for it.
 */
export function createPodIdentityAssociation(
    workloadComponent: string,
    args: Parameters<typeof podIdentityAssociationArgs>[0],
    parent: pulumi.Resource,
): aws.eks.PodIdentityAssociation {
    return new aws.eks.PodIdentityAssociation(podIdentityAssociationName(workloadComponent), podIdentityAssociationArgs(args), { parent });
}

/**
 * The `eks-pod-identity-agent` add-on, once per cluster. It is a DaemonSet: on a created cluster it waits for
 * the node group. On a cluster this stack creates, conflicts on create are overwritten. On an adopted cluster
 * (which the stack does not own) a self-managed agent is never taken over (`NONE`: EKS refuses instead) and
 * deleting the add-on keeps the agent running (`preserve`). On update the cluster's own changes are preserved.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteAddon.html (`preserve`)
 */
export function installPodIdentityAgent(
    componentName: string,
    clusterName: pulumi.Input<string>,
    owned: boolean,
    tags: Record<string, string> | undefined,
    dependsOn: pulumi.Resource[],
    parent: pulumi.Resource,
): aws.eks.Addon {
    return new aws.eks.Addon(
        podIdentityAgentName(componentName),
        {
            clusterName,
            addonName: POD_IDENTITY_AGENT_ADDON,
            resolveConflictsOnCreate: owned ? "OVERWRITE" : "NONE",
            resolveConflictsOnUpdate: "PRESERVE",
            ...(owned ? {} : { preserve: true }),
            ...(tags !== undefined && Object.keys(tags).length > 0 ? { tags } : {}),
        },
        { parent, dependsOn },
    );
}

/**
 * The cluster's side of Pod Identity, for `IrsaCluster`: when some workload resolves to `pod-identity` or
 * `both`, installs the agent add-on once (when `podIdentityAgent` is `"install"`, the default on a created
 * cluster; `"none"` was refused by validation) after `nodes`, and returns what those workloads need. `undefined` when no workload uses it.
 */
export function clusterPodIdentity(
    componentName: string,
    config: {
        cluster: { mode: "create" | "adopt"; podIdentityAgent?: PodIdentityAgentMode };
        workloads: readonly { identity?: IdentityMode }[];
        identity?: IdentityMode;
        tags?: Record<string, string>;
    },
    cluster: { name: pulumi.Input<string>; arn: pulumi.Input<string> },
    nodes: pulumi.Resource[],
    parent: pulumi.Resource,
): PodIdentityContext | undefined {
    if (!config.workloads.some((workload) => usesPodIdentity(resolveIdentity(workload, config.identity)))) {
        return undefined;
    }
    const install = podIdentityAgentOf(config.cluster) === "install";
    const owned = config.cluster.mode === "create";
    const agent = install ? installPodIdentityAgent(componentName, cluster.name, owned, config.tags, nodes, parent) : undefined;
    return { clusterName: cluster.name, clusterArn: cluster.arn, ...(agent !== undefined ? { dependsOn: [agent] } : {}) };
}

/**
 * The mode of a workload built by `IrsaWorkload` on its own or from `IrsaCluster`; throws an `IrsaConfigError`
 * when its `podIdentity` options would be ignored or when Pod Identity is used without the cluster's context.
 */
export function workloadIdentity(
    workload: WorkloadSpec,
    defaultIdentity: IdentityMode | undefined,
    context: PodIdentityContext | undefined,
): IdentityMode {
    const mode = resolveIdentity(workload, defaultIdentity);
    const problems = new ProblemList();
    checkOptionsUsed(workload as unknown as Record<string, unknown>, mode, "workload", problems);
    if (usesPodIdentity(mode) && context === undefined) {
        problems.invalid(
            "workload.identity",
            mode,
            "needs the cluster's Pod Identity context",
            "pass podIdentity: { clusterName, clusterArn } (IrsaCluster does this for you)",
        );
    }
    if (problems.problems.length > 0) {
        throw new IrsaConfigError(problems.problems);
    }
    return mode;
}

/** The role's default description in `mode`. */
export function roleDescription(mode: IdentityMode, namespace: string, serviceAccount: string): string {
    return `${mode === "irsa" ? "IRSA" : "EKS Pod Identity"} role for ${namespace}/${serviceAccount}`;
}
