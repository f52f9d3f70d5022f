/**
 * `IrsaWorkload`: one workload's half of the IRSA chain — the IAM role that exactly its
 * ServiceAccount may assume, its permissions, the annotated ServiceAccount and its Deployment.
 */
import * as aws from "./aws";
import * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import type { WorkloadSpec } from "./config";
import { IrsaConfigError } from "./validation/error";
import { DEFAULTS } from "./defaults";
import type { TrustedProvider } from "./iamDocuments";
import type { PodIdentityContext } from "./podIdentity";
import { IdentityMode } from "./podIdentityConfig";
import { isCheckedWorkload } from "./validation";
import { checkWorkload } from "./validation/workload";
import { ProblemList } from "./validation/problems";
import { workloadBatchesOf } from "./workloadBatches";
import { needsContext, PermissionContext } from "./workloadPermissions";
import { associationManifest, deploymentManifest, planWorkload, RolePlan, serviceAccountManifest, verifyJobManifest, WorkloadPlan } from "./workloadPlan";

/** Arguments of {@link IrsaWorkload}. */
export interface IrsaWorkloadArgs {
    /** The workload (checked again here when the component is used on its own). */
    workload: WorkloadSpec;
    /** ARN of the cluster's IAM OIDC provider: the role's `Federated` principal. */
    oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (`https://…`); its host prefixes the trust conditions' keys. */
    issuerUrl: pulumi.Input<string>;
    /**
     * Other clusters whose ServiceAccount of the same namespace and name may assume the role: one more trust
     * statement each, after the cluster's, with providers in the role's account (`IrsaCluster` resolves the
     * workload's `trustedClusters`).
     * @default []
     */
    otherClusters?: pulumi.Input<TrustedProvider[]>;
    /**
     * The AWS provider of the account the role lives in (cross-account IRSA; `oidcProviderArn` is then the
     * provider in that account). Its role, inline policy and attachments are created through it.
     * @default the stack's default AWS provider
     */
    awsProvider?: aws.Provider;
    /** The 12-digit account `awsProvider` deploys to: grants and add-ons are scoped to it. @default the stack's */
    accountId?: string;
    /**
     * Provider of the Kubernetes objects. Required unless the workload is `role-only` without a Deployment.
     */
    kubernetesProvider?: k8s.Provider;
    /** The Namespace resource, when the cluster component creates it (the objects then wait for it). */
    namespace?: k8s.core.v1.Namespace;
    /** Tags of every AWS resource (the role's own tags win). */
    tags?: Record<string, string>;
    /** What the Deployment must wait for besides the role's permissions (e.g. the node group). */
    deploymentDependsOn?: pulumi.Resource[];
    /**
     * With `serviceAccountMode: "adopt"`, read the ServiceAccount (`ServiceAccount.get`) before patching it, so a
     * missing one fails the preview instead of being created by the patch (server-side apply creates what is
     * missing, and the chart installed later then fails on ownership). Only where the cluster exists at preview:
     * `IrsaCluster` turns it on for adopted clusters.
     * @default false
     */
    requireExistingServiceAccount?: boolean;
    /**
     * Partition, region, account and cluster name that `grants` and `addon` are scoped with. Required when the
     * workload has either; `IrsaCluster` passes the stack's.
     */
    permissionContext?: pulumi.Input<PermissionContext>;
    /**
     * The identity mode when the workload sets no `identity` (`IrsaCluster` passes the config's `identity`).
     * @default "irsa"
     */
    defaultIdentity?: IdentityMode;
    /**
     * What EKS Pod Identity needs from the cluster (its name and ARN, the agent add-on). Required when the workload
     * resolves to `"pod-identity"` or `"both"`; `IrsaCluster` passes it.
     */
    podIdentity?: PodIdentityContext;
}

/** What a workload exposes. `deploymentName` is `undefined` when the workload has no Deployment. */
export interface IrsaWorkloadOutputs {
    /** ARN of the workload's IAM role (the ServiceAccount's `eks.amazonaws.com/role-arn`). */
    roleArn: pulumi.Output<string>;
    /** Name of the IAM role. */
    roleName: pulumi.Output<string>;
    /** Name of the ServiceAccount the role trusts. */
    serviceAccountName: pulumi.Output<string>;
    /** Namespace of the ServiceAccount. */
    namespace: pulumi.Output<string>;
    /** Name of the Deployment, or `undefined` when there is none. */
    deploymentName: pulumi.Output<string> | undefined;
}

/** What {@link IrsaWorkload} registered; `deploymentName` is `undefined` when the plan has no Deployment. */
interface RegisteredWorkload {
    roleArn: pulumi.Output<string>;
    roleName: pulumi.Output<string>;
    serviceAccountName: pulumi.Output<string>;
    deploymentName: pulumi.Output<string> | undefined;
}

/** Opens an `IrsaWorkload`'s `initialize` promise once its resources exist. */
const childrenCreated = new WeakMap<pulumi.ComponentResource, (created: Promise<void>) => void>();

/** An output a workload's plan promised and its registration did not make: a defect, never a config problem. */
function missingOutput(key: string): never {
    throw new Error(`IrsaWorkload registered no ${key} where its plan has one: a defect of eks-irsa, please report it`);
}

/** Throws an {@link IrsaConfigError} listing every problem of one workload. */
function validateWorkload(workload: unknown): WorkloadSpec {
    const problems = new ProblemList();
    checkWorkload(workload, "workload", problems);
    if (problems.problems.length > 0) {
        throw new IrsaConfigError(problems.problems);
    }
    return workload as WorkloadSpec;
}

/** One workload: role, permissions, ServiceAccount, Deployment, as its plan (./workloadPlan.ts) says. */
export class IrsaWorkload extends pulumi.ComponentResource implements IrsaWorkloadOutputs {
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly serviceAccountName: pulumi.Output<string>;
    readonly namespace: pulumi.Output<string>;
    readonly deploymentName: pulumi.Output<string> | undefined;

    /**
     * @param name the component's name; its children's logical names and the default role name derive from it
     */
    constructor(name: string, args: IrsaWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked already when IrsaCluster passes a workload of the config it checked (unless renamed: a new object).
        const workload = isCheckedWorkload(args.workload) ? (args.workload as WorkloadSpec) : validateWorkload(args.workload);
        const mode = workload.serviceAccountMode ?? DEFAULTS.serviceAccountMode;
        if (args.kubernetesProvider === undefined && (mode !== "role-only" || workload.deployment !== false)) {
            throw new IrsaConfigError([
                `workload.serviceAccountMode ${JSON.stringify(mode)} needs Kubernetes objects: pass kubernetesProvider, or use "role-only" with deployment: false.`,
            ]);
        }
        if (needsContext(workload) && args.permissionContext === undefined) {
            throw new IrsaConfigError([
                `workload ${JSON.stringify(workload.name)} has grants or an addon but no permissionContext: pass { partition, region, accountId, clusterName } (IrsaCluster does this for you).`,
            ]);
        }
        const plan = planWorkload(name, workload, {
            ...(args.defaultIdentity !== undefined ? { defaultIdentity: args.defaultIdentity } : {}),
            oidcProviderArn: args.oidcProviderArn,
            issuerUrl: args.issuerUrl,
            namespace: args.namespace?.metadata.name ?? workload.namespace,
            ...(args.otherClusters !== undefined ? { otherClusters: args.otherClusters } : {}),
            ...(args.permissionContext !== undefined ? { permissionContext: args.permissionContext } : {}),
            ...(args.accountId !== undefined ? { accountId: args.accountId } : {}),
            ...(args.tags !== undefined ? { tags: args.tags } : {}),
            ...(args.podIdentity !== undefined ? { podIdentity: args.podIdentity } : {}),
            ...(args.requireExistingServiceAccount !== undefined ? { requireExistingServiceAccount: args.requireExistingServiceAccount } : {}),
        });
        super("eks-irsa:index:IrsaWorkload", name, {}, opts);

        const namespace = pulumi.output(plan.serviceAccount.namespace);
        // Under an IrsaCluster of many workloads, in the cluster's batches (./workloadBatches.ts). The component's
        // outputs are registered with its resources, from the resources' own outputs: registered here in the
        // constructor instead, the SDK started serializing every workload's outputs at once and held each
        // serialization (protobuf values, a promise per output), pending, until that workload's batch ran. They are
        // registered before `initialize` settles, so the SDK's own empty `registerOutputs()` after it does nothing.
        const register = (): RegisteredWorkload => {
            const r = this.registerResources(plan, args);
            const { roleArn, roleName, serviceAccountName, deploymentName } = r;
            this.registerOutputs({ workloadName: plan.workloadName, roleArn, roleName, serviceAccountName, namespace, deploymentName });
            return r;
        };
        const batches = workloadBatchesOf(opts?.parent);
        const registered = batches === undefined ? register() : batches.run(register);
        childrenCreated.get(this)?.(registered instanceof Promise ? registered.then(() => undefined) : Promise.resolve());
        // Registered later: each output is the resource's, lifted (value, secrecy, known-ness and the resource itself).
        const pick = (output: (r: RegisteredWorkload) => pulumi.Output<string>): pulumi.Output<string> =>
            registered instanceof Promise ? pulumi.output(registered.then(output)) : output(registered);

        this.roleArn = pick((r) => r.roleArn);
        this.roleName = pick((r) => r.roleName);
        this.serviceAccountName = pick((r) => r.serviceAccountName);
        this.namespace = namespace;
        // The plan has a Deployment unless `deployment: false`; registerResources makes one whenever the plan has one.
        this.deploymentName = plan.deployment === false ? undefined : pick((r) => r.deploymentName ?? missingOutput("deploymentName"));
    }

    /**
     * Settles once the workload's resources exist (at once, or in its cluster's batch). The SDK awaits it before it
     * reads the component's children, so a resource that `dependsOn` this component (or its cluster) waits for them.
     * Called by `ComponentResource`'s constructor, before this class's own.
     */
    protected override initialize(): Promise<void> {
        return new Promise<void>((resolve) => childrenCreated.set(this, (created) => resolve(created)));
    }

    /** The plan's role and permissions, ServiceAccount, Deployment and verify Job. */
    private registerResources(plan: WorkloadPlan, args: IrsaWorkloadArgs): RegisteredWorkload {
        const role = plan.role === undefined ? undefined : this.registerRole(plan, plan.role, args);
        const roleArn = role?.arn ?? pulumi.output(plan.sharedRole!.arn);
        // Pods start once their role can do its job (and, for a new cluster, once nodes exist).
        const podsWaitFor = [...(role?.permissions ?? []), ...(args.deploymentDependsOn ?? [])];
        const provider = args.kubernetesProvider;
        const serviceAccountName = this.registerServiceAccount(plan, roleArn, provider);
        const deployment = deploymentManifest(plan, serviceAccountName);
        const deploymentName =
            deployment === undefined
                ? undefined
                : new k8s.apps.v1.Deployment(plan.names.deployment, deployment, { parent: this, provider, dependsOn: podsWaitFor }).metadata.name;
        // The post-deploy proof: a Job under the ServiceAccount that fails unless its caller is this role.
        const verifyJob = verifyJobManifest(plan, { roleArn, serviceAccountName });
        if (plan.verify !== undefined && verifyJob !== undefined) {
            new k8s.batch.v1.Job(plan.names.verifyJob, verifyJob, { parent: this, provider, dependsOn: podsWaitFor, ...plan.verify.resourceOptions });
        }
        return { roleArn, roleName: role?.name ?? pulumi.output(plan.sharedRole!.name), serviceAccountName, deploymentName };
    }

    /** The plan's role, inline policy, attachments and Pod Identity association; `permissions` are what pods wait for. */
    private registerRole(
        plan: WorkloadPlan,
        rolePlan: RolePlan,
        args: IrsaWorkloadArgs,
    ): { arn: pulumi.Output<string>; name: pulumi.Output<string>; permissions: pulumi.Resource[] } {
        const awsOpts = { parent: this, ...(args.awsProvider !== undefined ? { provider: args.awsProvider } : {}) };
        // The name is fixed: a replacement must delete the old role first.
        const role = new aws.iam.Role(plan.names.role, rolePlan.args, { ...awsOpts, deleteBeforeReplace: true });
        const permissions: pulumi.Resource[] = [];
        if (rolePlan.inlinePolicy !== undefined) {
            const { name, policy } = rolePlan.inlinePolicy;
            permissions.push(new aws.iam.RolePolicy(plan.names.rolePolicy, { role: role.name, name, policy }, awsOpts));
        }
        for (const { logicalName, policyArn } of rolePlan.attachments) {
            permissions.push(new aws.iam.RolePolicyAttachment(logicalName, { role: role.name, policyArn }, awsOpts));
        }
        const association = associationManifest(plan, role.arn);
        if (rolePlan.association !== undefined && association !== undefined) {
            // Pods get Pod Identity credentials only if the association (and the agent) exist when they start.
            permissions.push(new aws.eks.PodIdentityAssociation(rolePlan.association.logicalName, association, { parent: this }));
            permissions.push(...(args.podIdentity?.dependsOn ?? []));
        }
        return { arn: role.arn, name: role.name, permissions };
    }

    /** The plan's ServiceAccount (created, or an adopted one patched); returns its name. */
    private registerServiceAccount(plan: WorkloadPlan, roleArn: pulumi.Input<string>, provider: k8s.Provider | undefined): pulumi.Output<string> {
        const { mode, name, mustExist } = plan.serviceAccount;
        const metadata = serviceAccountManifest(plan, roleArn);
        if (mode === "create") {
            return new k8s.core.v1.ServiceAccount(plan.names.serviceAccount, { metadata }, { parent: this, provider }).metadata.name;
        }
        if (mode === "adopt") {
            // The ServiceAccount must exist already (its chart installed first): a patch would create a missing one.
            // Reading it fails the preview with Kubernetes' "not found" on this resource's name.
            const existing =
                mustExist !== undefined ? k8s.core.v1.ServiceAccount.get(plan.names.existingServiceAccount, mustExist, { parent: this, provider }) : undefined;
            // Server-side apply of just these fields onto the existing ServiceAccount; `patchForce`
            // takes the annotations over even if another field manager (a Helm chart) set them.
            const patch = new k8s.core.v1.ServiceAccountPatch(
                plan.names.serviceAccount,
                { metadata: { ...metadata, annotations: { ...metadata.annotations, "pulumi.com/patchForce": "true" } } },
                { parent: this, provider, ...(existing !== undefined ? { dependsOn: [existing] } : {}) },
            );
            return patch.metadata.name;
        }
        return pulumi.output(name);
    }
}
