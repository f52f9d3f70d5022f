/**
 * Issue 20, classes 1, 2, 7, 8 and 9, from the attacker's side: trust and permission documents IAM accepts that let in
 * more than they look like they do (each must meet the mandatory policies listed), and safe look-alikes (no mandatory
 * finding; their advisories listed). Cases live in tests/fixtures/adversarial/trust/*.json and
 * tests/fixtures/adversarial/permissions/class7-*.json, each with the attack (`why`) and the exact policies expected.
 *
 * Every case runs twice: every policy of the pack called directly with complete validation args (policyHarness.ts),
 * and the whole pack through the product's analyzer (policyPackRunner.ts: the SDK's Analyze/AnalyzeStack handlers fed
 * the engine's requests), which must agree.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy-pack/policies";
import { HarnessResource, PolicyNotApplicable, runResourcePolicy, runStackPolicy, testUrn } from "../helpers/policyHarness";
import { runPackInProcess } from "../helpers/policyPackRunner";

const ROOT = path.resolve(__dirname, "..", "fixtures", "adversarial");
const FILES = [
    ...fs.readdirSync(path.join(ROOT, "trust")).map((f) => path.join("trust", f)),
    ...fs.readdirSync(path.join(ROOT, "permissions")).filter((f) => /^class7-/.test(f)).map((f) => path.join("permissions", f)),
]
    .filter((f) => f.endsWith(".json"))
    .sort();

/** One case: a trust (a Role's `assumeRolePolicy`), a permission document (a `Policy`), or resources together. */
interface Case {
    readonly name: string;
    /** The attack, or why the look-alike is safe. */
    readonly why: string;
    readonly trust?: object;
    readonly document?: object;
    readonly resources?: readonly HarnessResource[];
    /** Mandatory policies that report it, sorted; `[]` for a safe look-alike. */
    readonly mandatory: readonly string[];
    /** Advisory policies that report it, sorted. */
    readonly advisory: readonly string[];
}

function resourcesOf(c: Case): readonly HarnessResource[] {
    if (c.resources !== undefined) return c.resources;
    return c.trust !== undefined
        ? [{ type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: JSON.stringify(c.trust) } }]
        : [{ type: "aws:iam/policy:Policy", name: "p", props: { policy: JSON.stringify(c.document) } }];
}

/** `{ mandatory, advisory }`: the policies with at least one finding, each list sorted. */
async function harnessFindings(c: Case): Promise<{ mandatory: string[]; advisory: string[] }> {
    const found = { mandatory: new Set<string>(), advisory: new Set<string>() };
    const resources = resourcesOf(c);
    for (const policy of policies) {
        const level = policy.enforcementLevel === "mandatory" ? "mandatory" : "advisory";
        if ("validateStack" in policy) {
            if ((await runStackPolicy(policy as StackValidationPolicy, resources)).length > 0) found[level].add(policy.name);
            continue;
        }
        for (const r of resources) {
            try {
                if ((await runResourcePolicy(policy as ResourceValidationPolicy, r)).length > 0) found[level].add(policy.name);
            } catch (e) {
                if (!(e instanceof PolicyNotApplicable)) throw e;
            }
        }
    }
    return { mandatory: [...found.mandatory].sort(), advisory: [...found.advisory].sort() };
}

async function analyzerFindings(c: Case): Promise<{ mandatory: string[]; advisory: string[] }> {
    const resources = resourcesOf(c).map((r) => ({ urn: r.urn ?? testUrn(r.type, r.name ?? "r"), type: r.type, name: r.name ?? "r", inputs: r.props }));
    const violations = await runPackInProcess(resources);
    const names = (level: string) => [...new Set(violations.filter((v) => v.enforcementLevel === level).map((v) => v.policyName))].sort();
    return { mandatory: names("mandatory"), advisory: names("advisory") };
}

for (const file of FILES) {
    const cases = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Case[];
    describe(`adversarial trust and conditions: ${file}`, function () {
        this.timeout(60_000);
        for (const c of cases) {
            const verdict = c.mandatory.length === 0 ? `passes${c.advisory.length > 0 ? ` with ${c.advisory.join(", ")} (advisory)` : ""}` : `blocks (${c.mandatory.join(", ")})`;
            it(`${verdict}: ${c.name}`, async () => {
                const expected = { mandatory: [...c.mandatory], advisory: [...c.advisory] };
                assert.deepEqual(await harnessFindings(c), expected);
                assert.deepEqual(await analyzerFindings(c), expected);
            });
        }
    });
}

describe("the adversarial corpus of issue 20 (classes 1, 2, 7, 8, 9)", () => {
    it("names the attack of every case and holds several attacks and safe look-alikes per class", () => {
        const counts = FILES.map((file) => {
            const cases = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Case[];
            for (const c of cases) assert.ok(c.why.length > 10 && c.name.length > 5, `${file}: ${c.name}`);
            return [file, cases.filter((c) => c.mandatory.length > 0).length >= 2, cases.filter((c) => c.mandatory.length === 0).length >= 2];
        });
        assert.deepEqual(
            counts,
            FILES.map((f) => [f, true, true]),
        );
    });
});
