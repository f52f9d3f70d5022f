import { strict as assert } from "node:assert";
import { createTestIssuer, TestIssuer } from "../helpers/oidcIssuer";
import { ACCESS_DENIED, actionMatches, assumeRoleWithWebIdentity, issuerUrlOfProviderArn, OidcProvider, tokenContext } from "../helpers/stsExchange";

const HOST = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const ISSUER = `https://${HOST}`;
const ARN = `arn:aws:iam::123456789012:oidc-provider/${HOST}`;
const NOW = 1767225600;
const SUB = "system:serviceaccount:shop:s3-reader";

/** A trust policy of the given statements. */
function trust(...Statement: object[]): object {
    return { Version: "2012-10-17", Statement };
}

const allowIrsa = {
    Effect: "Allow",
    Principal: { Federated: ARN },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: "sts.amazonaws.com" } },
};

describe("stsExchange", () => {
    let issuer: TestIssuer;
    let providers: OidcProvider[];
    let token: string;

    before(async () => {
        issuer = await createTestIssuer(ISSUER, "key-1");
        providers = [{ arn: ARN, issuerUrl: ISSUER, jwks: issuer.jwks, clientIds: ["sts.amazonaws.com"] }];
        token = await issuer.mint({ namespace: "shop", serviceAccount: "s3-reader", now: NOW });
    });

    it("allows a valid token whose claims satisfy the trust policy, given as a JSON string", async () => {
        const r = await assumeRoleWithWebIdentity({ token, roleTrustPolicy: JSON.stringify(trust(allowIrsa)), providers, now: NOW });
        assert.deepEqual(r, { allowed: true, code: "OK", reason: "OK: allowed by Statement 0", detail: ["Statement 0 (Allow) applies."] });
    });

    it("lets an explicit Deny win over an Allow", async () => {
        const deny = { Sid: "NoShop", Effect: "Deny", Principal: "*", Action: "sts:*", Condition: { StringLike: { [`${HOST}:sub`]: "system:serviceaccount:shop:*" } } };
        const r = await assumeRoleWithWebIdentity({ token, roleTrustPolicy: trust(allowIrsa, deny), providers, now: NOW });
        assert.deepEqual(r, {
            allowed: false,
            code: "AccessDenied",
            reason: "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (explicitly denied by Statement 1 (NoShop))",
            detail: ["Statement 0 (Allow) applies.", "Statement 1 (NoShop) (Deny) applies."],
        });
    });

    it("explains why no statement applies", async () => {
        const wrongPrincipal = { ...allowIrsa, Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/other" } };
        const wrongAction = { ...allowIrsa, Action: "sts:AssumeRole" };
        const wrongSub = { ...allowIrsa, Condition: { StringEquals: { [`${HOST}:sub`]: "system:serviceaccount:shop:other" } } };
        const r = await assumeRoleWithWebIdentity({ token, roleTrustPolicy: trust(wrongPrincipal, wrongAction, wrongSub), providers, now: NOW });
        assert.deepEqual(r, {
            allowed: false,
            code: "AccessDenied",
            reason: ACCESS_DENIED,
            detail: [
                'Statement 0 (Allow) does not apply: Principal {"Federated":"arn:aws:iam::123456789012:oidc-provider/other"} does not name ' + ARN + ".",
                'Statement 1 (Allow) does not apply: Action "sts:AssumeRole" does not match sts:AssumeRoleWithWebIdentity.',
                `Statement 2 (Allow) does not apply: StringEquals on ${HOST}:sub does not hold for "${SUB}".`,
            ],
        });
    });

    it("matches NotAction and wildcard actions as IAM does", async () => {
        const notAction = { ...allowIrsa, Action: undefined, NotAction: "sts:AssumeRole" };
        const r = await assumeRoleWithWebIdentity({ token, roleTrustPolicy: trust(notAction), providers, now: NOW });
        assert.deepEqual(
            [r.allowed, actionMatches("sts:AssumeRoleWith*", "sts:AssumeRoleWithWebIdentity"), actionMatches("STS:assumerolewithwebidentity", "sts:AssumeRoleWithWebIdentity"), actionMatches("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity")],
            [true, true, true, false],
        );
    });

    it("rejects a token that is not a JWT", async () => {
        const r = await assumeRoleWithWebIdentity({ token: "not-a-token", roleTrustPolicy: trust(allowIrsa), providers, now: NOW });
        assert.deepEqual([r.allowed, r.reason], [false, "InvalidIdentityToken: The token is not a JWT: expected base64url(header).base64url(claims).signature."]);
    });

    it("exposes sub and aud as condition keys, and azp as aud with the audiences as oaud", () => {
        assert.deepEqual(
            [
                tokenContext(`${ISSUER}/`, { sub: SUB, aud: ["sts.amazonaws.com"] }),
                tokenContext(ISSUER, { sub: SUB, aud: ["a", "b"], azp: "c", amr: ["x"] }),
            ],
            [
                { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: "sts.amazonaws.com" },
                { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: "c", [`${HOST}:oaud`]: ["a", "b"], [`${HOST}:amr`]: ["x"] },
            ],
        );
    });

    it("reads the issuer URL out of a provider ARN", () => {
        assert.equal(issuerUrlOfProviderArn(ARN), ISSUER);
        assert.throws(() => issuerUrlOfProviderArn("arn:aws:iam::123456789012:role/x"), {
            message: '"arn:aws:iam::123456789012:role/x" is not an IAM OIDC provider ARN: expected arn:aws:iam::<account>:oidc-provider/<issuer host>.',
        });
    });
});
