/**
 * The parts of `@pulumi/aws` the components use, each loaded from its own module. The package's index requires the
 * index of every AWS service it covers (about 300 modules, ~115 ms at every start of `pulumi up`, `pulumi preview`
 * and `eks-irsa synth`); these take 18 modules and ~13 ms. They are the very classes and functions the index
 * re-exports (it loads these same modules), so a `new aws.Provider(…)` a program makes from `@pulumi/aws` is one
 * these types accept. `@pulumi/eks`, which loads the whole index, is loaded only for a cluster the stack creates
 * (./clusterSource.ts).
 */
import type * as types from "@pulumi/aws/types";

export * as ec2 from "@pulumi/aws/ec2";
export * as eks from "@pulumi/aws/eks";
export * as iam from "@pulumi/aws/iam";
export { Provider } from "@pulumi/aws/provider";
export type { ProviderArgs } from "@pulumi/aws/provider";
export { getRegionOutput } from "@pulumi/aws/getRegion";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
export { getCallerIdentity, getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export type { types };
