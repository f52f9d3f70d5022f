import { strict as assert } from "node:assert";
import { Suite, Test } from "mocha";
import { createTestIssuer, TestIssuer } from "../helpers/oidcIssuer";
import { ACCESS_DENIED, assumeRoleWithWebIdentity, issuerUrlOfProviderArn, OidcProvider } from "../helpers/stsExchange";
import { readSynthPlan, StackRole, SynthPlan } from "./stackRoles";
import { createWorld, NOW, runCase, tokenCases } from "./tokenCases";
import { eksIrsa } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

// End to end over several clusters and accounts: `eks-irsa synth --stack multi-cluster`, then, for every role, the
// adversarial token table against EVERY trust statement (each cluster as "own"), and the cases across clusters:
// the token of a listed cluster's ServiceAccount is accepted; the same ServiceAccount of a cluster the role does not
// list is refused; a listed cluster's token presented under another listed cluster's issuer is refused.

const STS = ["sts.amazonaws.com"];

/** The OIDC statements of a trust: provider ARN and the statement's name as the exchange reports it. */
function oidcStatements(trust: Record<string, unknown>): { providerArn: string; allowedBy: string }[] {
    const statements = (Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement]) as Record<string, unknown>[];
    return statements.flatMap((s, i) => {
        const federated = (s.Principal as { Federated?: unknown } | undefined)?.Federated;
        return typeof federated === "string" && federated.includes(":oidc-provider/") ? [{ providerArn: federated, allowedBy: `Statement ${i}` }] : [];
    });
}

describe("token exchange against the multi-cluster stack (eks-irsa synth --stack multi-cluster)", function () {
    let plan: SynthPlan | undefined;

    before(async function () {
        this.timeout(300_000);
        const out = tempDir("eks-irsa-multi-");
        const run = eksIrsa(["synth", "--stack", "multi-cluster", "--out", out, "--json"], { timeout: 240_000 });
        if (run.status !== 0) throw new Error(`synth --stack multi-cluster exited ${String(run.status ?? run.signal)}:\n${run.stderr}${run.stdout}`);
        plan = readSynthPlan(out);
        const parent = this.test?.parent;
        if (parent === undefined) throw new Error("mocha gave the hook no parent suite.");
        for (const role of plan.roles) await addRoleSuites(parent, role);
    });

    async function addRoleSuites(parent: Suite, role: StackRole): Promise<void> {
        const statements = oidcStatements(role.trust);
        const { namespace, serviceAccount } = role.identity;
        // Every statement: the whole table with that statement's cluster as the workload's own.
        for (const statement of statements) {
            const env = { issuerUrl: issuerUrlOfProviderArn(statement.providerArn), providerArn: statement.providerArn, clientIds: STS, allowedBy: statement.allowedBy };
            const world = await createWorld(env);
            const suite = Suite.create(parent, `role ${role.workload} (${role.arn}), ${statement.allowedBy} (${env.issuerUrl})`);
            for (const c of tokenCases(role.identity, env, { sub: true, aud: true })) {
                suite.addTest(
                    new Test(`${c.expected.allowed ? "accepts" : "rejects"} ${c.name}`, async () => {
                        const result = await runCase(c, world, role.trust);
                        assert.deepEqual({ allowed: result.allowed, code: result.code, reason: result.reason }, c.expected, result.detail.join("\n"));
                    }),
                );
            }
        }
        // Across clusters: every listed cluster's provider is registered in the role's account, plus an unlisted one.
        const issuers: TestIssuer[] = await Promise.all(statements.map((s) => createTestIssuer(issuerUrlOfProviderArn(s.providerArn))));
        const account = statements[0]!.providerArn.split(":")[4]!;
        const unlisted = await createTestIssuer("https://oidc.eks.us-west-2.amazonaws.com/id/0000000000000000000000000000UNLI");
        const providers: OidcProvider[] = [...issuers, unlisted].map((issuer) => ({
            arn: `arn:aws:iam::${account}:oidc-provider/${issuer.issuerUrl.replace(/^https:\/\//, "")}`,
            issuerUrl: issuer.issuerUrl,
            jwks: issuer.jwks,
            clientIds: STS,
        }));
        const exchange = (token: string) => assumeRoleWithWebIdentity({ token, roleTrustPolicy: role.trust, providers, now: NOW });
        const suite = Suite.create(parent, `role ${role.workload} (${role.arn}) across its ${statements.length} clusters`);
        statements.forEach((statement, i) => {
            const issuer = issuers[i]!;
            suite.addTest(
                new Test(`accepts ${namespace}/${serviceAccount} of ${issuer.issuerUrl} by ${statement.allowedBy}`, async () => {
                    const result = await exchange(await issuer.mint({ now: NOW, namespace, serviceAccount }));
                    assert.deepEqual([result.allowed, result.reason], [true, `OK: allowed by ${statement.allowedBy}`], result.detail.join("\n"));
                }),
            );
            const other = issuers[(i + 1) % issuers.length]!;
            if (other !== issuer) {
                suite.addTest(
                    new Test(`rejects a token of ${issuer.issuerUrl} presented under the issuer ${other.issuerUrl}`, async () => {
                        const token = await other.mint({ now: NOW, namespace, serviceAccount, signWith: issuer.signingKey, header: { kid: issuer.signingKey.kid } });
                        const result = await exchange(token);
                        assert.deepEqual([result.allowed, result.code], [false, "InvalidIdentityToken"], result.detail.join("\n"));
                    }),
                );
            }
        });
        suite.addTest(
            new Test(`rejects ${namespace}/${serviceAccount} of a cluster the role does not list, though its provider is in the account`, async () => {
                const result = await exchange(await unlisted.mint({ now: NOW, namespace, serviceAccount }));
                assert.deepEqual([result.allowed, result.reason], [false, ACCESS_DENIED], result.detail.join("\n"));
            }),
        );
    }

    it("reads one trust document per role, each matching a role of stack.json", () => {
        assert.deepEqual(plan?.problems, []);
    });

    it("has a role trusting three clusters and a role in the data account trusting two", () => {
        const roles = plan?.roles ?? [];
        assert.deepEqual(
            roles.map((r) => [r.workload, r.arn.split(":")[4], oidcStatements(r.trust).length]).sort(),
            [
                ["orders", "123456789012", 3],
                ["reports", "444455556666", 2],
            ],
        );
    });
});
