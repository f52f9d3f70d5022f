/**
 * What the fake cloud must already hold for a stack that adopts: an adopted cluster whose IAM OIDC provider is
 * adopted by ARN has the issuer that ARN names (`arn:aws:iam::<account>:oidc-provider/<issuer host>`), in that
 * account. Without it the fake would derive another issuer from the cluster's name and the component would
 * rightly refuse the provider as not the cluster's.
 */
import type { FakeCloudOptions } from "./fakeCloud";
import { statedStackAccount } from "../components/validation/stackFacts";
import { StackConfigError, type StackConfig } from "./stackConfig";

const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/(oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/id\/[A-Za-z0-9]+)$/;

function parsed(text: string | undefined): Record<string, unknown> | undefined {
    if (text === undefined) return undefined;
    try {
        const value = JSON.parse(text) as unknown;
        return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

function parsedJson(text: string | undefined): unknown {
    if (text === undefined) return undefined;
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}

/** The stack's `aws:assumeRoles` (or `[aws:assumeRole]`) entries. */
function assumeRoles(config: StackConfig): Record<string, unknown>[] {
    const chain = parsedJson(config.config["aws:assumeRoles"]) ?? parsedJson(config.config["aws:assumeRole"]);
    const list = Array.isArray(chain) ? chain : chain !== undefined ? [chain] : [];
    return list.filter((r): r is Record<string, unknown> => r !== null && typeof r === "object" && !Array.isArray(r));
}

/**
 * The fake-cloud options an adopting stack needs: the adopted cluster with the issuer of the adopted provider, in
 * the provider's account. Empty when the stack does not adopt both (validation reports malformed values). Throws a
 * {@link StackConfigError} when the provider's issuer is in another region than `aws:region`: an EKS cluster's
 * issuer is in its own region, so no cluster of the stack's region has that provider.
 */
export function existingCloud(config: StackConfig, namespace = "eks-irsa"): Pick<FakeCloudOptions, "accountId" | "existingClusters"> {
    const cluster = parsed(config.config[`${namespace}:cluster`]);
    const provider = parsed(config.config[`${namespace}:oidcProvider`]);
    // The default provider's account: the last role of aws:assumeRoles, else the one id of aws:allowedAccountIds.
    const stated = statedStackAccount(assumeRoles(config), parsedJson(config.config["aws:allowedAccountIds"]));
    const stack = stated !== undefined ? { accountId: stated.accountId } : {};
    if (cluster?.mode !== "adopt" || typeof cluster.name !== "string" || provider?.mode !== "adopt" || typeof provider.arn !== "string") {
        return stack;
    }
    const match = PROVIDER_ARN.exec(provider.arn);
    if (match === null) return stack;
    const [, accountId, host, issuerRegion] = match as unknown as [string, string, string, string];
    const region = config.config["aws:region"];
    if (region !== undefined && issuerRegion !== region) {
        throw new StackConfigError(
            `${namespace}:oidcProvider.arn ${JSON.stringify(provider.arn)} is the provider of an issuer in ${issuerRegion}, but aws:region is ${region}: ` +
                `an EKS cluster's issuer is in the cluster's region; give the provider of cluster ${JSON.stringify(cluster.name)} in ${region}, or set aws:region to ${issuerRegion}.`,
        );
    }
    return { accountId, existingClusters: { [cluster.name]: { issuerUrl: `https://${host}` } } };
}
