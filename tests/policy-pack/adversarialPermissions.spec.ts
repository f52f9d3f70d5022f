/**
 * Issue 20, classes 3–6, from the attacker's side: documents IAM accepts that grant more than they look like they
 * do (each must meet a mandatory finding of the policy named), and safe look-alikes (no mandatory finding at all).
 * Cases live in tests/fixtures/adversarial/permissions/<class>.json; every mandatory policy of the pack runs on each,
 * resource policies on each resource, stack policies on the case's resources together.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy-pack/policies";
import { HarnessResource, PolicyNotApplicable, runResourcePolicy, runStackPolicy } from "../helpers/policyHarness";

const DIR = path.resolve(__dirname, "..", "fixtures", "adversarial", "permissions");

/** One case: a permission document (as an `aws:iam/policy:Policy`) or a set of resources. */
interface Case {
    readonly name: string;
    /** What the attacker gains, or why the look-alike is safe. */
    readonly why: string;
    readonly document?: object;
    readonly resources?: readonly HarnessResource[];
    /** The mandatory policies that must report it, sorted; `[]` for a safe look-alike. */
    readonly mandatory: readonly string[];
}

async function mandatoryFindings(c: Case): Promise<string[]> {
    const resources: readonly HarnessResource[] = c.resources ?? [{ type: "aws:iam/policy:Policy", name: "p", props: { policy: JSON.stringify(c.document) } }];
    const found = new Set<string>();
    for (const policy of policies) {
        if (policy.enforcementLevel !== "mandatory") continue;
        if ("validateStack" in policy) {
            if ((await runStackPolicy(policy as StackValidationPolicy, resources)).length > 0) found.add(policy.name);
            continue;
        }
        for (const r of resources) {
            try {
                if ((await runResourcePolicy(policy as ResourceValidationPolicy, r)).length > 0) found.add(policy.name);
            } catch (e) {
                if (!(e instanceof PolicyNotApplicable)) throw e;
            }
        }
    }
    return [...found].sort();
}

for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith(".json")).sort()) {
    const cases = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Case[];
    describe(`adversarial permissions: ${file}`, function () {
        this.timeout(60_000);
        for (const c of cases) {
            it(`${c.mandatory.length === 0 ? "passes" : "blocks"} ${c.name}`, async () => {
                assert.deepEqual(await mandatoryFindings(c), c.mandatory);
            });
        }
    });
}
