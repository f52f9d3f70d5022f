/**
 * Rules across clusters and accounts: which account each trusted provider is in, which issuers the stack
 * declares, and which cluster each ServiceAccount lives in. Worked out from the resources alone (any stack).
 *
 * IAM accepts `AssumeRoleWithWebIdentity` only through an IAM OIDC provider registered in the role's own account,
 * so a statement trusting another account's provider is either dead or a mistake.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html
 */
import { parsePolicyDocument } from "./document";
import { show } from "./format";
import { issuerOfProviderArn, oidcStatements, splitClaimKey, STS_AUDIENCE } from "./oidc";
import { checkTrustAudience, checkTrustSubject } from "./trustRules";
import { asList, asRecord, isUnknownValueError, TYPES } from "./resources";
import { StackProblem } from "./stackRules";

/** A resource as stack policies see it, with its provider when it has an explicit one. */
export interface ClusterResourceView {
    readonly type: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
    readonly provider?: { readonly props: Record<string, unknown> };
}

/** One OIDC trust statement of a role. */
export interface TrustedProviderEntry {
    /** `Statement[<i>]`. */
    readonly index: number;
    readonly providerArn: string;
    /** The provider's issuer, lower case, no scheme. */
    readonly issuer: string;
    /** The provider's account. */
    readonly account: string;
    /** The `:sub` values (StringEquals/StringLike) of this statement for this issuer. */
    readonly subjects: readonly string[];
}

/** The issuer as IAM writes it: no `https://`, no trailing `/`, lower case (IAM compares issuers case-insensitively). */
export function normalizeIssuer(value: string): string {
    return value.replace(/^https:\/\//i, "").replace(/\/+$/, "").toLowerCase();
}

/** The OIDC providers a trust document trusts, one entry per statement and provider. */
export function trustedProviders(raw: unknown): TrustedProviderEntry[] {
    const parsed = parsePolicyDocument(raw);
    if (!parsed.ok) return [];
    const entries: TrustedProviderEntry[] = [];
    // Only Kubernetes clusters' providers: a GitHub Actions or other web identity provider is no cluster of the stack.
    for (const { statement, kubernetesIssuers } of oidcStatements(parsed.document.statements)) {
        const arns = (statement.principal !== undefined && statement.principal !== "*" ? (statement.principal.get("Federated") ?? []) : []).filter((arn) =>
            kubernetesIssuers.includes(issuerOfProviderArn(arn) ?? ""),
        );
        arns.forEach((providerArn) => {
            const issuer = (issuerOfProviderArn(providerArn) ?? "").toLowerCase();
            const subjects = statement.conditions
                .filter((c) => (c.operator === "StringEquals" || c.operator === "StringLike") && splitClaimKey(c.key)?.claim === "sub" && splitClaimKey(c.key)?.issuer.toLowerCase() === issuer)
                .flatMap((c) => c.values);
            entries.push({ index: statement.index, providerArn, issuer, account: providerArn.split(":")[4] ?? "", subjects });
        });
    }
    return entries;
}

/** Reads resources, keeping the first unknown value met (a preview) to rethrow after the known problems. */
export class UnknownKeeper {
    first: Error | undefined;
    read<T>(read: () => T): T | undefined {
        try {
            return read();
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            this.first ??= e;
            return undefined;
        }
    }
}

/** Tunables of `irsa-trust-provider-account`. */
export interface ProviderAccountConfig {
    /** Provider ARNs, or 12-digit accounts, a role may trust although they are not the role's account. @default [] */
    readonly allowedCrossAccountProviders: readonly string[];
}

/** Every role whose trust names an OIDC provider of another account than the role's (from its `arn`). */
export function checkProviderAccounts(resources: readonly ClusterResourceView[], config: ProviderAccountConfig, unknowns: UnknownKeeper): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const r of resources) {
        if (r.type !== TYPES.role) continue;
        const trust = unknowns.read(() => r.props["assumeRolePolicy"]);
        const providers = trust === undefined ? [] : trustedProviders(trust);
        if (providers.length === 0) continue;
        const arn = unknowns.read(() => r.props["arn"]);
        const account = typeof arn === "string" ? arn.split(":")[4] : undefined;
        if (account === undefined || !/^\d{12}$/.test(account)) continue;
        for (const p of providers) {
            if (p.account === account || config.allowedCrossAccountProviders.includes(p.providerArn) || config.allowedCrossAccountProviders.includes(p.account)) continue;
            problems.push({
                urn: r.urn,
                message:
                    `assumeRolePolicy Statement[${p.index}].Principal.Federated ${show(p.providerArn)} is a provider of account ${show(p.account)}, but the role is in account ${show(account)}: ` +
                    `IAM accepts web identities only through a provider of the role's own account; register the issuer in account ${show(account)} and trust that provider, ` +
                    `or list the provider (or its account) in allowedCrossAccountProviders in this policy's config.`,
            });
        }
    }
    return problems;
}

/**
 * The issuers the stack declares: IAM OIDC providers it creates (`url`, `arn`), EKS clusters it creates (their
 * issuer), and components that say which issuers they trust (outputs `oidcIssuer`, `oidcProviderArn`,
 * `trustedIssuers`, as `IrsaCluster` registers them).
 */
export function declaredIssuers(resources: readonly ClusterResourceView[], unknowns: UnknownKeeper): Set<string> {
    const issuers = declaredClusterIssuers(resources, [], unknowns);
    for (const r of resources) {
        if (r.type !== TYPES.openIdConnectProvider) continue;
        unknowns.read(() => {
            addIssuer(issuers, r.props["url"]);
            addIssuer(issuers, r.props["arn"]);
        });
    }
    return issuers;
}

/** Adds an issuer given as a URL, a host or an IAM OIDC provider ARN (normalized); ignores anything else. */
function addIssuer(issuers: Set<string>, value: unknown): void {
    if (typeof value === "string" && value !== "") issuers.add(normalizeIssuer(issuerOfProviderArn(value) ?? value));
}

/** The issuer of an EKS cluster's attributes (`identities[0].oidcs[0].issuer`). */
function clusterIssuer(cluster: Record<string, unknown>): unknown {
    return asRecord(asList(asRecord(asList(cluster["identities"])[0])?.["oidcs"])[0])?.["issuer"];
}

/** Tunables of `irsa-trust-declared-provider`. */
export interface DeclaredProviderConfig {
    /** Issuers (URL or host) of clusters managed elsewhere that roles of this stack may trust. @default [] */
    readonly allowedIssuers: readonly string[];
}

/** Every role trusting an OIDC provider whose issuer the stack does not declare and the config does not allow. */
export function checkDeclaredProviders(resources: readonly ClusterResourceView[], config: DeclaredProviderConfig, unknowns: UnknownKeeper): StackProblem[] {
    const declared = declaredIssuers(resources, unknowns);
    if (declared.size === 0 && unknowns.first === undefined) {
        // A stack of roles only (its clusters live elsewhere) declares no issuer to compare with.
        return [];
    }
    config.allowedIssuers.forEach((issuer) => declared.add(normalizeIssuer(issuer)));
    const problems: StackProblem[] = [];
    for (const r of resources) {
        if (r.type !== TYPES.role) continue;
        const trust = unknowns.read(() => r.props["assumeRolePolicy"]);
        if (trust === undefined) continue;
        for (const p of trustedProviders(trust)) {
            if (declared.has(p.issuer)) continue;
            problems.push({
                urn: r.urn,
                message:
                    `assumeRolePolicy Statement[${p.index}].Principal.Federated ${show(p.providerArn)} trusts the issuer ${show(p.issuer)}, which this stack does not declare: ` +
                    `trust only clusters the stack creates or declares (IrsaCluster trustedClusters), or list the issuer in allowedIssuers in this policy's config.`,
            });
        }
    }
    return problems;
}

/**
 * The issuers the stack declares as Kubernetes clusters (lower case, no scheme): EKS clusters it creates, the issuers
 * a component lists as its clusters (`oidcIssuer`, `oidcProviderArn`, `trustedIssuers`) and the configured
 * `allowedIssuers`. A bare `OpenIdConnectProvider` is not one (it may be GitHub's).
 */
export function declaredClusterIssuers(resources: readonly ClusterResourceView[], allowedIssuers: readonly string[], unknowns: UnknownKeeper): Set<string> {
    const issuers = new Set<string>(allowedIssuers.map(normalizeIssuer));
    const add = (value: unknown): void => addIssuer(issuers, value);
    for (const r of resources) {
        if (r.type === TYPES.openIdConnectProvider || r.type === TYPES.role) continue;
        unknowns.read(() => {
            const cluster = r.type === "aws:eks/cluster:Cluster" ? r.props : r.type === "eks:index:Cluster" ? asRecord(r.props["eksCluster"]) : undefined;
            if (cluster !== undefined) add(clusterIssuer(cluster));
            add(r.props["oidcIssuer"]);
            add(r.props["oidcProviderArn"]);
            asList(r.props["trustedIssuers"]).forEach(add);
        });
    }
    return issuers;
}

/**
 * The rule-1 and rule-2 problems (`irsa-trust-subject`, `irsa-trust-audience`) of trusts on an issuer the stack
 * declares as a cluster but that is not an EKS issuer (a self-managed cluster), which the resource policies, knowing
 * only the document, judge as a generic web identity: with the stack, its `:sub` must name one ServiceAccount and its
 * `:aud` be `sts.amazonaws.com`.
 */
export function checkDeclaredClusterTrusts(resources: readonly ClusterResourceView[], config: DeclaredProviderConfig, unknowns: UnknownKeeper): StackProblem[] {
    const clusters = declaredClusterIssuers(resources, config.allowedIssuers, unknowns);
    const problems: StackProblem[] = [];
    if (clusters.size === 0) return problems;
    for (const r of resources) {
        if (r.type !== TYPES.role) continue;
        const parsed = parsePolicyDocument(unknowns.read(() => r.props["assumeRolePolicy"]));
        if (!parsed.ok) continue;
        const field = "assumeRolePolicy";
        const subject = { allowedSubPatterns: [] };
        const audience = { allowedAudiences: [STS_AUDIENCE] };
        const generic = new Set([...checkTrustSubject(parsed.document, field, subject), ...checkTrustAudience(parsed.document, field, audience)]);
        for (const message of [...checkTrustSubject(parsed.document, field, subject, clusters), ...checkTrustAudience(parsed.document, field, audience, clusters)]) {
            if (!generic.has(message)) {
                // Stated as a cluster's trust; no pattern allowance applies here (allowedSubPatterns is irsa-trust-subject's).
                const text = message.replace("or list the pattern in allowedSubPatterns in this policy's config", "as for any cluster the stack declares");
                problems.push({ urn: r.urn, message: text });
            }
        }
    }
    return problems;
}

/** EKS cluster name and API endpoint → issuer, from the clusters and components of the stack. */
export function clusterIssuers(resources: readonly ClusterResourceView[], unknowns: UnknownKeeper): Map<string, string> {
    const byKey = new Map<string, string>();
    for (const r of resources) {
        unknowns.read(() => {
            const cluster = r.type === "aws:eks/cluster:Cluster" ? r.props : r.type === "eks:index:Cluster" ? asRecord(r.props["eksCluster"]) : undefined;
            const issuer = cluster !== undefined ? clusterIssuer(cluster) : r.props["oidcIssuer"];
            if (typeof issuer !== "string") return;
            const names = cluster !== undefined ? [cluster["name"], cluster["endpoint"]] : [r.props["clusterName"]];
            for (const key of names) if (typeof key === "string" && key !== "") byKey.set(key, normalizeIssuer(issuer));
        });
    }
    return byKey;
}

/**
 * The cluster a Kubernetes object is deployed to, from its provider's kubeconfig: the `--cluster-name` of an
 * `aws eks get-token` exec, else the server endpoint. `undefined` when the kubeconfig says neither.
 */
export function kubeconfigClusterKeys(kubeconfig: unknown): string[] {
    let config: unknown = kubeconfig;
    if (typeof config === "string") {
        try {
            config = JSON.parse(config) as unknown;
        } catch {
            return [];
        }
    }
    const keys: string[] = [];
    const record = asRecord(config);
    for (const user of asList(record?.["users"])) {
        const args = asList(asRecord(asRecord(asRecord(user)?.["user"])?.["exec"])?.["args"]);
        const at = args.indexOf("--cluster-name");
        const name = at >= 0 ? args[at + 1] : undefined;
        if (typeof name === "string") keys.push(name);
    }
    for (const cluster of asList(record?.["clusters"])) {
        const server = asRecord(asRecord(cluster)?.["cluster"])?.["server"];
        if (typeof server === "string") keys.push(server);
    }
    return keys;
}

const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

/**
 * Every ServiceAccount annotated with a role of the stack whose trust does not admit it from ITS cluster: the role
 * may trust `system:serviceaccount:<ns>:<name>` of cluster A while the ServiceAccount runs in cluster B. The cluster
 * comes from the ServiceAccount's Kubernetes provider (kubeconfig) and the stack's clusters; a ServiceAccount whose
 * cluster the stack does not tell is left to `irsa-service-account-role-trust`.
 */
export function checkServiceAccountClusters(resources: readonly ClusterResourceView[], unknowns: UnknownKeeper): StackProblem[] {
    const issuers = clusterIssuers(resources, unknowns);
    // Only ServiceAccounts whose cluster the stack tells are concerned: roles are read for those alone.
    const located: { sa: ClusterResourceView; issuer: string }[] = [];
    for (const sa of resources) {
        if ((sa.type !== TYPES.serviceAccount && sa.type !== TYPES.serviceAccountPatch) || sa.provider === undefined || issuers.size === 0) continue;
        const keys = unknowns.read(() => kubeconfigClusterKeys(sa.provider?.props["kubeconfig"])) ?? [];
        const issuer = keys.map((k) => issuers.get(k)).find((i) => i !== undefined);
        if (issuer !== undefined) located.push({ sa, issuer });
    }
    const rolesByArn = new Map<string, ClusterResourceView>();
    for (const r of located.length > 0 ? resources : []) {
        if (r.type !== TYPES.role) continue;
        const arn = unknowns.read(() => r.props["arn"]);
        if (typeof arn === "string") rolesByArn.set(arn, r);
    }
    const problems: StackProblem[] = [];
    for (const { sa, issuer } of located) {
        const metadata = asRecord(sa.props["metadata"]);
        const roleArn = unknowns.read(() => asRecord(metadata?.["annotations"])?.[ROLE_ARN_ANNOTATION]);
        const name = metadata?.["name"];
        if (typeof roleArn !== "string" || typeof name !== "string") continue;
        const role = rolesByArn.get(roleArn);
        const trust = role !== undefined ? unknowns.read(() => role.props["assumeRolePolicy"]) : undefined;
        if (trust === undefined) continue;
        const providers = trustedProviders(trust);
        const namespace = typeof metadata?.["namespace"] === "string" && metadata["namespace"] !== "" ? metadata["namespace"] : "default";
        const subject = `system:serviceaccount:${namespace}:${name}`;
        if (providers.length === 0 || providers.some((p) => p.issuer === issuer && p.subjects.includes(subject))) continue;
        const from = [...new Set(providers.filter((p) => p.subjects.includes(subject)).map((p) => p.issuer))];
        problems.push({
            urn: sa.urn,
            message:
                `metadata.annotations[${show(ROLE_ARN_ANNOTATION)}] ${show(roleArn)} names a role that does not trust this ServiceAccount's cluster (issuer ${show(issuer)}): ` +
                `its trust admits ${show(subject)} only from ${from.length > 0 ? show(from) : "no cluster"}; ` +
                `add a statement for this cluster's provider to the role (the owner's trustedClusters), or annotate a role that trusts this cluster.`,
        });
    }
    return problems;
}
