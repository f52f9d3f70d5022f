/**
 * Runs the whole irsa-guard pack as the Pulumi engine does, in-process: every resource's inputs
 * through the SDK's `Analyze` handler and all outputs through its `AnalyzeStack` handler
 * (`makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` from `@pulumi/policy/server`, marked internal:
 * pinned at 1.21.0), fed the same `analyzer_pb` requests the engine sends. This gives the real
 * enforcement levels, not-applicable handling and unknown-value proxy.
 *
 * The one part of the engine protocol the SDK does not export in-process is `Configure`; config
 * (levels and properties, as `--policy-pack-config` gives them) is applied here by setting each
 * policy's level and its `getConfig()` result, which is what the SDK's `configure` handler does.
 *
 * The request builders are exported for a gRPC client that talks to `policy-pack/index.ts` started
 * as a child process (see policyPackProcess.ts).
 */
import { EnforcementLevel, Policies, Policy, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PACK_NAME, policies as packPolicies } from "../../policy-pack/policies";

/** One resource of a plan or stack export, as the engine would send it to an analyzer. */
export interface PackResource {
    /** The resource's URN. */
    readonly urn: string;
    /** Pulumi type token, e.g. `aws:iam/role:Role`. */
    readonly type: string;
    /** The resource's logical name. */
    readonly name: string;
    /** Inputs, seen by resource policies. @default outputs */
    readonly inputs?: Record<string, unknown>;
    /** Outputs, seen by stack policies. @default inputs */
    readonly outputs?: Record<string, unknown>;
    /** Parent URN. */
    readonly parent?: string;
    /** URNs this resource depends on. */
    readonly dependencies?: readonly string[];
    /** Per property, the URNs its value depends on. */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    /** The provider resource, when known. */
    readonly provider?: { readonly urn: string; readonly type: string; readonly name: string; readonly props?: Record<string, unknown> };
}

/** Per policy name: a level, or a level and config properties (the `--policy-pack-config` JSON). */
export type PackConfig = Readonly<Record<string, EnforcementLevel | ({ readonly enforcementLevel?: EnforcementLevel } & Readonly<Record<string, unknown>>)>>;

/** One diagnostic of the pack. */
export interface PackViolation {
    readonly policyName: string;
    readonly enforcementLevel: EnforcementLevel;
    /** The resource the violation is about ("" for the whole stack). */
    readonly urn: string;
    /** The violation text (the SDK's leading policy description removed). */
    readonly message: string;
}

/** Options of {@link runPackInProcess}. */
export interface RunOptions {
    /** Policies to run. @default the irsa-guard pack */
    readonly policies?: Policies;
    /** Pack version reported in diagnostics. @default "0.1.0" */
    readonly version?: string;
    /** Run the stack policies too. @default true */
    readonly stack?: boolean;
}

// Internal SDK handlers, pinned with @pulumi/policy 1.21.0.
type Handler<Req> = (call: { request: Req }, callback: (err: unknown, resp?: analyzerpb.AnalyzeResponse) => void) => Promise<void>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): Handler<analyzerpb.AnalyzeRequest>;
    makeAnalyzeStackRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): Handler<analyzerpb.AnalyzeStackRequest>;
};

const LEVELS: Record<number, EnforcementLevel> = {
    [analyzerpb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerpb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerpb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerpb.EnforcementLevel.REMEDIATE]: "remediate",
};

/** A JSON-compatible Struct (drops `undefined`), as the engine's property maps are. */
function struct(value: Record<string, unknown> | undefined): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(value ?? {})) as Record<string, JavaScriptValue>);
}

function options(r: PackResource): analyzerpb.AnalyzerResourceOptions {
    const o = new analyzerpb.AnalyzerResourceOptions();
    o.setProtect(false);
    o.setIgnorechangesList([]);
    o.setAliasesList([]);
    o.setAdditionalsecretoutputsList([]);
    o.setCustomtimeouts(new analyzerpb.AnalyzerResourceOptions.CustomTimeouts());
    if (r.parent !== undefined) {
        o.setParent(r.parent);
    }
    return o;
}

function provider(r: PackResource): analyzerpb.AnalyzerProviderResource | undefined {
    if (r.provider === undefined) {
        return undefined;
    }
    const p = new analyzerpb.AnalyzerProviderResource();
    p.setUrn(r.provider.urn);
    p.setType(r.provider.type);
    p.setName(r.provider.name);
    p.setProperties(struct(r.provider.props));
    return p;
}

/** The `Analyze` request the engine sends for a resource (its inputs). */
export function buildAnalyzeRequest(r: PackResource): analyzerpb.AnalyzeRequest {
    const req = new analyzerpb.AnalyzeRequest();
    req.setUrn(r.urn);
    req.setType(r.type);
    req.setName(r.name);
    req.setProperties(struct(r.inputs ?? r.outputs));
    req.setOptions(options(r));
    const p = provider(r);
    if (p !== undefined) {
        req.setProvider(p);
    }
    return req;
}

/** The `AnalyzeStack` request the engine sends for the stack (every resource's outputs). */
export function buildAnalyzeStackRequest(resources: readonly PackResource[]): analyzerpb.AnalyzeStackRequest {
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const a = new analyzerpb.AnalyzerResource();
            a.setUrn(r.urn);
            a.setType(r.type);
            a.setName(r.name);
            a.setProperties(struct(r.outputs ?? r.inputs));
            a.setOptions(options(r));
            if (r.parent !== undefined) {
                a.setParent(r.parent);
            }
            a.setDependenciesList([...(r.dependencies ?? [])]);
            for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
                const deps = new analyzerpb.AnalyzerPropertyDependencies();
                deps.setUrnsList([...urns]);
                a.getPropertydependenciesMap().set(key, deps);
            }
            const p = provider(r);
            if (p !== undefined) {
                a.setProvider(p);
            }
            return a;
        }),
    );
    return req;
}

/** The `Configure` request for a pack config, as the CLI sends `--policy-pack-config`. */
export function buildConfigureRequest(config: PackConfig): analyzerpb.ConfigureAnalyzerRequest {
    const req = new analyzerpb.ConfigureAnalyzerRequest();
    for (const [name, value] of Object.entries(config)) {
        const pc = new analyzerpb.PolicyConfig();
        const { enforcementLevel, ...properties } = typeof value === "string" ? { enforcementLevel: value } : value;
        if (enforcementLevel !== undefined) {
            pc.setEnforcementlevel(levelNumber(enforcementLevel));
        }
        pc.setProperties(struct(properties));
        req.getPolicyconfigMap().set(name, pc);
    }
    return req;
}

function levelNumber(level: EnforcementLevel): analyzerpb.EnforcementLevel {
    const found = Object.entries(LEVELS).find(([, l]) => l === level);
    return Number(found?.[0] ?? analyzerpb.EnforcementLevel.ADVISORY) as analyzerpb.EnforcementLevel;
}

/** The violations of an `AnalyzeResponse`; `urn` defaults to the analysed resource's. */
export function violationsOf(resp: analyzerpb.AnalyzeResponse, defaultUrn: string): PackViolation[] {
    return resp.getDiagnosticsList().map((d) => {
        const prefix = `${d.getDescription()}\n`;
        const message = d.getMessage().startsWith(prefix) ? d.getMessage().slice(prefix.length) : d.getMessage();
        return { policyName: d.getPolicyname(), enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory", urn: d.getUrn() || defaultUrn, message };
    });
}

function configured(policies: Policies, config: PackConfig): Policies {
    return policies.map((p) => {
        const entry = config[p.name];
        if (entry === undefined) {
            return p;
        }
        const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
        const base: Policy = { ...p, enforcementLevel: enforcementLevel ?? p.enforcementLevel };
        const getConfig = <T extends object>(): T => properties as T;
        if ("validateStack" in p) {
            const sp = p as StackValidationPolicy;
            return { ...base, validateStack: (args, report) => sp.validateStack({ ...args, getConfig }, report) } as StackValidationPolicy;
        }
        const rp = p as ResourceValidationPolicy;
        const wrap = (v: ResourceValidation): ResourceValidation => {
            const w: ResourceValidation = (args, report) => v({ ...args, getConfig }, report);
            (w as { __pulumiType?: unknown }).__pulumiType = (v as { __pulumiType?: unknown }).__pulumiType;
            return w;
        };
        const validations = rp.validateResource;
        return { ...base, validateResource: Array.isArray(validations) ? validations.map(wrap) : validations === undefined ? undefined : wrap(validations) };
    });
}

function call<Req>(handler: Handler<Req>, request: Req): Promise<analyzerpb.AnalyzeResponse> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, resp) => (err || resp === undefined ? reject(err) : resolve(resp)));
    });
}

/**
 * Runs the pack over the resources: resource policies on each resource's inputs, stack policies
 * on all outputs. Returns every diagnostic, resource ones first in resource order.
 */
export async function runPackInProcess(resources: readonly PackResource[], config: PackConfig = {}, opts: RunOptions = {}): Promise<PackViolation[]> {
    const policies = configured(opts.policies ?? packPolicies, config);
    const version = opts.version ?? "0.1.0";
    const analyze = server.makeAnalyzeRpcFun(PACK_NAME, version, "advisory", policies);
    const analyzeStack = server.makeAnalyzeStackRpcFun(PACK_NAME, version, "advisory", policies);
    const violations: PackViolation[] = [];
    for (const r of resources) {
        violations.push(...violationsOf(await call(analyze, buildAnalyzeRequest(r)), r.urn));
    }
    if (opts.stack !== false) {
        violations.push(...violationsOf(await call(analyzeStack, buildAnalyzeStackRequest(resources)), ""));
    }
    return violations;
}
