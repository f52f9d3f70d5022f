/**
 * Checks of `cluster` and `oidcProvider`.
 */
import { DEFAULTS } from "../defaults";
import {
    isClusterName,
    isInstanceType,
    isIntegerIn,
    isKubernetesVersion,
    isOidcProviderArn,
    isSubnetId,
    isVpcId,
} from "./formats";
import { checkClusterAccess } from "./access";
import { checkKnownKeys, isRecord, knownNamesFix, ProblemList, withMisspelledField } from "./problems";
import { CONFIG_FIELDS } from "../configFields";

const CLUSTER_SHAPE = 'give { mode: "create" | "adopt", name }';
const MODE_FIX = 'use "create" to create the cluster or "adopt" to use an existing one';
const NAME_FIX = 'use 1 to 100 letters, digits, "-" and "_", starting with a letter or digit';
/** Every field of a cluster spec, created or adopted (`fargateOnly` on a created cluster has its own message). */
const CREATE_FIELDS = CONFIG_FIELDS.ClusterSpec;
const ADOPT_FIELDS = CONFIG_FIELDS.AdoptClusterSpec;
const NODE_GROUP_FIELDS = CONFIG_FIELDS.NodeGroupSpec;
const MAX_NODES = 1000;

/** Checks `cluster`; returns its mode when that is valid (other checks depend on it). */
export function checkCluster(value: unknown, problems: ProblemList): "create" | "adopt" | undefined {
    if (value === undefined) {
        problems.missing("cluster", CLUSTER_SHAPE);
        return undefined;
    }
    if (!isRecord(value)) {
        problems.invalid("cluster", value, "is not an object", CLUSTER_SHAPE);
        return undefined;
    }
    const cluster = withMisspelledField(value, "mode", CREATE_FIELDS, "cluster", problems);
    const mode = cluster.mode;
    if (mode === undefined) {
        problems.missing("cluster.mode", MODE_FIX);
    } else if (mode !== "create" && mode !== "adopt") {
        problems.invalid("cluster.mode", mode, "is not a cluster mode", MODE_FIX);
    }
    if (cluster.name === undefined) {
        problems.missing("cluster.name", `give the EKS cluster's name: ${NAME_FIX}`);
    } else if (!isClusterName(cluster.name)) {
        problems.invalid("cluster.name", cluster.name, "is not a valid EKS cluster name", NAME_FIX);
    }
    checkClusterAccess(cluster, problems);
    if (mode === "adopt") {
        for (const key of Object.keys(cluster)) {
            if ((ADOPT_FIELDS as readonly string[]).includes(key)) {
                continue;
            }
            if ((CREATE_FIELDS as readonly string[]).includes(key)) {
                problems.invalid(
                    `cluster.${key}`,
                    cluster[key],
                    "is not used with an adopted cluster",
                    "remove it (an adopted cluster is used as it is)",
                );
            } else {
                problems.invalid(`cluster.${key}`, cluster[key], "is not a known field", knownNamesFix(key, ADOPT_FIELDS));
            }
        }
        return "adopt";
    }
    if (mode === "create") {
        checkCreatedCluster(cluster, problems);
    }
    checkKnownKeys(cluster, CREATE_FIELDS, "cluster", problems);
    return mode === "create" ? "create" : undefined;
}

function checkCreatedCluster(cluster: Record<string, unknown>, problems: ProblemList): void {
    if (cluster.version !== undefined && !isKubernetesVersion(cluster.version)) {
        problems.invalid(
            "cluster.version",
            cluster.version,
            "is not a Kubernetes version",
            'write "1.<minor>" as a quoted string, e.g. "1.31"',
        );
    }
    checkNodeGroup(cluster.nodeGroup, problems);
    for (const key of ["endpointPrivateAccess", "endpointPublicAccess"] as const) {
        if (cluster[key] !== undefined && typeof cluster[key] !== "boolean") {
            problems.invalid(`cluster.${key}`, cluster[key], "is not a boolean", "use true or false");
        }
    }
    if (cluster.endpointPrivateAccess === false && cluster.endpointPublicAccess === false) {
        problems.invalid(
            "cluster.endpointPublicAccess",
            false,
            "leaves the API server unreachable with endpointPrivateAccess false",
            "turn on at least one of the two endpoints",
        );
    }
    checkNetwork(cluster, problems);
}

function checkNodeGroup(nodeGroup: unknown, problems: ProblemList): void {
    if (nodeGroup === undefined) {
        return;
    }
    if (!isRecord(nodeGroup)) {
        problems.invalid("cluster.nodeGroup", nodeGroup, "is not an object", "give { instanceType, desiredSize, minSize, maxSize }");
        return;
    }
    checkNodeGroupFields(nodeGroup, problems);
    checkKnownKeys(nodeGroup, NODE_GROUP_FIELDS, "cluster.nodeGroup", problems);
}

function checkNodeGroupFields(nodeGroup: Record<string, unknown>, problems: ProblemList): void {
    if (nodeGroup.instanceType !== undefined && !isInstanceType(nodeGroup.instanceType)) {
        problems.invalid(
            "cluster.nodeGroup.instanceType",
            nodeGroup.instanceType,
            "is not an EC2 instance type",
            'write "<family>.<size>", e.g. "t3.medium"',
        );
    }
    const minimum = { minSize: 0, maxSize: 1, desiredSize: 0 } as const;
    let sizesValid = true;
    for (const key of ["minSize", "maxSize", "desiredSize"] as const) {
        const value = nodeGroup[key];
        if (value !== undefined && !isIntegerIn(value, minimum[key], MAX_NODES)) {
            problems.invalid(
                `cluster.nodeGroup.${key}`,
                value,
                "is not a node count",
                `use an integer from ${minimum[key]} to ${MAX_NODES}`,
            );
            sizesValid = false;
        }
    }
    if (!sizesValid) {
        return;
    }
    const minSize = (nodeGroup.minSize as number | undefined) ?? DEFAULTS.minSize;
    const maxSize = (nodeGroup.maxSize as number | undefined) ?? DEFAULTS.maxSize;
    const desiredSize = (nodeGroup.desiredSize as number | undefined) ?? DEFAULTS.desiredSize;
    if (minSize > maxSize) {
        problems.invalid("cluster.nodeGroup.minSize", minSize, `is greater than maxSize ${maxSize}`, "make minSize at most maxSize");
    } else if (desiredSize < minSize || desiredSize > maxSize) {
        problems.invalid(
            "cluster.nodeGroup.desiredSize",
            desiredSize,
            `is outside minSize ${minSize} and maxSize ${maxSize}`,
            "use a number from minSize to maxSize",
        );
    }
}

function checkNetwork(cluster: Record<string, unknown>, problems: ProblemList): void {
    const { vpcId, subnetIds } = cluster;
    if (vpcId !== undefined && !isVpcId(vpcId)) {
        problems.invalid("cluster.vpcId", vpcId, "is not a VPC id", 'use "vpc-" followed by 8 or 17 hex digits');
    }
    if (subnetIds !== undefined) {
        if (!Array.isArray(subnetIds)) {
            problems.invalid("cluster.subnetIds", subnetIds, "is not a list", 'list the subnet ids, e.g. ["subnet-0123abcd", "subnet-4567ef01"]');
        } else {
            subnetIds.forEach((subnet: unknown, index) => {
                if (!isSubnetId(subnet)) {
                    problems.invalid(`cluster.subnetIds[${index}]`, subnet, "is not a subnet id", 'use "subnet-" followed by 8 or 17 hex digits');
                }
            });
            if (subnetIds.length < 2) {
                problems.invalid("cluster.subnetIds", subnetIds, "has fewer than two subnets", "give subnets in at least two availability zones");
            }
        }
    }
    if (subnetIds !== undefined && vpcId === undefined) {
        problems.invalid("cluster.subnetIds", subnetIds, "needs cluster.vpcId", "give the VPC the subnets belong to");
    }
    if (vpcId !== undefined && subnetIds === undefined) {
        problems.invalid("cluster.vpcId", vpcId, "needs cluster.subnetIds", "list the subnets of the VPC to use");
    }
}

const PROVIDER_SHAPE = 'give { mode: "create" }, { mode: "adopt", arn } or { mode: "lookup" }';
const PROVIDER_MODE_FIX = 'use "create", "adopt" (with arn) or "lookup"';
const PROVIDER_ARN_FIX =
    'use "arn:aws:iam::<account>:oidc-provider/<issuer host>", e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"';

/** Checks `oidcProvider` against the cluster's mode. */
export function checkOidcProvider(value: unknown, clusterMode: "create" | "adopt" | undefined, problems: ProblemList): void {
    if (value === undefined) {
        return;
    }
    if (!isRecord(value)) {
        problems.invalid("oidcProvider", value, "is not an object", PROVIDER_SHAPE);
        return;
    }
    const provider = withMisspelledField(value, "mode", CONFIG_FIELDS.OidcProviderSpec, "oidcProvider", problems);
    const mode = provider.mode;
    if (mode === undefined) {
        problems.missing("oidcProvider.mode", PROVIDER_MODE_FIX);
        return;
    }
    if (mode !== "create" && mode !== "adopt" && mode !== "lookup") {
        problems.invalid("oidcProvider.mode", mode, "is not a provider mode", PROVIDER_MODE_FIX);
        return;
    }
    checkKnownKeys(provider, mode === "adopt" ? CONFIG_FIELDS.AdoptOidcProviderSpec : CONFIG_FIELDS.CreateOidcProviderSpec, "oidcProvider", problems);
    if (mode === "adopt") {
        if (provider.arn === undefined) {
            problems.missing("oidcProvider.arn", PROVIDER_ARN_FIX);
        } else if (!isOidcProviderArn(provider.arn)) {
            problems.invalid("oidcProvider.arn", provider.arn, "is not an IAM OIDC provider ARN", PROVIDER_ARN_FIX);
        }
    }
    if (mode !== "create" && clusterMode === "create") {
        problems.invalid(
            "oidcProvider.mode",
            mode,
            "needs an adopted cluster",
            'a cluster this stack creates has no provider yet, use mode "create"',
        );
    }
}
