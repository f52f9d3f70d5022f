/**
 * Checks of the config's `trustedClusters`: each entry given by `clusterName` (looked up) or by `issuerUrl` and
 * `providerArn` (plain values, or outputs of a cluster the same program builds, checked once known).
 */
import { CONFIG_FIELDS } from "../configFields";
import type { TrustedProvider } from "../iamDocuments";
import { iamArnAccount, issuerHost } from "../naming";
import { IrsaConfigError } from "./error";
import { isClusterName, isDnsLabel, isOidcProviderArn } from "./formats";
import { checkKnownKeys, isRecord, ProblemList, show } from "./problems";

const TRUSTED_CLUSTER_FIELDS = CONFIG_FIELDS.TrustedClusterSpec;
/** The rule of every name a config gives (trusted clusters, accounts). */
export const LABEL_RULE = 'use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)';
const ISSUER_FIX = 'use the cluster\'s issuer "https://oidc.eks.<region>.amazonaws.com/id/<ID>" (aws eks describe-cluster --query cluster.identity.oidc.issuer)';
/** How to write an IAM OIDC provider ARN. */
export const PROVIDER_FIX = 'use "arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>"';
/** An EKS cluster's OIDC issuer: `https://oidc.eks.<region>.amazonaws.com/id/<ID>` (`.com.cn` in China). */
const EKS_ISSUER = /^https:\/\/oidc\.eks\.[a-z]{2}(?:-[a-z]+)+-\d{1,2}\.amazonaws\.com(?:\.cn)?\/id\/[0-9A-Z]{32}$/;

/** Whether `value` is an EKS OIDC issuer URL. */
export function isEksIssuerUrl(value: unknown): value is string {
    return typeof value === "string" && EKS_ISSUER.test(value);
}

/** Whether `value` is a `pulumi.Output` (not known before deployment; checked by {@link checkedTrustedProvider}). */
export function isOutput(value: unknown): boolean {
    return value !== null && typeof value === "object" && (value as { __pulumiOutput?: unknown }).__pulumiOutput === true;
}

/** The issuer host of an IAM OIDC provider ARN (after `oidc-provider/`). */
function providerHost(arn: string): string {
    return arn.slice(arn.indexOf(":oidc-provider/") + ":oidc-provider/".length);
}

/**
 * `providerArn` when it is the IAM OIDC provider of `issuerUrl`, both as given or resolved from outputs (pure); throws
 * an {@link IrsaConfigError} naming `path` otherwise.
 */
export function checkedTrustedProvider(path: string, providerArn: string, issuerUrl: string): string {
    const problems = new ProblemList();
    if (!isEksIssuerUrl(issuerUrl)) problems.invalid(`${path}.issuerUrl`, issuerUrl, "is not an EKS OIDC issuer URL", ISSUER_FIX);
    if (!isOidcProviderArn(providerArn)) problems.invalid(`${path}.providerArn`, providerArn, "is not an IAM OIDC provider ARN", PROVIDER_FIX);
    else if (isEksIssuerUrl(issuerUrl) && providerHost(providerArn).toLowerCase() !== issuerHost(issuerUrl).toLowerCase()) {
        problems.invalid(`${path}.providerArn`, providerArn, `is not the provider of issuerUrl ${show(issuerUrl)}`, `use the ARN that ends in "oidc-provider/${issuerHost(issuerUrl)}", or the issuerUrl of this provider`);
    }
    if (problems.problems.length > 0) throw new IrsaConfigError(problems.problems);
    return providerArn;
}

/** A valid entry of `trustedClusters`. */
interface KnownCluster {
    index: number;
    /** Given by ARN and issuer: both known now. */
    provider?: TrustedProvider;
    /** The provider's account, when given by ARN. */
    account?: string;
}

/** The valid entries of `trustedClusters` by name; every problem goes to `problems`. */
export function checkTrustedClusters(value: unknown, builtClusterName: string | undefined, problems: ProblemList): Map<string, KnownCluster> {
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
        } else if (isOutput(issuerUrl) || isOutput(providerArn)) {
            // Another cluster of the same program: checked once its outputs are known.
            if (providerArn === undefined) {
                problems.missing(`${path}.providerArn`, `give the ARN of the IAM OIDC provider for the issuer: ${PROVIDER_FIX}`);
            } else if (ok) {
                known.set(name as string, { index });
            }
            return;
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
