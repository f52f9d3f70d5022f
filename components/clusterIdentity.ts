/**
 * Who the component's Kubernetes provider is: the stack's AWS identity (its `aws:profile` and assumed role, read
 * from the stack's `aws` config as the default AWS provider reads it), unless the cluster spec names another.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccessEntrySpec, ClusterAccessSpec } from "./config";
import { checkAccessEntriesAllowed } from "./clusterAccess";
import type { ClusterSource } from "./clusterSource";
import { kubeconfigIdentity, KubeconfigIdentity } from "./kubeconfig";

/** The identity of the Kubernetes provider for `spec`: its explicit fields, else the stack's `aws` config. */
export function clusterKubeconfigIdentity(spec: ClusterAccessSpec): KubeconfigIdentity {
    const aws = new pulumi.Config("aws");
    return kubeconfigIdentity(
        { profile: aws.get("profile"), assumeRoles: aws.getObject<unknown>("assumeRoles"), assumeRole: aws.getObject<unknown>("assumeRole") },
        {
            ...(spec.kubeconfigProfile !== undefined ? { profile: spec.kubeconfigProfile } : {}),
            ...(spec.kubeconfigRoleArn !== undefined ? { roleArn: spec.kubeconfigRoleArn } : {}),
        },
    );
}

/**
 * The cluster's name for its access entries: on an adopted cluster, only once its authentication mode is known to
 * allow them (a `CONFIG_MAP` cluster fails the preview with the command that switches it).
 */
export function accessClusterName(cluster: ClusterSource, entries: readonly AccessEntrySpec[] | undefined): pulumi.Output<string> {
    if (entries === undefined || entries.length === 0 || cluster.accessConfigs === undefined) {
        return cluster.name;
    }
    return pulumi.all([cluster.name, cluster.accessConfigs]).apply(([name, configs]) => {
        checkAccessEntriesAllowed(name, configs);
        return name;
    });
}
