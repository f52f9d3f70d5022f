/**
 * The one typed config of the package: what `IrsaCluster` takes and what the stack program reads from
 * `eks-irsa:cluster`, `eks-irsa:oidcProvider`, `eks-irsa:workloads` and the other keys of `IrsaClusterArgs`. One file
 * per concern under `components/config/` (cluster, workload, deployment, several clusters and accounts, Pod
 * Identity); this file holds the whole and re-exports the parts. Types only: importing it loads nothing at run time.
 *
 * It is the config's one description: `npm run config:generate` writes the multi-language args, the validators'
 * field lists and the configuration reference from it (tools/configgen/, see docs/development.md).
 */
import type { ClusterSpec, OidcProviderSpec } from "./config/cluster";
import type { AccountSpec, TrustedClusterSpec } from "./config/multiCluster";
import type { IdentityMode } from "./config/podIdentity";
import type { WorkloadSpec } from "./config/workload";

export type * from "./config/cluster";
export type * from "./config/deployment";
export type * from "./config/multiCluster";
export type * from "./config/podIdentity";
export type * from "./config/workload";

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
