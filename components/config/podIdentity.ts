/**
 * The EKS Pod Identity part of the config: how each workload gets its role (IRSA, Pod Identity or both during a
 * migration), the options of its `PodIdentityAssociation`, and whether the cluster has the Pod Identity Agent. Part
 * of the config (`components/config.ts`); the defaults and the functions that read these are in
 * `components/podIdentityConfig.ts`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
import type { StatementSpec } from "./workload";

/**
 * How a workload's pods get its role:
 * - `irsa`: the role trusts the cluster's IAM OIDC provider for exactly the workload's ServiceAccount, and the
 *   ServiceAccount is annotated `eks.amazonaws.com/role-arn`;
 * - `pod-identity`: the role trusts the service principal `pods.eks.amazonaws.com` for exactly this cluster,
 *   namespace and ServiceAccount (the session tags EKS sets) and an `aws.eks.PodIdentityAssociation` binds it
 *   to the ServiceAccount, which carries no role annotation;
 * - `both`: the migration step between them: the role trusts both, the association exists and the annotation
 *   stays (with `eks-irsa.dev/identity-migration: "true"`), so pods keep working through the cut-over.
 * @default "irsa"
 * @see https://docs.aws.amazon.com/eks/latest/userguide/service-accounts.html#service-accounts-iam
 */
export type IdentityMode = "irsa" | "pod-identity" | "both";

/**
 * The `eks-pod-identity-agent` add-on that Pod Identity needs on the nodes:
 * - `install`: this stack installs it (an `aws.eks.Addon`, once) when a workload uses `pod-identity` or `both`;
 *   on an adopted cluster the add-on is created without overwriting a self-managed agent and is kept on the
 *   cluster (`preserve`) when the stack deletes it;
 * - `existing`: an adopted cluster runs it already (installed by eksctl, the console or another stack);
 * - `none`: the cluster has no agent and this stack must not install one: Pod Identity is refused.
 * @default "install" on a created cluster, "existing" on an adopted one
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
 */
export type PodIdentityAgentMode = "install" | "existing" | "none";

/**
 * Options of a workload's `PodIdentityAssociation` (used with `identity: "pod-identity"` or `"both"`).
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html
 */
export interface PodIdentityOptions {
    /**
     * ARN of a role, usually in another account, that EKS assumes with the workload's role (role chaining):
     * the pods get the target role's credentials. The workload's role gets an inline statement allowing
     * `sts:AssumeRole` and `sts:TagSession` on the target role (AWS's guide); the target role, managed elsewhere,
     * must trust the workload's role for the same two actions (with `sts:ExternalId` = the association's
     * `externalId` if you pin it). Format `arn:<partition>:iam::<12 digits>:role/<path><name>`.
     * @default none (the pods get the workload's role)
     * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
     * @input
     */
    targetRoleArn?: string;
    /**
     * Do not add EKS's session tags (`eks-cluster-arn`, `kubernetes-namespace`, `kubernetes-service-account`, …)
     * to the role session. Required (`true`) with `sessionPolicy`. Without the tags the role's trust cannot pin
     * the cluster, namespace and ServiceAccount (EKS sends no other documented key), so the workload's role gets
     * AWS's bare documented trust instead: any association in the account whose creator may `iam:PassRole` the
     * role can use it (the `irsa-guard` pack reports it as advisory). A role whose trust or permissions test
     * `aws:RequestTag/…` or `aws:PrincipalTag/…` stops working with it (the pack reports that).
     * @default false (the trust pins the cluster, namespace and ServiceAccount with the session tags)
     * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
     */
    disableSessionTags?: boolean;
    /**
     * A session policy that narrows the role's permissions for this association only (the effective
     * permissions are the intersection). Same shape as `statements`; needs `disableSessionTags: true`
     * (an EKS rule); at most 2,048 characters once written as JSON.
     * @default none
     */
    sessionPolicy?: StatementSpec[];
}
