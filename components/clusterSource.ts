/**
 * The cluster the workloads run on: created with `@pulumi/eks` or adopted by name. Either way the
 * rest of the component sees the same {@link ClusterSource}: name, issuer URL, kubeconfig.
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { AdoptClusterSpec, CreateClusterSpec } from "./config";
import { DEFAULTS } from "./defaults";
import { execKubeconfig } from "./kubeconfig";
import { clusterResourceNames, nodeRoleAttachmentName } from "./naming";

/** What the component needs from its cluster. */
export interface ClusterSource {
    /** The EKS cluster's name. */
    name: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`. */
    issuerUrl: pulumi.Output<string>;
    /** A kubeconfig (JSON) for the cluster. */
    kubeconfig: pulumi.Output<string>;
    /** What pods need before they can run (the node group of a created cluster). */
    readyForPods: pulumi.Resource[];
}

/**
 * The managed policies of the node role: nodes join the cluster, run the VPC CNI, pull from ECR.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
 */
export const NODE_ROLE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"] as const;

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
 * Creates the cluster (no OIDC provider of its own: this package owns it), its node role and one
 * managed node group.
 */
export function createCluster(
    componentName: string,
    spec: CreateClusterSpec,
    tags: Record<string, string> | undefined,
    parent: pulumi.Resource,
): ClusterSource {
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
        },
        { parent },
    );

    const partition = aws.getPartitionOutput({}, { parent }).partition;
    const nodeRole = new aws.iam.Role(
        names.nodeRole,
        {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            ...(tags !== undefined ? { tags } : {}),
        },
        { parent },
    );
    const attachments = NODE_ROLE_POLICIES.map(
        (policy) =>
            new aws.iam.RolePolicyAttachment(
                nodeRoleAttachmentName(componentName, policy),
                { role: nodeRole.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
                { parent },
            ),
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
            // IMDSv2 only: a pod cannot reuse a stolen IMDSv1 response to get the node role.
            enableIMDSv2: true,
            ...(tags !== undefined ? { tags } : {}),
        },
        { parent, dependsOn: attachments },
    );

    // `eksCluster` is an `aws.eks.Cluster` (its `identities` an Output) when deployed, a plain
    // object under mocks: `apply` flattens both.
    const identities = cluster.eksCluster.apply((eksCluster) => eksCluster.identities);
    return {
        name: cluster.eksCluster.apply((eksCluster) => eksCluster.name),
        issuerUrl: pulumi.all([spec.name, identities]).apply(([name, ids]) => firstIssuer(name, ids)),
        kubeconfig: cluster.kubeconfigJson,
        readyForPods: [nodes],
    };
}

/** Looks an existing cluster up by name and builds an `aws eks get-token` kubeconfig for it. */
export function adoptCluster(spec: AdoptClusterSpec, parent: pulumi.Resource): ClusterSource {
    const found = aws.eks.getClusterOutput({ name: spec.name }, { parent });
    const region = aws.getRegionOutput({}, { parent }).region;
    return {
        name: found.name,
        issuerUrl: found.identities.apply((ids) => firstIssuer(spec.name, ids)),
        kubeconfig: pulumi.all([found.endpoint, found.certificateAuthorities, region]).apply(([endpoint, authorities, regionName]) =>
            JSON.stringify(
                execKubeconfig({
                    clusterName: spec.name,
                    endpoint,
                    certificateAuthorityData: authorities[0]?.data ?? "",
                    region: regionName,
                }),
            ),
        ),
        readyForPods: [],
    };
}
