/**
 * The EKS access policies a config may name in `cluster.accessEntries[].accessPolicy`, and the access fields of a
 * cluster spec (pure data, shared by validation and the access-entry resources).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 */
import { CONFIG_FIELDS } from "./configFields";

/** `accessPolicy` → the name of EKS's access policy (`arn:<partition>:eks::aws:cluster-access-policy/<name>`). */
export const ACCESS_POLICIES: Readonly<Record<string, string>> = {
    "cluster-admin": "AmazonEKSClusterAdminPolicy",
    admin: "AmazonEKSAdminPolicy",
    edit: "AmazonEKSEditPolicy",
    view: "AmazonEKSViewPolicy",
};

/** The default `accessPolicy`. */
export const DEFAULT_ACCESS_POLICY = "cluster-admin";

/** The fields of `ClusterAccessSpec`, allowed on created and adopted clusters. */
export const CLUSTER_ACCESS_FIELDS = CONFIG_FIELDS.ClusterAccessSpec;
