/**
 * A local test OIDC issuer (test tooling): an RS256 key pair, its JWKS, and tokens shaped like the projected
 * ServiceAccount tokens EKS mounts for IRSA (`/var/run/secrets/eks.amazonaws.com/serviceaccount/token`).
 *
 * A real EKS IRSA token looks like this (claims decoded):
 * ```json
 * { "aud": ["sts.amazonaws.com"], "exp": 1700086400, "iat": 1700000000, "nbf": 1700000000,
 *   "iss": "https://oidc.eks.us-west-2.amazonaws.com/id/ABC…",
 *   "kubernetes.io": { "namespace": "shop", "pod": { "name": "reader-7d…", "uid": "…" },
 *                      "serviceaccount": { "name": "reader", "uid": "…" } },
 *   "sub": "system:serviceaccount:shop:reader" }
 * ```
 * with a header `{ "alg": "RS256", "kid": "<key id>" }`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#serviceaccount-token-volume-projection
 */
import { createHash } from "node:crypto";
import { CompactSign, CryptoKey, JSONWebKeySet, JWK, base64url, exportJWK, generateKeyPair } from "jose";

/** The audience EKS writes into IRSA tokens and STS expects. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** A JSON Web Key Set, as an OIDC issuer publishes it at `/keys` (EKS: `<issuer>/keys`). */
export type JsonWebKeySet = JSONWebKeySet;

/** A private signing key with the key id (`kid`) a token header names. */
export interface SigningKey {
    /** Key id written into the header of tokens this key signs. */
    kid: string;
    /** The RS256 private key. */
    privateKey: CryptoKey;
    /** The public half as a JWK (with `kid`, `alg`, `use`). */
    publicJwk: JWK;
}

/** What a minted token says and how it is signed. Every field is optional. */
export interface MintOptions {
    /** The ServiceAccount's namespace. @default "default" */
    namespace?: string;
    /** The ServiceAccount's name. @default "default" */
    serviceAccount?: string;
    /** "Now" in seconds since the epoch: `iat` and `nbf`. @default the current time */
    now?: number;
    /** Seconds from `iat` to `exp`. @default 86400 (EKS's IRSA token lifetime) */
    lifetimeSeconds?: number;
    /** Claims to set or replace after the defaults are built; a value of `undefined` removes the claim. */
    claims?: Record<string, unknown>;
    /** Header parameters to set or replace; a value of `undefined` removes the parameter. */
    header?: Record<string, unknown>;
    /** Sign with this key instead of the issuer's own (the header keeps the issuer's `kid` unless `header` says otherwise). */
    signWith?: SigningKey;
    /** Produce an unsecured token: header `alg: "none"` and an empty signature. @default false */
    unsigned?: boolean;
}

/** A local OIDC issuer. */
export interface TestIssuer {
    /** The issuer URL: the `iss` claim, and the IAM OIDC provider's URL. */
    issuerUrl: string;
    /** The issuer's signing key. */
    signingKey: SigningKey;
    /** The public JWKS, as `<issuer>/keys` would serve it. */
    jwks: JsonWebKeySet;
    /** A token for a ServiceAccount, shaped like EKS's; see {@link MintOptions}. */
    mint(options?: MintOptions): Promise<string>;
}

/** Generates an RS256 key pair named `kid`. */
export async function generateSigningKey(kid: string): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = await exportJWK(publicKey);
    return { kid, privateKey, publicJwk: { ...jwk, kid, alg: "RS256", use: "sig" } };
}

/** A stable UUID-shaped id derived from `text` (tokens must be reproducible, not random). */
function stableUid(text: string): string {
    const h = createHash("sha256").update(text).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Applies overrides to a record: set each key, or delete it when the override is `undefined`. */
function withOverrides(base: Record<string, unknown>, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
    const out = { ...base };
    for (const [k, v] of Object.entries(overrides ?? {})) {
        if (v === undefined) delete out[k];
        else out[k] = v;
    }
    return out;
}

/** The claims EKS puts in an IRSA token for `namespace/serviceAccount`. */
export function eksTokenClaims(issuerUrl: string, namespace: string, serviceAccount: string, now: number, lifetimeSeconds: number): Record<string, unknown> {
    const pod = `${serviceAccount}-7d9c5b6f4-x2x8k`;
    return {
        aud: [STS_AUDIENCE],
        exp: now + lifetimeSeconds,
        iat: now,
        iss: issuerUrl,
        "kubernetes.io": {
            namespace,
            pod: { name: pod, uid: stableUid(`${issuerUrl}/pod/${namespace}/${pod}`) },
            serviceaccount: { name: serviceAccount, uid: stableUid(`${issuerUrl}/sa/${namespace}/${serviceAccount}`) },
        },
        nbf: now,
        sub: `system:serviceaccount:${namespace}:${serviceAccount}`,
    };
}

/** Encodes a JSON value as base64url. */
function b64json(value: unknown): string {
    return base64url.encode(JSON.stringify(value));
}

/**
 * Keys by owner (an issuer URL, or another name) and kid, each generated once per process: an issuer keeps its key,
 * as a cluster's does, and every other owner has a key of its own. RSA key generation costs ~0.12 CPU-s a key; the
 * security specs made 46 per test run for about a dozen distinct owners (docs/performance.md, "Third round of issue 23").
 */
const ownedKeys = new Map<string, Promise<SigningKey>>();

/** The RS256 key of `owner` named `kid`: the same key for the same owner and kid within this process. */
export function ownedSigningKey(owner: string, kid: string): Promise<SigningKey> {
    const id = JSON.stringify([owner, kid]);
    let key = ownedKeys.get(id);
    if (key === undefined) {
        key = generateSigningKey(kid);
        ownedKeys.set(id, key);
    }
    return key;
}

/**
 * Starts a local issuer for `issuerUrl` with its RS256 key (`kid` defaults to a hash of the URL): the same key for
 * the same URL and kid within this process ({@link ownedSigningKey}), a different one for any other.
 * @param issuerUrl e.g. `https://oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF`
 */
export async function createTestIssuer(issuerUrl: string, kid: string = createHash("sha256").update(issuerUrl).digest("hex").slice(0, 40)): Promise<TestIssuer> {
    const signingKey = await ownedSigningKey(issuerUrl, kid);
    return {
        issuerUrl,
        signingKey,
        jwks: { keys: [signingKey.publicJwk] },
        async mint(options: MintOptions = {}): Promise<string> {
            const now = options.now ?? Math.floor(Date.now() / 1000);
            const base = eksTokenClaims(issuerUrl, options.namespace ?? "default", options.serviceAccount ?? "default", now, options.lifetimeSeconds ?? 86400);
            const claims = withOverrides(base, options.claims);
            if (options.unsigned === true) {
                const header = withOverrides({ alg: "none", typ: "JWT" }, options.header);
                return `${b64json(header)}.${b64json(claims)}.`;
            }
            const key = options.signWith ?? signingKey;
            const header = withOverrides({ alg: "RS256", kid: signingKey.kid }, options.header);
            return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
                .setProtectedHeader(header as { alg: string })
                .sign(key.privateKey);
        },
    };
}
