/**
 * `IrsaCluster`: the whole IRSA chain from one typed config — cluster (created or adopted), its IAM
 * OIDC provider, a Kubernetes provider, and one `IrsaWorkload` per workload. Only wiring: every
 * piece lives in its own module.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { adoptCluster, ClusterSource, createCluster } from "./clusterSource";
import type { IrsaClusterArgs } from "./config";
import { validateIrsaClusterArgs } from "./validation";
import { IrsaWorkload, IrsaWorkloadOutputs } from "./irsaWorkload";
import { kubernetesProvider } from "./kubeProvider";
import { createNamespaces } from "./namespaces";
import { builtWorkload, workloadAliases, workloadComponentName } from "./naming";
import { oidcProviderArn } from "./oidcProvider";
import { clusterPodIdentity } from "./podIdentity";
import { needsContext, stackPermissionContext } from "./workloadPermissions";

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
    /** Each workload's outputs, by workload name. */
    readonly workloads: Record<string, IrsaWorkloadOutputs>;

    /**
     * @param name the component's name; every logical name and default role name starts with it. To rename the
     *   component, pass `opts.aliases: [{ name: "<former name>" }]` (its children follow) and set
     *   `args.roleNamePrefix` to the former name (so no role is replaced).
     * @param args the config, checked before anything is registered (throws `IrsaConfigError` listing every problem)
     */
    constructor(name: string, args: IrsaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const config = validateIrsaClusterArgs(args, { componentName: name });
        super("eks-irsa:index:IrsaCluster", name, {}, opts);

        const cluster: ClusterSource =
            config.cluster.mode === "create"
                ? createCluster(name, config.cluster, config.tags, this)
                : adoptCluster(config.cluster, this);
        const providerArn = oidcProviderArn(name, config.oidcProvider ?? { mode: "create" }, cluster.issuerUrl, config.tags, this);
        const provider = kubernetesProvider(name, cluster.kubeconfig, this);
        const readyForPods = cluster.createNodes({
            oidcProviderArn: providerArn,
            kubernetesProvider: provider,
            ...(config.roleNamePrefix !== undefined ? { roleNamePrefix: config.roleNamePrefix } : {}),
        });
        const namespaces = createNamespaces(name, config.workloads, provider, this);
        // EKS Pod Identity: the agent add-on once, and the cluster's name and ARN, when a workload uses it.
        const podIdentity = clusterPodIdentity(name, config, cluster, readyForPods, this);

        const workloads: Record<string, IrsaWorkloadOutputs> = {};
        // Looked up once for every workload's grants and add-on, and only when one has them.
        const permissionContext = config.workloads.some(needsContext) ? stackPermissionContext(cluster.name, this) : undefined;
        for (const workload of config.workloads) {
            const namespace = namespaces.get(workload.namespace);
            workloads[workload.name] = new IrsaWorkload(
                workloadComponentName(name, workload.name),
                {
                    // After a rename (previousNames, roleNamePrefix) its physical names are the original ones.
                    workload: builtWorkload(name, workload, config.roleNamePrefix),
                    oidcProviderArn: providerArn,
                    issuerUrl: cluster.issuerUrl,
                    kubernetesProvider: provider,
                    ...(namespace !== undefined ? { namespace } : {}),
                    ...(config.tags !== undefined ? { tags: config.tags } : {}),
                    deploymentDependsOn: readyForPods,
                    ...(permissionContext !== undefined ? { permissionContext } : {}),
                    ...(config.identity !== undefined ? { defaultIdentity: config.identity } : {}),
                    ...(podIdentity !== undefined ? { podIdentity } : {}),
                },
                { parent: this, aliases: workloadAliases(name, workload) },
            );
        }

        this.clusterName = cluster.name;
        this.oidcIssuer = cluster.issuerUrl;
        this.oidcProviderArn = providerArn;
        this.kubeconfig = pulumi.secret(cluster.kubeconfig);
        this.kubernetesProvider = provider;
        this.workloads = workloads;
        this.registerOutputs({
            clusterName: this.clusterName,
            oidcIssuer: this.oidcIssuer,
            oidcProviderArn: this.oidcProviderArn,
            kubeconfig: this.kubeconfig,
            workloads: Object.fromEntries(
                Object.entries(workloads).map(([workloadName, outputs]) => [
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
