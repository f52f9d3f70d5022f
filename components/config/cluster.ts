/**
 * The config of the cluster (`eks-irsa:cluster`): created by this stack or adopted, its node group, who may use its
 * Kubernetes API; and of its IAM OIDC identity provider (`eks-irsa:oidcProvider`). Part of the config
 * (`components/config.ts`).
 */
import type { PodIdentityAgentMode } from "./podIdentity";

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
