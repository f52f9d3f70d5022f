/**
 * Checks of several clusters and accounts: the config's `trustedClusters` and `accounts`, what workloads name in
 * `trustedClusters`, `account` and `sharedRoleArn`, and IAM's quotas on what that builds (trust policy length,
 * OIDC providers per account), all before anything is created.
 *
 * Quotas: "Role trust policy length" 2,048 characters by default, adjustable up to 8,192 (quota `L-C07B4B0D`);
 * "OpenId connect providers per account" 100 (quota `L-858F3967`).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import { irsaTrustDocument, podIdentityTrustStatement, policySize, TrustedProvider } from "../iamDocuments";
import { TrustDocument } from "../policyDocument";
import { checkAccounts, isRoleArn } from "./accounts";
import { isDnsLabel, isIntegerIn } from "./formats";
import { isRecord, ProblemList, show } from "./problems";
import { checkTrustedClusters, LABEL_RULE } from "./trustedClusters";
import type { WorkloadValidator } from "./workload";

export { isRoleArn } from "./accounts";
export { isEksIssuerUrl } from "./trustedClusters";

/** IAM's default "Role trust policy length" quota, in characters (white space not counted). */
export const DEFAULT_TRUST_POLICY_LENGTH = 2048;
/** The most AWS raises "Role trust policy length" to. */
export const MAX_TRUST_POLICY_LENGTH = 8192;
/** IAM's default "OpenId connect providers per account" quota. */
export const MAX_OIDC_PROVIDERS_PER_ACCOUNT = 100;

// ---------------------------------------------------------------------------------------------
// One workload's fields
// ---------------------------------------------------------------------------------------------

/** Fields a workload using a shared role must not set (it creates no role). */
const ROLE_FIELDS_OF_OWN_ROLE = ["statements", "grants", "addon", "managedPolicyArns", "role", "trustedClusters", "account", "podIdentity"] as const;

/** trustedClusters, account, sharedRoleArn: their shape; what they name is checked against the whole config. */
export const clusterRefsValidator: WorkloadValidator = {
    fields: ["trustedClusters", "account", "sharedRoleArn"],
    check(workload, path, problems) {
        const refs = workload.trustedClusters;
        if (refs !== undefined) {
            if (!Array.isArray(refs)) {
                problems.invalid(`${path}.trustedClusters`, refs, "is not a list", 'list names of the config\'s trustedClusters, e.g. ["green"]');
            } else {
                refs.forEach((ref: unknown, i) => {
                    if (!isDnsLabel(ref)) {
                        problems.invalid(`${path}.trustedClusters[${i}]`, ref, "is not a trusted cluster name", LABEL_RULE);
                    } else if (refs.indexOf(ref) !== i) {
                        problems.invalid(`${path}.trustedClusters[${i}]`, ref, "is listed twice", "list each cluster once (one trust statement per cluster)");
                    }
                });
            }
        }
        if (workload.account !== undefined && !isDnsLabel(workload.account)) {
            problems.invalid(`${path}.account`, workload.account, "is not an account name", `name an entry of the config's accounts: ${LABEL_RULE}`);
        }
        const shared = workload.sharedRoleArn;
        if (shared === undefined) {
            return;
        }
        if (!isRoleArn(shared)) {
            problems.invalid(`${path}.sharedRoleArn`, shared, "is not an IAM role ARN", 'write "arn:aws:iam::<account>:role/<name>"');
        }
        for (const field of ROLE_FIELDS_OF_OWN_ROLE) {
            if (workload[field] !== undefined) {
                problems.invalid(
                    `${path}.${field}`,
                    workload[field],
                    "is set on a workload with sharedRoleArn, which creates no role",
                    "remove it (set it on the workload that owns the shared role), or remove sharedRoleArn",
                );
            }
        }
    },
};

/** What {@link checkMultiCluster} needs from the rest of the config. */
export interface MultiClusterContext {
    /** The built cluster's mode, when valid. */
    clusterMode: "create" | "adopt" | undefined;
    /** The built cluster's name, when valid. */
    clusterName: string | undefined;
    /** Names of the accounts the caller passes an `aws.Provider` for (the `IrsaCluster` option `accountProviders`). */
    accountProviders: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// The trust each workload gets
// ---------------------------------------------------------------------------------------------

/** The longest values a not-yet-known part of a trust can take, so a config that passes fits once deployed. */
const PLACEHOLDER_ACCOUNT = "000000000000";
const PLACEHOLDER_PARTITION = "aws-us-gov";
const PLACEHOLDER_REGION = "ap-southeast-5";

/**
 * A provider whose issuer is not known before deployment, at its longest (a 14-character region, a 32-character
 * id); `n` tells placeholders apart.
 */
function placeholderProvider(account: string | undefined, n: number): TrustedProvider {
    const host = `oidc.eks.${PLACEHOLDER_REGION}.amazonaws.com/id/${String(n).padStart(32, "X")}`;
    return { providerArn: `arn:${PLACEHOLDER_PARTITION}:iam::${account ?? PLACEHOLDER_ACCOUNT}:oidc-provider/${host}`, issuerHost: host };
}

/** The workload's trust with the built cluster and the first `count` of `others`. */
function trustWith(
    workload: { namespace: string; serviceAccount: string; mode: string; clusterName: string },
    built: TrustedProvider,
    others: readonly TrustedProvider[],
): TrustDocument {
    const document = irsaTrustDocument({ ...built, namespace: workload.namespace, serviceAccount: workload.serviceAccount, otherClusters: others });
    if (workload.mode === "both") {
        document.Statement.push(
            podIdentityTrustStatement({
                clusterArn: `arn:${PLACEHOLDER_PARTITION}:eks:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:cluster/${workload.clusterName}`,
                namespace: workload.namespace,
                serviceAccount: workload.serviceAccount,
            }),
        );
    }
    return document;
}

function checkMaxTrustLength(value: unknown, problems: ProblemList): number {
    if (value === undefined) {
        return DEFAULT_TRUST_POLICY_LENGTH;
    }
    if (!isIntegerIn(value, DEFAULT_TRUST_POLICY_LENGTH, MAX_TRUST_POLICY_LENGTH)) {
        problems.invalid(
            "maxTrustPolicyLength",
            value,
            "is not a trust policy quota IAM allows",
            `use an integer from ${DEFAULT_TRUST_POLICY_LENGTH} (the default) to ${MAX_TRUST_POLICY_LENGTH} (AWS's maximum), the value of your accounts' "Role trust policy length" quota`,
        );
        return DEFAULT_TRUST_POLICY_LENGTH;
    }
    return value;
}

const number = (n: number): string => n.toLocaleString("en-US");

/**
 * Checks the config's `trustedClusters`, `accounts`, `accountProviders`, `maxTrustPolicyLength`, what each workload
 * names in `trustedClusters` and `account`, the size of each workload's trust against the quota, and the number of
 * OIDC providers the roles of each account trust.
 */
export function checkMultiCluster(args: Record<string, unknown>, context: MultiClusterContext, problems: ProblemList): void {
    const clusters = checkTrustedClusters(args.trustedClusters, context.clusterName, problems);
    const accounts = checkAccounts(args.accounts, context, problems);
    const maxLength = checkMaxTrustLength(args.maxTrustPolicyLength, problems);
    if (!Array.isArray(args.workloads)) {
        return;
    }
    const trustedClusterNames = Array.isArray(args.trustedClusters);
    const accountNames = Array.isArray(args.accounts);
    /** account (`""`: the stack's own) → the trusted clusters its roles trust besides the built one. */
    const providersByAccount = new Map<string, Set<string>>();
    args.workloads.forEach((workload: unknown, index) => {
        if (!isRecord(workload)) {
            return;
        }
        const path = `workloads[${index}]`;
        const mode = typeof workload.identity === "string" ? workload.identity : typeof args.identity === "string" ? args.identity : "irsa";
        let accountId: string | undefined;
        let accountOk = true;
        if (isDnsLabel(workload.account)) {
            const account = accounts.get(workload.account);
            if (account === undefined) {
                accountOk = false;
                if (!accountNames || !(args.accounts as unknown[]).some((a) => isRecord(a) && a.name === workload.account)) {
                    problems.invalid(`${path}.account`, workload.account, "names no entry of accounts", "add the account to accounts ({ name, accountId, assumeRoleArn }) or fix the name");
                }
            } else {
                accountId = account.accountId;
            }
            if (mode === "pod-identity" || mode === "both") {
                // EKS requires a Pod Identity association's role in the cluster's account; another account only
                // through targetRoleArn. https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
                problems.invalid(
                    `${path}.account`,
                    workload.account,
                    mode === "both"
                        ? 'is set on a workload with identity "both", whose EKS Pod Identity association needs its role in the cluster\'s account'
                        : 'is set on an EKS Pod Identity workload (identity "pod-identity")',
                    mode === "both"
                        ? "use identity \"irsa\" for a role in another account, or keep the role in the cluster's account and set podIdentity.targetRoleArn to the role in the other account"
                        : "keep the role in the cluster's account and set podIdentity.targetRoleArn to the role in the other account",
                );
            }
        }
        const refs = Array.isArray(workload.trustedClusters) ? workload.trustedClusters.filter((r, i, all): r is string => isDnsLabel(r) && all.indexOf(r) === i) : [];
        if (refs.length > 0 && mode === "pod-identity") {
            problems.invalid(
                `${path}.trustedClusters`,
                refs,
                'is set on an EKS Pod Identity workload (identity "pod-identity"), whose trust names no cluster issuer',
                'use identity "irsa" (or "both"), or remove trustedClusters',
            );
        }
        const others: TrustedProvider[] = [];
        let allKnown = accountOk;
        (workload.trustedClusters as unknown[] | undefined)?.forEach((ref, i) => {
            if (!isDnsLabel(ref) || (workload.trustedClusters as unknown[]).indexOf(ref) !== i) {
                return;
            }
            const cluster = clusters.get(ref);
            if (cluster === undefined) {
                allKnown = false;
                if (!trustedClusterNames || !(args.trustedClusters as unknown[]).some((c) => isRecord(c) && c.name === ref)) {
                    problems.invalid(`${path}.trustedClusters[${i}]`, ref, "names no entry of trustedClusters", "add the cluster to trustedClusters ({ name, issuerUrl, providerArn } or { name, clusterName }) or fix the name");
                }
                return;
            }
            if (cluster.provider !== undefined && cluster.account !== undefined) {
                const roleAccount = accountId;
                const foreign = roleAccount !== undefined ? cluster.account !== roleAccount : [...accounts.values()].some((a) => a.accountId === cluster.account);
                if (foreign) {
                    problems.invalid(
                        `${path}.trustedClusters[${i}]`,
                        ref,
                        `names a provider of account ${show(cluster.account)}, but the role lives in ${roleAccount !== undefined ? `account ${show(roleAccount)}` : "the stack's own account"}`,
                        "IAM only accepts web identities through a provider in the role's own account: register the cluster's issuer there and give that provider's ARN (or use clusterName to look it up)",
                    );
                }
            }
            others.push(cluster.provider ?? placeholderProvider(accountId, others.length + 1));
        });
        const key = accountId ?? "";
        const trusted = providersByAccount.get(key) ?? new Set<string>();
        refs.filter((ref) => clusters.has(ref)).forEach((ref) => trusted.add(ref));
        providersByAccount.set(key, trusted);
        if (workload.sharedRoleArn !== undefined && mode !== "irsa") {
            problems.invalid(
                `${path}.sharedRoleArn`,
                workload.sharedRoleArn,
                `is set on a workload whose identity is ${show(mode)}`,
                'a shared role is bound by the ServiceAccount annotation: use identity "irsa"',
            );
        }
        if (!allKnown || mode === "pod-identity" || workload.sharedRoleArn !== undefined || !isDnsLabel(workload.namespace) || !isDnsLabel(workload.serviceAccount)) {
            return;
        }
        const shape = {
            namespace: workload.namespace,
            serviceAccount: workload.serviceAccount,
            mode,
            clusterName: context.clusterName ?? "x".repeat(100),
        };
        const built = placeholderProvider(accountId, 0);
        const size = policySize(trustWith(shape, built, others));
        if (size <= maxLength) {
            return;
        }
        let fits = -1;
        for (let count = others.length - 1; count >= 0 && fits < 0; count--) {
            if (policySize(trustWith(shape, built, others.slice(0, count))) <= maxLength) {
                fits = count;
            }
        }
        const raise = `raise the accounts' "Role trust policy length" quota (Service Quotas, L-C07B4B0D; at most ${number(MAX_TRUST_POLICY_LENGTH)}) and set maxTrustPolicyLength`;
        problems.invalid(
            others.length > 0 ? `${path}.trustedClusters` : path,
            others.length > 0 ? refs : workload.name,
            `makes a trust policy of up to ${number(size)} characters, over the ${number(maxLength)}-character quota (maxTrustPolicyLength)`,
            fits >= 0
                ? `${number(maxLength)} characters hold this cluster and ${fits} of the ${others.length} trusted clusters: list at most ${fits}, or ${raise}`
                : raise,
        );
    });
    for (const [account, issuers] of providersByAccount) {
        // The built cluster's provider is one more in every account.
        const count = issuers.size + 1;
        if (count > MAX_OIDC_PROVIDERS_PER_ACCOUNT) {
            problems.invalid(
                "trustedClusters",
                count,
                `IAM OIDC providers are trusted by roles of ${account === "" ? "the stack's own account" : `account ${show(account)}`}, over IAM's default quota of ${MAX_OIDC_PROVIDERS_PER_ACCOUNT} per account`,
                'raise "OpenId connect providers per account" (Service Quotas, L-858F3967) before deploying, or split the roles over accounts',
            );
        }
    }
}
