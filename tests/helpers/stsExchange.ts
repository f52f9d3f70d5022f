/**
 * What AWS STS does for `AssumeRoleWithWebIdentity`, offline (test tooling): check the web identity token
 * against the account's IAM OIDC providers, then evaluate the role's trust policy with the token's claims as
 * condition keys.
 *
 * Order of the checks, as STS documents and reports them:
 * 1. the token is a compact JWS whose header and claims decode;
 * 2. an IAM OIDC provider exists whose URL equals the `iss` claim (`InvalidIdentityToken`);
 * 3. `alg` is an asymmetric algorithm STS accepts (never `none`), a key of that provider's JWKS matches the
 *    header's `kid`, and the signature verifies (`InvalidIdentityToken`);
 * 4. `exp` is in the future (`ExpiredTokenException`) and `nbf`, when present, is not (`InvalidIdentityToken`);
 * 5. one of the `aud` values is in the provider's client id list (`InvalidIdentityToken`);
 * 6. the role's trust policy: an explicit `Deny` whose principal, action and conditions match wins; else a
 *    matching `Allow` allows; else `AccessDenied`. Principal matches when it is `"*"` or its `Federated`
 *    names the provider's ARN; the action must match `sts:AssumeRoleWithWebIdentity` (`Action`, with IAM
 *    wildcards, case-insensitive; or `NotAction`).
 *
 * Condition keys a token provides (issuer = the URL without `https://`):
 * `<issuer>:sub` (the `sub` claim), `<issuer>:aud` (the `azp` claim when present, else the `aud` value(s)),
 * `<issuer>:oaud` (the `aud` value(s) when `azp` is present), `<issuer>:amr` (the `amr` claim when present).
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, JWTPayload, ProtectedHeaderParameters } from "jose";
import { failedConditions, RequestContext } from "./iamConditions";
import { JsonWebKeySet } from "./oidcIssuer";

/** The action a web identity token is exchanged with. */
export const ASSUME_ROLE_WITH_WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";

/** The algorithms STS accepts for web identity tokens. */
export const ACCEPTED_ALGORITHMS: readonly string[] = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

/** The message STS returns when the trust policy does not allow the call. */
export const ACCESS_DENIED = `AccessDenied: Not authorized to perform ${ASSUME_ROLE_WITH_WEB_IDENTITY}`;

/** An IAM OIDC identity provider in the account. */
export interface OidcProvider {
    /** `arn:aws:iam::<account>:oidc-provider/<issuer host and path>`. */
    arn: string;
    /** The provider URL, `https://…` (IAM's `url`), compared with the token's `iss`. */
    issuerUrl: string;
    /** The issuer's public keys (what STS fetches from the issuer's `jwks_uri`). */
    jwks: JsonWebKeySet;
    /** The provider's client id list (IAM's `clientIdLists`, the accepted audiences). */
    clientIds: readonly string[];
}

/** One `AssumeRoleWithWebIdentity` call. */
export interface ExchangeRequest {
    /** The web identity token (a compact JWS). */
    token: string;
    /** The role's trust policy, as a JSON string or an object. */
    roleTrustPolicy: string | object;
    /** The IAM OIDC providers of the account. */
    providers: readonly OidcProvider[];
    /** "Now", in seconds since the epoch. @default the current time */
    now?: number;
}

/** Error codes STS answers with. */
export type ExchangeCode = "OK" | "InvalidIdentityToken" | "ExpiredTokenException" | "AccessDenied";

/** The outcome of an exchange. */
export interface ExchangeResult {
    /** Whether STS would return credentials. */
    allowed: boolean;
    /** `OK` or the STS error code. */
    code: ExchangeCode;
    /** One line: `OK: …` or `<code>: <message>`. */
    reason: string;
    /** Per trust-policy statement, why it did or did not apply (empty when the token failed before the trust policy). */
    detail: string[];
}

/** The issuer as IAM writes it in condition keys and provider ARNs: the URL without `https://` and trailing `/`. */
export function issuerHostPath(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//i, "").replace(/\/+$/, "");
}

/** The issuer URL of an IAM OIDC provider ARN: `arn:aws:iam::<acct>:oidc-provider/<host>` → `https://<host>`. */
export function issuerUrlOfProviderArn(arn: string): string {
    const m = /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/(.+)$/.exec(arn);
    if (m?.[1] === undefined) throw new Error(`"${arn}" is not an IAM OIDC provider ARN: expected arn:aws:iam::<account>:oidc-provider/<issuer host>.`);
    return `https://${m[1]}`;
}

function reject(code: Exclude<ExchangeCode, "OK">, message: string, detail: string[] = []): ExchangeResult {
    return { allowed: false, code, reason: `${code}: ${message}`, detail };
}

/** A single value or a list, as a list. */
function asList(value: unknown): unknown[] {
    if (value === undefined) return [];
    return Array.isArray(value) ? (value as unknown[]) : [value];
}

/** Whether an IAM action pattern (`sts:*`, `sts:AssumeRole*`, `*`) matches `action`, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === "*" ? ".*" : c === "?" ? "." : `\\${c}`));
    return new RegExp(`^${source}$`, "i").test(action);
}

/** The condition keys a verified token provides. */
export function tokenContext(issuerUrl: string, claims: JWTPayload): RequestContext {
    const host = issuerHostPath(issuerUrl);
    const strings = (v: unknown): string[] => asList(v).filter((x): x is string => typeof x === "string");
    const context: Record<string, string | string[]> = {};
    if (typeof claims.sub === "string") context[`${host}:sub`] = claims.sub;
    const aud = strings(claims.aud);
    const azp = (claims as Record<string, unknown>).azp;
    if (typeof azp === "string") {
        context[`${host}:aud`] = azp;
        if (aud.length > 0) context[`${host}:oaud`] = aud;
    } else if (aud.length > 0) {
        context[`${host}:aud`] = aud.length === 1 && aud[0] !== undefined ? aud[0] : aud;
    }
    const amr = strings((claims as Record<string, unknown>).amr);
    if (amr.length > 0) context[`${host}:amr`] = amr;
    return context;
}

interface Statement {
    Sid?: unknown;
    Effect?: unknown;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: unknown;
    NotAction?: unknown;
    Condition?: unknown;
}

/** Why a statement does or does not apply to the call; `undefined` when it applies. */
function statementMismatch(s: Statement, provider: OidcProvider, context: RequestContext): string | undefined {
    if (s.NotPrincipal !== undefined) return "uses NotPrincipal, which a trust policy cannot";
    const principal = s.Principal;
    const principalOk =
        principal === "*" ||
        (typeof principal === "object" && principal !== null && asList((principal as Record<string, unknown>).Federated).some((f) => f === "*" || f === provider.arn));
    if (!principalOk) return `Principal ${JSON.stringify(principal)} does not name ${provider.arn}`;
    const actionOk =
        s.Action !== undefined
            ? asList(s.Action).some((a) => typeof a === "string" && actionMatches(a, ASSUME_ROLE_WITH_WEB_IDENTITY))
            : s.NotAction !== undefined && !asList(s.NotAction).some((a) => typeof a === "string" && actionMatches(a, ASSUME_ROLE_WITH_WEB_IDENTITY));
    if (!actionOk) return `Action ${JSON.stringify(s.Action ?? { NotAction: s.NotAction })} does not match ${ASSUME_ROLE_WITH_WEB_IDENTITY}`;
    const failed = failedConditions(s.Condition, context);
    if (failed.length > 0) {
        return failed
            .map((f) => `${f.operator} on ${f.key} does not hold for ${f.requestValues === undefined ? "a missing key" : JSON.stringify(f.requestValues.length === 1 ? f.requestValues[0] : f.requestValues)}`)
            .join("; ");
    }
    return undefined;
}

/** Parses a trust policy from a JSON string or an object into its statements. */
export function trustStatements(policy: string | object): Statement[] {
    const doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as { Statement?: unknown };
    const statements = asList(doc.Statement);
    if (statements.length === 0) throw new Error("The trust policy has no Statement.");
    return statements.map((s, i) => {
        if (s === null || typeof s !== "object") throw new Error(`Statement[${i}] ${JSON.stringify(s)} is not an object.`);
        return s as Statement;
    });
}

/** Evaluates the trust policy for a verified token of `provider`. */
function evaluateTrust(policy: string | object, provider: OidcProvider, claims: JWTPayload): ExchangeResult {
    const context = tokenContext(provider.issuerUrl, claims);
    const statements = trustStatements(policy);
    const detail: string[] = [];
    let allowedBy: string | undefined;
    for (const [i, s] of statements.entries()) {
        const name = typeof s.Sid === "string" && s.Sid !== "" ? `Statement ${i} (${s.Sid})` : `Statement ${i}`;
        const effect = s.Effect;
        if (effect !== "Allow" && effect !== "Deny") throw new Error(`${name} Effect ${JSON.stringify(effect)} is not "Allow" or "Deny".`);
        const mismatch = statementMismatch(s, provider, context);
        if (mismatch !== undefined) {
            detail.push(`${name} (${effect}) does not apply: ${mismatch}.`);
            continue;
        }
        detail.push(`${name} (${effect}) applies.`);
        if (effect === "Deny") return reject("AccessDenied", `Not authorized to perform ${ASSUME_ROLE_WITH_WEB_IDENTITY} (explicitly denied by ${name})`, detail);
        allowedBy ??= name;
    }
    if (allowedBy === undefined) return { allowed: false, code: "AccessDenied", reason: ACCESS_DENIED, detail };
    return { allowed: true, code: "OK", reason: `OK: allowed by ${allowedBy}`, detail };
}

/** Verifies the token's signature against the provider's JWKS; `undefined` when it verifies, else the rejection. */
async function verifySignature(token: string, header: ProtectedHeaderParameters, provider: OidcProvider): Promise<ExchangeResult | undefined> {
    const alg = header.alg;
    if (alg === undefined || !ACCEPTED_ALGORITHMS.includes(alg)) {
        return reject("InvalidIdentityToken", `The token's alg ${JSON.stringify(alg)} is not accepted: STS takes ${ACCEPTED_ALGORITHMS.join(", ")}.`);
    }
    try {
        await compactVerify(token, createLocalJWKSet(provider.jwks), { algorithms: [...ACCEPTED_ALGORITHMS] });
        return undefined;
    } catch (e) {
        if (e instanceof errors.JWKSNoMatchingKey) {
            return reject("InvalidIdentityToken", `No key of the JWKS of ${provider.issuerUrl} matches kid ${JSON.stringify(header.kid)}.`);
        }
        if (e instanceof errors.JWSSignatureVerificationFailed) {
            return reject("InvalidIdentityToken", `The token's signature does not verify against the JWKS of ${provider.issuerUrl}.`);
        }
        return reject("InvalidIdentityToken", `The token does not verify: ${(e as Error).message}.`);
    }
}

/** Runs the whole exchange; never throws for a bad token (only for a malformed trust policy). */
export async function assumeRoleWithWebIdentity(request: ExchangeRequest): Promise<ExchangeResult> {
    const { token } = request;
    const now = request.now ?? Math.floor(Date.now() / 1000);
    let header: ProtectedHeaderParameters;
    let claims: JWTPayload;
    try {
        if (token.split(".").length !== 3) throw new Error("not three parts");
        header = decodeProtectedHeader(token);
        claims = decodeJwt(token);
    } catch {
        return reject("InvalidIdentityToken", "The token is not a JWT: expected base64url(header).base64url(claims).signature.");
    }
    if (typeof claims.iss !== "string") return reject("InvalidIdentityToken", "The token has no iss claim.");
    const iss = claims.iss.replace(/\/+$/, "");
    const provider = request.providers.find((p) => p.issuerUrl.replace(/\/+$/, "") === iss);
    if (provider === undefined) return reject("InvalidIdentityToken", `No OpenIDConnect provider found in your account for ${claims.iss}.`);

    const badSignature = await verifySignature(token, header, provider);
    if (badSignature !== undefined) return badSignature;

    if (typeof claims.exp !== "number") return reject("InvalidIdentityToken", "The token has no exp claim.");
    if (now >= claims.exp) return reject("ExpiredTokenException", `Token is expired (exp ${claims.exp}, now ${now}).`);
    if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || now < claims.nbf)) {
        return reject("InvalidIdentityToken", `Token is not yet valid (nbf ${String(claims.nbf)}, now ${now}).`);
    }

    const audiences = asList(claims.aud).filter((a): a is string => typeof a === "string");
    if (audiences.length === 0) return reject("InvalidIdentityToken", "The token has no aud claim.");
    if (!audiences.some((a) => provider.clientIds.includes(a))) {
        return reject("InvalidIdentityToken", `Incorrect token audience ${JSON.stringify(claims.aud)}: ${provider.arn} accepts ${JSON.stringify(provider.clientIds)}.`);
    }
    return evaluateTrust(request.roleTrustPolicy, provider, claims);
}
