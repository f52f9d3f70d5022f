import * as assert from "node:assert/strict";
import { providerMatchesIssuer } from "../../components/oidcProvider";

const ISSUER = "https://oidc.eks.us-west-2.amazonaws.com/id/ABC123";

describe("providerMatchesIssuer", () => {
    it("accepts the provider ARN of the issuer's host", () => {
        assert.equal(providerMatchesIssuer("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC123", ISSUER), true);
    });

    it("compares the host case-insensitively", () => {
        assert.equal(providerMatchesIssuer("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/abc123", ISSUER), true);
    });

    it("refuses the provider of another cluster", () => {
        assert.equal(providerMatchesIssuer("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/DEF456", ISSUER), false);
    });

    it("refuses an ARN that is not an OIDC provider's", () => {
        assert.equal(providerMatchesIssuer("arn:aws:iam::123456789012:role/oidc.eks.us-west-2.amazonaws.com/id/ABC123", ISSUER), false);
    });
});
