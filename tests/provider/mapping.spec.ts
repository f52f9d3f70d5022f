import * as assert from "node:assert/strict";
import fc from "fast-check";
import "../helpers/fuzz";
import type { IrsaClusterArgs as TypeScriptArgs } from "../../components";
import { toTypeScriptArgs, ResolvedArgs } from "../../provider/toTypeScriptArgs";
import { installFakeCloud } from "../../synth/fakeCloud";
import { ActionPool, componentNameArb, IssuerFor, loadActionPools, validConfigArb } from "../helpers/arbitraries";
import { componentProvider, plan } from "../helpers/componentPackage";
import { buildCluster } from "../helpers/fakeCloudBuild";

type Json = Record<string, unknown>;

/** Condition values as lists of strings, the only form the multi-language args have (the same condition for IAM). */
function conditionLists(conditions: unknown): unknown {
    if (conditions === undefined) return undefined;
    return Object.fromEntries(
        Object.entries(conditions as Record<string, Record<string, unknown>>).map(([operator, keys]) => [
            operator,
            Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : [String(value)]])),
        ]),
    );
}

function withConditionLists(statements: unknown): unknown {
    return Array.isArray(statements)
        ? statements.map((s: Json) => (s.conditions === undefined ? s : { ...s, conditions: conditionLists(s.conditions) }))
        : statements;
}

/** A TypeScript config with its condition values as lists. */
function typeScriptWithLists(config: TypeScriptArgs): TypeScriptArgs {
    const copy = JSON.parse(JSON.stringify(config)) as { workloads: Json[] };
    copy.workloads = copy.workloads.map((w) => {
        const out: Json = { ...w, ...(w.statements !== undefined ? { statements: withConditionLists(w.statements) } : {}) };
        const podIdentity = w.podIdentity as Json | undefined;
        if (podIdentity?.sessionPolicy !== undefined) out.podIdentity = { ...podIdentity, sessionPolicy: withConditionLists(podIdentity.sessionPolicy) };
        return out;
    });
    return copy as unknown as TypeScriptArgs;
}

/** The same config as a Python or YAML program writes it: no `deployment: false`, `verify: {}` for `verify: true`. */
function asMultiLanguage(config: TypeScriptArgs): Json {
    const copy = JSON.parse(JSON.stringify(config)) as { workloads: Json[] };
    copy.workloads = copy.workloads.map((w) => {
        const out: Json = { ...w };
        if (out.deployment === false) delete out.deployment;
        if (out.verify === false) delete out.verify;
        if (out.verify === true) out.verify = {};
        return out;
    });
    return copy;
}

describe("toTypeScriptArgs (multi-language args → the TypeScript config)", () => {
    it("says `deployment: false` for a workload without one and drops null fields, changing nothing else", () => {
        const args = {
            cluster: { mode: "adopt", name: "sandbox", podIdentityAgent: null },
            oidcProvider: { mode: "lookup", arn: null },
            workloads: [
                { name: "a", namespace: "apps", serviceAccount: "a", verify: {}, deployment: null },
                { name: "b", namespace: "apps", serviceAccount: "b", deployment: { image: "nginx:1.27", env: { A: "1" } } },
            ],
        } as unknown as ResolvedArgs;
        assert.deepEqual(toTypeScriptArgs(args), {
            cluster: { mode: "adopt", name: "sandbox" },
            oidcProvider: { mode: "lookup" },
            workloads: [
                { name: "a", namespace: "apps", serviceAccount: "a", verify: {}, deployment: false },
                { name: "b", namespace: "apps", serviceAccount: "b", deployment: { image: "nginx:1.27", env: { A: "1" } } },
            ],
        });
    });

    describe("on generated valid configs", () => {
        let pools: ActionPool[];
        let issuerFor: IssuerFor;
        before(async () => {
            pools = await loadActionPools();
            issuerFor = (await installFakeCloud()).issuerFor;
        });

        it("makes the component package build exactly what the TypeScript IrsaCluster builds", async () => {
            await fc.assert(
                fc.asyncProperty(componentNameArb, validConfigArb(pools, issuerFor, 3), async (name, generated) => {
                    const config = typeScriptWithLists(generated);
                    const expected = plan(await buildCluster(config, name));
                    const cloud = await installFakeCloud();
                    await componentProvider().construct(name, "eks-irsa:index:IrsaCluster", asMultiLanguage(config), {});
                    await cloud.settle();
                    assert.deepEqual(plan(cloud), expected);
                }),
                { numRuns: 6 },
            );
        });
    });
});
