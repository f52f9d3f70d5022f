/**
 * Who may use the cluster's Kubernetes API besides the identity that created it: one EKS access entry and one
 * access policy association per `cluster.accessEntries[]`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html (authentication modes)
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_POLICIES, DEFAULT_ACCESS_POLICY } from "./clusterAccessConfig";
import type { AccessEntrySpec } from "./config";
import { accessEntryNames } from "./naming";

/**
 * Throws unless the cluster's authentication mode allows access entries (`API` or `API_AND_CONFIG_MAP`); pure, for
 * an adopted cluster's `accessConfigs` as `aws.eks.getCluster` returns them. An unknown mode (not reported) passes:
 * EKS then answers for itself.
 */
export function checkAccessEntriesAllowed(clusterName: string, accessConfigs: readonly { authenticationMode?: string }[] | undefined): void {
    const mode = accessConfigs?.[0]?.authenticationMode;
    if (mode === "CONFIG_MAP") {
        throw new Error(
            `cluster.accessEntries needs EKS access entries, but cluster ${JSON.stringify(clusterName)} authenticates with the aws-auth ConfigMap only (authenticationMode "CONFIG_MAP"): ` +
                `switch it with \`aws eks update-cluster-config --name ${clusterName} --access-config authenticationMode=API_AND_CONFIG_MAP\` (it cannot be switched back), then run pulumi up again; or remove cluster.accessEntries and map the principals in aws-auth.`,
        );
    }
}

/** The access scope of an entry: its namespaces, else the whole cluster. */
export function accessScope(entry: AccessEntrySpec): aws.types.input.eks.AccessPolicyAssociationAccessScope {
    return entry.namespaces !== undefined && entry.namespaces.length > 0 ? { type: "namespace", namespaces: [...entry.namespaces] } : { type: "cluster" };
}

/** Creates each principal's access entry and its policy association; returns them (the associations last). */
export function grantClusterAccess(
    componentName: string,
    clusterName: pulumi.Input<string>,
    entries: readonly AccessEntrySpec[],
    tags: Record<string, string> | undefined,
    parent: pulumi.Resource,
): pulumi.Resource[] {
    if (entries.length === 0) {
        return [];
    }
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    const created: pulumi.Resource[] = [];
    for (const entry of entries) {
        const names = accessEntryNames(componentName, entry.principalArn);
        const accessEntry = new aws.eks.AccessEntry(
            names.entry,
            { clusterName, principalArn: entry.principalArn, type: "STANDARD", ...(tags !== undefined && Object.keys(tags).length > 0 ? { tags } : {}) },
            { parent },
        );
        const policy = ACCESS_POLICIES[entry.accessPolicy ?? DEFAULT_ACCESS_POLICY];
        const association = new aws.eks.AccessPolicyAssociation(
            names.policy,
            {
                clusterName,
                principalArn: accessEntry.principalArn,
                policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/${policy}`,
                accessScope: accessScope(entry),
            },
            { parent },
        );
        created.push(accessEntry, association);
    }
    return created;
}
