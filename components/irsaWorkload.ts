/**
 * `IrsaWorkload`: one workload's half of the IRSA chain — the IAM role that exactly its
 * ServiceAccount may assume, its permissions, the annotated ServiceAccount and its Deployment.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { WorkloadSpec } from "./config";
import { IrsaConfigError } from "./validation/error";
import { DEFAULTS } from "./defaults";
import { permissionDocument, podIdentityTargetRoleStatement, TrustedProvider, workloadTrustDocument } from "./iamDocuments";
import { inlinePolicyName, issuerHost, physicalRoleName, roleNameOfArn, policyAttachmentName, verifyJobName, workloadResourceNames } from "./naming";
import {
    createPodIdentityAssociation,
    identityServiceAccountMetadata,
    PodIdentityContext,
    roleDescription,
    usesPodIdentity,
    workloadIdentity,
} from "./podIdentity";
import { IdentityMode } from "./podIdentityConfig";
import { checkWorkload } from "./validation/workload";
import { ProblemList } from "./validation/problems";
import { createVerifyJob, verifyOptions } from "./verifyJob";
import { deploymentArgs, serviceAccountMetadata } from "./workloadManifests";
import { extraStatements, needsContext, PermissionContext } from "./workloadPermissions";

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

/** Throws an {@link IrsaConfigError} listing every problem of one workload. */
function validateWorkload(workload: unknown): WorkloadSpec {
    const problems = new ProblemList();
    checkWorkload(workload, "workload", problems);
    if (problems.problems.length > 0) {
        throw new IrsaConfigError(problems.problems);
    }
    return workload as WorkloadSpec;
}

/** One workload: role, permissions, ServiceAccount, Deployment. */
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
        const workload = validateWorkload(args.workload);
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
        const identity = workloadIdentity(workload, args.defaultIdentity, args.podIdentity);
        super("eks-irsa:index:IrsaWorkload", name, {}, opts);

        const names = workloadResourceNames(name);
        // A shared role (another IrsaCluster's, whose trust lists this cluster): no role and no permissions here.
        const role = workload.sharedRoleArn === undefined ? this.createRole(name, workload, identity, args) : undefined;
        const roleArn = role?.arn ?? pulumi.output(workload.sharedRoleArn!);
        const permissions = role?.permissions ?? [];
        const provider = args.kubernetesProvider;
        const namespace = args.namespace?.metadata.name ?? pulumi.output(workload.namespace);
        let serviceAccountName: pulumi.Output<string> = pulumi.output(workload.serviceAccount);
        const metadata = identityServiceAccountMetadata(
            serviceAccountMetadata({
                name: workload.serviceAccount,
                namespace,
                roleArn,
                ...(workload.labels !== undefined ? { labels: workload.labels } : {}),
            }),
            identity,
        );
        if (mode === "create") {
            const serviceAccount = new k8s.core.v1.ServiceAccount(names.serviceAccount, { metadata }, { parent: this, provider });
            serviceAccountName = serviceAccount.metadata.name;
        } else if (mode === "adopt") {
            // The ServiceAccount must exist already (its chart installed first): a patch would create a missing one.
            // Reading it fails the preview with Kubernetes' "not found" on this resource's name.
            const existing =
                args.requireExistingServiceAccount === true
                    ? k8s.core.v1.ServiceAccount.get(names.existingServiceAccount, `${workload.namespace}/${workload.serviceAccount}`, { parent: this, provider })
                    : undefined;
            // Server-side apply of just these fields onto the existing ServiceAccount; `patchForce`
            // takes the annotations over even if another field manager (a Helm chart) set them.
            const patch = new k8s.core.v1.ServiceAccountPatch(
                names.serviceAccount,
                { metadata: { ...metadata, annotations: { ...metadata.annotations, "pulumi.com/patchForce": "true" } } },
                { parent: this, provider, ...(existing !== undefined ? { dependsOn: [existing] } : {}) },
            );
            serviceAccountName = patch.metadata.name;
        }

        let deploymentName: pulumi.Output<string> | undefined;
        if (workload.deployment !== false) {
            const deployment = new k8s.apps.v1.Deployment(
                names.deployment,
                deploymentArgs({
                    workloadName: workload.name,
                    namespace,
                    serviceAccountName,
                    ...(workload.labels !== undefined ? { labels: workload.labels } : {}),
                    spec: workload.deployment,
                }),
                // Pods start once their role can do its job (and, for a new cluster, once nodes exist).
                { parent: this, provider, dependsOn: [...permissions, ...(args.deploymentDependsOn ?? [])] },
            );
            deploymentName = deployment.metadata.name;
        }

        // The post-deploy proof: a Job under the ServiceAccount that fails unless its caller is this role.
        const verify = verifyOptions(workload.verify);
        if (verify !== undefined) {
            createVerifyJob(
                verifyJobName(name),
                { workloadName: workload.name, namespace, serviceAccountName, roleArn, deployment: workload.deployment, verify },
                { parent: this, provider, dependsOn: [...permissions, ...(args.deploymentDependsOn ?? [])] },
            );
        }

        this.roleArn = roleArn;
        this.roleName = role?.name ?? pulumi.output(roleNameOfArn(workload.sharedRoleArn!));
        this.serviceAccountName = serviceAccountName;
        this.namespace = namespace;
        this.deploymentName = deploymentName;
        this.registerOutputs({
            workloadName: workload.name,
            roleArn: this.roleArn,
            roleName: this.roleName,
            serviceAccountName: this.serviceAccountName,
            namespace: this.namespace,
            deploymentName: this.deploymentName,
        });
    }

    /** The workload's own role, its trust and its permissions (inline policy, attachments, Pod Identity association). */
    private createRole(
        name: string,
        workload: WorkloadSpec,
        identity: IdentityMode,
        args: IrsaWorkloadArgs,
    ): { arn: pulumi.Output<string>; name: pulumi.Output<string>; permissions: pulumi.Resource[] } {
        const names = workloadResourceNames(name);
        const awsOpts = args.awsProvider !== undefined ? { provider: args.awsProvider } : {};
        const roleOptions = workload.role ?? {};
        const tags = { ...(args.tags ?? {}), ...(roleOptions.tags ?? {}) };
        // Every mode depends on the same inputs (plus the cluster's ARN with Pod Identity), so switching
        // `both` → `pod-identity` changes the trust's value only.
        // Other clusters only add statements: adding or removing one updates the trust in place.
        const trust = pulumi
            .all([args.oidcProviderArn, args.issuerUrl, usesPodIdentity(identity) ? args.podIdentity!.clusterArn : "", args.otherClusters ?? []])
            .apply(([providerArn, issuerUrl, clusterArn, otherClusters]) =>
                workloadTrustDocument({
                    mode: identity,
                    irsa: {
                        providerArn,
                        issuerHost: issuerHost(issuerUrl),
                        namespace: workload.namespace,
                        serviceAccount: workload.serviceAccount,
                        ...(otherClusters.length > 0 ? { otherClusters } : {}),
                    },
                    ...(clusterArn !== ""
                        ? {
                              clusterArn,
                              podIdentity: {
                                  namespace: workload.namespace,
                                  serviceAccount: workload.serviceAccount,
                                  sessionTagsDisabled: workload.podIdentity?.disableSessionTags === true,
                              },
                          }
                        : {}),
                }),
            );
        const role = new aws.iam.Role(
            names.role,
            {
                name: roleOptions.name ?? physicalRoleName(name),
                assumeRolePolicy: pulumi.jsonStringify(trust),
                description: roleOptions.description ?? roleDescription(identity, workload.namespace, workload.serviceAccount),
                ...(roleOptions.path !== undefined ? { path: roleOptions.path } : {}),
                ...(roleOptions.maxSessionDuration !== undefined ? { maxSessionDuration: roleOptions.maxSessionDuration } : {}),
                ...(roleOptions.permissionsBoundary !== undefined ? { permissionsBoundary: roleOptions.permissionsBoundary } : {}),
                ...(Object.keys(tags).length > 0 ? { tags } : {}),
            },
            // The name is fixed: a replacement must delete the old role first.
            { parent: this, deleteBeforeReplace: true, ...awsOpts },
        );

        const permissions: pulumi.Resource[] = [];
        // With a target role, EKS chains from this role to it: this role needs sts:AssumeRole and sts:TagSession on it.
        const targetRoleArn = usesPodIdentity(identity) ? workload.podIdentity?.targetRoleArn : undefined;
        const statements = [...(workload.statements ?? []), ...(targetRoleArn !== undefined ? [podIdentityTargetRoleStatement(targetRoleArn)] : [])];
        // Raw statements are known at preview; grants and add-ons are scoped with the stack's region and the role's
        // account.
        const policy: pulumi.Input<string> | undefined = needsContext(workload)
            ? pulumi
                  .output(args.permissionContext!)
                  .apply((ctx) => ({ ...ctx, ...(args.accountId !== undefined ? { accountId: args.accountId } : {}) }))
                  .apply((ctx) => JSON.stringify(permissionDocument([...statements, ...extraStatements(workload, ctx)])))
            : statements.length > 0
              ? JSON.stringify(permissionDocument(statements))
              : undefined;
        if (policy !== undefined) {
            permissions.push(
                new aws.iam.RolePolicy(names.rolePolicy, { role: role.name, name: inlinePolicyName(workload.name), policy }, { parent: this, ...awsOpts }),
            );
        }
        for (const policyArn of workload.managedPolicyArns ?? []) {
            permissions.push(
                new aws.iam.RolePolicyAttachment(policyAttachmentName(name, policyArn), { role: role.name, policyArn }, { parent: this, ...awsOpts }),
            );
        }
        if (usesPodIdentity(identity)) {
            const context = args.podIdentity!;
            const association = createPodIdentityAssociation(
                name,
                {
                    clusterName: context.clusterName,
                    namespace: workload.namespace,
                    serviceAccount: workload.serviceAccount,
                    roleArn: role.arn,
                    ...(workload.podIdentity !== undefined ? { options: workload.podIdentity } : {}),
                    ...(Object.keys(tags).length > 0 ? { tags } : {}),
                },
                this,
            );
            // Pods get Pod Identity credentials only if the association (and the agent) exist when they start.
            permissions.push(association, ...(context.dependsOn ?? []));
        }

        return { arn: role.arn, name: role.name, permissions };
    }
}
