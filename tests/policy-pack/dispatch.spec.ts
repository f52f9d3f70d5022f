/**
 * The pack's request dispatcher (policy-pack/lib/dispatch.ts) against the SDK's own handlers (`makeAnalyzeRpcFun` /
 * `makeAnalyzeStackRpcFun` of @pulumi/policy 1.21.0): every reply, diagnostics and not-applicable replies, compared
 * as decoded messages, on the 1,000-workload benchmark plan (with faults put into some of its workloads) and the
 * insecure fixture, under the default config and under a config that disables, re-levels and configures rules by
 * name; on a policy list with every shape the SDK accepts (so rules added later are dispatched as the SDK runs them);
 * and through the pack process, where the config is applied by `Configure` as under `pulumi preview`.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Policies, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType, validateStackResourcesOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { stackConfigYaml } from "../../bench/generateConfig";
import { appliesTo, makeDispatcher, PackState } from "../../policy-pack/lib/dispatch";
import { server } from "../../policy-pack/lib/sdkInternals";
import { remediateWhenAsked } from "../../policy-pack/lib/serve";
import { decodeAnalyzeRequest, decodeAnalyzeStackRequest } from "../../policy-pack/lib/wireRequests";
import { policies as packPolicies } from "../../policy-pack/policies";
import { AnalyzerProcess } from "../../synth/analyzer/grpcAnalyzer";
import { analyzeInProcess, configurePolicies, describePolicies, loadPack } from "../../synth/analyzer/inProcess";
import { ResolvedPolicyConfig, resolvePackConfig } from "../../synth/analyzer/packConfig";
import { AnalyzedResource, analyzeRequest, analyzeStackRequest, fromStackExport, isAnalyzed } from "../../synth/analyzer/requests";
import { runProgram } from "../../synth/runProgram";
import { loadStackConfig } from "../../synth/stackConfig";
import { parseStackExport } from "../../synth/exportReader";
import { readStackExport, toStackExport } from "../../synth/stackExport";
import { PACK_DIR } from "../helpers/packAlone";
import { sharedSynth } from "../helpers/sharedSynth";
import { tempDir } from "../helpers/tempDir";
import { withFreshProgram } from "../helpers/freshProgram";
import { oncePer } from "../helpers/once";

const ROOT = path.resolve(__dirname, "..", "..");

/** `eks-irsa synth <args> --json` in a child process, run once per test run (../helpers/sharedSynth.ts): the plan's resources. */
function synthPlan(args: string[]): AnalyzedResource[] {
    const r = sharedSynth(...args, "--json");
    if (r.status !== 0 && r.status !== 1) throw new Error(`synth exited ${r.status ?? r.signal}: ${r.stderr}`);
    return fromStackExport(readStackExport(path.join(r.out, "stack.json")).deployment.resources);
}

/**
 * The plan `eks-irsa synth --config <configFile> --project ROOT` exports (its stack.json), from the stack program run
 * in this process as synth runs it (synth/cli.ts: `runProgram`, then `toStackExport`, written as JSON and read back).
 * What synth does besides, in a process of its own, is not what this spec compares: on the 1,000-workload plan its
 * pack process (4.2 CPU-s), the IAM files and manifests (1.5 s) and the process start were a fifth of this spec's CPU.
 */
async function programPlan(configFile: string): Promise<AnalyzedResource[]> {
    const config = loadStackConfig(ROOT, { configFile });
    try {
        const run = await withFreshProgram(() => runProgram({ program: path.join(ROOT, "index.ts"), config }));
        const exported = toStackExport(run.resources, { project: run.project, stack: run.stack, time: "1970-01-01T00:00:00Z" });
        return fromStackExport(parseStackExport(JSON.parse(JSON.stringify(exported)), configFile).deployment.resources);
    } finally {
        pulumi.runtime.setAllConfig({});
    }
}

/** Every 10th workload allows `s3:*`, every 7th trusts its ServiceAccount through StringEqualsIfExists: violations to compare. */
function withFaults(resources: readonly AnalyzedResource[]): AnalyzedResource[] {
    return resources.map((r) => {
        const text = JSON.stringify(r);
        let faulty = text;
        if (/svc-\d*0\b/.test(r.urn)) faulty = faulty.replaceAll("s3:GetObject", "s3:*");
        if (/svc-\d*7\b/.test(r.urn)) faulty = faulty.replaceAll("StringEquals", "StringEqualsIfExists");
        return faulty === text ? r : (JSON.parse(faulty) as AnalyzedResource);
    });
}

type Reply = ReturnType<analyzerpb.AnalyzeResponse["toObject"]> | { error: string };
type Handlers = {
    analyze: (req: analyzerpb.AnalyzeRequest) => Promise<Reply>;
    analyzeStack: (req: analyzerpb.AnalyzeStackRequest) => Promise<Reply>;
    remediate: (req: analyzerpb.AnalyzeRequest) => Promise<Reply>;
};

/** Encodes a reply as google-protobuf does, whatever the reply's own `serializeBinary`. */
const encode = (resp: analyzerpb.AnalyzeResponse): string => Buffer.from(analyzerpb.AnalyzeResponse.prototype.serializeBinary.call(resp)).toString("base64");

/** The handler's reply, decoded; with `wire`, what it puts on the wire, which must be what google-protobuf writes. */
function promised<Req>(handler: (call: { request: Req }, cb: (err: unknown, resp?: analyzerpb.AnalyzeResponse) => void) => unknown, wire = false): (req: Req) => Promise<Reply> {
    return (request) =>
        new Promise((resolve) => {
            void handler({ request }, (err, resp) => {
                if (err) return resolve({ error: (err as Error).message });
                if (wire) assert.equal(Buffer.from(resp!.serializeBinary()).toString("base64"), encode(resp!), "bytes on the wire");
                resolve(resp!.toObject());
            });
        });
}

/** The SDK's handlers over `policies` with `config` applied as its `Configure` applies it. */
function sdkHandlers(policies: Policies, config: ReadonlyMap<string, ResolvedPolicyConfig> | undefined): Handlers {
    const configured = configurePolicies(policies, config);
    return {
        analyze: promised(server.makeAnalyzeRpcFun("irsa-guard", "0.1.0", "advisory", configured)),
        analyzeStack: promised(server.makeAnalyzeStackRpcFun("irsa-guard", "0.1.0", "advisory", configured)),
        remediate: promised(server.makeRemediateRpcFun("irsa-guard", "0.1.0", "advisory", configured) as Parameters<typeof promised>[0]),
    };
}

/**
 * The dispatcher over `policies`, with `config` as `Configure` sets it, fed each request as the pack process reads
 * it from the wire (policy-pack/lib/wireRequests.ts).
 */
function dispatcherHandlers(policies: Policies, config: ReadonlyMap<string, ResolvedPolicyConfig> | undefined): Handlers {
    const state: PackState = { config: {}, stackTags: new Map() };
    for (const [name, c] of config ?? []) state.config = { ...state.config, [name]: { ...c.properties, enforcementLevel: c.enforcementLevel } };
    const d = makeDispatcher("irsa-guard", "0.1.0", "advisory", policies, state);
    const analyze = promised(d.analyze, true);
    const analyzeStack = promised(d.analyzeStack, true);
    // Remediate: answered at once when nothing remediates, else the SDK's handler as the pack process serves it.
    const sdkRemediate = server.makeRemediateRpcFun("irsa-guard", "0.1.0", "advisory", configurePolicies(policies, config));
    const unread = (): never => assert.fail("a request the wire reader handed to google-protobuf");
    const remediate = promised(remediateWhenAsked(d.remediating, sdkRemediate as never, (b) => decodeAnalyzeRequest(b, unread)) as Parameters<typeof promised>[0]);
    return {
        analyze: (req) => analyze(decodeAnalyzeRequest(wireOf(req), unread)),
        analyzeStack: (req) => analyzeStack(decodeAnalyzeStackRequest(wireOf(req), unread)),
        remediate: (req) => remediate({ bytes: wireOf(req) }),
    };
}

/**
 * `actual` deep-equal to `expected`; when they differ, the failure names the first differing diagnostic and shows
 * only it. `assert.deepEqual` alone renders a diff of the whole reply: for the AnalyzeStack reply of the
 * 1,000-workload plan (thousands of diagnostics) that took minutes before the failure was printed.
 */
function assertSameReply(actual: Reply, expected: Reply, label: string): void {
    const text = (v: unknown): string => JSON.stringify(v);
    if (text(actual) !== text(expected) && "diagnosticsList" in actual && "diagnosticsList" in expected) {
        const [got, want] = [actual.diagnosticsList, expected.diagnosticsList];
        const i = want.findIndex((d, k) => text(d) !== text(got[k]));
        if (i !== -1) assert.deepEqual(got[i], want[i], `${label}: diagnostic ${i} of ${want.length} (the dispatcher gave ${got.length})`);
        if (got.length !== want.length) assert.deepEqual(got.slice(want.length), [], `${label}: the dispatcher gave ${got.length - want.length} diagnostics more than the SDK`);
        assert.deepEqual({ ...actual, diagnosticsList: [] }, { ...expected, diagnosticsList: [] }, `${label}: beside the diagnostics`);
    }
    assert.deepEqual(actual, expected, label);
}

/** The `Remediate` replies of the last {@link assertSameReplies}, in resource order (both sides gave the same). */
let remediations: Reply[] = [];

/** The not-applicable replies of {@link remediations}: `policy: reason`, each once. */
const remediationNotApplicable = (): string[] => [...new Set(remediations.flatMap((r) => ("error" in r ? [r.error] : (r as { notApplicableList: { policyName: string; reason: string }[] }).notApplicableList.map((n) => `${n.policyName}: ${n.reason}`))))];

/** What both sides reported (the same, or the comparison failed): each diagnostic's URN, policy and level. */
type Reported = { urn: string; policyName: string; enforcementLevel: number }[];

/**
 * The requests of a resource and of a plan, built once and given to both sides in every test: the handlers only
 * read them (the SDK's `call.request.get…()`, the dispatcher's too), and building them (`Struct.fromJavaScript`
 * over every input) took 2.3 of this spec's CPU-s when each side of each test built its own.
 */
const requestOf = oncePer(analyzeRequest);
const stackRequestOf = oncePer(analyzeStackRequest);
/**
 * Each request's bytes, as google-protobuf encodes it, encoded once: the dispatcher reads a request from its bytes
 * (policy-pack/lib/wireRequests.ts), and the tests give it the same requests for `Analyze` and `Remediate` under each
 * config. Encoding them again each time took 1.1–1.7 more of this spec's CPU-s. Nothing keeps or changes the bytes it
 * is given, so reading the same ones again is reading the same request again.
 */
const wireOf = oncePer((m: analyzerpb.AnalyzeRequest | analyzerpb.AnalyzeStackRequest): Buffer => Buffer.from(m.serializeBinary()));

/** Every reply of both sides on `resources`; the first difference fails with the resource's URN. */
async function assertSameReplies(policies: Policies, resources: readonly AnalyzedResource[], config?: ReadonlyMap<string, ResolvedPolicyConfig>): Promise<Reported> {
    const sdk = sdkHandlers(policies, config);
    const dispatcher = dispatcherHandlers(policies, config);
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // a thrown error's reply carries its stack, whose frames differ between the two
    const reported: Reported = [];
    remediations = [];
    const collect = (reply: Reply, urn: string): void => {
        if ("error" in reply) return;
        for (const d of reply.diagnosticsList) reported.push({ urn: d.urn || urn, policyName: d.policyname, enforcementLevel: d.enforcementlevel });
    };
    try {
        for (const r of resources.filter(isAnalyzed)) {
            const remediated = await sdk.remediate(requestOf(r));
            assert.deepEqual(await dispatcher.remediate(requestOf(r)), remediated, `Remediate ${r.urn}`);
            remediations.push(remediated);
            const expected = await sdk.analyze(requestOf(r));
            assertSameReply(await dispatcher.analyze(requestOf(r)), expected, r.urn);
            collect(expected, r.urn);
        }
        const expected = await sdk.analyzeStack(stackRequestOf(resources));
        assertSameReply(await dispatcher.analyzeStack(stackRequestOf(resources)), expected, "AnalyzeStack");
        collect(expected, "");
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
    return reported;
}

/** The workloads (`svc-<i>`) a diagnostic names, sorted by number. */
function workloadsOf(reported: Reported): number[] {
    const ids = new Set(reported.map((d) => /svc-(\d+)\b/.exec(d.urn)?.[1]).filter((id): id is string => id !== undefined).map(Number));
    return [...ids].sort((a, b) => a - b);
}

/** The workloads {@link withFaults} breaks: those numbered …0 and …7. */
const FAULTY = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 10 === 0 || i % 10 === 7);
/** The proto enum values of the enforcement levels. */
const ADVISORY = 0;
const MANDATORY = 1;

/** A config that disables, re-levels and configures rules by name. */
const RULE_CONFIG = {
    "iam-no-star-resource": "disabled",
    "irsa-trust-strict-operators": "advisory",
    "irsa-trust-subject": "remediate",
    "iam-no-wildcard-actions": { enforcementLevel: "mandatory", allowedWildcardActions: ["s3:*"] },
    "iam-role-policy-quotas": "disabled",
    "irsa-role-single-service-account": "advisory",
};

describe("policy-pack/lib/dispatch.ts (one dispatch per resource type)", function () {
    this.timeout(240_000);
    const work = tempDir("irsa-guard-dispatch-");
    const pack = loadPack(PACK_DIR);
    const described = describePolicies(pack);
    let bench: AnalyzedResource[];
    let insecure: AnalyzedResource[];

    before(async () => {
        const config = path.join(work, "Pulumi.bench-1000.yaml");
        fs.writeFileSync(config, stackConfigYaml(1000));
        bench = withFaults(await programPlan(config));
        insecure = synthPlan(["--config", path.join(ROOT, "tests", "fixtures", "synth", "Pulumi.insecure.yaml")]);
    });

    it("answers every request of the 1,000-workload plan as the SDK does, with the default config", async () => {
        const reported = await assertSameReplies(packPolicies, bench, resolvePackConfig(described, undefined));
        assert.deepEqual(workloadsOf(reported), FAULTY);
        // No policy remediates: every Remediate reply is empty (answered without decoding the request).
        assert.equal(remediations.length, bench.filter(isAnalyzed).length);
        assert.deepEqual([...new Set(remediations.map((r) => JSON.stringify(r)))], [JSON.stringify({ remediationsList: [], notApplicableList: [] })]);
    });

    it("answers as the SDK does with rules disabled, re-levelled and configured by name", async () => {
        const reported = await assertSameReplies(packPolicies, bench, resolvePackConfig(described, RULE_CONFIG));
        const levels = (name: string): number[] => [...new Set(reported.filter((d) => d.policyName === name).map((d) => d.enforcementLevel))];
        assert.deepEqual(levels("iam-no-star-resource"), []); // disabled
        assert.deepEqual(levels("iam-no-wildcard-actions"), []); // s3:* allowed by its allowedWildcardActions
        assert.deepEqual(levels("irsa-trust-strict-operators"), [ADVISORY]);
        assert.deepEqual(levels("irsa-trust-subject"), [MANDATORY]); // remediate, reported as mandatory
        // At level "remediate" without a remediation: the SDK's handler answers Remediate, not applicable.
        assert.deepEqual(remediationNotApplicable(), ["irsa-trust-subject: Policy does not implement remediateResource"]);
        assert.deepEqual(
            workloadsOf(reported.filter((d) => d.policyName === "irsa-trust-strict-operators")),
            FAULTY.filter((i) => i % 10 === 7),
        );
    });

    it("answers the insecure fixture's requests as the SDK does, under both configs", async () => {
        for (const file of [undefined, RULE_CONFIG]) {
            const reported = await assertSameReplies(packPolicies, insecure, resolvePackConfig(described, file));
            assert.notDeepEqual(reported, []);
        }
    });

    it("dispatches every policy shape the SDK accepts as the SDK runs it", async () => {
        const unknownInput = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's unknown value
        // Resource 3 is a provider (not analyzed itself); resource 6, a Role, has an unknown name in its inputs and outputs.
        const resources = insecure.slice(0, 12).map((r, i) => (i === 3 ? { ...r, inputs: { ...r.inputs, name: unknownInput } } : i === 6 ? { ...r, inputs: { ...r.inputs, name: unknownInput }, outputs: { ...r.outputs, name: unknownInput } } : r));
        const shapes: Policies = [
            { name: "untyped", description: "d1", enforcementLevel: "advisory", validateResource: (args, report) => report(`${args.type} ${JSON.stringify(args.getConfig())}`) },
            {
                name: "typed-array",
                description: "d2",
                enforcementLevel: "mandatory",
                severity: "low",
                validateResource: [validateResourceOfType(aws.iam.Role, (_role, _args, report) => report("a role")), // the object form the SDK's reporter accepts at run time (not in its types)
                    (args, report) => (report as unknown as (v: object) => void)({ message: `object form ${args.name}`, urn: "urn:x", severity: "critical" }),
                ],
            },
            { name: "remediation-only", description: "d3", enforcementLevel: "remediate", remediateResource: () => undefined } as ResourceValidationPolicy,
            { name: "reads-unknown", description: "d4", enforcementLevel: "mandatory", url: "https://example.com", validateResource: (args, report) => report(String(args.props.name)) },
            { name: "dynamic-na", description: "d5", validateResource: (args) => (args.urn.length % 2 === 0 ? args.notApplicable("even") : args.notApplicable()) },
            { name: "marked", description: "d6", enforcementLevel: "remediate", validateResource: appliesTo((args, report) => (args.type === "aws:iam/role:Role" ? report("marked role") : args.notApplicable("marked reason")), ["aws:iam/role:Role"], "marked reason") },
            { name: "async", description: "d7", enforcementLevel: "mandatory", validateResource: async (args, report) => report(await Promise.resolve(args.type)) },
            { name: "off", description: "d8", enforcementLevel: "disabled", validateResource: (_args, report) => report("never") },
            { name: "stack-absent", description: "s1", enforcementLevel: "mandatory", validateStack: validateStackResourcesOfType(aws.eks.Cluster, (_c, _args, report) => report("no cluster")) },
            { name: "stack-present", description: "s2", enforcementLevel: "mandatory", validateStack: validateStackResourcesOfType(aws.iam.Role, (roles, args, report) => report(`${roles.length} ${args.resources.map((r) => `${r.urn}<${r.parent?.urn ?? ""}:${r.dependencies.length}`).join(",")}`)) },
            { name: "stack-config", description: "s3", validateStack: (args, report) => report(JSON.stringify(args.getConfig())) },
            { name: "stack-unknown", description: "s4", enforcementLevel: "mandatory", validateStack: (args) => void args.resources.map((r) => String(r.props.name)) } as StackValidationPolicy,
        ];
        const config = new Map<string, ResolvedPolicyConfig>([
            ["untyped", { enforcementLevel: "mandatory", properties: { limit: 3 } }],
            ["stack-config", { enforcementLevel: "advisory", properties: { a: ["b"] } }],
        ]);
        assert.equal((await assertSameReplies(shapes, resources, config)).length, 29);
        assert.deepEqual(remediationNotApplicable(), ["marked: Policy does not implement remediateResource"]);
        const throwing: Policies = [{ name: "throws", description: "d", validateResource: () => { throw new Error("a bug"); } }];
        const stackTraceLimit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            assert.deepEqual(await dispatcherHandlers(throwing, undefined).analyze(analyzeRequest(resources[0]!)), { error: "Error validating resource with policy 'throws' from policy pack 'irsa-guard@v0.1.0':\nError: a bug" });
        } finally {
            Error.stackTraceLimit = stackTraceLimit;
        }
        await assertSameReplies(throwing, resources.slice(0, 1));
    });

    it("in the pack process, applies a config that disables and configures rules by name as the SDK's handlers do", async () => {
        const analyzer = await AnalyzerProcess.start(PACK_DIR);
        try {
            const info = await analyzer.info();
            assert.deepEqual(info.policies.map((p) => p.name), packPolicies.map((p) => p.name));
            const sorted = (vs: { urn: string; policyName: string; enforcementLevel: string; message: string }[]): string[] => vs.map((v) => JSON.stringify([v.urn, v.policyName, v.enforcementLevel, v.message])).sort();
            const faulty = bench.filter((r) => !/svc-\d+/.test(r.urn) || /svc-[0-5]?\d\b/.test(r.urn)); // workloads 0-59
            for (const file of [undefined, RULE_CONFIG]) {
                const config = resolvePackConfig(info.policies, file);
                await analyzer.configure(config);
                const got = await analyzer.analyze(faulty);
                assert.deepEqual(sorted(got), sorted(await analyzeInProcess(pack, faulty, config)));
                assert.equal(got.some((v) => v.policyName === "iam-no-wildcard-actions"), file === undefined);
                // Remediate over gRPC (its request left undecoded when nothing remediates): the SDK's replies.
                const role = faulty.find((r) => r.type === "aws:iam/role:Role")!;
                const remediated = await sdkHandlers(packPolicies, config).remediate(requestOf(role));
                assert.deepEqual(await analyzer.remediate(requestOf(role)), remediated);
                assert.equal((remediated as unknown as analyzerpb.RemediateResponse.AsObject).notApplicableList.length, file === undefined ? 0 : 1);
            }
        } finally {
            analyzer.stop();
        }
    });
});
