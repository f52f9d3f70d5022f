import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { createWorld, ExchangeWorld, runCase, tokenCases, TrustPins } from "./tokenCases";

// The adversarial token table against hand-written trust policies: the IRSA shape the component renders,
// and the two insecure shapes of the seeds. The insecure ones must accept what the IRSA shape rejects:
// that acceptance is the reason each trust rule exists.

const ISSUER = "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const WORKLOAD = { namespace: "shop", serviceAccount: "s3-reader" };
const ENV = { issuerUrl: ISSUER, providerArn: PROVIDER_ARN, clientIds: ["sts.amazonaws.com"], allowedBy: "Statement 0" };

const fixtures: { file: string; title: string; pins: TrustPins; accepted: number }[] = [
    { file: "irsa-trust.json", title: "the IRSA trust (StringEquals on :sub and :aud)", pins: { sub: true, aud: true }, accepted: 1 },
    { file: "seed-004-aud-only-trust.json", title: "seed 004's aud-only trust", pins: { sub: false, aud: true }, accepted: 16 },
    { file: "seed-001-sub-only-trust.json", title: "seed 001's sub-only trust", pins: { sub: true, aud: false }, accepted: 2 },
];

describe("token exchange against hand-written trust policies", () => {
    let world: ExchangeWorld;

    before(async () => {
        world = await createWorld(ENV);
    });

    for (const f of fixtures) {
        describe(f.title, () => {
            const trust = fs.readFileSync(path.join(__dirname, "fixtures", f.file), "utf8");
            const cases = tokenCases(WORKLOAD, ENV, f.pins);

            it(`accepts exactly ${f.accepted} of the ${cases.length} tokens`, () => {
                assert.equal(cases.filter((c) => c.expected.allowed).length, f.accepted);
            });

            for (const c of cases) {
                it(`${c.expected.allowed ? "accepts" : "rejects"} ${c.name}`, async () => {
                    const result = await runCase(c, world, trust);
                    assert.deepEqual({ allowed: result.allowed, code: result.code, reason: result.reason }, c.expected);
                });
            }
        });
    }
});
