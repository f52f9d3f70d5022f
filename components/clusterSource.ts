/**
 * The cluster the workloads run on: created with `@pulumi/eks` or adopted by name. Either way the
 * rest of the component sees the same {@link ClusterSource}: name, issuer URL, kubeconfig.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "./k8s";
import type { AdoptClusterSpec, CreateClusterSpec } from "./config";
import { DEFAULTS } from "./defaults";
import type { EksModule } from "./eksApi";
import { IrsaWorkload } from "./irsaWorkload";
import { execKubeconfig, KubeconfigIdentity } from "./kubeconfig";
import { builtWorkload, clusterResourceNames, nodeResourceNames, nodeRoleAttachmentName } from "./naming";
import { CNI_POLICY, NODE_METADATA_OPTIONS, NODE_ROLE_TRUST, nodeRolePolicies, vpcCniWorkload } from "./nodeHardening";
import { vpcCniCredentials } from "./vpcCniCredentials";
import { stackPermissionContext } from "./workloadPermissions";

/** What the component needs from its cluster. */
export interface ClusterSource {
    /** The EKS cluster's name. */
    name: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`. */
    issuerUrl: pulumi.Output<string>;
    /** The EKS cluster's ARN (the `aws:RequestTag/eks-cluster-arn` that Pod Identity trusts pin). */
    arn: pulumi.Output<string>;
    /** A kubeconfig (JSON) for the cluster, authenticating as the stack's AWS identity. */
    kubeconfig: pulumi.Output<string>;
    /**
     * The cluster's authentication mode as EKS reports it (`accessConfigs` of `aws.eks.getCluster`); `undefined`
     * for a created cluster (this stack sets `API`).
     */
    accessConfigs?: pulumi.Output<{ authenticationMode?: string }[] | undefined>;
    /**
     * Creates what pods need before they can run and returns it: for a created cluster, its node group (after
     * the VPC CNI's own role when `vpcCniRole` is on); nothing for an adopted cluster. Call it once, when the
     * OIDC provider and the Kubernetes provider exist.
     */
    createNodes(identity: NodeIdentity): pulumi.Resource[];
}

/** What the nodes of a created cluster need from the rest of the component (for the VPC CNI's own role). */
export interface NodeIdentity {
    /** ARN of the cluster's IAM OIDC provider. */
    oidcProviderArn: pulumi.Input<string>;
    /** The Kubernetes provider of the cluster. */
    kubernetesProvider: k8s.Provider;
    /** Prefix of derived role names (`IrsaClusterArgs.roleNamePrefix`): keeps the VPC CNI's role through a rename. */
    roleNamePrefix?: string;
}

/** The first OIDC issuer URL of an EKS cluster's `identities` (as `aws.eks.Cluster` and `aws.eks.getCluster` give them). */
export function firstIssuer(clusterName: string, identities: unknown): string {
    const list = Array.isArray(identities) ? (identities as { oidcs?: { issuer?: unknown }[] }[]) : [];
    const issuer = list[0]?.oidcs?.[0]?.issuer;
    if (typeof issuer !== "string" || issuer === "") {
        throw new Error(`cluster ${JSON.stringify(clusterName)} has no OIDC issuer: EKS gives every cluster one; check the cluster's name and region.`);
    }
    return issuer;
}

/**
 * `@pulumi/eks`, loaded when a cluster is created rather than with the component: it loads the whole `@pulumi/aws`
 * index, which a stack that adopts its cluster never needs (./aws.ts). Typed by ./eksApi.ts, for the same reason at
 * type-check time.
 */
function eksModule(): EksModule {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/eks") as EksModule;
}

/**
 * Creates the cluster (no OIDC provider of its own: this package owns it) and its node role; its one managed
 * node group, with a launch template that requires IMDSv2 with a hop limit of 1, is created by `createNodes`.
 */
export function createCluster(
    componentName: string,
    spec: CreateClusterSpec,
    tags: Record<string, string> | undefined,
    identity: KubeconfigIdentity,
    parent: pulumi.Resource,
): ClusterSource {
    const eks = eksModule();
    const names = clusterResourceNames(componentName);
    const cluster = new eks.Cluster(
        names.cluster,
        {
            name: spec.name,
            ...(spec.version !== undefined ? { version: spec.version } : {}),
            createOidcProvider: false,
            skipDefaultNodeGroup: true,
            authenticationMode: eks.AuthenticationMode.Api,
            endpointPrivateAccess: spec.endpointPrivateAccess ?? DEFAULTS.endpointPrivateAccess,
            endpointPublicAccess: spec.endpointPublicAccess ?? DEFAULTS.endpointPublicAccess,
            ...(spec.vpcId !== undefined ? { vpcId: spec.vpcId } : {}),
            ...(spec.subnetIds !== undefined ? { subnetIds: spec.subnetIds } : {}),
            ...(tags !== undefined ? { tags } : {}),
            // With vpcCniRole, aws-node's role annotation is a value changed from the vpc-cni add-on's default (no
            // role: the node role). @pulumi/eks's add-on updates with OVERWRITE, which "overwrites the changed value
            // back to the Amazon EKS default value" (UpdateAddon resolveConflicts,
            // https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateAddon.html; pulumi/pulumi-eks
            // nodejs/eks/addons/cni-addon.ts): a new add-on version would put aws-node back on the node role, which no
            // longer has AmazonEKS_CNI_Policy. PRESERVE keeps it. (The add-on's own `serviceAccountRoleArn` would be the
            // documented route, but the CNI role trusts this cluster's issuer, an output of the cluster it would be an
            // input of: docs/hardened-nodes.md.)
            ...(spec.vpcCniRole === true ? { vpcCniOptions: { resolveConflictsOnUpdate: eks.ResolveConflictsOnUpdate.Preserve } } : {}),
        },
        { parent },
    );

    const partition = aws.getPartitionOutput({}, { parent }).partition;
    const nodeRole = new aws.iam.Role(
        names.nodeRole,
        { assumeRolePolicy: JSON.stringify(NODE_ROLE_TRUST), ...(tags !== undefined ? { tags } : {}) },
        { parent },
    );
    const policies = nodeRolePolicies(spec.vpcCniRole === true);
    const attachments = policies.map(
        (policy) =>
            new aws.iam.RolePolicyAttachment(
                nodeRoleAttachmentName(componentName, policy),
                { role: nodeRole.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
                { parent },
            ),
    );
    const cniAttachments = attachments.filter((_, index) => policies[index] === CNI_POLICY);
    // IMDSv2 only, hop limit 1: a pod cannot get an IMDS session token, so it cannot take the node role's
    // credentials. (`enableIMDSv2` of @pulumi/eks sets a hop limit of 2, which lets pods through.)
    const launchTemplate = new aws.ec2.LaunchTemplate(
        nodeResourceNames(componentName).launchTemplate,
        {
            description: `Nodes of EKS cluster ${spec.name}: IMDSv2 only, hop limit 1 (pods cannot reach the node role)`,
            metadataOptions: { ...NODE_METADATA_OPTIONS },
            ...(tags !== undefined ? { tags } : {}),
        },
        { parent },
    );

    // `eksCluster` is an `aws.eks.Cluster` (its `identities` an Output) when deployed, a plain
    // object under mocks: `apply` flattens both.
    const identities = cluster.eksCluster.apply((eksCluster) => eksCluster.identities);
    const clusterName = cluster.eksCluster.apply((eksCluster) => eksCluster.name);
    const issuerUrl = pulumi.all([spec.name, identities]).apply(([name, ids]) => firstIssuer(name, ids));
    return {
        name: clusterName,
        issuerUrl,
        arn: cluster.eksCluster.apply((eksCluster) => eksCluster.arn),
        // Built here rather than taken from `kubeconfigJson` (which runs `aws eks get-token` with the machine's
        // default credentials) or `getKubeconfig()` (a component method call): the same exec kubeconfig as an
        // adopted cluster's, with the stack's profile and role.
        kubeconfig: kubeconfigJson(
            clusterName,
            cluster.eksCluster.apply((eksCluster) => eksCluster.endpoint),
            cluster.eksCluster.apply((eksCluster) => eksCluster.certificateAuthority.data),
            identity,
            parent,
        ),
        createNodes: (identity) => {
            const cni = spec.vpcCniRole === true ? vpcCniRole(componentName, clusterName, issuerUrl, identity, tags, parent) : undefined;
            // aws-node's ServiceAccount and DaemonSet, in both modes: a switch of vpcCniRole rolls aws-node onto the
            // new credentials before the old ones (node role policy or CNI role) are deleted.
            const credentials = vpcCniCredentials(
                componentName,
                {
                    ...(cni !== undefined ? { roleArn: cni.roleArn } : {}),
                    credentialsReady: cni !== undefined ? [cni] : cniAttachments,
                    provider: identity.kubernetesProvider,
                },
                parent,
            );
            const nodeGroup = spec.nodeGroup ?? {};
            const nodes = new eks.ManagedNodeGroup(
                names.nodeGroup,
                {
                    cluster,
                    nodeRole,
                    instanceTypes: [nodeGroup.instanceType ?? DEFAULTS.instanceType],
                    scalingConfig: {
                        desiredSize: nodeGroup.desiredSize ?? DEFAULTS.desiredSize,
                        minSize: nodeGroup.minSize ?? DEFAULTS.minSize,
                        maxSize: nodeGroup.maxSize ?? DEFAULTS.maxSize,
                    },
                    launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply((version) => `${version}`) },
                    // With a launch template @pulumi/eks leaves the node group's Kubernetes version unset (EKS then
                    // keeps the version the group was created with): follow the control plane's, so bumping
                    // `cluster.version` upgrades the nodes too (after the control plane, which this depends on).
                    // https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html ("version")
                    version: cluster.eksCluster.apply((eksCluster) => eksCluster.version),
                    ...(tags !== undefined ? { tags } : {}),
                },
                // aws-node's ServiceAccount and DaemonSet carry their credentials before any aws-node pod starts.
                { parent, dependsOn: [...attachments, credentials] },
            );
            return [nodes];
        },
    };
}

/**
 * The VPC CNI's own IRSA role: an `IrsaWorkload` for `kube-system/aws-node` (role only: the ServiceAccount is
 * annotated by `vpcCniCredentials`; the catalog's `vpc-cni` policy scoped to the stack's region and account).
 */
function vpcCniRole(
    componentName: string,
    clusterName: pulumi.Output<string>,
    issuerUrl: pulumi.Output<string>,
    identity: NodeIdentity,
    tags: Record<string, string> | undefined,
    parent: pulumi.Resource,
): IrsaWorkload {
    return new IrsaWorkload(
        nodeResourceNames(componentName).vpcCniWorkload,
        {
            // Its role name follows roleNamePrefix like every workload's, so renaming the component keeps it.
            workload: builtWorkload(componentName, vpcCniWorkload(), identity.roleNamePrefix),
            oidcProviderArn: identity.oidcProviderArn,
            issuerUrl,
            kubernetesProvider: identity.kubernetesProvider,
            permissionContext: stackPermissionContext(clusterName, parent),
            ...(tags !== undefined ? { tags } : {}),
        },
        { parent },
    );
}

/**
 * The `aws eks get-token` kubeconfig (JSON) of a cluster, as the stack's AWS identity (its profile and role), in the
 * stack's region.
 */
function kubeconfigJson(
    clusterName: pulumi.Input<string>,
    endpoint: pulumi.Input<string>,
    certificateAuthorityData: pulumi.Input<string>,
    identity: KubeconfigIdentity,
    parent: pulumi.Resource,
): pulumi.Output<string> {
    const region = aws.getRegionOutput({}, { parent }).region;
    return pulumi.all([clusterName, endpoint, certificateAuthorityData, region]).apply(([name, server, ca, regionName]) =>
        JSON.stringify(execKubeconfig({ clusterName: name, endpoint: server, certificateAuthorityData: ca, region: regionName, ...identity })),
    );
}

/** Looks an existing cluster up by name and builds an `aws eks get-token` kubeconfig for it. */
export function adoptCluster(spec: AdoptClusterSpec, identity: KubeconfigIdentity, parent: pulumi.Resource): ClusterSource {
    const found = aws.eks.getClusterOutput({ name: spec.name }, { parent });
    return {
        name: found.name,
        issuerUrl: found.identities.apply((ids) => firstIssuer(spec.name, ids)),
        arn: found.arn,
        kubeconfig: kubeconfigJson(spec.name, found.endpoint, found.certificateAuthorities.apply((authorities) => authorities[0]?.data ?? ""), identity, parent),
        accessConfigs: found.accessConfigs,
        createNodes: () => [],
    };
}
