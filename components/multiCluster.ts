/**
 * Several clusters and accounts: the AWS provider and IAM OIDC provider of each other account roles live in, and
 * the providers of the other clusters a workload's role trusts, resolved once each.
 *
 * A role can only trust a web identity through an IAM OIDC provider of its own account, so a role in another account
 * gets, in that account, a provider for this cluster's issuer (created, adopted or looked up), and every other
 * cluster it trusts must have one there too: no role chaining.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountSpec, IrsaClusterArgs, TrustedClusterSpec, WorkloadSpec } from "./config";
import { firstIssuer } from "./clusterSource";
import { TrustedProvider } from "./iamDocuments";
import { accountResourceNames, issuerHost } from "./naming";
import { oidcProviderArn } from "./oidcProvider";
import { stackProviderArgs } from "./stackIdentity";
import { checkedTrustedProvider } from "./validation/trustedClusters";

/** Where a workload's role lives, when not in the stack's own account. */
export interface RoleAccount {
    /** The account's entry of `accounts`. */
    spec: AccountSpec;
    /** The AWS provider of that account (passed by the caller, or created to assume `assumeRoleArn`). */
    provider: aws.Provider;
    /** ARN of the IAM OIDC provider for the built cluster's issuer in that account. */
    oidcProviderArn: pulumi.Output<string>;
}

/**
 * The accounts that workloads' roles live in (only those some workload names), each with its AWS provider and its
 * IAM OIDC provider for `issuerUrl`.
 */
export function roleAccounts(
    componentName: string,
    config: IrsaClusterArgs,
    accountProviders: Readonly<Record<string, aws.Provider>>,
    issuerUrl: pulumi.Output<string>,
    parent: pulumi.Resource,
): Map<string, RoleAccount> {
    const used = new Set(config.workloads.map((w) => w.account).filter((a): a is string => a !== undefined));
    const result = new Map<string, RoleAccount>();
    for (const spec of config.accounts ?? []) {
        if (!used.has(spec.name)) {
            continue;
        }
        const names = accountResourceNames(componentName, spec.name);
        const provider =
            accountProviders[spec.name] ??
            new aws.Provider(
                names.provider,
                {
                    region: spec.region ?? aws.getRegionOutput({}, { parent }).region,
                    // An explicit provider reads none of the stack's aws:* config: the role is assumed from the
                    // stack's own identity (its profile and aws:assumeRoles chain), with the stack's default tags.
                    ...stackProviderArgs({ roleArn: spec.assumeRoleArn!, sessionName: `${componentName}-irsa`.slice(0, 64) }),
                },
                { parent },
            );
        const mode =
            spec.oidcProviderArn !== undefined
                ? { mode: "adopt" as const, arn: spec.oidcProviderArn }
                : spec.lookupOidcProvider === true
                  ? { mode: "lookup" as const }
                  : { mode: "create" as const };
        const arn = oidcProviderArn(names.oidcProvider, mode, issuerUrl, config.tags, parent, provider, `accounts[${spec.name}].oidcProviderArn`);
        result.set(spec.name, { spec, provider, oidcProviderArn: arn });
    }
    return result;
}

/** Resolves the config's `trustedClusters` for the roles of each account, each lookup made once. */
export class TrustedClusters {
    private readonly byName: Map<string, TrustedClusterSpec>;
    private readonly issuers = new Map<string, pulumi.Output<string>>();
    private readonly providers = new Map<string, pulumi.Output<TrustedProvider>>();

    constructor(
        config: IrsaClusterArgs,
        private readonly parent: pulumi.Resource,
    ) {
        this.byName = new Map((config.trustedClusters ?? []).map((c) => [c.name, c]));
    }

    /** The other clusters `workload`'s role trusts, in its order, with providers in the role's account. */
    forWorkload(workload: WorkloadSpec, account: RoleAccount | undefined): pulumi.Output<TrustedProvider[]> | undefined {
        const refs = workload.trustedClusters ?? [];
        if (refs.length === 0) {
            return undefined;
        }
        return pulumi.all(refs.map((ref) => this.provider(ref, account)));
    }

    /**
     * The issuer URLs of the trusted clusters some workload lists: what the stack declares it trusts (the
     * `irsa-guard` pack accepts these issuers in trusts).
     */
    usedIssuers(workloads: readonly WorkloadSpec[]): pulumi.Output<string[]> {
        const used = [...new Set(workloads.flatMap((w) => w.trustedClusters ?? []))];
        return pulumi.all(
            used.map((ref) => {
                const spec = this.byName.get(ref);
                return spec?.issuerUrl !== undefined ? pulumi.output(spec.issuerUrl) : this.issuer(spec!.clusterName!);
            }),
        );
    }

    private provider(ref: string, account: RoleAccount | undefined): pulumi.Output<TrustedProvider> {
        const spec = this.byName.get(ref);
        if (spec === undefined) {
            throw new Error(`trusted cluster ${JSON.stringify(ref)} is not in trustedClusters (validation lets no such config through).`);
        }
        if (spec.providerArn !== undefined && spec.issuerUrl !== undefined) {
            // Plain values, or outputs of a cluster the same program builds (checked once known).
            return pulumi
                .all([spec.providerArn, spec.issuerUrl])
                .apply(([arn, url]) => ({ providerArn: checkedTrustedProvider(`trustedClusters[${this.indexOf(ref)}]`, arn, url), issuerHost: issuerHost(url) }));
        }
        const key = `${ref}\u0000${account?.spec.name ?? ""}`;
        let provider = this.providers.get(key);
        if (provider === undefined) {
            const issuer = this.issuer(spec.clusterName!);
            // The provider registered for that issuer in the role's account (IAM: one provider per issuer URL).
            const found = aws.iam.getOpenIdConnectProviderOutput({ url: issuer }, { parent: this.parent, ...(account !== undefined ? { provider: account.provider } : {}) });
            provider = pulumi.all([found.arn, issuer]).apply(([arn, url]) => ({ providerArn: arn, issuerHost: issuerHost(url) }));
            this.providers.set(key, provider);
        }
        return provider;
    }

    private indexOf(ref: string): number {
        return [...this.byName.keys()].indexOf(ref);
    }

    /** The issuer of the EKS cluster `clusterName` in the stack's account and region. */
    private issuer(clusterName: string): pulumi.Output<string> {
        let issuer = this.issuers.get(clusterName);
        if (issuer === undefined) {
            issuer = aws.eks.getClusterOutput({ name: clusterName }, { parent: this.parent }).identities.apply((ids) => firstIssuer(clusterName, ids));
            this.issuers.set(clusterName, issuer);
        }
        return issuer;
    }
}
