/**
 * The IAM OIDC identity provider that lets STS trust the cluster's ServiceAccount tokens: created,
 * adopted by ARN, or looked up by the issuer URL.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { OidcProviderSpec } from "./config";
import { IrsaConfigError } from "./validation/error";
import { issuerHost, STS_AUDIENCE } from "./naming";

/** Whether `providerArn` is the IAM OIDC provider of `issuerUrl` (the ARN ends in `oidc-provider/<issuer host>`). */
export function providerMatchesIssuer(providerArn: string, issuerUrl: string): boolean {
    const host = providerArn.slice(providerArn.indexOf(":oidc-provider/") + ":oidc-provider/".length);
    return providerArn.includes(":oidc-provider/") && host.toLowerCase() === issuerHost(issuerUrl).toLowerCase();
}

/**
 * The ARN of the cluster's IAM OIDC provider.
 *
 * A created provider has the audience `sts.amazonaws.com` and no thumbprint: AWS validates EKS
 * issuers against its own CA store, so nothing is fetched over the network.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html
 */
export function oidcProviderArn(
    resourceName: string,
    spec: OidcProviderSpec,
    issuerUrl: pulumi.Output<string>,
    tags: Record<string, string> | undefined,
    parent: pulumi.Resource,
    provider?: aws.Provider,
    field = "oidcProvider.arn",
): pulumi.Output<string> {
    const opts = { parent, ...(provider !== undefined ? { provider } : {}) };
    switch (spec.mode) {
        case "create":
            return new aws.iam.OpenIdConnectProvider(
                resourceName,
                { url: issuerUrl, clientIdLists: [STS_AUDIENCE], ...(tags !== undefined ? { tags } : {}) },
                opts,
            ).arn;
        case "adopt":
            return issuerUrl.apply((url) => {
                if (!providerMatchesIssuer(spec.arn, url)) {
                    throw new IrsaConfigError([
                        `${field} ${JSON.stringify(spec.arn)} is not the provider of the cluster's issuer ${JSON.stringify(url)}: use the ARN that ends in "oidc-provider/${issuerHost(url)}".`,
                    ]);
                }
                return spec.arn;
            });
        case "lookup":
            return aws.iam.getOpenIdConnectProviderOutput({ url: issuerUrl }, opts).arn;
    }
}
