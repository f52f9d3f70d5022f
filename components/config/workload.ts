/**
 * The config of one workload (`eks-irsa:workloads`): its ServiceAccount, its role and permissions, and what it
 * runs. Identity fields (names, namespaces, ServiceAccounts) are plain strings, known at preview time: they drive
 * resource names and the trust policy's `:sub`. Part of the config (`components/config.ts`).
 */
import type { AddonSpec } from "../addons";
import type { GrantSpec } from "../grants";
import type { PolicyConditions } from "../policyDocument";
import type { DeploymentSpec, VerifySpec } from "./deployment";
import type { IdentityMode, PodIdentityOptions } from "./podIdentity";

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
