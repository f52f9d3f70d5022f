import * as assert from "node:assert/strict";
import { UnknownValueError } from "@pulumi/policy";
import { irsaOidcProviderClientIds } from "../../../policy-pack/policies";
import { ISSUER } from "../../fixtures/policy/irsa";
import { runResourcePolicy, UNKNOWN } from "../../helpers/policyHarness";

const TYPE = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const provider = (clientIdLists: unknown) => ({ type: TYPE, props: { url: `https://${ISSUER}`, clientIdLists } });

describe("irsa-oidc-provider-client-ids", () => {
    it('accepts exactly ["sts.amazonaws.com"]', async () => {
        assert.deepEqual(await runResourcePolicy(irsaOidcProviderClientIds, provider(["sts.amazonaws.com"])), []);
    });

    it("reports an extra client id unless configured", async () => {
        assert.deepEqual(await runResourcePolicy(irsaOidcProviderClientIds, provider(["sts.amazonaws.com", "kubernetes"])), [
            `clientIdLists[1] "kubernetes" is not an allowed client id (["sts.amazonaws.com"]): tokens minted for other audiences could be exchanged for this cluster's roles; remove it, or list it in allowedClientIds in this policy's config.`,
        ]);
        const config = { allowedClientIds: ["sts.amazonaws.com", "kubernetes"] };
        assert.deepEqual(await runResourcePolicy(irsaOidcProviderClientIds, provider(["sts.amazonaws.com", "kubernetes"]), config), []);
    });

    it("reports a list without sts.amazonaws.com", async () => {
        assert.deepEqual(await runResourcePolicy(irsaOidcProviderClientIds, provider([])), [
            `clientIdLists [] does not include "sts.amazonaws.com": set clientIdLists to ["sts.amazonaws.com"] so STS accepts the cluster's ServiceAccount tokens.`,
        ]);
    });

    it("throws UnknownValueError for an unknown list", async () => {
        await assert.rejects(runResourcePolicy(irsaOidcProviderClientIds, provider(UNKNOWN)), UnknownValueError);
    });
});
