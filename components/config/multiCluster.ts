/**
 * The config of several clusters and accounts: other clusters workload roles may trust
 * (`eks-irsa:trustedClusters`) and other AWS accounts roles may live in (`eks-irsa:accounts`). Part of the config
 * (`components/config.ts`).
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Another EKS cluster that workload roles may trust (see `WorkloadSpec.trustedClusters`): given by its IAM OIDC
 * provider's ARN and its issuer URL, or by its EKS cluster name (looked up in the stack's account and region; its
 * provider looked up by issuer URL in the role's account).
 */
export interface TrustedClusterSpec {
    /** The name workloads list in `trustedClusters`: a lowercase RFC 1123 label, unique in the config. */
    name: string;
    /**
     * Name of an existing EKS cluster in the stack's account and region, looked up with `aws.eks.getCluster`; its
     * IAM OIDC provider is looked up by issuer URL in each role's account. Give either this, or `issuerUrl` and
     * `providerArn`. A lookup runs at once, also in a preview, and finds only what exists before the update: a
     * cluster that an `IrsaCluster` of the same program creates is refused; pass its `oidcIssuer` and
     * `oidcProviderArn` outputs as `issuerUrl` and `providerArn` instead.
     */
    clusterName?: string;
    /**
     * The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>` (`aws eks describe-cluster
     * --query cluster.identity.oidc.issuer`), or the `oidcIssuer` output of a cluster the same program builds. With
     * `providerArn`.
     * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html
     * @input
     */
    issuerUrl?: pulumi.Input<string>;
    /**
     * ARN of the IAM OIDC provider registered for `issuerUrl` in the account of the roles that trust it:
     * `arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>`. Its issuer must be
     * `issuerUrl`'s; a role in another account (`WorkloadSpec.account`) needs a provider in that account. An output
     * (e.g. another `IrsaCluster`'s `oidcProviderArn`) is checked when its value is known.
     * @input
     */
    providerArn?: pulumi.Input<string>;
}

/**
 * Another AWS account workload roles may live in (see `WorkloadSpec.account`): the component creates there the IAM
 * OIDC provider for the cluster's issuer (once per account) and the roles, through an `aws.Provider` for that
 * account: the one given in the `IrsaCluster` option `accountProviders` (TypeScript), else one the component
 * creates that assumes `assumeRoleArn`.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html
 */
export interface AccountSpec {
    /** The name workloads use in `account`: a lowercase RFC 1123 label, unique in the config. */
    name: string;
    /** The 12-digit AWS account id. */
    accountId: string;
    /**
     * A role in that account the deployment assumes to create the provider and roles there,
     * `arn:aws:iam::<accountId>:role/<name>`. Required unless the `IrsaCluster` option `accountProviders` has a provider
     * for this account.
     * @see https://www.pulumi.com/registry/packages/aws/api-docs/provider/#assumeroles
     * @input
     */
    assumeRoleArn?: string;
    /**
     * Region of the created `aws.Provider` (IAM is global; the region is where its API calls go).
     * @default the stack's `aws:region`
     */
    region?: string;
    /**
     * Use the IAM OIDC provider that already exists for the cluster's issuer in that account: its ARN,
     * `arn:aws:iam::<accountId>:oidc-provider/<issuer host>`. Only with an adopted cluster (a new cluster's issuer
     * is not known before it exists).
     * @default none: the provider is created (or looked up, with `lookupOidcProvider`)
     * @input
     */
    oidcProviderArn?: string;
    /**
     * Look the cluster's IAM OIDC provider up by issuer URL in that account instead of creating it.
     * @default false: created, with the audience `sts.amazonaws.com`
     */
    lookupOidcProvider?: boolean;
}
