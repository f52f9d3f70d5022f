/**
 * The one typed config of the package: what `IrsaCluster` takes and what the stack program reads
 * from `eks-irsa:cluster`, `eks-irsa:oidcProvider` and `eks-irsa:workloads`.
 *
 * Identity fields (names, namespaces, ServiceAccounts) are plain strings, known at preview time:
 * they drive resource names and the trust policy's `:sub`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AddonSpec } from "./addons";
import type { GrantSpec } from "./grants";
import type { IdentityMode, PodIdentityAgentMode, PodIdentityOptions } from "./podIdentityConfig";
import type { PolicyConditions } from "./policyDocument";

// ---------------------------------------------------------------------------------------------
// Cluster
// ---------------------------------------------------------------------------------------------

/** Size and type of the one managed node group of a created cluster. */
export interface NodeGroupSpec {
    /**
     * EC2 instance type of the nodes, e.g. `t3.medium`.
     * @default "t3.medium"
     * @see https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html
     */
    instanceType?: string;
    /**
     * Number of nodes to run; an integer between `minSize` and `maxSize`.
     * @default 2
     * @integer
     */
    desiredSize?: number;
    /**
     * Smallest number of nodes; an integer ≥ 0.
     * @default 1
     * @integer
     */
    minSize?: number;
    /**
     * Largest number of nodes; an integer ≥ 1 and ≥ `minSize`.
     * @default 2
     * @integer
     */
    maxSize?: number;
}

/**
 * An EKS access policy: what a principal of `cluster.accessEntries` may do in the Kubernetes API.
 * - `cluster-admin`: `AmazonEKSClusterAdminPolicy`, everything in every namespace (no `namespaces` with it);
 * - `admin`: `AmazonEKSAdminPolicy`, most resources, including RBAC within its namespaces;
 * - `edit`: `AmazonEKSEditPolicy`, create and change most resources;
 * - `view`: `AmazonEKSViewPolicy`, read most resources.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 */
export type AccessPolicy = "cluster-admin" | "admin" | "edit" | "view";

/**
 * An IAM principal given access to the cluster's Kubernetes API with an EKS access entry and one access policy.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export interface AccessEntrySpec {
    /**
     * ARN of the IAM role or user, e.g. `arn:aws:iam::111122223333:role/platform-admins` (for a role assumed through
     * SSO, the role's ARN, not the `assumed-role` session's).
     * @input
     */
    principalArn: string;
    /**
     * The EKS access policy: `"cluster-admin"` (`AmazonEKSClusterAdminPolicy`), `"admin"` (`AmazonEKSAdminPolicy`),
     * `"edit"` (`AmazonEKSEditPolicy`) or `"view"` (`AmazonEKSViewPolicy`).
     * @default "cluster-admin"
     * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
     */
    accessPolicy?: AccessPolicy;
    /**
     * Limit the policy to these namespaces (each a lowercase RFC 1123 label). Not with `"cluster-admin"`.
     * @default the whole cluster
     */
    namespaces?: string[];
}

/**
 * Who the component's Kubernetes provider is, and who else may use the cluster. Fields shared by created and
 * adopted clusters.
 */
export interface ClusterAccessSpec {
    /**
     * AWS CLI profile the Kubernetes provider's `aws eks get-token` uses (`--profile`).
     * @default the stack's `aws:profile`, so the provider is the same identity as the AWS provider
     */
    kubeconfigProfile?: string;
    /**
     * Role the Kubernetes provider's `aws eks get-token` assumes (`--role-arn`), `arn:<partition>:iam::<account>:role/<name>`.
     * @default the stack's assumed role (the last of `aws:assumeRoles`), if any
     * @input
     */
    kubeconfigRoleArn?: string;
    /**
     * IAM principals given access to the cluster's Kubernetes API (EKS access entries), e.g. the other admins'
     * roles, so that a later `pulumi up` or `pulumi destroy` run by them works. The cluster's authentication mode
     * must allow access entries (`API` or `API_AND_CONFIG_MAP`: a created cluster uses `API`; an adopted cluster in
     * `CONFIG_MAP` mode is refused with the command that switches it). A principal that already has an access entry
     * (such as the cluster's creator) must not be listed: EKS refuses a second one.
     * @default none (on a created cluster, only the identity that created it is admin)
     * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
     */
    accessEntries?: AccessEntrySpec[];
}

/** A cluster this stack creates with `@pulumi/eks` (one managed node group, no OIDC provider of its own). */
export interface CreateClusterSpec extends ClusterAccessSpec {
    /** Create a new cluster. */
    mode: "create";
    /**
     * Physical EKS cluster name: 1–100 characters, letters, digits, `-` and `_`, starting with a letter or digit.
     * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html
     */
    name: string;
    /**
     * Kubernetes version of the control plane, `1.<minor>`, e.g. `"1.31"`.
     * @default the latest version EKS offers
     * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
     */
    version?: string;
    /** The managed node group. @default { instanceType: "t3.medium", desiredSize: 2, minSize: 1, maxSize: 2 } */
    nodeGroup?: NodeGroupSpec;
    /**
     * Whether the API server is reachable from inside the VPC.
     * @default false
     * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
     */
    endpointPrivateAccess?: boolean;
    /**
     * Whether the API server is reachable from the internet. At least one of the two endpoints must be on.
     * @default true
     */
    endpointPublicAccess?: boolean;
    /**
     * VPC to create the cluster in, `vpc-<hex>`.
     * @default the account's default VPC
     * @input
     */
    vpcId?: string;
    /**
     * Subnets of the cluster and its nodes, `subnet-<hex>`, at least two (EKS needs two availability zones).
     * @default the default VPC's subnets
     * @input
     */
    subnetIds?: string[];
    /**
     * Give the VPC CNI plugin (`aws-node` in `kube-system`) its own IRSA role and take `AmazonEKS_CNI_Policy` off
     * the node role. The role gets the add-on catalog's `vpc-cni` policy (IPv4, scoped to the stack's region and
     * account); the `aws-node` ServiceAccount is annotated in place before the nodes start, so every `aws-node`
     * pod runs with it. The node role then carries only `AmazonEKSWorkerNodePolicy` and
     * `AmazonEC2ContainerRegistryReadOnly`: a pod that reached the node role would not get the CNI's
     * network-interface permissions either. Switching it on a running cluster rolls the `aws-node` DaemonSet onto the
     * new credentials (a pod-template annotation carries them) before the old ones are removed.
     * @default false (the node role carries `AmazonEKS_CNI_Policy`, as in the EKS node role guide)
     * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
     */
    vpcCniRole?: boolean;
    /**
     * The `eks-pod-identity-agent` add-on: `"install"` (installed once when a workload uses Pod Identity) or `"none"`
     * (never installed: Pod Identity is refused). `"existing"` is only for adopted clusters.
     * @default "install"
     * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
     */
    podIdentityAgent?: PodIdentityAgentMode;
}

/**
 * An existing cluster, looked up by name (`aws.eks.getCluster`), as in the seeds where the
 * cluster already exists. Nothing about the cluster itself is changed.
 */
export interface AdoptClusterSpec extends ClusterAccessSpec {
    /** Use an existing cluster. */
    mode: "adopt";
    /** Name of the existing EKS cluster in the stack's account and region. */
    name: string;
    /**
     * The `eks-pod-identity-agent` add-on: `"existing"` (the cluster runs it already: installed by eksctl, the
     * console or another stack), `"install"` (this stack installs it once when a workload uses Pod Identity; it is
     * created without overwriting a self-managed agent and kept on the cluster, `preserve`, when the stack deletes
     * it, since other teams' pods may depend on it) or `"none"` (the cluster has none and this stack must not
     * install it: Pod Identity is refused).
     * @default "existing"
     * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
     */
    podIdentityAgent?: PodIdentityAgentMode;
    /**
     * Every pod of the cluster runs on Fargate (no EC2 nodes). EKS Pod Identity is not available on Fargate,
     * so `identity: "pod-identity"` and `"both"` are refused; IRSA works.
     * @default false
     * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html#pod-id-considerations
     */
    fargateOnly?: boolean;
}

/** The cluster: created by this stack or adopted. */
export type ClusterSpec = CreateClusterSpec | AdoptClusterSpec;

// ---------------------------------------------------------------------------------------------
// OIDC provider
// ---------------------------------------------------------------------------------------------

/**
 * Create the IAM OIDC identity provider for the cluster's issuer, with the audience
 * `sts.amazonaws.com` and no thumbprint (AWS validates EKS issuers against its own CA store).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html
 */
export interface CreateOidcProviderSpec {
    /** Create the provider. */
    mode: "create";
}

/** Use an existing IAM OIDC provider by its ARN (only with an adopted cluster). */
export interface AdoptOidcProviderSpec {
    /** Use the provider with this ARN. */
    mode: "adopt";
    /**
     * ARN of the provider: `arn:aws:iam::<account>:oidc-provider/<issuer host>`, e.g.
     * `arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`.
     * Its issuer must be the cluster's.
     * @input
     */
    arn: string;
}

/**
 * Look the provider up by the adopted cluster's issuer URL (`aws.iam.getOpenIdConnectProvider`):
 * "if a provider already exists for your cluster's URL, skip this step".
 */
export interface LookupOidcProviderSpec {
    /** Find the existing provider for the cluster's issuer. */
    mode: "lookup";
}

/** The cluster's IAM OIDC identity provider. @default { mode: "create" } */
export type OidcProviderSpec = CreateOidcProviderSpec | AdoptOidcProviderSpec | LookupOidcProviderSpec;

// ---------------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------------

/** One inline permission statement (always `Allow`). */
export interface StatementSpec {
    /**
     * IAM actions as `service:Action`, e.g. `s3:GetObject`. Wildcards (`*`, `s3:*`, `s3:Get*`) are refused.
     * @see https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
     */
    actions: string[];
    /**
     * Resource ARNs the actions apply to, e.g. `arn:aws:s3:::my-s3-bucket/*`; `*` only for actions
     * without resource-level permissions (the `irsa-guard` pack reports the others).
     * @input
     */
    resources: string[];
    /**
     * Optional IAM condition block: operator → condition key → value(s), e.g.
     * `{ StringLike: { "s3:prefix": ["reports/*"] } }`.
     * @multiLanguage IAM condition block: operator → condition key → values, e.g.
     * `{ StringLike: { "s3:prefix": ["reports/*"] } }`. A value list of one string is the same as that string; write
     * booleans as `"true"` / `"false"`.
     * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
     */
    conditions?: PolicyConditions;
}

/** Options of the workload's IAM role. */
export interface RoleOptions {
    /**
     * Physical role name, at most 64 characters of letters, digits and `+=,.@_-`.
     * @default `<component name>-<workload name>`, shortened to 64 characters with a stable hash suffix
     */
    name?: string;
    /**
     * ARN of a managed policy that bounds the role's permissions.
     * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
     * @input
     */
    permissionsBoundary?: string;
    /**
     * IAM path of the role: `/` or `/<segments>/`, at most 512 characters.
     * @default "/"
     */
    path?: string;
    /**
     * Maximum session duration in seconds, an integer from 3600 to 43200.
     * @default 3600
     * @integer
     */
    maxSessionDuration?: number;
    /**
     * Tags of the role (merged over the config's top-level `tags`). At most 50; keys ≤ 128 characters, not starting with `aws:`; values ≤ 256.
     * @input
     */
    tags?: Record<string, string>;
    /**
     * Description of the role, at most 1000 characters.
     * @default "IRSA role for <namespace>/<serviceAccount>"
     */
    description?: string;
}

/** CPU and memory amounts as Kubernetes quantities, e.g. `{ cpu: "100m", memory: "128Mi" }`. */
export interface ResourceAmounts {
    /** CPU quantity, e.g. `"250m"`. */
    cpu?: string;
    /** Memory quantity, e.g. `"256Mi"`. */
    memory?: string;
}

/** Requests and limits of a container. */
export interface ContainerResources {
    /** What the scheduler reserves for the container. */
    requests?: ResourceAmounts;
    /** The most the container may use. */
    limits?: ResourceAmounts;
}

/** The workload's Deployment. */
export interface DeploymentSpec {
    /**
     * Container image, e.g. `public.ecr.aws/aws-cli/aws-cli:2.17.0`.
     * @input
     */
    image: string;
    /**
     * Entrypoint of the container (replaces the image's `ENTRYPOINT`), e.g. `["sh", "-c", "…"]`.
     * @default the image's entrypoint
     */
    command?: string[];
    /**
     * Arguments of the entrypoint (replace the image's `CMD`).
     * @default the image's command
     */
    args?: string[];
    /**
     * Number of pods, an integer ≥ 0.
     * @default 1
     * @integer
     */
    replicas?: number;
    /**
     * Container port (1–65535) the application listens on. @default none
     * @integer
     */
    port?: number;
    /**
     * Environment variables of the container. Static AWS credentials (`AWS_ACCESS_KEY_ID`,
     * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) are refused: the pod gets credentials from its role.
     * The container lists them in code-point order of their names (whatever the order of the map), except that a
     * variable another refers to as `$(NAME)` comes first; a reference cycle is refused.
     * @input
     */
    env?: Record<string, string>;
    /**
     * Requests and limits of the container.
     * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
     */
    resources?: ContainerResources;
    /**
     * Group that owns the pod's volumes, so a non-root process can read the projected token.
     * @default 65534 (`nogroup`, as in the seeds)
     * @integer
     */
    fsGroup?: number;
    /**
     * Refuse to start containers that would run as root.
     * @default true
     */
    runAsNonRoot?: boolean;
    /**
     * User id the containers run as (needed with `runAsNonRoot` when the image's user is root or a name). When this
     * default applies and `env` sets no `HOME`, the container gets `HOME=/tmp`: the image's home directory (or `/`,
     * which the runtime gives a user the image does not know) is not writable by that user, and tools such as the
     * AWS CLI write their cache under `HOME`.
     * @default 65534 (`nobody`)
     * @integer
     */
    runAsUser?: number;
    /**
     * Don't let `pulumi up` wait for the Deployment to become ready: annotates it `pulumi.com/skipAwait: "true"`.
     * By default the Kubernetes provider waits until the Deployment's new pods are available, up to 10 minutes, and
     * fails the update when they are not; set this for a workload whose readiness depends on something outside the
     * stack (an image not pushed yet, a dependency deployed later).
     * @default false
     * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/
     */
    skipAwait?: boolean;
}

/**
 * The post-deploy proof of a workload: a Kubernetes Job under the workload's ServiceAccount that runs
 * `aws sts get-caller-identity` and fails unless the caller is the workload's assumed role.
 */
export interface VerifySpec {
    /**
     * Image with the AWS CLI v2 (`aws`) and a POSIX `sh`.
     * @default "public.ecr.aws/aws-cli/aws-cli:2.17.0"
     * @input
     */
    image?: string;
    /**
     * How long the Job may run (its `activeDeadlineSeconds`, and how long `pulumi up` waits for it): an integer from 30 to 3600.
     * @default 300
     * @integer
     */
    timeoutSeconds?: number;
}

/**
 * How the workload's ServiceAccount is managed:
 * - `create`: this stack creates the ServiceAccount;
 * - `adopt`: an existing ServiceAccount (e.g. a Helm chart's) is annotated in place with a server-side-apply patch;
 * - `role-only`: only the role; the ServiceAccount is managed elsewhere (eksctl's `--role-only`).
 */
export type ServiceAccountMode = "create" | "adopt" | "role-only";

/** One workload: its role, permissions, ServiceAccount and (optionally) Deployment. */
export interface WorkloadSpec {
    /**
     * Name of the workload: a lowercase RFC 1123 label, unique in the config. Names its resources and its Deployment.
     * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
     */
    name: string;
    /**
     * The workload's former names, oldest first, when you rename it and want to keep its resources. The
     * `IrsaWorkload` gets a Pulumi alias for each former name (its children follow), and every physical name derived
     * from the workload's name stays that of the oldest former name: the IAM role's name (IAM would replace the
     * role), the inline policy's name, the Deployment's name, container and `app.kubernetes.io/name` selector
     * (immutable in Kubernetes). `pulumi up` then changes nothing. Each a lowercase RFC 1123 label, not the
     * workload's `name`, not any workload's `name` or other former name. Renamed again later: append the name it
     * had (`["a"]`, then `["a", "b"]`). Keep the list while any stack of the program still has a former name.
     * Applied by `IrsaCluster`; an `IrsaWorkload` built on its own ignores it (give it `aliases` in its options).
     * @default none: renaming a workload without it replaces its role, ServiceAccount and Deployment
     * @see https://www.pulumi.com/docs/iac/concepts/options/aliases/
     */
    previousNames?: string[];
    /** Namespace of the ServiceAccount (and Deployment): a lowercase RFC 1123 label. */
    namespace: string;
    /**
     * Name of the ServiceAccount the role trusts: a lowercase RFC 1123 label, not `default`.
     * The pair `namespace/serviceAccount` is unique in the config.
     */
    serviceAccount: string;
    /**
     * Whether this stack creates and owns the namespace (`pulumi destroy` deletes it, with everything in it). Set
     * `false` when it exists already: the stack then only puts objects into it and never deletes it. Every workload
     * of one namespace must agree. Never for the namespaces every cluster has (`default`, `kube-system`,
     * `kube-public`, `kube-node-lease`: refused when `true`, never created), nor with `serviceAccountMode: "adopt"`
     * (the ServiceAccount's namespace exists).
     * @default on a created cluster: true with `serviceAccountMode: "create"`, false with `"adopt"` and
     *   `"role-only"`; on an adopted cluster: false (any namespace may exist already; set `true` for a new one)
     * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
     */
    createNamespace?: boolean;
    /**
     * `create`: create the ServiceAccount; `adopt`: annotate an existing one in place with a
     * server-side-apply patch (e.g. a Helm chart's: install the chart first; on an adopted cluster the
     * ServiceAccount is read first and a missing one fails the preview, since the patch would create it);
     * `role-only`: only the role, the ServiceAccount is managed elsewhere (eksctl's `--role-only`).
     * @default "create"
     */
    serviceAccountMode?: ServiceAccountMode;
    /** Kubernetes labels of the ServiceAccount and the Deployment. */
    labels?: Record<string, string>;
    /** Inline permission statements, merged into one role policy. */
    statements?: StatementSpec[];
    /**
     * Typed least-privilege grants (`{ service, <resource>, access }`), expanded to the minimal statements and
     * merged into the same role policy as `statements`. Region and account default to the stack's.
     * @see README "Grants" for what each service and access level expands to.
     */
    grants?: GrantSpec[];
    /**
     * A cluster add-on whose documented IAM policy this role gets, scoped by the add-on's inputs (KMS key,
     * hosted zone, bucket, queue… ARNs). A missing required scope is a validation error: no `*` default.
     * Use the add-on chart's ServiceAccount (see `ADDON_DEFAULTS`) as `namespace`/`serviceAccount`.
     */
    addon?: AddonSpec;
    /**
     * ARNs of managed policies to attach, e.g. `arn:aws:iam::123456789012:policy/reader`. At most 10 (IAM's default quota).
     * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
     * @input
     */
    managedPolicyArns?: string[];
    /** Options of the IAM role. */
    role?: RoleOptions;
    /**
     * The workload's Deployment, or `false` when it has none (e.g. the pods come from a Helm chart).
     * Required: say which.
     * @multiLanguage The workload's Deployment. Absent: the workload has none (e.g. its pods come from a Helm chart).
     */
    deployment: DeploymentSpec | false;
    /**
     * How the pods get the role: `"irsa"` (OIDC trust + ServiceAccount annotation), `"pod-identity"` (EKS Pod
     * Identity: `pods.eks.amazonaws.com` trust + `PodIdentityAssociation`, no annotation) or `"both"` (the
     * migration step: both trusts, the association and the annotation).
     * @default the config's `identity`, else `"irsa"`
     * @see README "IRSA or EKS Pod Identity"
     */
    identity?: IdentityMode;
    /** Options of the workload's `PodIdentityAssociation`; only with `identity` `"pod-identity"` or `"both"`. */
    podIdentity?: PodIdentityOptions;
    /**
     * Prove IRSA after deployment: `pulumi up` creates a Job under this workload's ServiceAccount (same namespace,
     * the Deployment's pod security settings) that runs `aws sts get-caller-identity`, and waits for it. The Job
     * fails, and with it `pulumi up`, unless the caller is `arn:<partition>:sts::<account>:assumed-role/<role name>/…`,
     * i.e. unless a pod of this ServiceAccount really gets this role (annotation, trust policy, OIDC provider and
     * audience all right) rather than the node role or no credentials. It proves the identity, not the
     * permissions. Not for `serviceAccountMode: "role-only"` (the ServiceAccount is not managed by this stack).
     * `true` uses the defaults of {@link VerifySpec}.
     * @default false
     * @multiLanguage Prove IRSA after deployment with a Job under this workload's ServiceAccount that runs
     * `aws sts get-caller-identity` and fails, and with it `pulumi up`, unless the caller is the workload's role.
     * Not for `serviceAccountMode: "role-only"`. Absent: no proof; `{}`: the defaults of `VerifySpec`.
     */
    verify?: boolean | VerifySpec;
    /**
     * Other clusters whose ServiceAccount of the same `namespace`/`serviceAccount` may assume this workload's role
     * (blue/green upgrades, regional clusters): names of entries of the config's `trustedClusters`. The role's trust
     * gets one statement per cluster (the cluster this component builds first, then these in this order), each with
     * `StringEquals` on that cluster's `<issuer>:sub` and `<issuer>:aud`. Adding or removing a name changes only the
     * trust document: the role is updated in place, never replaced. Each name at most once; IRSA only (`identity`
     * `"irsa"` or `"both"`).
     * @default [] (only the cluster this component builds)
     * @see README "Several clusters and accounts"
     */
    trustedClusters?: string[];
    /**
     * The account the role lives in: the `name` of an entry of the config's `accounts` (cross-account IRSA). The
     * component creates, in that account, the IAM OIDC provider for this cluster's issuer (or adopts or looks it up,
     * per the account's entry) and the role trusting it, and annotates the ServiceAccount with that role's ARN: no
     * role chaining. IRSA only; with EKS Pod Identity use `podIdentity.targetRoleArn` instead.
     * @default the stack's own account
     * @see https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html
     */
    account?: string;
    /**
     * Use an existing role instead of creating one: its ARN, `arn:aws:iam::<account>:role/<path><name>`. The
     * ServiceAccount is annotated with it and the component creates no role and no permissions (so `statements`,
     * `grants`, `addon`, `managedPolicyArns`, `role`, `trustedClusters` and `account` are refused). The role's trust
     * must name this cluster's issuer and this ServiceAccount: typically a role another `IrsaCluster` (in this stack
     * or another) builds with this cluster in its `trustedClusters`. The `irsa-guard` pack checks that the role
     * trusts this cluster when the role is in the same stack. IRSA only.
     * @default none: the component creates the workload's role
     * @input
     */
    sharedRoleArn?: string;
}

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

/** Everything `IrsaCluster` builds, in one typed config. */
export interface IrsaClusterArgs {
    /** The cluster, created or adopted. */
    cluster: ClusterSpec;
    /** The IAM OIDC identity provider. @default { mode: "create" } */
    oidcProvider?: OidcProviderSpec;
    /** The workloads. May be empty. */
    workloads: WorkloadSpec[];
    /**
     * Tags for every AWS resource the component creates (same limits as `RoleOptions.tags`).
     * @input
     */
    tags?: Record<string, string>;
    /**
     * The identity mode of every workload that sets none (stack config `eks-irsa:identity`).
     * @default "irsa"
     */
    identity?: IdentityMode;
    /**
     * What derived role names start with: `<roleNamePrefix>-<workload name>` (shortened to 64 characters with a
     * stable hash suffix). Set it to the component's former name when you rename the component with
     * `aliases: [{ name: "<former name>" }]`, so that no role is replaced (an IAM role cannot be renamed in place).
     * 1 to 64 letters, digits and `+=,.@_-`.
     * @default the component's name
     */
    roleNamePrefix?: string;
    /**
     * The other clusters workload roles may trust, by name (see `WorkloadSpec.trustedClusters`). Each issuer and each
     * provider ARN at most once.
     * @default []
     */
    trustedClusters?: TrustedClusterSpec[];
    /**
     * The other AWS accounts workload roles may live in, by name (see `WorkloadSpec.account`).
     * @default []
     */
    accounts?: AccountSpec[];
    /**
     * The "Role trust policy length" quota of the accounts the roles live in, in characters (IAM does not count
     * white space). Validation computes every workload's trust document for its clusters and refuses the config
     * when one would exceed it, saying how many clusters fit. Raise it only after AWS has raised the quota
     * (Service Quotas, `L-C07B4B0D`), and set the pack's `iam-policy-size.maxTrustPolicyLength` to the same value.
     * An integer from 2,048 to 8,192 (AWS's maximum).
     * @default 2048
     * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
     * @integer
     */
    maxTrustPolicyLength?: number;
}

export type { IdentityMode, PodIdentityAgentMode, PodIdentityOptions } from "./podIdentityConfig";
