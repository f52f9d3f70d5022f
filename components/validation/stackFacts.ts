/**
 * What validation knows of the stack's own AWS identity, from its `aws:*` config: the `aws:assumeRoles` chain and,
 * when the config says it, the stack's own account. The checks that need it: an `accounts` entry that is the stack's
 * own account, a trust in an account nobody declared, and `aws:assumeRoles` details the kubeconfig cannot carry.
 */
import { iamArnAccount } from "../naming";
import { isRecord, ProblemList, show } from "./problems";

/** The stack's identity as its config states it (plain data). */
export interface StackFacts {
    /** `aws:assumeRoles` (or `[aws:assumeRole]`), each `{ roleArn, externalId?, sessionName?, … }`. */
    assumeRoles?: readonly Record<string, unknown>[];
    /**
     * The stack's own account when the config states it: the account of the last `aws:assumeRoles` role, else the one
     * id of `aws:allowedAccountIds`. Otherwise the component asks AWS (`aws.getCallerIdentity`) at deployment.
     */
    accountId?: string;
    /** Where {@link accountId} comes from, for messages. */
    accountSource?: string;
}

/** The stack's account as its config states it (see {@link StackFacts.accountId}), with its source; or undefined. */
export function statedStackAccount(assumeRoles: readonly Record<string, unknown>[], allowedAccountIds: unknown): { accountId: string; accountSource: string } | undefined {
    const last = assumeRoles[assumeRoles.length - 1]?.roleArn;
    const fromRole = typeof last === "string" ? iamArnAccount(last) : undefined;
    if (fromRole !== undefined) return { accountId: fromRole, accountSource: "the account of the last role of aws:assumeRoles" };
    return Array.isArray(allowedAccountIds) && allowedAccountIds.length === 1 && typeof allowedAccountIds[0] === "string"
        ? { accountId: allowedAccountIds[0], accountSource: "aws:allowedAccountIds" }
        : undefined;
}

/** Every check of `args` that needs the stack's identity (see {@link StackFacts}). */
export function checkStackFacts(args: Record<string, unknown>, stack: StackFacts, problems: ProblemList): void {
    checkKubeconfigChain(args.cluster, stack.assumeRoles ?? [], problems);
    checkKubeconfigAccess(args.cluster, stack.assumeRoles ?? [], problems);
    if (stack.accountId !== undefined) checkStackAccount(args, stack.accountId, stack.accountSource ?? "the stack's account", problems);
}

/**
 * Checks what needs the stack's own account `stackAccount`: no `accounts` entry is that account (the component would
 * create a second IAM OIDC provider for the cluster's issuer there: EntityAlreadyExists), and every role of the
 * stack's account trusts only providers of that account (IAM accepts a web identity only through a provider of the
 * role's own account). `source` says where the account id comes from.
 */
export function checkStackAccount(args: Record<string, unknown>, stackAccount: string, source: string, problems: ProblemList): void {
    const accounts = Array.isArray(args.accounts) ? args.accounts.filter(isRecord) : [];
    const declared = new Set(accounts.map((a) => a.accountId).filter((id): id is string => typeof id === "string"));
    (Array.isArray(args.accounts) ? args.accounts : []).forEach((entry: unknown, index) => {
        if (isRecord(entry) && entry.accountId === stackAccount) {
            problems.invalid(
                `accounts[${index}].accountId`,
                stackAccount,
                `is the stack's own account (${source}), where the component already registers the cluster's IAM OIDC provider`,
                `remove the entry and the workloads' account ${show(entry.name)}: their roles belong in the stack's account (a second provider for the same issuer fails with EntityAlreadyExists)`,
            );
        }
    });
    const providers = new Map<string, string>();
    for (const cluster of Array.isArray(args.trustedClusters) ? args.trustedClusters.filter(isRecord) : []) {
        const account = typeof cluster.providerArn === "string" ? iamArnAccount(cluster.providerArn) : undefined;
        if (typeof cluster.name === "string" && account !== undefined) providers.set(cluster.name, account);
    }
    (Array.isArray(args.workloads) ? args.workloads : []).forEach((workload: unknown, index) => {
        if (!isRecord(workload) || workload.account !== undefined || workload.sharedRoleArn !== undefined || !Array.isArray(workload.trustedClusters)) return;
        workload.trustedClusters.forEach((ref: unknown, i) => {
            const account = typeof ref === "string" ? providers.get(ref) : undefined;
            // A provider of a declared other account is reported by the trusted-cluster checks already.
            if (account === undefined || account === stackAccount || declared.has(account)) return;
            problems.invalid(
                `workloads[${index}].trustedClusters[${i}]`,
                ref,
                `names a provider of account ${show(account)}, which no entry of accounts declares, but the role lives in the stack's own account ${show(stackAccount)} (${source})`,
                "IAM only accepts web identities through a provider in the role's own account: register the cluster's issuer in the stack's account and give that provider's ARN (or use clusterName to look it up)",
            );
        });
    });
}

/** Fields of an assumed role that `aws eks get-token --role-arn` cannot pass. */
const DETAIL_FIELDS = ["externalId", "sessionName", "tags", "transitiveTagKeys", "policy", "policyArns", "sourceIdentity"] as const;

/**
 * Checks that the kubeconfig can act as the stack: `aws eks get-token` assumes one role (`--role-arn`, the cluster's
 * `kubeconfigRoleArn` or the last of `aws:assumeRoles`) with none of `externalId`, `sessionName`, tags, session
 * policies or source identity. A role whose `aws:assumeRoles` entry needs them works for AWS and fails every
 * Kubernetes call (AccessDenied), unless `cluster.kubeconfigProfile` names a profile that carries them.
 * @see https://awscli.amazonaws.com/v2/documentation/api/latest/reference/eks/get-token.html
 */
export function checkKubeconfigChain(cluster: unknown, assumeRoles: readonly Record<string, unknown>[], problems: ProblemList): void {
    if (!isRecord(cluster) || cluster.kubeconfigProfile !== undefined) return;
    const roleArn = typeof cluster.kubeconfigRoleArn === "string" ? cluster.kubeconfigRoleArn : assumeRoles[assumeRoles.length - 1]?.roleArn;
    if (typeof roleArn !== "string") return;
    assumeRoles.forEach((role, index) => {
        if (role.roleArn !== roleArn) return;
        for (const field of DETAIL_FIELDS) {
            if (role[field] === undefined) continue;
            problems.hidden(
                `aws:assumeRoles[${index}].${field}`,
                `cannot reach the kubeconfig: aws eks get-token assumes ${show(roleArn)} with --role-arn only, so every Kubernetes call would fail with AccessDenied`,
                "set cluster.kubeconfigProfile to an AWS CLI profile that assumes the role with it (role_arn, external_id, role_session_name in ~/.aws/config)",
            );
        }
    });
}

/**
 * On a cluster the stack creates (authentication mode `API`), EKS gives cluster admin only to its creator, the
 * stack's identity: a `kubeconfigRoleArn` that is another role needs an access entry, or every Kubernetes object is
 * refused (Unauthorized). Checked when the stack's identity is known (the last role of `aws:assumeRoles`).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export function checkKubeconfigAccess(cluster: unknown, assumeRoles: readonly Record<string, unknown>[], problems: ProblemList): void {
    if (!isRecord(cluster) || cluster.mode !== "create" || typeof cluster.kubeconfigRoleArn !== "string") return;
    const creator = assumeRoles[assumeRoles.length - 1]?.roleArn;
    if (typeof creator !== "string" || creator === cluster.kubeconfigRoleArn) return;
    const entries = Array.isArray(cluster.accessEntries) ? cluster.accessEntries : [];
    if (entries.some((entry) => isRecord(entry) && entry.principalArn === cluster.kubeconfigRoleArn)) return;
    problems.invalid(
        "cluster.kubeconfigRoleArn",
        cluster.kubeconfigRoleArn,
        `has no access to the cluster this stack creates, where EKS gives cluster admin only to its creator (the stack's identity, ${show(creator)})`,
        `add { principalArn: ${show(cluster.kubeconfigRoleArn)} } to cluster.accessEntries, or remove kubeconfigRoleArn`,
    );
}
