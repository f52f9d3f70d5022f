/**
 * The fallback way to run a pack: in this process, through the SDK's own `Analyze` / `AnalyzeStack` handlers
 * (`makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` from `@pulumi/policy/server`, internal to the SDK: pinned at
 * 1.21.0), fed the same requests as the gRPC path. Enforcement levels, not-applicable handling and the
 * unknown-value proxy are the SDK's. The SDK does not export its `Configure` handler, so config is applied the
 * way that handler applies it: each policy's level, and what its `getConfig()` returns.
 */
import * as path from "node:path";
import { EnforcementLevel as SdkLevel, Policies, Policy, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type { PackReport } from "./grpcAnalyzer";
import { PolicyDescription, ResolvedPolicyConfig, resolvePackConfig } from "./packConfig";
import { AnalyzedResource, analyzeRequest, analyzeStackRequest, isAnalyzed } from "./requests";
import { Violation, violationsOf } from "./violations";

type Handler<Req> = (call: { request: Req }, callback: (err: unknown, resp?: analyzerpb.AnalyzeResponse) => void) => Promise<void>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun(name: string, version: string, level: SdkLevel, policies: Policies): Handler<analyzerpb.AnalyzeRequest>;
    makeAnalyzeStackRpcFun(name: string, version: string, level: SdkLevel, policies: Policies): Handler<analyzerpb.AnalyzeStackRequest>;
};

/** A pack's policies, loaded from its `policies` module (not its `index`, which would start a server). */
export interface LoadedPack {
    name: string;
    version: string;
    policies: Policies;
}

/** Loads `<packDir>/policies` (exports `policies` and `PACK_NAME`) and the version from its package.json. */
export function loadPack(packDir: string): LoadedPack {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const mod = require(path.join(packDir, "policies")) as { policies: Policies; PACK_NAME: string };
    const pkg = require(path.join(packDir, "package.json")) as { version: string };
    /* eslint-enable @typescript-eslint/no-require-imports */
    return { name: mod.PACK_NAME, version: pkg.version, policies: mod.policies };
}

/** The policies with their configured level and `getConfig()`, as the SDK's `Configure` handler sets them. */
export function configurePolicies(policies: Policies, config: ReadonlyMap<string, ResolvedPolicyConfig> | undefined): Policies {
    if (config === undefined) return policies;
    return policies.map((p) => {
        const entry = config.get(p.name);
        if (entry === undefined) return p;
        const base: Policy = { ...p, enforcementLevel: entry.enforcementLevel };
        const getConfig = <T extends object>(): T => entry.properties as T;
        if ("validateStack" in p) {
            const sp = p as StackValidationPolicy;
            const validateStack: StackValidationPolicy["validateStack"] = (args, report) => sp.validateStack({ ...args, getConfig }, report);
            // As for resource validations below: the SDK answers a typed stack policy not applicable by this marker.
            (validateStack as { __pulumiType?: unknown }).__pulumiType = (sp.validateStack as { __pulumiType?: unknown }).__pulumiType;
            return { ...base, validateStack } as StackValidationPolicy;
        }
        const rp = p as ResourceValidationPolicy;
        const wrap = (v: ResourceValidation): ResourceValidation => {
            const w: ResourceValidation = (args, report) => v({ ...args, getConfig }, report);
            // The SDK skips a typed validation on other types by this marker; keep it.
            (w as { __pulumiType?: unknown }).__pulumiType = (v as { __pulumiType?: unknown }).__pulumiType;
            return w;
        };
        const v = rp.validateResource;
        return { ...base, validateResource: Array.isArray(v) ? v.map(wrap) : v === undefined ? undefined : wrap(v) } as ResourceValidationPolicy;
    });
}

function call<Req>(handler: Handler<Req>, request: Req): Promise<analyzerpb.AnalyzeResponse> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, resp) => (err || resp === undefined ? reject(err) : resolve(resp)));
    });
}

/** Runs the pack's resource policies on each resource's inputs, then its stack policies on every output. */
export async function analyzeInProcess(pack: LoadedPack, resources: readonly AnalyzedResource[], config?: ReadonlyMap<string, ResolvedPolicyConfig>, opts: { stack?: boolean } = {}): Promise<Violation[]> {
    const policies = configurePolicies(pack.policies, config);
    const analyze = server.makeAnalyzeRpcFun(pack.name, pack.version, "advisory", policies);
    const analyzeStack = server.makeAnalyzeStackRpcFun(pack.name, pack.version, "advisory", policies);
    const out: Violation[] = [];
    // The SDK signals "not applicable" by throwing an Error per resource and multi-type policy: no stack capture
    // for those (a policy's own error keeps its message), as in the offline pack process (scripts/pack-offline.js).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        for (const r of resources) {
            if (isAnalyzed(r)) out.push(...violationsOf(await call(analyze, analyzeRequest(r)), r.urn));
        }
        if (opts.stack !== false) out.push(...violationsOf(await call(analyzeStack, analyzeStackRequest(resources)), ""));
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
    return out;
}

/** What `GetAnalyzerInfo` would say about a loaded pack's policies. */
export function describePolicies(pack: LoadedPack): PolicyDescription[] {
    return pack.policies.map((p) => ({
        name: p.name,
        description: p.description,
        enforcementLevel: p.enforcementLevel ?? "advisory",
        configProperties: (p.configSchema?.properties ?? {}) as Record<string, { default?: unknown }>,
    }));
}

/** The in-process counterpart of `runPolicyPack`: same config resolution, same report. */
export async function runPolicyPackInProcess(packDir: string, resources: readonly AnalyzedResource[], packConfig?: unknown): Promise<PackReport> {
    const pack = loadPack(packDir);
    const policies = describePolicies(pack);
    const violations = await analyzeInProcess(pack, resources, resolvePackConfig(policies, packConfig, "--policy-pack-config"));
    return { packName: pack.name, packVersion: pack.version, policies, violations };
}
