/**
 * Bad input, fuzzed: generated configs, valid and invalid (tests/helpers/arbitraries.ts).
 *
 * - every valid config builds under the fake cloud and the whole irsa-guard pack reports no violation (mandatory or
 *   advisory) over what it registers (resource policies on inputs, stack policies on outputs, as `synth` feeds them);
 * - many more valid configs pass validation (cheap: no build);
 * - every invalid config (a valid one with one mutation) throws an `IrsaConfigError` — never a `TypeError` or any
 *   other error — whose every problem starts with a path of the config, one of them naming the broken field (or
 *   its parent) with the value found there, and registers no resource and calls no data source.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import type { IrsaClusterArgs } from "../../components";
import { fromStackExport } from "../../synth/analyzer/requests";
import { FakeCloud, installFakeCloud, RecordedResource } from "../../synth/fakeCloud";
import { toStackExport } from "../../synth/stackExport";
import { ActionPool, componentNameArb, formatPath, invalidConfigArb, IssuerFor, loadActionPools, Mutation, Path, validConfigArb, valueAt } from "../helpers/arbitraries";
import { PackConfig, PackResource, runPackInProcess } from "../helpers/policyPackRunner";
import { FUZZ_SEED } from "../helpers/fuzz";

/** Runs per property; together ≥ 1,000 generated configs. Override with FUZZ_SCALE (e.g. 0.1 for a quick run). */
const SCALE = Number(process.env.FUZZ_SCALE ?? "1");
const BUILD_RUNS = Math.max(1, Math.round(100 * SCALE));
const VALIDATE_RUNS = Math.max(1, Math.round(600 * SCALE));
const INVALID_RUNS = Math.max(1, Math.round(1000 * SCALE));
/** The run's fixed seed (tests/helpers/fuzz.ts: FUZZ_SEED replays or explores another). */
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns });

/** The recorded resources as the engine would send them to the pack (the stack-export round trip `synth` uses). */
function packResourcesOf(resources: readonly RecordedResource[]): PackResource[] {
    const exported = toStackExport(resources, { project: "eks-irsa", stack: "dev", time: "1970-01-01T00:00:00Z" });
    return fromStackExport(exported.deployment.resources).map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        inputs: r.inputs,
        outputs: r.outputs,
        ...(r.parent !== undefined ? { parent: r.parent } : {}),
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        ...(r.provider !== undefined ? { provider: { urn: r.provider.urn, type: r.provider.type, name: r.provider.name, props: r.provider.inputs } } : {}),
    }));
}

/** How a value is written in a problem: its JSON, or its first 119 characters and `…` when longer than 120. */
function renderings(value: unknown): string[] {
    const json = JSON.stringify(value) ?? String(value);
    return json.length > 120 ? [json, `${json.slice(0, 119)}…`] : [json];
}

/** The starts a problem about `path` (or one of its ancestors) may have, with the value found there. */
function expectedStarts(mutation: Mutation): string[] {
    const starts: string[] = [];
    for (let depth = mutation.path.length; depth >= 1; depth--) {
        const path: Path = mutation.path.slice(0, depth);
        const at = formatPath(path);
        const value = valueAt(mutation.config, path);
        if (mutation.hidden === true && depth === mutation.path.length) {
            starts.push(`${at} (value hidden) `);
        } else if (value === undefined) {
            starts.push(`${at} is missing: `);
        } else {
            starts.push(...renderings(value).map((shown) => `${at} ${shown} `));
        }
    }
    return starts;
}

/**
 * The pack config the config's user passes: a `role-only` workload's ServiceAccount is managed outside the stack,
 * so its Deployment's ServiceAccount is listed in `deployment-service-account-exists`'s `allowedServiceAccounts`,
 * as that policy's remediation says.
 */
/** The add-ons' named allowances (Karpenter passing its node role to EC2), as an operator running them configures the pack. */
const ADDON_ALLOWANCES = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "policy-pack", "addon-allowances.json"), "utf8")) as PackConfig;

function packConfigFor(config: IrsaClusterArgs): PackConfig {
    const elsewhere = config.workloads
        .filter((w) => w.serviceAccountMode === "role-only" && w.deployment !== false)
        .map((w) => `${w.namespace}/${w.serviceAccount}`);
    return elsewhere.length > 0 ? { ...ADDON_ALLOWANCES, "deployment-service-account-exists": { allowedServiceAccounts: elsewhere } } : ADDON_ALLOWANCES;
}

const ROOTS = /^(config|cluster|oidcProvider|workloads|tags|roleNamePrefix|identity)(?=[ .[])/;

describe("fuzzed configs", function () {
    this.timeout(300_000);
    let pools: ActionPool[];
    let issuerFor: IssuerFor;
    const counts = { built: 0, validated: 0, invalid: new Map<string, number>() };

    before(async () => {
        pools = await loadActionPools();
        issuerFor = (await installFakeCloud()).issuerFor;
    });

    after(() => {
        const invalid = [...counts.invalid.values()].reduce((a, b) => a + b, 0);
        const kinds = [...counts.invalid.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`).join(", ");
        console.log(`      fuzz (seed ${FUZZ_SEED}): ${counts.built} valid built and policed, ${invalid} invalid rejected`);
        console.log(`      (${counts.validated} more valid configs validated; invalid by mutation: ${kinds})`);
    });

    it("builds every valid config, and the irsa-guard pack reports no violation over it", async () => {
        const { IrsaCluster } = await import("../../components");
        await fc.assert(
            fc.asyncProperty(componentNameArb, validConfigArb(pools, issuerFor, 4), async (name, config) => {
                const cloud: FakeCloud = await installFakeCloud();
                new IrsaCluster(name, config);
                await cloud.settle();
                // No violation at all: not even an advisory one.
                assert.deepEqual(await runPackInProcess(packResourcesOf(cloud.resources), packConfigFor(config)), []);
                assert.equal(cloud.resources.filter((r) => r.type === "eks-irsa:index:IrsaWorkload").length, config.workloads.length);
                counts.built++;
            }),
            params(BUILD_RUNS),
        );
    });

    it("accepts every valid config", async () => {
        const { validateIrsaClusterArgs } = await import("../../components");
        fc.assert(
            fc.property(componentNameArb, validConfigArb(pools, issuerFor, 8), (name, config) => {
                assert.deepEqual(validateIrsaClusterArgs(config, { componentName: name }), config);
                counts.validated++;
            }),
            params(VALIDATE_RUNS),
        );
    });

    it("rejects every invalid config with an IrsaConfigError naming the path and the value, and registers nothing", async () => {
        const cloud = await installFakeCloud();
        const { IrsaCluster, IrsaConfigError } = await import("../../components");
        fc.assert(
            fc.property(componentNameArb, invalidConfigArb(pools, issuerFor, 4), (name, mutation) => {
                let thrown: unknown;
                try {
                    new IrsaCluster(name, mutation.config as IrsaClusterArgs);
                } catch (error) {
                    thrown = error;
                }
                assert.ok(thrown instanceof IrsaConfigError, `${mutation.kind} at ${formatPath(mutation.path)}: threw ${String(thrown)}`);
                const topLevel = Object.keys(mutation.config as object);
                for (const problem of thrown.problems) {
                    assert.ok(ROOTS.test(problem) || topLevel.some((key) => problem.startsWith(`${key} `)), `no path: ${problem}`);
                }
                const starts = mutation.prefix !== undefined ? [mutation.prefix] : expectedStarts(mutation);
                // An object put where something else was (e.g. `deployment: {}`) is rightly reported by what it lacks.
                const at = formatPath(mutation.path);
                const lacks = (problem: string) => (problem.startsWith(`${at}.`) || problem.startsWith(`${at}[`)) && / is missing: /.test(problem);
                assert.ok(
                    thrown.problems.some((problem) => starts.some((start) => problem.startsWith(start)) || (mutation.prefix === undefined && lacks(problem))),
                    `${mutation.kind}: no problem starts with one of ${JSON.stringify(starts)}:\n${thrown.problems.join("\n")}`,
                );
                counts.invalid.set(mutation.kind, (counts.invalid.get(mutation.kind) ?? 0) + 1);
            }),
            params(INVALID_RUNS),
        );
        await cloud.settle();
        assert.deepEqual(cloud.resources, []);
        assert.deepEqual(cloud.invokes, []);
    });
});
