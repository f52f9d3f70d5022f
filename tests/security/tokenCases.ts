/**
 * The adversarial token table: for one workload, every token an attacker (or a misconfigured pod) could
 * present, and what STS must answer. Shared by the fixture spec (hand-written and seed trust policies) and
 * the end-to-end spec (the trust policies `synth` renders for the example stack).
 */
import { createTestIssuer, MintOptions, ownedSigningKey, SigningKey, STS_AUDIENCE, TestIssuer } from "../helpers/oidcIssuer";
import { ACCESS_DENIED, assumeRoleWithWebIdentity, ExchangeCode, ExchangeResult, issuerHostPath, OidcProvider } from "../helpers/stsExchange";

/** A fixed "now" (2026-01-01T00:00:00Z) so every token and every message is reproducible. */
export const NOW = 1767225600;

/** Lifetime of a minted token, as EKS's projected IRSA token (24 h). */
const LIFETIME = 86400;

/** The ServiceAccount a role is meant for. */
export interface Workload {
    namespace: string;
    serviceAccount: string;
}

/** Which claims the trust policy pins (what the case expectations depend on). */
export interface TrustPins {
    /** The trust requires `<issuer>:sub` = the workload's subject. */
    sub: boolean;
    /** The trust requires `<issuer>:aud` = `sts.amazonaws.com`. */
    aud: boolean;
}

/** Everything a case's expectation names, known before any key exists. */
export interface CaseEnv {
    /** The workload's cluster issuer URL. */
    issuerUrl: string;
    /** ARN of the account's IAM OIDC provider for that issuer. */
    providerArn: string;
    /** The provider's client ids (from the stack when there is one). */
    clientIds: readonly string[];
    /** The name of the trust statement expected to allow the workload's own token, e.g. `Statement 0`. */
    allowedBy: string;
}

/** Which issuer signs a case's token. */
export type Signer = "own" | "other-cluster" | "unregistered";

/** Which IAM OIDC providers the account has for a case. */
export type ProviderSet = "own" | "own+other-cluster" | "own-with-extra-audience";

/** What STS must answer. */
export interface Expected {
    allowed: boolean;
    code: ExchangeCode;
    reason: string;
}

/** One row of the table. */
export interface TokenCase {
    name: string;
    /** The issuer whose `iss` (and key, unless `options.signWith`/`foreignKey`) the token carries. */
    from: Signer;
    /** Sign with the attacker's key instead of the issuer's. */
    foreignKey?: boolean;
    options: MintOptions;
    providers: ProviderSet;
    expected: Expected;
}

/** Another cluster in the same account and region (IAM allows one provider per issuer URL). */
export function otherClusterIssuer(issuerUrl: string): string {
    return issuerUrl.replace(/\/id\/[^/]+$/, "/id/0THERC1USTER0000000000000000000");
}

/** A cluster whose issuer has no provider in this account. */
export function unregisteredIssuer(issuerUrl: string): string {
    return issuerUrl.replace(/\/id\/[^/]+$/, "/id/UNREGISTERED00000000000000000000");
}

/** The ARN of the provider for `issuerUrl` in the account of `providerArn`. */
function providerArnFor(providerArn: string, issuerUrl: string): string {
    return `${providerArn.replace(/oidc-provider\/.*$/, "oidc-provider/")}${issuerHostPath(issuerUrl)}`;
}

/** A different value of a Kubernetes name, for "another ServiceAccount/namespace". */
function other(name: string, preferred: string, fallback: string): string {
    return name === preferred ? fallback : preferred;
}

/** The case variant of a name (upper case; a name with no letters gets one). */
function caseVariant(name: string): string {
    const upper = name.toUpperCase();
    return upper === name ? `${name}A` : upper;
}

const EXTRA_AUDIENCE = "my-app.example.com";

/**
 * The whole table for one workload: its own token, then every variant that must not get the role.
 * `pins` says what the trust policy checks, so the same table shows an insecure trust accepting what a
 * correct one rejects.
 */
export function tokenCases(w: Workload, env: CaseEnv, pins: TrustPins): TokenCase[] {
    const { namespace: ns, serviceAccount: sa } = w;
    const ok: Expected = { allowed: true, code: "OK", reason: `OK: allowed by ${env.allowedBy}` };
    const denied: Expected = { allowed: false, code: "AccessDenied", reason: ACCESS_DENIED };
    const bySub = pins.sub ? denied : ok;
    const invalid = (message: string): Expected => ({ allowed: false, code: "InvalidIdentityToken", reason: `InvalidIdentityToken: ${message}` });
    const wrongAud = (aud: unknown): Expected =>
        invalid(`Incorrect token audience ${JSON.stringify(aud)}: ${env.providerArn} accepts ${JSON.stringify(env.clientIds)}.`);
    const identity = (name: string, namespace: string, serviceAccount: string): TokenCase => ({
        name,
        from: "own",
        options: { namespace, serviceAccount },
        providers: "own",
        expected: bySub,
    });
    const own: MintOptions = { namespace: ns, serviceAccount: sa };
    const sub = `system:serviceaccount:${ns}:${sa}`;
    const unregistered = unregisteredIssuer(env.issuerUrl);

    return [
        { name: "the workload's own token", from: "own", options: own, providers: "own", expected: ok },

        identity(`another ServiceAccount in the same namespace (${ns}/${other(sa, "default", "builder")})`, ns, other(sa, "default", "builder")),
        identity(`the same name in another namespace (${other(ns, "kube-system", "default")}/${sa})`, other(ns, "kube-system", "default"), sa),
        identity(`a ServiceAccount with a suffix (${ns}/${sa}-x)`, ns, `${sa}-x`),
        identity(`a ServiceAccount with a prefix (${ns}/x${sa})`, ns, `x${sa}`),
        identity(`a ServiceAccount in another case (${ns}/${caseVariant(sa)})`, ns, caseVariant(sa)),
        identity(`a namespace with a suffix (${ns}-x/${sa})`, `${ns}-x`, sa),
        identity(`a namespace with a prefix (x${ns}/${sa})`, `x${ns}`, sa),
        identity(`a namespace in another case (${caseVariant(ns)}/${sa})`, caseVariant(ns), sa),
        identity(`a ServiceAccount named "*" (${ns}/*)`, ns, "*"),
        identity(`a namespace named "*" (*/${sa})`, "*", sa),
        identity(`an empty ServiceAccount name (${ns}/)`, ns, ""),
        identity(`an empty namespace (/${sa})`, "", sa),
        { name: "a sub with an extra segment", from: "own", options: { ...own, claims: { sub: `${sub}:x` } }, providers: "own", expected: bySub },
        { name: "a sub in another case (System:ServiceAccount:…)", from: "own", options: { ...own, claims: { sub: `System:ServiceAccount:${ns}:${sa}` } }, providers: "own", expected: bySub },
        { name: "a token without a sub claim", from: "own", options: { ...own, claims: { sub: undefined } }, providers: "own", expected: bySub },

        { name: "a wrong audience (the API server's)", from: "own", options: { ...own, claims: { aud: ["https://kubernetes.default.svc"] } }, providers: "own", expected: wrongAud(["https://kubernetes.default.svc"]) },
        { name: "a wrong audience (look-alike)", from: "own", options: { ...own, claims: { aud: [`${STS_AUDIENCE}.evil.example`] } }, providers: "own", expected: wrongAud([`${STS_AUDIENCE}.evil.example`]) },
        { name: "a missing audience", from: "own", options: { ...own, claims: { aud: undefined } }, providers: "own", expected: invalid("The token has no aud claim.") },
        {
            name: `an audience the provider also accepts but the role must not (${EXTRA_AUDIENCE})`,
            from: "own",
            options: { ...own, claims: { aud: [EXTRA_AUDIENCE] } },
            providers: "own-with-extra-audience",
            expected: pins.aud ? denied : ok,
        },

        { name: "another cluster's issuer with no provider in this account", from: "unregistered", options: own, providers: "own", expected: invalid(`No OpenIDConnect provider found in your account for ${unregistered}.`) },
        { name: "another cluster in the same account, same namespace and name", from: "other-cluster", options: own, providers: "own+other-cluster", expected: denied },
        { name: "this issuer's kid signed by another key", from: "own", foreignKey: true, options: own, providers: "own", expected: invalid(`The token's signature does not verify against the JWKS of ${env.issuerUrl}.`) },
        { name: "an unknown key", from: "own", foreignKey: true, options: { ...own, header: { kid: "attacker-key" } }, providers: "own", expected: invalid(`No key of the JWKS of ${env.issuerUrl} matches kid "attacker-key".`) },
        { name: "alg none (unsigned)", from: "own", options: { ...own, unsigned: true }, providers: "own", expected: invalid('The token\'s alg "none" is not accepted: STS takes RS256, RS384, RS512, ES256, ES384, ES512.') },
        { name: "alg HS256 (key confusion)", from: "own", options: { ...own, unsigned: true, header: { alg: "HS256" } }, providers: "own", expected: invalid('The token\'s alg "HS256" is not accepted: STS takes RS256, RS384, RS512, ES256, ES384, ES512.') },

        { name: "an expired token", from: "own", options: { ...own, now: NOW - LIFETIME - 60 }, providers: "own", expected: { allowed: false, code: "ExpiredTokenException", reason: `ExpiredTokenException: Token is expired (exp ${NOW - 60}, now ${NOW}).` } },
        { name: "a token expiring this very second", from: "own", options: { ...own, now: NOW - LIFETIME }, providers: "own", expected: { allowed: false, code: "ExpiredTokenException", reason: `ExpiredTokenException: Token is expired (exp ${NOW}, now ${NOW}).` } },
        { name: "a not-yet-valid token", from: "own", options: { ...own, now: NOW + 600 }, providers: "own", expected: invalid(`Token is not yet valid (nbf ${NOW + 600}, now ${NOW}).`) },
        { name: "a token without exp", from: "own", options: { ...own, claims: { exp: undefined } }, providers: "own", expected: invalid("The token has no exp claim.") },
    ];
}

/** The issuers and keys a run of the table needs, for one provider. */
export interface ExchangeWorld {
    env: CaseEnv;
    own: TestIssuer;
    other: TestIssuer;
    unregistered: TestIssuer;
    foreignKey: SigningKey;
}

/** Creates the issuers (fresh RS256 keys) for `env`. */
export async function createWorld(env: CaseEnv): Promise<ExchangeWorld> {
    const [own, other, unregistered, foreignKey] = await Promise.all([
        createTestIssuer(env.issuerUrl),
        createTestIssuer(otherClusterIssuer(env.issuerUrl)),
        createTestIssuer(unregisteredIssuer(env.issuerUrl)),
        ownedSigningKey("an attacker", "attacker-key"), // never an issuer's key
    ]);
    return { env, own, other, unregistered, foreignKey };
}

/** The account's IAM OIDC providers for a case. */
export function providersFor(world: ExchangeWorld, set: ProviderSet): OidcProvider[] {
    const own: OidcProvider = { arn: world.env.providerArn, issuerUrl: world.env.issuerUrl, jwks: world.own.jwks, clientIds: world.env.clientIds };
    switch (set) {
        case "own":
            return [own];
        case "own-with-extra-audience":
            return [{ ...own, clientIds: [...own.clientIds, EXTRA_AUDIENCE] }];
        case "own+other-cluster":
            return [own, { arn: providerArnFor(world.env.providerArn, world.other.issuerUrl), issuerUrl: world.other.issuerUrl, jwks: world.other.jwks, clientIds: world.env.clientIds }];
    }
}

/** Mints the case's token and runs the exchange against `trust`. */
export async function runCase(c: TokenCase, world: ExchangeWorld, trust: string | object): Promise<ExchangeResult> {
    const issuer = c.from === "own" ? world.own : c.from === "other-cluster" ? world.other : world.unregistered;
    const token = await issuer.mint({ now: NOW, ...c.options, ...(c.foreignKey === true ? { signWith: world.foreignKey } : {}) });
    return assumeRoleWithWebIdentity({ token, roleTrustPolicy: trust, providers: providersFor(world, c.providers), now: NOW });
}
