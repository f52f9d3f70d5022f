/**
 * The only place that builds names: Pulumi logical names, physical IAM role names, Kubernetes
 * ServiceAccount subjects and the issuer host used in trust condition keys.
 *
 * Every name is a pure function of the component name and the identity fields of ONE workload
 * (never of its position in a list), so adding, removing or reordering workloads never renames
 * an existing resource.
 */
import { createHash } from "node:crypto";

/** IAM's limit on role names. @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
export const MAX_ROLE_NAME_LENGTH = 64;

/** Length of the hash suffix appended to shortened role names. */
export const ROLE_NAME_HASH_LENGTH = 8;

/** The audience EKS puts in projected ServiceAccount tokens for IRSA and that STS checks. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** First `length` hex characters of the SHA-256 of `text`: a stable, deterministic short hash. */
export function shortHash(text: string, length: number = ROLE_NAME_HASH_LENGTH): string {
    return createHash("sha256").update(text, "utf8").digest("hex").slice(0, length);
}

/** Replaces every character IAM refuses in a role name (`[\w+=,.@-]` allowed) with `-`. */
function iamSafe(text: string): string {
    return text.replace(/[^\w+=,.@-]/g, "-");
}

/** Name of a workload's `IrsaWorkload` component: `<component>-<workload>`; its children's names start with it. */
export function workloadComponentName(componentName: string, workloadName: string): string {
    return `${componentName}-${workloadName}`;
}

/**
 * The physical IAM role name of a workload: `<component>-<workload>` (characters IAM refuses
 * replaced by `-`), or, when that exceeds IAM's 64 characters, its first 55 characters, `-` and
 * an 8-character SHA-256 of the full name, so the name stays unique and never changes between runs.
 */
export function roleName(componentName: string, workloadName: string): string {
    return physicalRoleName(workloadComponentName(componentName, workloadName));
}

/** The physical role name of an `IrsaWorkload` component called `workloadComponent` (see {@link roleName}). */
export function physicalRoleName(workloadComponent: string): string {
    return fitRoleName(iamSafe(workloadComponent));
}

/** The fields of a workload that renames depend on. */
export interface RenamableWorkload {
    name: string;
    /** Former names, oldest first. */
    previousNames?: string[];
    role?: { name?: string };
}

/** The name a workload's physical names derive from: its oldest former name, else its name. */
export function physicalNameBase(workload: RenamableWorkload): string {
    return workload.previousNames?.[0] ?? workload.name;
}

/**
 * The physical role name of a workload in `IrsaCluster` `componentName`: its explicit `role.name`, else
 * {@link roleName} of `roleNamePrefix` (default: the component's name) and {@link physicalNameBase}. An IAM role
 * cannot be renamed in place: deriving from the original names keeps the role through renames.
 */
export function workloadRoleName(componentName: string, workload: RenamableWorkload, roleNamePrefix?: string): string {
    return workload.role?.name ?? roleName(roleNamePrefix ?? componentName, physicalNameBase(workload));
}

/**
 * The workload as its `IrsaWorkload` is built after a rename: every physical name derives from its oldest former
 * name (Deployment, container, selector label, inline policy name) and the role name is {@link workloadRoleName},
 * so only the Pulumi names change (and those are aliased). Returned unchanged when the workload was not renamed
 * and the role-name prefix is the component's name.
 */
export function builtWorkload<W extends RenamableWorkload>(componentName: string, workload: W, roleNamePrefix?: string): Omit<W, "previousNames"> {
    if (workload.previousNames === undefined && (roleNamePrefix === undefined || workload.role?.name !== undefined)) {
        return workload;
    }
    const { previousNames: _previousNames, ...rest } = workload;
    return {
        ...rest,
        name: physicalNameBase(workload),
        role: { ...workload.role, name: workloadRoleName(componentName, workload, roleNamePrefix) },
    };
}

/**
 * The Pulumi aliases of a renamed workload's `IrsaWorkload`: its former component names. Its children, named after
 * it, inherit them (`<former component>-role`, …), so `pulumi up` keeps them instead of replacing them.
 * @see https://www.pulumi.com/docs/iac/concepts/options/aliases/
 */
export function workloadAliases(componentName: string, workload: RenamableWorkload): { name: string }[] {
    return (workload.previousNames ?? []).map((previous) => ({ name: workloadComponentName(componentName, previous) }));
}

/** Shortens `name` to IAM's 64 characters with a stable hash suffix; returns it unchanged when it fits. */
export function fitRoleName(name: string): string {
    if (name.length <= MAX_ROLE_NAME_LENGTH) {
        return name;
    }
    const keep = MAX_ROLE_NAME_LENGTH - ROLE_NAME_HASH_LENGTH - 1;
    return `${name.slice(0, keep)}-${shortHash(name)}`;
}

/** The subject Kubernetes puts in a ServiceAccount token's `sub` claim: `system:serviceaccount:<ns>:<sa>`. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/**
 * The issuer as IAM writes it in condition keys and provider ARNs: the issuer URL without its
 * `https://` scheme and without a trailing `/`, e.g. `oidc.eks.us-west-2.amazonaws.com/id/ABC`.
 */
export function issuerHost(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//i, "").replace(/\/+$/, "");
}

/** Logical names of a workload's resources, all derived from the component and workload names. */
export interface WorkloadResourceNames {
    /** The `IrsaWorkload` component. */
    component: string;
    /** The `aws.iam.Role`. */
    role: string;
    /** The inline `aws.iam.RolePolicy`. */
    rolePolicy: string;
    /** The Kubernetes ServiceAccount (or ServiceAccountPatch). */
    serviceAccount: string;
    /** The read of an adopted ServiceAccount that must exist before it is patched (`ServiceAccount.get`). */
    existingServiceAccount: string;
    /** The Kubernetes Deployment. */
    deployment: string;
}

/** Logical names of every resource of the `IrsaWorkload` component called `workloadComponent`. */
export function workloadResourceNames(workloadComponent: string): WorkloadResourceNames {
    return {
        component: workloadComponent,
        role: `${workloadComponent}-role`,
        rolePolicy: `${workloadComponent}-policy`,
        serviceAccount: `${workloadComponent}-sa`,
        existingServiceAccount: `${workloadComponent}-sa-must-exist`,
        deployment: `${workloadComponent}-deploy`,
    };
}

/**
 * Logical name of a managed-policy attachment: the policy's name from its ARN plus a short hash of
 * the whole ARN (two ARNs may share a name across paths or accounts), never a list index.
 */
export function policyAttachmentName(workloadComponentName: string, policyArn: string): string {
    const policyName = policyArn.slice(policyArn.lastIndexOf("/") + 1);
    return `${workloadComponentName}-attach-${policyName}-${shortHash(policyArn)}`;
}

/** Name of the inline policy inside the role (IAM's `PolicyName`). */
export function inlinePolicyName(workloadName: string): string {
    return `${workloadName}-permissions`;
}

/** Logical name of the Kubernetes Namespace created for `namespace`. */
export function namespaceResourceName(componentName: string, namespace: string): string {
    return `${componentName}-ns-${namespace}`;
}

/** Logical names of the cluster-level resources. */
export interface ClusterResourceNames {
    /** The `eks.Cluster` (created clusters). */
    cluster: string;
    /** The node group's IAM role (created clusters). */
    nodeRole: string;
    /** The `eks.ManagedNodeGroup` (created clusters). */
    nodeGroup: string;
    /** The `aws.iam.OpenIdConnectProvider`. */
    oidcProvider: string;
    /** The `kubernetes.Provider`. */
    kubernetesProvider: string;
}

/** Logical names of the resources the cluster component owns directly. */
export function clusterResourceNames(componentName: string): ClusterResourceNames {
    return {
        cluster: `${componentName}-eks`,
        nodeRole: `${componentName}-node-role`,
        nodeGroup: `${componentName}-nodes`,
        oidcProvider: `${componentName}-oidc`,
        kubernetesProvider: `${componentName}-k8s`,
    };
}

/** Logical names of what the component creates for another account of `IrsaClusterArgs.accounts`. */
export interface AccountResourceNames {
    /** The `aws.Provider` that assumes the account's `assumeRoleArn` (when the caller passes none). */
    provider: string;
    /** The `aws.iam.OpenIdConnectProvider` for the cluster's issuer in that account. */
    oidcProvider: string;
}

/** Logical names of the resources of the account `accountName` (an entry of `accounts`) in component `componentName`. */
export function accountResourceNames(componentName: string, accountName: string): AccountResourceNames {
    return { provider: `${componentName}-account-${accountName}`, oidcProvider: `${componentName}-oidc-${accountName}` };
}

/**
 * The role name in a role ARN (`arn:aws:iam::111122223333:role/path/name` → `name`), for a shared role
 * (`WorkloadSpec.sharedRoleArn`) that this stack does not create.
 */
export function roleNameOfArn(roleArn: string): string {
    return roleArn.slice(roleArn.lastIndexOf("/") + 1);
}

/** The 12-digit account of an IAM ARN (`arn:aws:iam::<account>:…`), or `undefined` when it has none. */
export function iamArnAccount(arn: string): string | undefined {
    const account = arn.split(":")[4];
    return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** Logical name of the attachment of the AWS-managed policy `policyName` to the node role. */
export function nodeRoleAttachmentName(componentName: string, policyName: string): string {
    return `${componentName}-node-role-${policyName}`;
}

/** The Kubernetes label that ties a Deployment to its pods: `app.kubernetes.io/name`. */
export const APP_NAME_LABEL = "app.kubernetes.io/name";

/** Logical names of the node hardening resources of a created cluster. */
export interface NodeResourceNames {
    /** The `aws.ec2.LaunchTemplate` of the managed node group (IMDSv2, hop limit 1). */
    launchTemplate: string;
    /** The `IrsaWorkload` of the VPC CNI's own role (`kube-system/aws-node`), when `cluster.vpcCniRole` is on. */
    vpcCniWorkload: string;
}

/** Logical names of the node hardening resources of the cluster component `componentName`. */
export function nodeResourceNames(componentName: string): NodeResourceNames {
    return { launchTemplate: `${componentName}-nodes-lt`, vpcCniWorkload: `${componentName}-vpc-cni` };
}

/**
 * Kubernetes' limit on a DNS label name (RFC 1123), the rule for the names of Namespaces, Jobs, Deployments' pods…
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */
export const MAX_DNS_LABEL_LENGTH = 63;

/**
 * `name` as a DNS label Kubernetes accepts: lowercase, every character other than `a-z`, `0-9` and `-` replaced by
 * `-`, no `-` at either end, at most 63 characters (when longer, its first 54 characters, `-` and 8 hex characters
 * of the full name's SHA-256, so the label stays unique and stable). Never derived from the project or stack name,
 * which Pulumi allows to hold uppercase letters and `_`.
 */
export function dnsLabel(name: string): string {
    const clean = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
    if (clean.length <= MAX_DNS_LABEL_LENGTH) {
        return clean;
    }
    const keep = clean.slice(0, MAX_DNS_LABEL_LENGTH - ROLE_NAME_HASH_LENGTH - 1).replace(/-+$/, "");
    return `${keep}-${shortHash(name)}`;
}

/**
 * The Kubernetes name of a workload's proof Job: `<workload>-verify` as a {@link dnsLabel}. Given explicitly: the
 * provider's auto-name (`<logical name>-<8 hex>`) carries the component's name, hence the project and stack names,
 * and is often longer than 63 characters.
 */
export function verifyJobObjectName(workloadName: string): string {
    return dnsLabel(`${workloadName}-verify`);
}

/** Logical name of the post-deploy proof Job of the `IrsaWorkload` component `workloadComponent`. */
export function verifyJobName(workloadComponent: string): string {
    return `${workloadComponent}-verify`;
}

/** Logical name of the `aws.eks.PodIdentityAssociation` of the `IrsaWorkload` component `workloadComponent`. */
export function podIdentityAssociationName(workloadComponent: string): string {
    return `${workloadComponent}-pod-identity`;
}

/** Logical name of the cluster's `eks-pod-identity-agent` `aws.eks.Addon`, owned by the cluster component. */
export function podIdentityAgentName(componentName: string): string {
    return `${componentName}-pod-identity-agent`;
}

/** Logical names of one principal's EKS access entry and policy association (stable: derived from its ARN). */
export function accessEntryNames(componentName: string, principalArn: string): { entry: string; policy: string } {
    const principal = principalArn.slice(principalArn.lastIndexOf("/") + 1);
    const base = `${componentName}-access-${principal}-${shortHash(principalArn)}`;
    return { entry: base, policy: `${base}-policy` };
}

/** Logical names of the VPC CNI's credential resources on a created cluster: its IrsaWorkload, `aws-node`'s patches. */
export function vpcCniResourceNames(componentName: string): { workload: string; serviceAccount: string; daemonSet: string } {
    const workload = nodeResourceNames(componentName).vpcCniWorkload;
    // The ServiceAccount patch keeps the name it had as the workload's child (`<workload>-sa`).
    return { workload, serviceAccount: workloadResourceNames(workload).serviceAccount, daemonSet: `${componentName}-aws-node` };
}
