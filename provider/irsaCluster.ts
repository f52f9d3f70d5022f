/**
 * `IrsaCluster` for Python, Go, C#, Java and YAML programs: the component the `eks-irsa` component package serves
 * (`pulumi package add`). Same type token, same children and inputs as the TypeScript `IrsaCluster`
 * (components/irsaCluster.ts): its args (./args.ts) are mapped to the TypeScript config by one function
 * (./toTypeScriptArgs.ts), checked by the same validation, and built by the same `buildIrsaCluster`.
 *
 * The schema is inferred from this file and ./args.ts only (provider/schema/tsconfig.json): the implementation is
 * loaded when a component is constructed (`require` below), so the analysis never parses the AWS, EKS and
 * Kubernetes SDKs' types (about 1.5 s instead of 5 s and 800 MB).
 */
import * as pulumi from "@pulumi/pulumi";
import type { IrsaClusterArgs } from "./args";

/** The outputs of {@link IrsaCluster}, as ./build.ts makes them. */
export interface IrsaClusterOutputs {
    clusterName: pulumi.Output<string>;
    oidcIssuer: pulumi.Output<string>;
    oidcProviderArn: pulumi.Output<string>;
    kubeconfig: pulumi.Output<string>;
    roleArns: pulumi.Output<Record<string, string>>;
    roleNames: pulumi.Output<Record<string, string>>;
    serviceAccountNames: pulumi.Output<Record<string, string>>;
    namespaces: pulumi.Output<Record<string, string>>;
    deploymentNames: pulumi.Output<Record<string, string>>;
    policyPackConfig: pulumi.Output<string>;
}

/** What ./build.ts exports (checked there against its functions). */
export interface ClusterBuild {
    /** Maps and checks `args` (throws one `IrsaConfigError`); returns what `build` needs, and the component's options. */
    prepare(name: string, args: IrsaClusterArgs, opts: pulumi.ComponentResourceOptions | undefined): PreparedCluster;
    /** Registers the children of `component` and returns its outputs. */
    build(component: pulumi.ComponentResource, name: string, prepared: PreparedCluster): IrsaClusterOutputs;
}

/** A checked config, opaque here. */
export interface PreparedCluster {
    /** The component's options (secret inputs add a transformation that keeps them secret in the children). */
    readonly options: pulumi.ComponentResourceOptions;
}

/**
 * An EKS cluster with IAM Roles for Service Accounts (or EKS Pod Identity) for every workload: the cluster (created
 * or adopted), its IAM OIDC provider, one least-privilege role per workload that exactly one ServiceAccount can
 * assume, the ServiceAccount annotated with the role, and the workload's Deployment.
 */
export class IrsaCluster extends pulumi.ComponentResource {
    /** Name of the EKS cluster. */
    readonly clusterName: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`. */
    readonly oidcIssuer: pulumi.Output<string>;
    /** ARN of the IAM OIDC provider the workload roles trust. */
    readonly oidcProviderArn: pulumi.Output<string>;
    /**
     * A kubeconfig (JSON) for the cluster. Secret.
     * @secret
     */
    readonly kubeconfig: pulumi.Output<string>;
    /** ARN of each workload's IAM role, by workload name. */
    readonly roleArns: pulumi.Output<Record<string, string>>;
    /** Name of each workload's IAM role, by workload name. */
    readonly roleNames: pulumi.Output<Record<string, string>>;
    /** Name of each workload's ServiceAccount, by workload name. */
    readonly serviceAccountNames: pulumi.Output<Record<string, string>>;
    /** Namespace of each workload's ServiceAccount, by workload name. */
    readonly namespaces: pulumi.Output<Record<string, string>>;
    /** Name of each workload's Deployment, by workload name (workloads without a Deployment are absent). */
    readonly deploymentNames: pulumi.Output<Record<string, string>>;
    /**
     * The irsa-guard pack config (JSON) this stack's add-ons need, exactly: Karpenter's `iam:PassRole` on its
     * `nodeRoleArn`, whatever the role's name, path or account. Write it to a file and pass it with
     * `pulumi preview --policy-pack ./policy-pack --policy-pack-config <file>` (or merge it into your pack config);
     * `{}` when no add-on needs one.
     */
    readonly policyPackConfig: pulumi.Output<string>;

    constructor(name: string, args: IrsaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Loaded here, not imported: see the module comment.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const implementation = require("./build") as ClusterBuild;
        const prepared = implementation.prepare(name, args, opts);
        super("eks-irsa:index:IrsaCluster", name, {}, prepared.options);

        const outputs = implementation.build(this, name, prepared);
        this.clusterName = outputs.clusterName;
        this.oidcIssuer = outputs.oidcIssuer;
        this.oidcProviderArn = outputs.oidcProviderArn;
        this.kubeconfig = outputs.kubeconfig;
        this.roleArns = outputs.roleArns;
        this.roleNames = outputs.roleNames;
        this.serviceAccountNames = outputs.serviceAccountNames;
        this.namespaces = outputs.namespaces;
        this.deploymentNames = outputs.deploymentNames;
        this.policyPackConfig = outputs.policyPackConfig;
        this.registerOutputs({ ...outputs });
    }
}
