/** What a service of the fake cloud knows about the request it answers: the account, the region, ARN formats. */
import { stableHex } from "../stableHex";

/** The account and region a resource or an invoke is answered in. */
export class Scope {
    /** The account of the resource or call being answered: its provider's, else the stack's. */
    account: string;

    constructor(
        /** The stack's own account (the default provider's). */
        readonly stackAccount: string,
        readonly region: string,
        private readonly existingClusters: Readonly<Record<string, { issuerUrl: string }>>,
    ) {
        this.account = stackAccount;
    }

    /** An ARN of `service` in the current account (and region, unless `regional` is false). */
    arn(service: string, resource: string, regional = true): string {
        return `arn:aws:${service}:${regional ? this.region : ""}:${this.account}:${resource}`;
    }

    /** The IAM OIDC provider ARN of issuer `url`, in the current account. */
    oidcProviderArn(url: string): string {
        return this.arn("iam", `oidc-provider/${url.replace(/^https:\/\//, "")}`, false);
    }

    /** The OIDC issuer URL of the EKS cluster `clusterName`: an existing cluster's own, else one derived from the name. */
    issuerFor(clusterName: string): string {
        const existing = Object.prototype.hasOwnProperty.call(this.existingClusters, clusterName) ? this.existingClusters[clusterName] : undefined;
        return existing?.issuerUrl ?? `https://oidc.eks.${this.region}.amazonaws.com/id/${stableHex(`issuer:${clusterName}`, 32).toUpperCase()}`;
    }
}
