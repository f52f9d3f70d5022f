/**
 * A workload's plan: everything `IrsaWorkload` registers, computed first as a value (no resource is created, no
 * Pulumi runtime is needed): the identity mode, the logical and physical names, the role with its trust and
 * permission documents, the managed-policy attachments, the Pod Identity association, the ServiceAccount and the
 * Deployment manifests, the verify Job's options.
 *
 * What comes from other resources (the cluster's OIDC provider and issuer, the Namespace, the stack's account) is
 * an `Input`: given plain values (a test, an audit) the plan is plain data; given the cluster's outputs it holds
 * outputs where, and only where, they are needed. Two values come from the workload's own resources (the role's
 * ARN, the ServiceAccount's name): the manifests that need them are built from the plan by {@link serviceAccountManifest},
 * {@link deploymentManifest}, {@link associationManifest} and {@link verifyJobManifest}; {@link workloadObjects}
 * builds them all at once.
 */
import type * as aws from "./aws";
import type * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec, ServiceAccountMode, VerifySpec, WorkloadSpec } from "./config";
import { DEFAULTS } from "./defaults";
import { permissionDocument, podIdentityTargetRoleStatement, TrustedProvider, workloadTrustDocument } from "./iamDocuments";
import { inlinePolicyName, issuerHost, physicalRoleName, policyAttachmentName, podIdentityAssociationName, roleNameOfArn, verifyJobName, WorkloadResourceNames, workloadResourceNames } from "./naming";
import type { PolicyDocument, TrustDocument } from "./policyDocument";
import { identityServiceAccountMetadata, podIdentityAssociationArgs, PodIdentityContext, roleDescription, usesPodIdentity, workloadIdentity } from "./podIdentity";
import type { IdentityMode } from "./podIdentityConfig";
import { verifyJobArgs, verifyJobOptions, verifyOptions } from "./verifyJob";
import { deploymentArgs, serviceAccountMetadata } from "./workloadManifests";
import { extraStatements, needsContext, PermissionContext } from "./workloadPermissions";

/** What a workload's plan needs from its cluster and stack: plain values, or the outputs of other resources. */
export interface WorkloadSurroundings {
    /** The identity mode of a workload that sets none (the config's `identity`). @default "irsa" */
    defaultIdentity?: IdentityMode;
    /** ARN of the IAM OIDC provider the role trusts (in the role's account). */
    oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL. */
    issuerUrl: pulumi.Input<string>;
    /** Other clusters the role trusts too (one more statement each). @default [] */
    otherClusters?: pulumi.Input<TrustedProvider[]>;
    /** The namespace's name (the Namespace resource's, when the cluster creates it). */
    namespace: pulumi.Input<string>;
    /** Partition, region, account and cluster name of grants and add-ons (required when the workload has them). */
    permissionContext?: pulumi.Input<PermissionContext>;
    /** The account the role lives in, when not the stack's: grants and add-ons are scoped to it. */
    accountId?: string;
    /** Tags of every AWS resource (the role's own tags win). */
    tags?: Record<string, string>;
    /** The cluster's name and ARN (required with Pod Identity). */
    podIdentity?: PodIdentityContext;
    /** Read an adopted ServiceAccount before patching it, so that a missing one fails the preview. @default false */
    requireExistingServiceAccount?: boolean;
}

/** The workload's own IAM role and what hangs on it. */
export interface RolePlan {
    /** The role's arguments (the trust as JSON in `assumeRolePolicy`). */
    args: aws.iam.RoleArgs & { name: string; assumeRolePolicy: pulumi.Input<string> };
    /** The trust document. */
    trust: pulumi.Input<TrustDocument>;
    /** The inline policy: its IAM name and document; absent without statements, grants, add-on or target role. */
    inlinePolicy?: { name: string; document: pulumi.Input<PolicyDocument>; policy: pulumi.Input<string> };
    /** Managed-policy attachments: logical name and policy ARN. */
    attachments: { logicalName: string; policyArn: string }[];
    /** The Pod Identity association (without the role's ARN, see {@link associationManifest}). */
    association?: { logicalName: string; args: Omit<Parameters<typeof podIdentityAssociationArgs>[0], "roleArn"> };
}

/** One workload's plan. */
export interface WorkloadPlan {
    /** The workload's name (its physical names already those of its oldest former name). */
    workloadName: string;
    /** How the pods get the role. */
    identity: IdentityMode;
    /** Logical names of the workload's resources. */
    names: WorkloadResourceNames & { verifyJob: string };
    /** The role this plan creates, or `undefined` with a shared role (another component's). */
    role: RolePlan | undefined;
    /** The shared role's ARN and name, when the workload uses one. */
    sharedRole: { arn: string; name: string } | undefined;
    /** The ServiceAccount: created, adopted (patched), or managed elsewhere (`role-only`). */
    serviceAccount: {
        mode: ServiceAccountMode;
        name: string;
        namespace: pulumi.Input<string>;
        labels?: Record<string, string>;
        /** `<namespace>/<name>` of an adopted ServiceAccount read before it is patched, so a missing one fails the preview. */
        mustExist?: string;
    };
    /** The Deployment's spec, or `false`. */
    deployment: DeploymentSpec | false;
    /** The verify Job's options (defaults applied) and resource options, or `undefined` without one. */
    verify: { options: Required<VerifySpec>; resourceOptions: ReturnType<typeof verifyJobOptions> } | undefined;
}

/** Whether `value` holds no Output and no Promise (plain data, as `pulumi.all` would pass it on unchanged). */
function plain(value: unknown): boolean {
    if (value === null || typeof value !== "object") return true;
    if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
    return Array.isArray(value) ? value.every(plain) : Object.values(value).every(plain);
}

/**
 * One `pulumi.all` of the same Outputs, shared: every workload of a cluster combines the same OIDC provider ARN and
 * issuer URL. The SDK charges about 110 promises for each `all(…).apply(…)` (each element is wrapped in two new
 * Outputs, then combined, then applied) and keeps them alive until the values resolve; one `apply` on a combination
 * built once costs about a quarter of that. The value, known-ness, secretness and resources are those of `all`.
 */
const combined = new WeakMap<object, WeakMap<object, pulumi.Output<unknown[]>>>();
function sharedAll(a: pulumi.Output<unknown>, b: pulumi.Output<unknown>): pulumi.Output<unknown[]> {
    let byB = combined.get(a);
    if (byB === undefined) combined.set(a, (byB = new WeakMap()));
    let both = byB.get(b);
    if (both === undefined) byB.set(b, (both = pulumi.all([a, b])));
    return both;
}

/**
 * `f` of the values of `inputs`: computed at once when every input is a plain value, else an output with the value,
 * known-ness, secretness and resources of `pulumi.all(inputs).apply(f)`.
 *
 * Cheaper than that where it can be, the same where it cannot: one or two inputs that are Outputs (the others plain)
 * are applied directly, two through {@link sharedAll}; a resolved value that itself holds Outputs (which `all`
 * would unwrap and `apply` does not) goes through `all` after all. On a 1,000-workload plan the four derivations of
 * each workload (trust, permissions, and the JSON of each) made 450 promises per workload; see docs/performance.md, "Issue 23, second round".
 */
function derive<T extends unknown[], R>(inputs: { [K in keyof T]: pulumi.Input<T[K]> }, f: (...values: T) => R): pulumi.Input<R> {
    const given = inputs as unknown as unknown[];
    if (given.every(plain)) return f(...(given as T));
    const viaAll = (): pulumi.Output<R> => pulumi.all(given).apply((values) => f(...(values as unknown as T)));
    const dynamic = given.flatMap((v, i) => (plain(v) ? [] : [i]));
    if (dynamic.length > 2 || !dynamic.every((i) => pulumi.Output.isInstance(given[i]))) return viaAll();
    const [first, second] = dynamic.map((i) => given[i] as pulumi.Output<unknown>);
    const source: pulumi.Output<unknown> = second === undefined ? first! : sharedAll(first!, second);
    const derived = source.apply((resolved): pulumi.Input<R> => {
        const values = [...given];
        dynamic.forEach((i, k) => (values[i] = second === undefined ? resolved : (resolved as unknown[])[k]));
        return values.every(plain) ? f(...(values as T)) : viaAll();
    });
    // `apply` lifts an Output its function returns (the SDK's liftInnerOutput): the value is an R either way.
    return derived as pulumi.Output<R>;
}

/**
 * `finish` of the trust of the workload's role in its identity mode, for its cluster (and the other clusters it
 * trusts): the document itself, or its JSON in one derivation instead of two.
 */
function trustOf<R>(workload: WorkloadSpec, identity: IdentityMode, around: WorkloadSurroundings, finish: (trust: TrustDocument) => R): pulumi.Input<R> {
    const podIdentity = usesPodIdentity(identity);
    // Every mode depends on the same inputs (plus the cluster's ARN with Pod Identity), so switching `both` →
    // `pod-identity` changes the trust's value only. Other clusters only add statements: the role is updated in place.
    return derive(
        [around.oidcProviderArn, around.issuerUrl, podIdentity ? around.podIdentity!.clusterArn : "", around.otherClusters ?? []],
        (providerArn: string, issuerUrl: string, clusterArn: string, otherClusters: TrustedProvider[]) =>
            finish(
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
            ),
    );
}

/** `finish` of the inline policy's document (statements, the target role's chaining statement, grants and add-on). */
function permissionsOf<R>(workload: WorkloadSpec, identity: IdentityMode, around: WorkloadSurroundings, finish: (document: PolicyDocument) => R): pulumi.Input<R> | undefined {
    // With a target role, EKS chains from this role to it: this role needs sts:AssumeRole and sts:TagSession on it.
    const targetRoleArn = usesPodIdentity(identity) ? workload.podIdentity?.targetRoleArn : undefined;
    const statements = [...(workload.statements ?? []), ...(targetRoleArn !== undefined ? [podIdentityTargetRoleStatement(targetRoleArn)] : [])];
    if (!needsContext(workload)) {
        return statements.length > 0 ? finish(permissionDocument(statements)) : undefined;
    }
    // Grants and add-ons are scoped with the stack's partition and region and the role's account.
    return derive([around.permissionContext!], (ctx: PermissionContext) =>
        finish(permissionDocument([...statements, ...extraStatements(workload, { ...ctx, ...(around.accountId !== undefined ? { accountId: around.accountId } : {}) })])),
    );
}

function rolePlan(component: string, workload: WorkloadSpec, identity: IdentityMode, around: WorkloadSurroundings): RolePlan {
    const options = workload.role ?? {};
    const tags = { ...(around.tags ?? {}), ...(options.tags ?? {}) };
    const json = (d: TrustDocument | PolicyDocument): string => JSON.stringify(d);
    const policy = permissionsOf(workload, identity, around, json);
    return {
        args: {
            name: options.name ?? physicalRoleName(component),
            assumeRolePolicy: trustOf(workload, identity, around, json),
            description: options.description ?? roleDescription(identity, workload.namespace, workload.serviceAccount),
            ...(options.path !== undefined ? { path: options.path } : {}),
            ...(options.maxSessionDuration !== undefined ? { maxSessionDuration: options.maxSessionDuration } : {}),
            ...(options.permissionsBoundary !== undefined ? { permissionsBoundary: options.permissionsBoundary } : {}),
            ...(Object.keys(tags).length > 0 ? { tags } : {}),
        },
        // The documents as values are derived when read (tests, audits): the component registers only their JSON.
        get trust() {
            return trustOf(workload, identity, around, (t) => t);
        },
        ...(policy !== undefined
            ? {
                  inlinePolicy: {
                      name: inlinePolicyName(workload.name),
                      get document() {
                          return permissionsOf(workload, identity, around, (d) => d)!;
                      },
                      policy,
                  },
              }
            : {}),
        attachments: (workload.managedPolicyArns ?? []).map((policyArn) => ({ logicalName: policyAttachmentName(component, policyArn), policyArn })),
        ...(usesPodIdentity(identity)
            ? {
                  association: {
                      logicalName: podIdentityAssociationName(component),
                      args: {
                          clusterName: around.podIdentity!.clusterName,
                          namespace: workload.namespace,
                          serviceAccount: workload.serviceAccount,
                          ...(workload.podIdentity !== undefined ? { options: workload.podIdentity } : {}),
                          ...(Object.keys(tags).length > 0 ? { tags } : {}),
                      },
                  },
              }
            : {}),
    };
}

/**
 * The plan of the validated `workload`, as the `IrsaWorkload` called `component` registers it: pure (no resource,
 * no runtime), plain data when `around` is.
 */
export function planWorkload(component: string, workload: WorkloadSpec, around: WorkloadSurroundings): WorkloadPlan {
    const identity = workloadIdentity(workload, around.defaultIdentity, around.podIdentity);
    const shared = workload.sharedRoleArn;
    const mode = workload.serviceAccountMode ?? DEFAULTS.serviceAccountMode;
    const verify = verifyOptions(workload.verify);
    return {
        workloadName: workload.name,
        identity,
        names: { ...workloadResourceNames(component), verifyJob: verifyJobName(component) },
        // A shared role (another IrsaCluster's, whose trust lists this cluster): no role and no permissions here.
        role: shared === undefined ? rolePlan(component, workload, identity, around) : undefined,
        sharedRole: shared === undefined ? undefined : { arn: shared, name: roleNameOfArn(shared) },
        serviceAccount: {
            mode,
            name: workload.serviceAccount,
            namespace: around.namespace,
            ...(workload.labels !== undefined ? { labels: workload.labels } : {}),
            ...(mode === "adopt" && around.requireExistingServiceAccount === true ? { mustExist: `${workload.namespace}/${workload.serviceAccount}` } : {}),
        },
        deployment: workload.deployment,
        verify: verify === undefined ? undefined : { options: verify, resourceOptions: verifyJobOptions(verify) },
    };
}

/** The ServiceAccount's metadata in the plan's identity mode, annotated with `roleArn`. */
export function serviceAccountManifest(plan: WorkloadPlan, roleArn: pulumi.Input<string>): k8s.types.input.meta.v1.ObjectMeta {
    const { name, namespace, labels } = plan.serviceAccount;
    return identityServiceAccountMetadata(serviceAccountMetadata({ name, namespace, roleArn, ...(labels !== undefined ? { labels } : {}) }), plan.identity);
}

/** The Deployment's arguments (`undefined` without one): its pods run under `serviceAccountName`. */
export function deploymentManifest(plan: WorkloadPlan, serviceAccountName: pulumi.Input<string>): k8s.apps.v1.DeploymentArgs | undefined {
    if (plan.deployment === false) return undefined;
    const { namespace, labels } = plan.serviceAccount;
    return deploymentArgs({ workloadName: plan.workloadName, namespace, serviceAccountName, ...(labels !== undefined ? { labels } : {}), spec: plan.deployment });
}

/** The Pod Identity association's arguments for `roleArn` (`undefined` without Pod Identity). */
export function associationManifest(plan: WorkloadPlan, roleArn: pulumi.Input<string>): aws.eks.PodIdentityAssociationArgs | undefined {
    const association = plan.role?.association;
    return association === undefined ? undefined : podIdentityAssociationArgs({ ...association.args, roleArn });
}

/** The verify Job's arguments (`undefined` without one): under the ServiceAccount, expecting the role `roleArn`. */
export function verifyJobManifest(plan: WorkloadPlan, refs: { roleArn: pulumi.Input<string>; serviceAccountName: pulumi.Input<string> }): k8s.batch.v1.JobArgs | undefined {
    if (plan.verify === undefined) return undefined;
    const { namespace } = plan.serviceAccount;
    return verifyJobArgs({ workloadName: plan.workloadName, namespace, ...refs, deployment: plan.deployment, verify: plan.verify.options });
}

/** Every manifest of the plan, given the role's ARN and the ServiceAccount's name (plain in tests and audits). */
export function workloadObjects(plan: WorkloadPlan, refs: { roleArn: pulumi.Input<string>; serviceAccountName?: pulumi.Input<string> }) {
    const serviceAccountName = refs.serviceAccountName ?? plan.serviceAccount.name;
    return {
        serviceAccount: plan.serviceAccount.mode === "role-only" ? undefined : serviceAccountManifest(plan, refs.roleArn),
        deployment: deploymentManifest(plan, serviceAccountName),
        association: associationManifest(plan, refs.roleArn),
        verifyJob: verifyJobManifest(plan, { roleArn: refs.roleArn, serviceAccountName }),
    };
}
