/**
 * `IrsaCluster`: the whole IRSA chain from one typed config — cluster (created or adopted), its IAM
 * OIDC provider, a Kubernetes provider, and one `IrsaWorkload` per workload. Only wiring: every
 * piece lives in its own module.
 */
import type * as aws from "./aws";
import * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import { accessClusterName, clusterKubeconfigIdentity } from "./clusterIdentity";
import { grantClusterAccess } from "./clusterAccess";
import { addonPackConfig, AddonPackConfig } from "./addons";
import { adoptCluster, ClusterSource, createCluster } from "./clusterSource";
import type { IrsaClusterArgs } from "./config";
import { validateIrsaClusterArgs } from "./validation";
import { IrsaWorkload, IrsaWorkloadOutputs } from "./irsaWorkload";
import { kubernetesProvider } from "./kubeProvider";
import { createNamespaces } from "./namespaces";
import { builtWorkload, clusterResourceNames, workloadAliases, workloadComponentName } from "./naming";
import { roleAccounts, TrustedClusters } from "./multiCluster";
import { oidcProviderArn } from "./oidcProvider";
import { noteProgramClusters } from "./programClusters";
import { checkAgainstStack, stackAccountGate, stackFacts } from "./stackIdentity";
import { clusterPodIdentity } from "./podIdentity";
import { batchWorkloadsOf } from "./workloadBatches";
import { needsContext, stackPermissionContext } from "./workloadPermissions";

/** What {@link buildIrsaCluster} made: the outputs of `IrsaCluster` (and of the multi-language component). */
export interface IrsaClusterParts {
    clusterName: pulumi.Output<string>;
    oidcIssuer: pulumi.Output<string>;
    oidcProviderArn: pulumi.Output<string>;
    /** Secret. */
    kubeconfig: pulumi.Output<string>;
    kubernetesProvider: k8s.Provider;
    workloads: Record<string, IrsaWorkloadOutputs>;
    /** Issuer URLs of the other clusters (`trustedClusters`) some workload's role trusts. */
    trustedIssuers: pulumi.Output<string[]>;
}

/**
 * Builds everything a validated config says, as children of `parent` named from `name`: the one wiring shared by
 * `IrsaCluster` (TypeScript) and the multi-language `IrsaCluster` (provider/irsaCluster.ts), so both register the
 * same resources with the same inputs.
 */
export function buildIrsaCluster(
    parent: pulumi.ComponentResource,
    name: string,
    config: IrsaClusterArgs,
    accountProviders: Readonly<Record<string, aws.Provider>> = {},
): IrsaClusterParts {
    // A cluster another IrsaCluster of this program creates cannot be looked up by name (it does not exist yet).
    noteProgramClusters(
        name,
        config.cluster.mode === "create" ? config.cluster.name : undefined,
        new Map((config.trustedClusters ?? []).flatMap((c, i) => (c.clusterName !== undefined ? [[c.clusterName, `trustedClusters[${i}].clusterName`] as const] : []))),
    );
    // What needs the stack's identity (its aws:* config): checked here for every entry point, and the stack's
    // account asked of AWS when the config does not state it; roles wait for that check.
    const facts = stackFacts();
    checkAgainstStack(config, facts);
    const accountChecked = stackAccountGate(config, facts, parent);
    const gate = (arn: pulumi.Output<string>): pulumi.Output<string> => (accountChecked === undefined ? arn : pulumi.all([arn, accountChecked]).apply(([value]) => value));
    // The Kubernetes provider authenticates as the stack's AWS provider does (aws:profile, aws:assumeRoles).
    const identity = clusterKubeconfigIdentity(config.cluster);
    const cluster: ClusterSource =
        config.cluster.mode === "create"
            ? createCluster(name, config.cluster, config.tags, identity, parent)
            : adoptCluster(config.cluster, identity, parent);
    const access = grantClusterAccess(name, accessClusterName(cluster, config.cluster.accessEntries), config.cluster.accessEntries ?? [], config.tags, parent);
    const providerArn = oidcProviderArn(clusterResourceNames(name).oidcProvider, config.oidcProvider ?? { mode: "create" }, cluster.issuerUrl, config.tags, parent);
    // Other accounts roles live in (their AWS and OIDC providers) and other clusters roles trust.
    const accounts = roleAccounts(name, config, accountProviders, gate(cluster.issuerUrl), parent);
    const trustedClusters = new TrustedClusters(config, parent);
    // Every Kubernetes object waits for the access entries (and is deleted before them).
    const provider = kubernetesProvider(name, cluster.kubeconfig, parent, access);
    const readyForPods = cluster.createNodes({
        oidcProviderArn: providerArn,
        kubernetesProvider: provider,
        ...(config.roleNamePrefix !== undefined ? { roleNamePrefix: config.roleNamePrefix } : {}),
    });
    const namespaces = createNamespaces(name, config.workloads, config.cluster.mode, provider, parent);
    // EKS Pod Identity: the agent add-on once, and the cluster's name and ARN, when a workload uses it.
    const podIdentity = clusterPodIdentity(name, config, cluster, readyForPods, parent);

    const workloads: Record<string, IrsaWorkloadOutputs> = {};
    // Past the first batch, the workloads register their resources a turn of the event loop apart (./workloadBatches.ts).
    batchWorkloadsOf(parent);
    // Looked up once for every workload's grants and add-on, and only when one has them.
    const permissionContext = config.workloads.some(needsContext) ? stackPermissionContext(cluster.name, parent) : undefined;
    for (const workload of config.workloads) {
        const namespace = namespaces.get(workload.namespace);
        const account = workload.account !== undefined ? accounts.get(workload.account) : undefined;
        const otherClusters = trustedClusters.forWorkload(workload, account);
        workloads[workload.name] = new IrsaWorkload(
            workloadComponentName(name, workload.name),
            {
                // After a rename (previousNames, roleNamePrefix) its physical names are the original ones.
                workload: builtWorkload(name, workload, config.roleNamePrefix),
                oidcProviderArn: gate(account?.oidcProviderArn ?? providerArn),
                issuerUrl: cluster.issuerUrl,
                kubernetesProvider: provider,
                ...(otherClusters !== undefined ? { otherClusters } : {}),
                ...(account !== undefined ? { awsProvider: account.provider, accountId: account.spec.accountId } : {}),
                ...(namespace !== undefined ? { namespace } : {}),
                ...(config.tags !== undefined ? { tags: config.tags } : {}),
                deploymentDependsOn: readyForPods,
                // An adopted cluster exists at preview: an adopted ServiceAccount must be there already.
                requireExistingServiceAccount: config.cluster.mode === "adopt",
                ...(permissionContext !== undefined ? { permissionContext } : {}),
                ...(config.identity !== undefined ? { defaultIdentity: config.identity } : {}),
                ...(podIdentity !== undefined ? { podIdentity } : {}),
            },
            { parent, aliases: workloadAliases(name, workload) },
        );
    }
    return {
        clusterName: cluster.name,
        oidcIssuer: cluster.issuerUrl,
        oidcProviderArn: providerArn,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        kubernetesProvider: provider,
        workloads,
        trustedIssuers: trustedClusters.usedIssuers(config.workloads),
    };
}

/** Options of {@link IrsaCluster}: Pulumi's resource options, and the AWS providers of other accounts. */
export interface IrsaClusterOptions extends pulumi.ComponentResourceOptions {
    /**
     * An `aws.Provider` per account name of `args.accounts`, for roles in other accounts (credentials, profile or
     * assumed role as you configure them). An account without one gets a provider that assumes its `assumeRoleArn`.
     * @default {}
     */
    accountProviders?: Record<string, aws.Provider>;
}

/** An EKS cluster with IRSA for every workload of the config. */
export class IrsaCluster extends pulumi.ComponentResource {
    /** Name of the EKS cluster. */
    readonly clusterName: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`. */
    readonly oidcIssuer: pulumi.Output<string>;
    /** ARN of the IAM OIDC provider the workload roles trust. */
    readonly oidcProviderArn: pulumi.Output<string>;
    /** A kubeconfig (JSON) for the cluster, secret. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The Kubernetes provider of the component's Kubernetes objects (for your own objects too). */
    readonly kubernetesProvider: k8s.Provider;
    /**
     * Each workload's outputs, by workload name: its `IrsaWorkload`. Past the 25th workload, a workload registers its
     * resources in batches right after this constructor returns (./workloadBatches.ts); its outputs, and a
     * `dependsOn` on it or on this component, wait for them.
     */
    readonly workloads: Record<string, IrsaWorkloadOutputs>;
    /**
     * The irsa-guard pack config this stack's add-ons need, exactly (Karpenter: `iam:PassRole` on its `nodeRoleArn`,
     * whatever the role's name, path or account), e.g. `{"iam-no-privilege-escalation": {"allowedEscalations": [...]}}`;
     * pass it with `--policy-pack-config`. Undefined when no add-on needs one.
     */
    readonly policyPackConfig?: AddonPackConfig;

    /**
     * @param name the component's name; every logical name and default role name starts with it. To rename the
     *   component, pass `opts.aliases: [{ name: "<former name>" }]` (its children follow) and set
     *   `args.roleNamePrefix` to the former name (so no role is replaced).
     * @param args the config, checked before anything is registered (throws `IrsaConfigError` listing every problem)
     * @param opts resource options, and `accountProviders` for roles in other accounts
     */
    constructor(name: string, args: IrsaClusterArgs, opts?: IrsaClusterOptions) {
        const { accountProviders, ...resourceOptions } = opts ?? {};
        const config = validateIrsaClusterArgs(args, { componentName: name, accountProviders: Object.keys(accountProviders ?? {}), stack: stackFacts() });
        super("eks-irsa:index:IrsaCluster", name, {}, resourceOptions);

        const parts = buildIrsaCluster(this, name, config, accountProviders);
        this.clusterName = parts.clusterName;
        this.oidcIssuer = parts.oidcIssuer;
        this.oidcProviderArn = parts.oidcProviderArn;
        this.kubeconfig = parts.kubeconfig;
        this.kubernetesProvider = parts.kubernetesProvider;
        this.workloads = parts.workloads;
        const packConfig = addonPackConfig(config.workloads.map((w) => w.addon));
        if (packConfig !== undefined) {
            this.policyPackConfig = packConfig;
        }
        this.registerOutputs({
            ...(packConfig !== undefined ? { policyPackConfig: packConfig } : {}),
            clusterName: this.clusterName,
            oidcIssuer: this.oidcIssuer,
            oidcProviderArn: this.oidcProviderArn,
            kubeconfig: this.kubeconfig,
            // The other clusters' issuers the roles trust: declared for the irsa-guard pack.
            ...((config.trustedClusters ?? []).length > 0 ? { trustedIssuers: parts.trustedIssuers } : {}),
            workloads: Object.fromEntries(
                Object.entries(parts.workloads).map(([workloadName, outputs]) => [
                    workloadName,
                    {
                        roleArn: outputs.roleArn,
                        roleName: outputs.roleName,
                        serviceAccountName: outputs.serviceAccountName,
                        namespace: outputs.namespace,
                        ...(outputs.deploymentName !== undefined ? { deploymentName: outputs.deploymentName } : {}),
                    },
                ]),
            ),
        });
    }
}
