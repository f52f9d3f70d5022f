import { strict as assert } from "node:assert";
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader } from "jose";
import { createTestIssuer, generateSigningKey, TestIssuer } from "../helpers/oidcIssuer";

const ISSUER = "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const NOW = 1767225600;

describe("oidcIssuer", () => {
    let issuer: TestIssuer;

    before(async () => {
        issuer = await createTestIssuer(ISSUER, "key-1");
    });

    it("mints a token with EKS's header and claims", async () => {
        const token = await issuer.mint({ namespace: "shop", serviceAccount: "s3-reader", now: NOW });
        assert.deepEqual(decodeProtectedHeader(token), { alg: "RS256", kid: "key-1" });
        const claims = decodeJwt(token);
        const k8s = claims["kubernetes.io"] as { pod: { uid: string }; serviceaccount: { uid: string } };
        assert.deepEqual(claims, {
            aud: ["sts.amazonaws.com"],
            exp: NOW + 86400,
            iat: NOW,
            iss: ISSUER,
            "kubernetes.io": {
                namespace: "shop",
                pod: { name: "s3-reader-7d9c5b6f4-x2x8k", uid: k8s.pod.uid },
                serviceaccount: { name: "s3-reader", uid: k8s.serviceaccount.uid },
            },
            nbf: NOW,
            sub: "system:serviceaccount:shop:s3-reader",
        });
        assert.match(k8s.serviceaccount.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it("publishes a JWKS that verifies its tokens", async () => {
        const token = await issuer.mint({ now: NOW });
        const { protectedHeader } = await compactVerify(token, createLocalJWKSet(issuer.jwks));
        assert.deepEqual([protectedHeader.kid, issuer.jwks.keys.map((k) => [k.kid, k.alg, k.use, k.kty])], ["key-1", [["key-1", "RS256", "sig", "RSA"]]]);
    });

    it("overrides, adds and removes claims and header parameters", async () => {
        const token = await issuer.mint({ now: NOW, claims: { aud: "other", nbf: undefined, extra: 1 }, header: { kid: "key-9", typ: "JWT" } });
        const claims = decodeJwt(token);
        assert.deepEqual([claims.aud, "nbf" in claims, claims.extra, decodeProtectedHeader(token)], ["other", false, 1, { alg: "RS256", kid: "key-9", typ: "JWT" }]);
    });

    it("signs with another key while keeping its own kid", async () => {
        const foreign = await generateSigningKey("attacker");
        const token = await issuer.mint({ now: NOW, signWith: foreign });
        assert.equal(decodeProtectedHeader(token).kid, "key-1");
        await assert.rejects(compactVerify(token, createLocalJWKSet(issuer.jwks)), { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
        await compactVerify(token, createLocalJWKSet({ keys: [{ ...foreign.publicJwk, kid: "key-1" }] }));
    });

    it("produces an unsigned alg none token with an empty signature", async () => {
        const token = await issuer.mint({ now: NOW, unsigned: true });
        assert.deepEqual([decodeProtectedHeader(token), token.endsWith("."), decodeJwt(token).sub], [{ alg: "none", typ: "JWT" }, true, "system:serviceaccount:default:default"]);
    });
});
