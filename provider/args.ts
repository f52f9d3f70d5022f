/**
 * The multi-language surface of `IrsaCluster`: the args that Python, Go, C#, Java and YAML programs write, in the
 * shapes Pulumi's schema inference accepts (`@pulumi/pulumi/provider/experimental`): TypeScript `enum`s instead of
 * string-literal unions, one object per discriminated union (the variant's fields optional, checked at run time by
 * the same validation as the TypeScript config), named interfaces for every nested object, condition values as
 * lists of strings, and a `deployment` that is simply absent when the workload has none.
 *
 * Field names and nesting are those of `components/config.ts`, so every validation message names the field as it
 * is written here (and in YAML). `toTypeScriptArgs` (./toTypeScriptArgs.ts) is the one mapping to the TypeScript
 * config. Types only: the schema analysis reads this file and `irsaCluster.ts`, nothing else of the package.
 *
 * Identity fields (names, namespaces, ServiceAccounts, modes) are plain: they drive resource names and the trust's
 * `:sub` and must be known at preview. Values that may come from other resources (ARNs, resource names, VPC and
 * subnet ids, images, tag and environment values) are `Input`s: secrets stay secret, and during a preview an
 * unknown value is checked at `pulumi up` instead (see `resolveInputs.ts`).
 *
 * Type names become schema tokens (`eks-irsa:index:<name>`); generated SDKs add `Args` to input types
 * (Python `eks_irsa.WorkloadSpecArgs`, Go `eksirsa.WorkloadSpecArgs`, C# `WorkloadSpecArgs`).
 */
import type * as pulumi from "@pulumi/pulumi";

/** Whether the cluster is created by this stack or adopted (looked up by name and left unchanged). */
export enum ClusterMode {
    /** Create a new cluster with `@pulumi/eks` (one managed node group). */
    Create = "create",
    /** Use an existing cluster as it is: only `name` (and `podIdentityAgent`, `fargateOnly`) may be set next to it. */
    Adopt = "adopt",
}

/** How the cluster's IAM OIDC identity provider is obtained. */
export enum OidcProviderMode {
    /** Create the provider for the cluster's issuer (audience `sts.amazonaws.com`). */
    Create = "create",
    /** Use an existing provider by its `arn` (adopted clusters only). */
    Adopt = "adopt",
    /** Find the existing provider for the adopted cluster's issuer URL. */
    Lookup = "lookup",
}

/** How a workload's pods get its role. */
export enum IdentityMode {
    /** IAM Roles for Service Accounts: OIDC trust for exactly the workload's ServiceAccount, plus the role annotation. */
    Irsa = "irsa",
    /** EKS Pod Identity: `pods.eks.amazonaws.com` trust and a `PodIdentityAssociation`, no annotation. */
    PodIdentity = "pod-identity",
    /** The migration step: both trusts, the association and the annotation. */
    Both = "both",
}

/** The `eks-pod-identity-agent` add-on that Pod Identity needs. */
export enum PodIdentityAgentMode {
    /** This stack installs it once when a workload uses Pod Identity. */
    Install = "install",
    /** The adopted cluster runs it already. */
    Existing = "existing",
    /** The cluster has none and this stack must not install one: Pod Identity is refused. */
    None = "none",
}

/** How the workload's ServiceAccount is managed. */
export enum ServiceAccountMode {
    /** Create the ServiceAccount. */
    Create = "create",
    /** Annotate an existing ServiceAccount in place (server-side apply), e.g. a Helm chart's. */
    Adopt = "adopt",
    /** Only the role: the ServiceAccount is managed elsewhere (eksctl's `--role-only`). */
    RoleOnly = "role-only",
}

/** An EKS access policy of `cluster.accessEntries`: what the principal may do in the Kubernetes API. */
export enum AccessPolicy {
    /** `AmazonEKSClusterAdminPolicy`: everything, in every namespace (no `namespaces` with it). */
    ClusterAdmin = "cluster-admin",
    /** `AmazonEKSAdminPolicy`: most resources, including RBAC within its namespaces. */
    Admin = "admin",
    /** `AmazonEKSEditPolicy`: create and change most resources. */
    Edit = "edit",
    /** `AmazonEKSViewPolicy`: read most resources. */
    View = "view",
}

/** The AWS service of a typed grant; each needs its own resource field (`bucket`, `table`, …). */
export enum GrantService {
    /** Needs `bucket` (name or ARN); access `read`, `write`, `read-write` or `list`; optional `prefix`. */
    S3 = "s3",
    /** Needs `table`; access `read`, `write` or `read-write`; optional `indexes`, `streams`. */
    DynamoDb = "dynamodb",
    /** Needs `queue`; access `consume` or `send`. */
    Sqs = "sqs",
    /** Needs `topic`; access `publish`. */
    Sns = "sns",
    /** Needs `secret`; access `read`. */
    SecretsManager = "secretsmanager",
    /** Needs `path` (a parameter path); access `read`. */
    Ssm = "ssm",
    /** Needs `key` (a key id or ARN); access `decrypt` or `encrypt`. */
    Kms = "kms",
    /** Needs `repository`; access `pull`. */
    Ecr = "ecr",
    /** Needs `logGroup`; access `write`. */
    Logs = "logs",
}

/** The access level of a typed grant; which levels a service offers is listed on {@link GrantService}. */
export enum GrantAccess {
    Read = "read",
    Write = "write",
    ReadWrite = "read-write",
    List = "list",
    Consume = "consume",
    Send = "send",
    Publish = "publish",
    Decrypt = "decrypt",
    Encrypt = "encrypt",
    Pull = "pull",
}

/** A cluster add-on of the policy catalog; its scope fields are on {@link AddonSpec}. */
export enum AddonName {
    /** Optional `kmsKeyArns`. */
    EbsCsi = "ebs-csi",
    /** Needs `fileSystemArns`. */
    EfsCsi = "efs-csi",
    /** Optional `ipv6`. */
    VpcCni = "vpc-cni",
    /** No scope field (scoped to the cluster's tags). */
    AwsLoadBalancerController = "aws-load-balancer-controller",
    /** Needs `hostedZoneArns`. */
    ExternalDns = "external-dns",
    /** Needs `hostedZoneArns`. */
    CertManager = "cert-manager",
    /** No scope field (scoped to the cluster's tags). */
    ClusterAutoscaler = "cluster-autoscaler",
    /** Needs `nodeRoleArn`; optional `interruptionQueueArn`. */
    Karpenter = "karpenter",
    /** Needs `secretArns` and/or `parameterArns`; optional `kmsKeyArns`. */
    ExternalSecrets = "external-secrets",
    /** Needs `bucketArns`. */
    Velero = "velero",
    /** Needs `bucketArns`; optional `readOnly`, `kmsKeyArns`. */
    MountpointS3Csi = "mountpoint-s3-csi",
    /** Optional `xray`. */
    CloudwatchObservability = "cloudwatch-observability",
    /** Needs `queueArns`. */
    NodeTerminationHandler = "node-termination-handler",
    /** Needs `workspaceArns`; optional `query`. */
    Amp = "amp",
}

/** Size and type of the one managed node group of a created cluster. */
export interface NodeGroupSpec {
    /** EC2 instance type of the nodes, e.g. `t3.medium`. Default `t3.medium`. */
    instanceType?: string;
    /** Number of nodes, an integer between `minSize` and `maxSize`. Default 2. */
    desiredSize?: number;
    /** Smallest number of nodes, an integer ≥ 0. Default 1. */
    minSize?: number;
    /** Largest number of nodes, an integer ≥ 1 and ≥ `minSize`. Default 2. */
    maxSize?: number;
}

/**
 * The cluster, created or adopted. With `mode: adopt` only `name`, `podIdentityAgent` and `fargateOnly` may be set;
 * `fargateOnly` is for adopted clusters only.
 */
export interface ClusterSpec {
    /** Create a new cluster or adopt an existing one. */
    mode: ClusterMode;
    /** EKS cluster name: 1–100 letters, digits, `-` and `_`, starting with a letter or digit. */
    name: string;
    /** Kubernetes version of a created cluster, `"1.<minor>"`, e.g. `"1.31"`. Default: the latest EKS offers. */
    version?: string;
    /** The managed node group of a created cluster. */
    nodeGroup?: NodeGroupSpec;
    /** Whether the API server is reachable from inside the VPC. Default false. */
    endpointPrivateAccess?: boolean;
    /** Whether the API server is reachable from the internet (at least one endpoint must be on). Default true. */
    endpointPublicAccess?: boolean;
    /** VPC of a created cluster, `vpc-…` (give `subnetIds` too). Default: the account's default VPC. */
    vpcId?: pulumi.Input<string>;
    /** Subnets of a created cluster, at least two `subnet-…`. Default: the default VPC's subnets. */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Give the VPC CNI (`kube-system/aws-node`) its own IRSA role instead of the node role's `AmazonEKS_CNI_Policy`. Default false. */
    vpcCniRole?: boolean;
    /** The `eks-pod-identity-agent` add-on (`existing` only for adopted clusters). Default `install` on a created cluster, `existing` on an adopted one. */
    podIdentityAgent?: PodIdentityAgentMode;
    /** An adopted cluster whose pods all run on Fargate: Pod Identity is refused. Default false. */
    fargateOnly?: boolean;
    /** AWS CLI profile of the Kubernetes provider's `aws eks get-token` (`--profile`). Default: the stack's `aws:profile`. */
    kubeconfigProfile?: string;
    /** Role the Kubernetes provider's `aws eks get-token` assumes (`--role-arn`). Default: the stack's assumed role. */
    kubeconfigRoleArn?: pulumi.Input<string>;
    /** IAM principals given access to the cluster's Kubernetes API (EKS access entries). Default none. */
    accessEntries?: AccessEntrySpec[];
}

/** An IAM principal given access to the cluster's Kubernetes API with an EKS access entry and one access policy. */
export interface AccessEntrySpec {
    /** ARN of the IAM role or user, e.g. `arn:aws:iam::111122223333:role/platform-admins`. */
    principalArn: pulumi.Input<string>;
    /** The EKS access policy. Default `cluster-admin`. */
    accessPolicy?: AccessPolicy;
    /** Limit the policy to these namespaces. Default: the whole cluster. */
    namespaces?: string[];
}

/** The cluster's IAM OIDC identity provider. `arn` only with `mode: adopt`. */
export interface OidcProviderSpec {
    /** Create, adopt (by `arn`) or look up the provider. */
    mode: OidcProviderMode;
    /** ARN of an existing provider, `arn:aws:iam::<account>:oidc-provider/<issuer host>` (with `mode: adopt`). */
    arn?: pulumi.Input<string>;
}

/** One inline permission statement (always `Allow`). */
export interface StatementSpec {
    /** IAM actions as `service:Action`, e.g. `s3:GetObject`. Wildcards are refused. */
    actions: string[];
    /** Resource ARNs the actions apply to, e.g. `arn:aws:s3:::my-s3-bucket/*`. */
    resources: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * IAM condition block: operator → condition key → values, e.g. `{ StringLike: { "s3:prefix": ["reports/*"] } }`.
     * A value list of one string is the same as that string; write booleans as `"true"` / `"false"`.
     */
    conditions?: Record<string, Record<string, string[]>>;
}

/**
 * A typed least-privilege grant: `service`, `access` and the one resource field that service needs (`bucket`,
 * `table`, `queue`, `topic`, `secret`, `path`, `key`, `repository` or `logGroup`). Other fields only where the
 * service has them.
 */
export interface GrantSpec {
    /** The AWS service. */
    service: GrantService;
    /** The access level (which levels apply depends on `service`). */
    access: GrantAccess;
    /** S3 bucket name or ARN (`service: s3`). */
    bucket?: pulumi.Input<string>;
    /** Key prefix inside the bucket, e.g. `reports/` (`service: s3`). */
    prefix?: string;
    /** DynamoDB table name or ARN (`service: dynamodb`). */
    table?: pulumi.Input<string>;
    /** Index names the workload queries (`service: dynamodb`). */
    indexes?: string[];
    /** Also read the table's streams (`service: dynamodb`). */
    streams?: boolean;
    /** SQS queue name or ARN (`service: sqs`). */
    queue?: pulumi.Input<string>;
    /** SNS topic name or ARN (`service: sns`). */
    topic?: pulumi.Input<string>;
    /** Secrets Manager secret name or ARN (`service: secretsmanager`). */
    secret?: pulumi.Input<string>;
    /** SSM parameter path, e.g. `/payments/prod` (`service: ssm`). */
    path?: pulumi.Input<string>;
    /** KMS key id or ARN (`service: kms`). */
    key?: pulumi.Input<string>;
    /** ECR repository name or ARN (`service: ecr`). */
    repository?: pulumi.Input<string>;
    /** CloudWatch Logs log group name or ARN (`service: logs`). */
    logGroup?: pulumi.Input<string>;
    /** Region of a resource given by name. Default: the stack's. */
    region?: string;
    /** Account of a resource given by name. Default: the stack's. */
    account?: string;
}

/** A cluster add-on whose documented IAM policy the role gets, scoped by the fields its `name` needs. */
export interface AddonSpec {
    /** The add-on. */
    name: AddonName;
    /** Customer managed KMS keys (`ebs-csi`, `external-secrets`, `mountpoint-s3-csi`). */
    kmsKeyArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** EFS file systems (`efs-csi`). */
    fileSystemArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** The cluster uses IPv6 (`vpc-cni`). */
    ipv6?: boolean;
    /** Route 53 hosted zones (`external-dns`, `cert-manager`). */
    hostedZoneArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** The node role Karpenter may pass (`karpenter`). */
    nodeRoleArn?: pulumi.Input<string>;
    /** Karpenter's interruption queue (`karpenter`). */
    interruptionQueueArn?: pulumi.Input<string>;
    /** Secrets Manager secrets (`external-secrets`). */
    secretArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Parameter Store parameters (`external-secrets`). */
    parameterArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** S3 buckets (`velero`, `mountpoint-s3-csi`). */
    bucketArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Mount read-only (`mountpoint-s3-csi`). */
    readOnly?: boolean;
    /** Also send X-Ray traces (`cloudwatch-observability`). */
    xray?: boolean;
    /** SQS queues (`node-termination-handler`). */
    queueArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Amazon Managed Prometheus workspaces (`amp`). */
    workspaceArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Also query the workspaces (`amp`). */
    query?: boolean;
}

/** Options of the workload's IAM role. */
export interface RoleOptions {
    /** Physical role name (≤ 64 characters). Default `<component name>-<workload name>`, shortened with a stable hash. */
    name?: string;
    /** ARN of a managed policy that bounds the role's permissions. */
    permissionsBoundary?: pulumi.Input<string>;
    /** IAM path, `/` or `/<segments>/`. Default `/`. */
    path?: string;
    /** Maximum session duration in seconds, 3600–43200. Default 3600. */
    maxSessionDuration?: number;
    /** Tags of the role, over the component's `tags`. Values may be secrets: they stay secret in the role's tags. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Description, at most 1000 characters. */
    description?: string;
}

/** CPU and memory as Kubernetes quantities. */
export interface ResourceAmounts {
    /** CPU quantity, e.g. `"250m"`. */
    cpu?: string;
    /** Memory quantity, e.g. `"256Mi"`. */
    memory?: string;
}

/** Requests and limits of the container. */
export interface ContainerResources {
    /** What the scheduler reserves. */
    requests?: ResourceAmounts;
    /** The most the container may use. */
    limits?: ResourceAmounts;
}

/** The workload's Deployment. */
export interface DeploymentSpec {
    /** Container image, e.g. `public.ecr.aws/aws-cli/aws-cli:2.17.0`. */
    image: pulumi.Input<string>;
    /** Entrypoint of the container (replaces the image's `ENTRYPOINT`). */
    command?: string[];
    /** Arguments of the entrypoint (replace the image's `CMD`). */
    args?: string[];
    /** Number of pods, an integer ≥ 0. Default 1. */
    replicas?: number;
    /** Container port (1–65535). */
    port?: number;
    /** Environment variables; static AWS credentials are refused. */
    env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Requests and limits of the container. */
    resources?: ContainerResources;
    /** Group owning the pod's volumes (so a non-root process reads the projected token). Default 65534. */
    fsGroup?: number;
    /** Refuse to run containers as root. Default true. */
    runAsNonRoot?: boolean;
    /** User id of the containers. Default 65534 (then `HOME=/tmp` unless `env` sets `HOME`). */
    runAsUser?: number;
    /** Don't wait for the Deployment to become ready in `pulumi up` (annotation `pulumi.com/skipAwait`). Default false. */
    skipAwait?: boolean;
}

/** The post-deploy proof: a Job under the workload's ServiceAccount that fails unless it gets the workload's role. */
export interface VerifySpec {
    /** Image with the AWS CLI v2 and `sh`. Default `public.ecr.aws/aws-cli/aws-cli:2.17.0`. */
    image?: pulumi.Input<string>;
    /** How long the Job may run, 30–3600 seconds. Default 300. */
    timeoutSeconds?: number;
}

/** Options of the workload's `PodIdentityAssociation` (with `identity` `pod-identity` or `both`). */
export interface PodIdentityOptions {
    /** ARN of a role (usually in another account) that EKS assumes with the workload's role. */
    targetRoleArn?: pulumi.Input<string>;
    /** Leave out EKS's session tags. Required (`true`) with `sessionPolicy`. Default false. */
    disableSessionTags?: boolean;
    /** A session policy narrowing the role for this association; at most 2,048 characters as JSON. */
    sessionPolicy?: StatementSpec[];
}

/** One workload: its role, permissions, ServiceAccount and (optionally) Deployment. */
export interface WorkloadSpec {
    /** Name of the workload: a lowercase RFC 1123 label, unique. Names its resources and its Deployment. */
    name: string;
    /** The workload's former names, oldest first, so a rename keeps its resources. */
    previousNames?: string[];
    /** Namespace of the ServiceAccount (and Deployment): a lowercase RFC 1123 label. */
    namespace: string;
    /** Name of the ServiceAccount the role trusts: a lowercase RFC 1123 label, not `default`. */
    serviceAccount: string;
    /** Create the namespace. Default: on a created cluster true with `serviceAccountMode: create`, else false; on an adopted cluster false. System namespaces are never created. */
    createNamespace?: boolean;
    /** Create, adopt or leave alone (`role-only`) the ServiceAccount. Default `create`. */
    serviceAccountMode?: ServiceAccountMode;
    /** Inline permission statements, merged into one role policy. */
    statements?: StatementSpec[];
    /** Typed least-privilege grants, merged into the same role policy. */
    grants?: GrantSpec[];
    /** A cluster add-on whose documented policy this role gets. */
    addon?: AddonSpec;
    /** ARNs of managed policies to attach (at most 10). */
    managedPolicyArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Options of the IAM role. */
    role?: RoleOptions;
    /** Kubernetes labels of the ServiceAccount and the Deployment. */
    labels?: Record<string, string>;
    /** The workload's Deployment. Absent: the workload has none (e.g. its pods come from a Helm chart). */
    deployment?: DeploymentSpec;
    /** Prove IRSA after deployment with a Job (absent: no proof; `{}`: the defaults). */
    verify?: VerifySpec;
    /** How the pods get the role. Default: the component's `identity`, else `irsa`. */
    identity?: IdentityMode;
    /** Options of the workload's `PodIdentityAssociation`. */
    podIdentity?: PodIdentityOptions;
    /** Other clusters (names of the component's `trustedClusters`) whose same ServiceAccount may assume the role: one trust statement each. */
    trustedClusters?: string[];
    /** The account the role lives in: the `name` of an entry of the component's `accounts` (cross-account IRSA). Default: the stack's. */
    account?: string;
    /** Use this existing role (its ARN) instead of creating one: the ServiceAccount is annotated with it, no role is created. */
    sharedRoleArn?: pulumi.Input<string>;
}

/** Another EKS cluster workload roles may trust: by `clusterName` (looked up), or by `issuerUrl` and `providerArn`. */
export interface TrustedClusterSpec {
    /** The name workloads list in `trustedClusters`: a lowercase RFC 1123 label, unique. */
    name: string;
    /** Name of an existing EKS cluster in the stack's account and region, looked up (its provider by issuer URL in the role's account). */
    clusterName?: string;
    /** The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`. With `providerArn`. */
    issuerUrl?: pulumi.Input<string>;
    /** ARN of the IAM OIDC provider for `issuerUrl` in the account of the roles that trust it. */
    providerArn?: pulumi.Input<string>;
}

/** Another AWS account workload roles may live in: the component creates the OIDC provider and the roles there. */
export interface AccountSpec {
    /** The name workloads use in `account`: a lowercase RFC 1123 label, unique. */
    name: string;
    /** The 12-digit AWS account id (a string). */
    accountId: string;
    /** The role in that account the deployment assumes to create the provider and the roles there. */
    assumeRoleArn?: pulumi.Input<string>;
    /** Region of the created AWS provider. Default: the stack's. */
    region?: string;
    /** Adopt the IAM OIDC provider that exists for the cluster's issuer in that account (adopted clusters only). */
    oidcProviderArn?: pulumi.Input<string>;
    /** Look the provider up by issuer URL in that account instead of creating it. Default false. */
    lookupOidcProvider?: boolean;
}

/** Everything `IrsaCluster` builds, in one config. */
export interface IrsaClusterArgs {
    /** The cluster, created or adopted. */
    cluster: ClusterSpec;
    /** The IAM OIDC identity provider. Default `{ mode: create }`. */
    oidcProvider?: OidcProviderSpec;
    /** The workloads (may be empty). */
    workloads: WorkloadSpec[];
    /** Tags of every AWS resource the component creates. Values may be secrets: they stay secret where they land. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** What derived role names start with (set it to the component's former name when renaming it). Default: the component's name. */
    roleNamePrefix?: string;
    /** The identity mode of every workload that sets none. Default `irsa`. */
    identity?: IdentityMode;
    /** Other clusters workload roles may trust, by name. */
    trustedClusters?: TrustedClusterSpec[];
    /** Other AWS accounts workload roles may live in, by name. */
    accounts?: AccountSpec[];
    /** The accounts' "Role trust policy length" quota (2,048–8,192). Default 2,048. */
    maxTrustPolicyLength?: number;
}
