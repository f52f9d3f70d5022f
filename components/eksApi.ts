/**
 * What the component uses of `@pulumi/eks`, declared here rather than imported as `@pulumi/eks`'s own types.
 *
 * `@pulumi/eks`'s declarations import the whole `@pulumi/aws` index, so any type check of a program that names them
 * reads about 2,400 more declaration files: ts-node's at every `pulumi up` and `pulumi preview` of the stack program
 * (`index.ts` with the CLI's compiler options: 3,836 files, 933,000 lines of declarations, against 1,388 files and
 * 512,000 lines without them). The module is still `@pulumi/eks`, required by ./clusterSource.ts when a cluster is
 * created; `tests/types/eksApi.ts` makes `npm run typecheck` fail when `@pulumi/eks` no longer accepts what the
 * component passes, or no longer gives what it reads.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as aws from "./aws";

/** The `eks.Cluster` arguments the component gives (`ClusterArgs` of @pulumi/eks). */
export interface EksClusterArgs {
    name: pulumi.Input<string>;
    version?: pulumi.Input<string>;
    createOidcProvider: boolean;
    skipDefaultNodeGroup: boolean;
    authenticationMode: EksModule["AuthenticationMode"]["Api"];
    endpointPrivateAccess: boolean;
    endpointPublicAccess: boolean;
    vpcId?: pulumi.Input<string>;
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    tags?: Record<string, string>;
    vpcCniOptions?: { resolveConflictsOnUpdate: EksModule["ResolveConflictsOnUpdate"]["Preserve"] };
}

/** What the component reads of an `eks.Cluster`: the EKS cluster resource it wraps. */
export interface EksCluster extends pulumi.ComponentResource {
    readonly eksCluster: pulumi.Output<aws.eks.Cluster>;
}

/** The `eks.ManagedNodeGroup` arguments the component gives (`ManagedNodeGroupArgs` of @pulumi/eks). */
export interface EksManagedNodeGroupArgs {
    /** A cluster the same module's `Cluster` made. */
    cluster: EksCluster;
    nodeRole: aws.iam.Role;
    instanceTypes: string[];
    scalingConfig: aws.types.input.eks.NodeGroupScalingConfig;
    launchTemplate: aws.types.input.eks.NodeGroupLaunchTemplate;
    version: pulumi.Input<string>;
    tags?: Record<string, string>;
}

/** The constructors and constants of `@pulumi/eks` the component uses. */
export interface EksModule {
    Cluster: new (name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) => EksCluster;
    ManagedNodeGroup: new (name: string, args: EksManagedNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;
    AuthenticationMode: { readonly Api: "API" };
    ResolveConflictsOnUpdate: { readonly Preserve: "PRESERVE" };
}
