/**
 * Stable updates: what `pulumi up` would do to the other resources when the config changes.
 *
 * Two builds under the fake cloud, compared resource by resource, keyed by URN (what the engine keys its state by):
 * a resource with the same URN and the same inputs, parent and provider is left alone by `pulumi up`; a URN that
 * disappears is deleted; one that appears is created; changed inputs are updated or replaced.
 *
 * - Adding, removing or reordering one workload (random valid configs) touches exactly that workload's resources,
 *   plus its namespace's Namespace when it was the namespace's only workload (the Namespace belongs to the cluster
 *   component and lives as long as one workload needs it). `IrsaCluster`'s own outputs (the `workloads` map) gain or
 *   lose that workload's entry: outputs of a component, which no cloud resource sees.
 * - Renaming the component (`aliases` on its options, `roleNamePrefix`) or a workload (`previousNames`): every
 *   resource's new URN aliases its old URN, as the Pulumi engine computes aliases from the alias specs the
 *   component sends (children inherit their parent's alias, with the parent's name prefix replaced), and every
 *   input is the same once URNs are read through the aliases: nothing is created, deleted or replaced.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import "../helpers/fuzz";
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { createsNamespace } from "../../components";
import { installFakeCloud, RecordedResource, stableHex } from "../../synth/fakeCloud";
import { engineUrn } from "../../synth/urn";
import { ActionPool, componentNameArb, labelArb, loadActionPools, validConfigArb } from "../helpers/arbitraries";
import type { IssuerFor } from "../helpers/arbitraries";

const RUNS = Math.max(1, Math.round(Number(process.env.FUZZ_SCALE ?? "1") * 24));
const RENAME_RUNS = Math.max(1, Math.round(Number(process.env.FUZZ_SCALE ?? "1") * 8));

/** An alias as the SDK sends it in the register request (`Alias` proto): a URN, or a spec the engine resolves. */
interface SentAlias {
    urn?: string;
    name?: string;
    type?: string;
    parentUrn?: string;
    noParent?: boolean;
}

interface AliasProto {
    getUrn(): string;
    getSpec(): { getName(): string; getType(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

interface Build {
    resources: RecordedResource[];
    /** The aliases each resource's register request carried, by URN. */
    sent: Map<string, SentAlias[]>;
}

/**
 * Wraps the mock monitor's `registerResource` (already wrapped by the fake cloud's recorder) to keep each request's
 * aliases: the recorder does not carry them.
 */
function recordAliases(): Map<string, SentAlias[]> {
    type Register = (req: { getAliasesList(): AliasProto[] }, cb: (err: unknown, resp?: { getUrn(): string }) => void) => Promise<void>;
    const monitor = settings.getMonitor() as unknown as { registerResource: Register };
    const inner = monitor.registerResource.bind(monitor);
    const sent = new Map<string, SentAlias[]>();
    monitor.registerResource = (req, cb) =>
        inner(req, (err, resp) => {
            if (!err && resp) {
                sent.set(
                    resp.getUrn(),
                    req.getAliasesList().map((alias) => {
                        const spec = alias.getSpec();
                        if (spec === undefined) {
                            return { urn: alias.getUrn() };
                        }
                        return {
                            ...(spec.getName() !== "" ? { name: spec.getName() } : {}),
                            ...(spec.getType() !== "" ? { type: spec.getType() } : {}),
                            ...(spec.getParenturn() !== "" ? { parentUrn: spec.getParenturn() } : {}),
                            ...(spec.getNoparent() ? { noParent: true } : {}),
                        };
                    }),
                );
            }
            cb(err, resp);
        });
    return sent;
}

async function build(name: string, config: IrsaClusterArgs, opts?: pulumi.ComponentResourceOptions): Promise<Build> {
    const cloud = await installFakeCloud();
    const sent = recordAliases();
    const { IrsaCluster } = await import("../../components");
    new IrsaCluster(name, config, opts);
    await cloud.settle();
    return { resources: cloud.resources, sent };
}

// ---------------------------------------------------------------------------------------------
// URNs and aliases, as the engine computes them
// ---------------------------------------------------------------------------------------------

const nameOf = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/**
 * A child's URN under `parentUrn`, as the engine (and the fake cloud) builds URNs: the parent's whole type chain,
 * `$`, the type (`synth/urn.ts`).
 */
function childUrn(parentUrn: string | undefined, type: string, name: string): string {
    return engineUrn("dev", "eks-irsa", parentUrn ?? "", type, name);
}

/**
 * The alias URNs the engine derives for each resource (step generator's `generateAliases`): its own aliases
 * resolved against its name, type and parent, plus, for each alias of its parent, the URN under that alias of the
 * resource and of each of its own aliases, with the parent's name prefix of the name replaced by the alias's name
 * (`inheritedChildAlias`).
 */
function engineAliases(build: Build): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const r of build.resources) {
        const own = (build.sent.get(r.urn) ?? []).map((alias) =>
            alias.urn ?? childUrn(alias.noParent === true ? undefined : (alias.parentUrn ?? r.parent), alias.type ?? r.type, alias.name ?? r.name),
        );
        const parentName = r.parent !== undefined ? nameOf(r.parent) : "";
        const inherit = (parentAlias: string, type: string, name: string): string =>
            childUrn(parentAlias, type, name.startsWith(parentName) ? nameOf(parentAlias) + name.slice(parentName.length) : name);
        const inherited = (r.parent !== undefined ? (result.get(r.parent) ?? []) : []).flatMap((parentAlias) => [
            inherit(parentAlias, r.type, r.name),
            ...own.map((alias) => inherit(parentAlias, alias.split("::")[2]!.split("$").pop()!, nameOf(alias))),
        ]);
        result.set(r.urn, [...new Set([...own, ...inherited])]);
    }
    return result;
}

/**
 * How values of a renamed resource read in the former build: its URN (and `<urn>::<id>` provider references) is its
 * former URN; its auto-name (the fake cloud's `<logical name>-<7 hex>`) and its id are its former ones, because the
 * engine keeps an aliased resource's state (the provider checks the new inputs against it), while the fake cloud
 * derives both from the logical name.
 */
interface Renames {
    urns: Map<string, string>;
    values: [string, string][];
}

const autoName = (urn: string): string => `${nameOf(urn)}-${stableHex(nameOf(urn), 7)}`;

function throughAliases(value: unknown, renames: Renames): unknown {
    if (typeof value === "string") {
        for (const [from, to] of renames.urns) {
            if (value === from || value.startsWith(`${from}::`)) {
                return to + value.slice(from.length);
            }
        }
        return renames.values.reduce((text, [from, to]) => text.split(from).join(to), value);
    }
    if (Array.isArray(value)) {
        return value.map((item) => throughAliases(item, renames));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, throughAliases(item, renames)]));
    }
    return value;
}

const NO_RENAMES: Renames = { urns: new Map(), values: [] };

/**
 * What `pulumi up` compares: type, parent, provider and inputs (read through `renames`). The provider is compared by
 * URN: its id is state the engine keeps through an alias.
 */
function desired(r: RecordedResource, renames: Renames = NO_RENAMES): unknown {
    const provider = r.provider?.slice(0, r.provider.lastIndexOf("::"));
    return throughAliases({ type: r.type, custom: r.custom, parent: r.parent, provider, inputs: r.inputs }, renames);
}

/**
 * Asserts that `after` is `before` renamed: each URN of `after` is either in `before` or aliases exactly one URN
 * of `before` that `after` no longer has, every URN of `before` is accounted for, and every resource is unchanged
 * once read through the aliases. Returns the URN renames.
 */
function assertRenamedOnly(before: Build, after: Build): Map<string, string> {
    const old = new Map(before.resources.map((r) => [r.urn, r]));
    const aliases = engineAliases(after);
    const renames: Renames = { urns: new Map(), values: [] };
    for (const r of after.resources) {
        if (old.has(r.urn)) {
            continue;
        }
        const matches = (aliases.get(r.urn) ?? []).filter((alias) => old.has(alias) && !after.resources.some((a) => a.urn === alias));
        assert.equal(matches.length, 1, `${r.urn} aliases ${JSON.stringify(matches)} of the former URNs`);
        const former = old.get(matches[0]!)!;
        renames.urns.set(r.urn, former.urn);
        renames.values.push([autoName(r.urn), autoName(former.urn)]);
        if (r.id !== undefined && former.id !== undefined && r.id !== former.id) {
            renames.values.push([r.id, former.id]);
        }
    }
    assert.deepEqual(
        [...new Set([...after.resources.map((r) => renames.urns.get(r.urn) ?? r.urn)])].sort(),
        [...old.keys()].sort(),
        "every former resource is kept, none created",
    );
    for (const r of after.resources) {
        const former = old.get(renames.urns.get(r.urn) ?? r.urn)!;
        assert.deepEqual(desired(r, renames), desired(former), `${r.urn} changed`);
    }
    return renames.urns;
}

// ---------------------------------------------------------------------------------------------
// Which resources belong to a workload
// ---------------------------------------------------------------------------------------------

/** The URNs of a workload's `IrsaWorkload` and everything under it. */
function workloadUrns(build: Build, componentName: string, workload: WorkloadSpec): Set<string> {
    const component = build.resources.find((r) => r.type === "eks-irsa:index:IrsaWorkload" && r.name === `${componentName}-${workload.name}`);
    assert.ok(component, `no IrsaWorkload for ${workload.name}`);
    const owned = new Set([component.urn]);
    for (const r of build.resources) {
        if (r.parent !== undefined && owned.has(r.parent)) {
            owned.add(r.urn);
        }
    }
    return owned;
}

/** The URN of the Namespace the cluster component creates for `namespace`. */
function namespaceUrn(componentName: string, namespace: string): string {
    return `urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaCluster$kubernetes:core/v1:Namespace::${componentName}-ns-${namespace}`;
}

/**
 * Asserts that `small` (the config without `workload`) and `large` (with it) differ by exactly the workload's
 * resources, plus its Namespace when no other workload lives there, and that every other resource is identical.
 */
function assertOnlyWorkloadDiffers(small: Build, large: Build, componentName: string, config: IrsaClusterArgs, workload: WorkloadSpec): void {
    const expected = workloadUrns(large, componentName, workload);
    const alone = config.workloads.every((w) => w === workload || w.namespace !== workload.namespace);
    if (alone && createsNamespace(workload, config.cluster.mode)) {
        expected.add(namespaceUrn(componentName, workload.namespace));
    }
    const smallUrns = new Set(small.resources.map((r) => r.urn));
    assert.deepEqual(large.resources.filter((r) => !smallUrns.has(r.urn)).map((r) => r.urn).sort(), [...expected].sort());
    assert.deepEqual(small.resources.filter((r) => !large.resources.some((l) => l.urn === r.urn)), []);
    const byUrn = new Map(large.resources.map((r) => [r.urn, r]));
    for (const r of small.resources) {
        assert.deepEqual(desired(byUrn.get(r.urn)!), desired(r), `${r.urn} changed`);
    }
}

// ---------------------------------------------------------------------------------------------

describe("stable updates", function () {
    this.timeout(300_000);
    let pools: ActionPool[];
    let issuerFor: IssuerFor;

    before(async () => {
        pools = await loadActionPools();
        issuerFor = (await installFakeCloud()).issuerFor;
    });

    describe("adding, removing or reordering one workload", () => {
        it("changes no URN and no input of any resource of another workload", async () => {
            const change = fc.constantFrom("add" as const, "remove" as const, "reorder" as const);
            await fc.assert(
                fc.asyncProperty(componentNameArb, validConfigArb(pools, issuerFor, 4, 2), fc.nat(), change, async (name, config, pick, how) => {
                    const index = pick % config.workloads.length;
                    const workload = config.workloads[index]!;
                    const others = config.workloads.filter((_, i) => i !== index);
                    if (how === "reorder") {
                        // The workload moves to the other end of the list.
                        const moved = index === 0 ? [...others, workload] : [workload, ...others];
                        const before = await build(name, config);
                        const after = await build(name, { ...config, workloads: moved });
                        assert.deepEqual(after.resources.map((r) => r.urn).sort(), before.resources.map((r) => r.urn).sort());
                        const byUrn = new Map(before.resources.map((r) => [r.urn, r]));
                        for (const r of after.resources) {
                            assert.deepEqual(desired(r), desired(byUrn.get(r.urn)!), `${r.urn} changed`);
                        }
                        return;
                    }
                    // "add": the workload joins a config without it; "remove": it leaves; the same two builds, compared.
                    const without = await build(name, { ...config, workloads: others });
                    const withIt = await build(name, config);
                    assertOnlyWorkloadDiffers(without, withIt, name, config, workload);
                }),
                { numRuns: RUNS },
            );
        });

        it("never changes whether a config is valid", async () => {
            const { naming, validateIrsaClusterArgs } = await import("../../components");
            const valid = (name: string, config: IrsaClusterArgs): boolean => {
                try {
                    validateIrsaClusterArgs(config, { componentName: name });
                    return true;
                } catch {
                    return false;
                }
            };
            const configAndOrder = validConfigArb(pools, issuerFor, 5, 2).chain((config) =>
                fc.tuple(fc.constant(config), fc.shuffledSubarray([...config.workloads.keys()], { minLength: config.workloads.length, maxLength: config.workloads.length })),
            );
            fc.assert(
                fc.property(componentNameArb, configAndOrder, (name, [config, order]) => {
                    // Also with an explicit role name equal to another workload's (often derived) one: invalid in any order.
                    const [first, second] = [config.workloads[0]!, config.workloads[1]!];
                    const taken = naming.workloadRoleName(name, second, config.roleNamePrefix);
                    const clash: IrsaClusterArgs = { ...config, workloads: [{ ...first, role: { ...first.role, name: taken } }, ...config.workloads.slice(1)] };
                    assert.equal(valid(name, config), true);
                    assert.equal(valid(name, clash), false);
                    for (const candidate of [config, clash]) {
                        assert.equal(valid(name, { ...candidate, workloads: order.map((i) => candidate.workloads[i]!) }), valid(name, candidate));
                    }
                }),
                { numRuns: 300 },
            );
        });
    });

    describe("renaming a workload with previousNames", () => {
        const s3Reader: WorkloadSpec = {
            name: "s3-reader",
            namespace: "ns-utils",
            serviceAccount: "s3-reader",
            statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-s3-bucket/*"] }],
            managedPolicyArns: ["arn:aws:iam::123456789012:policy/audit-read"],
            deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
        };
        const config: IrsaClusterArgs = { cluster: { mode: "adopt", name: "sandbox" }, workloads: [s3Reader] };
        const renamed: IrsaClusterArgs = { ...config, workloads: [{ ...s3Reader, name: "reports-reader", previousNames: ["s3-reader"] }] };
        const W = "urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload";

        it("sends the former component name as the IrsaWorkload's alias, which its children inherit", async () => {
            const after = await build("platform", renamed);
            const workload = after.resources.find((r) => r.type === "eks-irsa:index:IrsaWorkload")!;
            assert.deepEqual(after.sent.get(workload.urn), [{ name: "platform-s3-reader", parentUrn: "urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaCluster::platform" }]);
            const aliases = engineAliases(after);
            // Aliases of the same type (the Kubernetes SDK also sends aliases for the Deployment's older API versions).
            assert.deepEqual(
                after.resources
                    .filter((r) => r.parent === workload.urn)
                    .map((r) => [r.name, aliases.get(r.urn)!.filter((alias) => alias.includes(`$${r.type}::`))])
                    .sort(),
                [
                    ["platform-reports-reader-attach-audit-read-86a49e75", [`${W}$aws:iam/rolePolicyAttachment:RolePolicyAttachment::platform-s3-reader-attach-audit-read-86a49e75`]],
                    ["platform-reports-reader-deploy", [`${W}$kubernetes:apps/v1:Deployment::platform-s3-reader-deploy`]],
                    ["platform-reports-reader-policy", [`${W}$aws:iam/rolePolicy:RolePolicy::platform-s3-reader-policy`]],
                    ["platform-reports-reader-role", [`${W}$aws:iam/role:Role::platform-s3-reader-role`]],
                    ["platform-reports-reader-sa", [`${W}$kubernetes:core/v1:ServiceAccount::platform-s3-reader-sa`]],
                ],
            );
        });

        it("keeps every resource: each new URN aliases the former one and no input changes", async () => {
            const before = await build("platform", config);
            const after = await build("platform", renamed);
            const rename = assertRenamedOnly(before, after);
            assert.equal(rename.size, 6);
            const role = after.resources.find((r) => r.type === "aws:iam/role:Role")!;
            assert.equal(role.inputs.name, "platform-s3-reader");
        });

        it("replaces the role without previousNames: its physical name follows the workload's name", async () => {
            const after = await build("platform", { ...config, workloads: [{ ...s3Reader, name: "reports-reader" }] });
            const role = after.resources.find((r) => r.type === "aws:iam/role:Role")!;
            assert.equal(role.inputs.name, "platform-reports-reader");
            assert.deepEqual(engineAliases(after).get(role.urn), []);
        });

        it("keeps the oldest name's physical names through a second rename", async () => {
            const before = await build("platform", renamed);
            const after = await build("platform", { ...config, workloads: [{ ...s3Reader, name: "audit-reader", previousNames: ["s3-reader", "reports-reader"] }] });
            assertRenamedOnly(before, after);
        });

        it("keeps the resources of a random workload of a random config", async () => {
            await fc.assert(
                fc.asyncProperty(componentNameArb, validConfigArb(pools, issuerFor, 3), fc.nat(), labelArb(1, 20), async (name, config, pick, fresh) => {
                    const index = pick % config.workloads.length;
                    const workload = config.workloads[index]!;
                    const taken = config.workloads.flatMap((w) => [w.name, ...(w.previousNames ?? [])]);
                    fc.pre(!taken.includes(fresh));
                    const moved: WorkloadSpec = { ...workload, name: fresh, previousNames: [...(workload.previousNames ?? []), workload.name] };
                    const before = await build(name, config);
                    const after = await build(name, { ...config, workloads: config.workloads.map((w, i) => (i === index ? moved : w)) });
                    assertRenamedOnly(before, after);
                }),
                { numRuns: RENAME_RUNS },
            );
        });
    });

    describe("renaming the component with aliases and roleNamePrefix", () => {
        it("keeps every resource of a random config: children follow the component's alias, roles keep their names", async () => {
            await fc.assert(
                fc.asyncProperty(componentNameArb, componentNameArb, validConfigArb(pools, issuerFor, 3), async (former, name, config) => {
                    fc.pre(former !== name && !name.startsWith(`${former}-`) && !former.startsWith(`${name}-`));
                    const before = await build(former, config);
                    const after = await build(name, { ...config, roleNamePrefix: config.roleNamePrefix ?? former }, { aliases: [{ name: former }] });
                    const component = after.resources.find((r) => r.type === "eks-irsa:index:IrsaCluster")!;
                    assert.deepEqual(after.sent.get(component.urn), [{ name: former }]);
                    const rename = assertRenamedOnly(before, after);
                    assert.equal(rename.size, after.resources.length);
                }),
                { numRuns: RENAME_RUNS },
            );
        });

        it("replaces every derived role without roleNamePrefix", async () => {
            const config: IrsaClusterArgs = { cluster: { mode: "adopt", name: "sandbox" }, workloads: [{ name: "api", namespace: "apps", serviceAccount: "api", deployment: false }] };
            const after = await build("platform-v2", config, { aliases: [{ name: "platform" }] });
            const role = after.resources.find((r) => r.type === "aws:iam/role:Role")!;
            assert.equal(role.inputs.name, "platform-v2-api");
            assert.deepEqual(engineAliases(after).get(role.urn), [
                "urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload$aws:iam/role:Role::platform-api-role",
            ]);
        });
    });
});
