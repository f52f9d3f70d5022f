/**
 * components/eksApi.ts against `@pulumi/eks`'s own declarations, checked by `npm run typecheck` (this file is part of
 * tsconfig.json's program; it runs nothing): what the component passes, @pulumi/eks accepts, and what it reads and
 * the constants it uses, @pulumi/eks gives. A newer @pulumi/eks that renames or narrows any of them fails here.
 */
import type * as eks from "@pulumi/eks";
import type * as pulumi from "@pulumi/pulumi";
import type { EksCluster, EksClusterArgs, EksManagedNodeGroupArgs, EksModule } from "../../components/eksApi";

/** Compiles only when `A` is assignable to `B`. */
type Assignable<A extends B, B> = [A, B];

/** The cluster arguments the component gives are `ClusterArgs`. */
export type ClusterArgsAccepted = Assignable<EksClusterArgs, eks.ClusterArgs>;
/** Every cluster argument the component names is one of `ClusterArgs` (an extra property would pass the check above). */
export type ClusterArgsKnown = Assignable<keyof EksClusterArgs, keyof eks.ClusterArgs>;
/** So are the node group's, but for the cluster, which the next check covers. */
export type NodeGroupArgsAccepted = Assignable<Omit<EksManagedNodeGroupArgs, "cluster">, Omit<eks.ManagedNodeGroupArgs, "cluster">>;
/** Every node group argument the component names is one of `ManagedNodeGroupArgs`. */
export type NodeGroupArgsKnown = Assignable<keyof EksManagedNodeGroupArgs, keyof eks.ManagedNodeGroupArgs>;
/** The cluster the component passes to the node group is one `eks.Cluster` made, which the node group takes. */
export type NodeGroupClusterAccepted = Assignable<eks.Cluster, eks.ManagedNodeGroupArgs["cluster"]>;
/** What the component reads of a cluster, an `eks.Cluster` has. */
export type ClusterRead = Assignable<eks.Cluster, EksCluster>;
/** The constants the component uses. */
export type ConstantsGiven = Assignable<Pick<typeof eks, "AuthenticationMode" | "ResolveConflictsOnUpdate">, Pick<EksModule, "AuthenticationMode" | "ResolveConflictsOnUpdate">>;
/** The cluster constructor, with the arguments above and what it makes. */
export type ClusterConstructorGiven = Assignable<Pick<typeof eks, "Cluster">, Pick<EksModule, "Cluster">>;
/** The node group constructor, with the arguments above (its cluster as the module made it). */
export type NodeGroupConstructorGiven = Assignable<
    typeof eks.ManagedNodeGroup,
    new (name: string, args: Omit<EksManagedNodeGroupArgs, "cluster"> & { cluster: eks.Cluster }, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource
>;
