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
import { iamArnAccount, issuerHost } from "../naming";
import { TrustDocument } from "../policyDocument";
import { isClusterName, isDnsLabel, isIntegerIn, isOidcProviderArn } from "./formats";
import { checkKnownKeys, isRecord, ProblemList, show } from "./problems";
import type { WorkloadValidator } from "./workload";
import { CONFIG_FIELDS } from "../configFields";

/** IAM's default "Role trust policy length" quota, in characters (white space not counted). */
export const DEFAULT_TRUST_POLICY_LENGTH = 2048;
/** The most AWS raises "Role trust policy length" to. */
export const MAX_TRUST_POLICY_LENGTH = 8192;
/** IAM's default "OpenId connect providers per account" quota. */
export const MAX_OIDC_PROVIDERS_PER_ACCOUNT = 100;

const TRUSTED_CLUSTER_FIELDS = CONFIG_FIELDS.TrustedClusterSpec;
const ACCOUNT_FIELDS = CONFIG_FIELDS.AccountSpec;
const LABEL_RULE = 'use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)';
const ISSUER_FIX = 'use the cluster\'s issuer "https://oidc.eks.<region>.amazonaws.com/id/<ID>" (aws eks describe-cluster --query cluster.identity.oidc.issuer)';
const PROVIDER_FIX = 'use "arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>"';
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
/** An EKS cluster's OIDC issuer: `https://oidc.eks.<region>.amazonaws.com/id/<ID>` (`.com.cn` in China). */
const EKS_ISSUER = /^https:\/\/oidc\.eks\.[a-z]{2}(?:-[a-z]+)+-\d{1,2}\.amazonaws\.com(?:\.cn)?\/id\/[0-9A-Z]{32}$/;

/** Whether `value` is an EKS OIDC issuer URL. */
export function isEksIssuerUrl(value: unknown): value is string {
    return typeof value === "string" && EKS_ISSUER.test(value);
}

/** Whether `value` is an IAM role ARN. */
export function isRoleArn(value: unknown): value is string {
    return typeof value === "string" && ROLE_ARN.test(value);
}

/** The issuer host of an IAM OIDC provider ARN (after `oidc-provider/`). */
function providerHost(arn: string): string {
    return arn.slice(arn.indexOf(":oidc-provider/") + ":oidc-provider/".length);
}

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

// ---------------------------------------------------------------------------------------------
// The config's trustedClusters and accounts
// ---------------------------------------------------------------------------------------------

/** A valid entry of `trustedClusters`. */
interface KnownCluster {
    index: number;
    /** Given by ARN and issuer: both known now. */
    provider?: TrustedProvider;
    /** The provider's account, when given by ARN. */
    account?: string;
}

/** A valid entry of `accounts`. */
interface KnownAccount {
    index: number;
    accountId: string;
}

/** What {@link checkMultiCluster} needs from the rest of the config. */
export interface MultiClusterContext {
    /** The built cluster's mode, when valid. */
    clusterMode: "create" | "adopt" | undefined;
    /** The built cluster's name, when valid. */
    clusterName: string | undefined;
    /** Names of the accounts the caller passes an `aws.Provider` for (the `IrsaCluster` option `accountProviders`). */
    accountProviders: readonly string[];
}

function checkTrustedClusters(value: unknown, builtClusterName: string | undefined, problems: ProblemList): Map<string, KnownCluster> {
    const known = new Map<string, KnownCluster>();
    if (value === undefined) {
        return known;
    }
    if (!Array.isArray(value)) {
        problems.invalid("trustedClusters", value, "is not a list", "give a list of { name, issuerUrl, providerArn } or { name, clusterName }");
        return known;
    }
    const issuers = new Map<string, number>();
    const arns = new Map<string, number>();
    const clusterNames = new Map<string, number>();
    value.forEach((entry: unknown, index) => {
        const path = `trustedClusters[${index}]`;
        if (!isRecord(entry)) {
            problems.invalid(path, entry, "is not an object", "give { name, issuerUrl, providerArn } or { name, clusterName }");
            return;
        }
        checkKnownKeys(entry, TRUSTED_CLUSTER_FIELDS, path, problems);
        const { name, clusterName, issuerUrl, providerArn } = entry;
        let ok = true;
        if (name === undefined) {
            problems.missing(`${path}.name`, `give the name workloads list in trustedClusters: ${LABEL_RULE}`);
            ok = false;
        } else if (!isDnsLabel(name)) {
            problems.invalid(`${path}.name`, name, "is not a valid trusted cluster name", LABEL_RULE);
            ok = false;
        } else if (known.has(name)) {
            problems.invalid(`${path}.name`, name, `is already the name of trustedClusters[${known.get(name)!.index}]`, "give each cluster a unique name");
            ok = false;
        }
        const byName = clusterName !== undefined;
        const byArn = issuerUrl !== undefined || providerArn !== undefined;
        if (byName && byArn) {
            problems.invalid(path, entry, "gives both clusterName and issuerUrl/providerArn", "give either clusterName (looked up) or issuerUrl and providerArn");
            ok = false;
        } else if (!byName && !byArn) {
            problems.missing(`${path}.issuerUrl`, "give issuerUrl and providerArn, or clusterName to look the cluster up");
            return;
        }
        if (byName) {
            if (!isClusterName(clusterName)) {
                problems.invalid(`${path}.clusterName`, clusterName, "is not a valid EKS cluster name", 'use 1 to 100 letters, digits, "-" and "_", starting with a letter or digit');
                ok = false;
            } else if (clusterName === builtClusterName) {
                problems.invalid(`${path}.clusterName`, clusterName, "is the cluster this component builds, which every role trusts already", "remove this entry");
                ok = false;
            } else if (clusterNames.has(clusterName)) {
                problems.invalid(`${path}.clusterName`, clusterName, `is already trustedClusters[${clusterNames.get(clusterName)}]`, "list each cluster once");
                ok = false;
            } else {
                clusterNames.set(clusterName, index);
            }
            if (ok) {
                known.set(name as string, { index });
            }
            return;
        }
        if (issuerUrl === undefined) {
            problems.missing(`${path}.issuerUrl`, `give the issuer of the provider: ${ISSUER_FIX}`);
            ok = false;
        } else if (!isEksIssuerUrl(issuerUrl)) {
            problems.invalid(`${path}.issuerUrl`, issuerUrl, "is not an EKS OIDC issuer URL", ISSUER_FIX);
            ok = false;
        }
        if (providerArn === undefined) {
            problems.missing(`${path}.providerArn`, `give the ARN of the IAM OIDC provider for the issuer: ${PROVIDER_FIX}`);
            ok = false;
        } else if (!isOidcProviderArn(providerArn)) {
            problems.invalid(`${path}.providerArn`, providerArn, "is not an IAM OIDC provider ARN", PROVIDER_FIX);
            ok = false;
        }
        if (!ok) {
            return;
        }
        const host = issuerHost(issuerUrl as string);
        const arn = providerArn as string;
        if (providerHost(arn).toLowerCase() !== host.toLowerCase()) {
            problems.invalid(
                `${path}.providerArn`,
                arn,
                `is not the provider of issuerUrl ${show(issuerUrl)}`,
                `use the ARN that ends in "oidc-provider/${host}", or the issuerUrl of this provider`,
            );
            return;
        }
        const firstIssuer = issuers.get(host.toLowerCase());
        const firstArn = arns.get(arn);
        if (firstArn !== undefined) {
            problems.invalid(`${path}.providerArn`, arn, `is already the provider of trustedClusters[${firstArn}]`, "list each provider once");
            return;
        }
        if (firstIssuer !== undefined) {
            problems.invalid(
                `${path}.issuerUrl`,
                issuerUrl,
                `is already the issuer of trustedClusters[${firstIssuer}]`,
                "list each cluster once (a role trusts one provider per issuer, in its own account)",
            );
            return;
        }
        issuers.set(host.toLowerCase(), index);
        arns.set(arn, index);
        const account = iamArnAccount(arn);
        known.set(name as string, { index, provider: { providerArn: arn, issuerHost: host }, ...(account !== undefined ? { account } : {}) });
    });
    return known;
}

function checkAccounts(value: unknown, context: MultiClusterContext, problems: ProblemList): Map<string, KnownAccount> {
    const known = new Map<string, KnownAccount>();
    if (value === undefined) {
        return known;
    }
    if (!Array.isArray(value)) {
        problems.invalid("accounts", value, "is not a list", "give a list of { name, accountId, assumeRoleArn }");
        return known;
    }
    const ids = new Map<string, number>();
    value.forEach((entry: unknown, index) => {
        const path = `accounts[${index}]`;
        if (!isRecord(entry)) {
            problems.invalid(path, entry, "is not an object", "give { name, accountId, assumeRoleArn }");
            return;
        }
        checkKnownKeys(entry, ACCOUNT_FIELDS, path, problems);
        const { name, accountId, assumeRoleArn, region, oidcProviderArn, lookupOidcProvider } = entry;
        let ok = true;
        if (name === undefined) {
            problems.missing(`${path}.name`, `give the name workloads use in account: ${LABEL_RULE}`);
            ok = false;
        } else if (!isDnsLabel(name)) {
            problems.invalid(`${path}.name`, name, "is not a valid account name", LABEL_RULE);
            ok = false;
        } else if (known.has(name)) {
            problems.invalid(`${path}.name`, name, `is already the name of accounts[${known.get(name)!.index}]`, "give each account a unique name");
            ok = false;
        }
        if (accountId === undefined) {
            problems.missing(`${path}.accountId`, "give the 12-digit AWS account id, quoted in YAML");
            ok = false;
        } else if (typeof accountId !== "string" || !/^\d{12}$/.test(accountId)) {
            problems.invalid(
                `${path}.accountId`,
                accountId,
                "is not a 12-digit AWS account id",
                typeof accountId === "number" ? 'quote it in YAML ("012345678901"): as a number it loses leading zeros' : "use the account's 12 digits",
            );
            ok = false;
        } else if (ids.has(accountId)) {
            problems.invalid(`${path}.accountId`, accountId, `is already the account of accounts[${ids.get(accountId)}]`, "list each account once");
            ok = false;
        } else {
            ids.set(accountId, index);
        }
        const idKnown = typeof accountId === "string" && /^\d{12}$/.test(accountId);
        if (assumeRoleArn !== undefined) {
            if (!isRoleArn(assumeRoleArn)) {
                problems.invalid(`${path}.assumeRoleArn`, assumeRoleArn, "is not an IAM role ARN", 'write "arn:aws:iam::<accountId>:role/<name>"');
            } else if (idKnown && iamArnAccount(assumeRoleArn) !== accountId) {
                problems.invalid(`${path}.assumeRoleArn`, assumeRoleArn, `is not a role of account ${show(accountId)}`, "give a role of that account to deploy with");
            }
        } else if (typeof name === "string" && !context.accountProviders.includes(name)) {
            problems.missing(`${path}.assumeRoleArn`, "give the role the deployment assumes in that account, or pass an aws.Provider for it in the IrsaCluster option accountProviders");
        }
        if (region !== undefined && (typeof region !== "string" || !REGION.test(region))) {
            problems.invalid(`${path}.region`, region, "is not an AWS region", 'use a region code such as "us-west-2"');
        }
        if (lookupOidcProvider !== undefined && typeof lookupOidcProvider !== "boolean") {
            problems.invalid(`${path}.lookupOidcProvider`, lookupOidcProvider, "is not a boolean", "use true to look the provider up, false to create it");
        }
        if (oidcProviderArn !== undefined) {
            if (!isOidcProviderArn(oidcProviderArn)) {
                problems.invalid(`${path}.oidcProviderArn`, oidcProviderArn, "is not an IAM OIDC provider ARN", PROVIDER_FIX);
            } else if (idKnown && iamArnAccount(oidcProviderArn) !== accountId) {
                problems.invalid(`${path}.oidcProviderArn`, oidcProviderArn, `is not a provider of account ${show(accountId)}`, "give the provider registered in that account");
            }
            if (lookupOidcProvider === true) {
                problems.invalid(`${path}.lookupOidcProvider`, true, "contradicts oidcProviderArn", "give either oidcProviderArn (adopt) or lookupOidcProvider (look up)");
            }
        }
        if ((oidcProviderArn !== undefined || lookupOidcProvider === true) && context.clusterMode === "create") {
            problems.invalid(
                `${path}.${oidcProviderArn !== undefined ? "oidcProviderArn" : "lookupOidcProvider"}`,
                oidcProviderArn ?? true,
                "needs an adopted cluster",
                "a cluster this stack creates has no provider yet in any account: let the component create it",
            );
        }
        if (ok) {
            known.set(name as string, { index, accountId: accountId as string });
        }
    });
    for (const provided of context.accountProviders) {
        if (!known.has(provided) && Array.isArray(value) && value.some((a) => isRecord(a) && a.name === provided) === false) {
            problems.invalid(`accountProviders.${provided}`, provided, "names no entry of accounts", "add the account to accounts, or remove its provider from the options");
        }
    }
    return known;
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
            if (mode === "pod-identity") {
                problems.invalid(
                    `${path}.account`,
                    workload.account,
                    'is set on an EKS Pod Identity workload (identity "pod-identity")',
                    "keep the role in the cluster's account and set podIdentity.targetRoleArn to the role in the other account",
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
