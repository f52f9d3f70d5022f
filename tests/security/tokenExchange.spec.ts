import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { Suite, Test } from "mocha";
import { OtherRole, readSynthPlan, StackRole, SynthPlan } from "./stackRoles";
import { sharedSynth } from "../helpers/sharedSynth";
import { ACCESS_DENIED } from "../helpers/stsExchange";
import { createWorld, ExchangeWorld, runCase, TokenCase, tokenCases } from "./tokenCases";

// End to end: run the product (`eks-irsa synth` on the example stack), take the trust policy of every role it
// creates, and throw the adversarial token table at each one through the STS exchange. Only the workload's
// own token (the ServiceAccount the stack annotates with the role's ARN) may get the role.

const ROOT = path.resolve(__dirname, "..", "..");
const COMMAND = "node scripts/eks-irsa.js synth --out <tmpdir> --json";
const REPORT = path.join(ROOT, "out", "security-report.json");

/** Per role: how many tokens were tried and which were accepted. */
interface RoleTally {
    workload: string;
    role: string;
    serviceAccount: string;
    tried: number;
    accepted: string[];
}

describe("token exchange against the example stack (eks-irsa synth)", function () {
    let plan: SynthPlan | undefined;

    /** The plan `before` read (its failure fails every test). */
    function read(): SynthPlan {
        if (plan === undefined) throw new Error("synth produced no plan.");
        return plan;
    }
    const tallies: RoleTally[] = [];
    let out: string | undefined;

    before(async function () {
        this.timeout(300_000);
        // The run other spec files make too, shared (../helpers/sharedSynth.ts): read-only.
        const run = sharedSynth("--json");
        out = run.out;
        // 0: clean, 1: policy violations (the plan is still written); anything else means no plan.
        if (run.status !== 0 && run.status !== 1) {
            throw new Error(`${COMMAND} exited ${String(run.status ?? run.signal)}:\n${run.stderr}${run.stdout}`);
        }
        plan = readSynthPlan(out);
        const parent = this.test?.parent;
        if (parent === undefined) throw new Error("mocha gave the hook no parent suite.");
        const attacked = await Promise.all(plan.roles.map(async (role) => ({ role, world: await createWorld(envOf(role)) })));
        for (const { role, world } of attacked) addRoleSuite(parent, role, world);
        for (const role of plan.otherRoles) addOtherRoleSuite(parent, role, attacked);
    });

    function envOf(role: StackRole): ExchangeWorld["env"] {
        return { issuerUrl: role.issuerUrl, providerArn: role.providerArn, clientIds: role.clientIds, allowedBy: role.allowedBy };
    }

    /** A test that runs one case against one trust document and counts it. */
    function caseTest(title: string, c: TokenCase, world: ExchangeWorld, trust: object, tally: RoleTally): Test {
        return new Test(title, async () => {
            const result = await runCase(c, world, trust);
            tally.tried += 1;
            if (result.allowed) tally.accepted.push(title);
            assert.deepEqual({ allowed: result.allowed, code: result.code, reason: result.reason }, c.expected, result.detail.join("\n"));
        });
    }

    /** One suite per role, one test per token case: a failure names the role and the case. */
    function addRoleSuite(parent: Suite, role: StackRole, world: ExchangeWorld): void {
        const { namespace, serviceAccount } = role.identity;
        const tally: RoleTally = { workload: role.workload, role: role.arn, serviceAccount: `${namespace}/${serviceAccount}`, tried: 0, accepted: [] };
        tallies.push(tally);
        const suite = Suite.create(parent, `role ${role.workload} (${role.arn}) for ${namespace}/${serviceAccount}`);
        for (const c of tokenCases(role.identity, envOf(role), { sub: true, aud: true })) {
            suite.addTest(caseTest(`${c.expected.allowed ? "accepts" : "rejects"} ${c.name}`, c, world, role.trust, tally));
        }
    }

    /** A role that trusts no OIDC provider (the node role): no workload's own token may assume it. */
    function addOtherRoleSuite(parent: Suite, role: OtherRole, workloads: { role: StackRole; world: ExchangeWorld }[]): void {
        const tally: RoleTally = { workload: role.workload, role: role.arn, serviceAccount: "(none)", tried: 0, accepted: [] };
        tallies.push(tally);
        const suite = Suite.create(parent, `role ${role.workload} (${role.arn}), trusting no OIDC provider`);
        for (const { role: w, world } of workloads) {
            const own = tokenCases(w.identity, envOf(w), { sub: true, aud: true })[0];
            if (own === undefined) throw new Error("the token table is empty.");
            const c: TokenCase = { ...own, expected: { allowed: false, code: "AccessDenied", reason: ACCESS_DENIED } };
            suite.addTest(caseTest(`rejects the token of ${w.identity.namespace}/${w.identity.serviceAccount}`, c, world, role.trust, tally));
        }
    }

    it("reads one trust document per role, each matching a role of stack.json", () => {
        assert.deepEqual(read().problems, []);
    });

    it("finds the workload of every role on the ServiceAccount annotated with the role's ARN", () => {
        assert.deepEqual(
            read().roles.filter((r) => r.identitySource === "trust :sub").map((r) => r.workload),
            [],
        );
    });

    it("attacks at least one role", () => {
        assert.notEqual(read().roles.length, 0);
    });

    after(() => {
        // No plan: synth failed and the hook's error says why; keep the last good report.
        if (plan === undefined) return;
        const tried = tallies.reduce((n, t) => n + t.tried, 0);
        const accepted = tallies.reduce((n, t) => n + t.accepted.length, 0);
        const workloads = new Set(plan.roles.map((r) => r.arn));
        const oneEach = tallies.every((t) => t.accepted.length === (workloads.has(t.role) ? 1 : 0)) ? " (one per workload)" : "";
        const line = `token exchange: ${tried} tried, ${accepted} accepted${oneEach}, ${tried - accepted} rejected`;
        console.log(`      ${line}`);
        fs.mkdirSync(path.dirname(REPORT), { recursive: true });
        const report = {
            tokenExchange: {
                summary: line,
                command: "TS_NODE_TRANSPILE_ONLY=true npx mocha --no-config -r ts-node/register --extension ts tests/security/tokenExchange.spec.ts",
                synth: COMMAND,
                tried,
                accepted,
                rejected: tried - accepted,
                roles: tallies,
            },
        };
        fs.writeFileSync(REPORT, JSON.stringify(report, null, 2) + "\n");
    });
});
