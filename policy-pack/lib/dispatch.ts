/**
 * The pack's `Analyze` and `AnalyzeStack` handlers: one dispatch per resource type instead of the SDK's pass over
 * every policy for every request.
 *
 * The SDK's handlers (`makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` in @pulumi/policy 1.21.0 `server.js`) walk the
 * whole policy list for each resource: work out the policy's level, test its type marker, build a not-applicable
 * reply message, or build the validation args (props, options, provider, closures) again for each policy that
 * applies; and `AnalyzeStack` builds its view of every resource of the stack again for each stack policy. Here the
 * walk is done once per resource type (and again only after `Configure` changes the levels): the plan of a type
 * lists, in the pack's order, the policies to call and the not-applicable replies to give, whose messages are built
 * once and reused. A request then decodes its props, options and provider once for all the policies it calls, and
 * `AnalyzeStack` builds its resource views once for all stack policies.
 *
 * What the engine gets is the SDK's, reply for reply (tests/policy-pack/dispatch.spec.ts compares both on the
 * 1,000-workload benchmark plan and on plans with violations, under several configs): the same diagnostics in the
 * same order (policy order, then report order), each policy's own enforcement level (`Configure`'s, else the
 * policy's, else the pack's; "remediate" reported as "mandatory"; "disabled" skipped), its own `getConfig()`, the
 * same not-applicable replies and reasons, the same advisory "can't run … during preview" for unknown values and
 * the same gRPC error for a policy that throws. Nothing here names a policy: rules added to policies.ts are
 * dispatched by their type markers (`validateResourceOfType`'s, and {@link appliesTo}'s for several types); a
 * validation without a marker is called for every resource type, as the SDK calls it.
 *
 * The props are decoded once and shared by the policies a request calls, as runtime/decodeOnce.js already does in
 * the pack's process: policies only read them. In the pack process the requests come read from their bytes by
 * ./wireRequests.ts (google-protobuf's messages have the same getters), the views are built by ./views.ts and the
 * replies encoded by ./replies.ts.
 */
import type { EnforcementLevel, Policies, Policy, ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzerProto, Diagnostic, Handler, policyModule, protoutil, proxy } from "./sdkInternals";
import { replyOf, ReplyCache } from "./replies";
import { resourceView, stackView, validationArgs, View } from "./views";
import type { ResourceLike, StackRequestLike, StackResourceLike } from "./wireRequests";

/** A policy's config as `Configure` sets it: its properties and its enforcement level. */
export type PolicyConfig = Record<string, unknown> & { enforcementLevel?: EnforcementLevel };

/** What `Configure` and `ConfigureStack` set, read by the handlers on every request. */
export interface PackState {
    /** Policy name → config. Replaced (not changed in place) by each `Configure`. */
    config: Readonly<Record<string, PolicyConfig>>;
    /** The stack's tags, as the SDK hands them to policies. */
    stackTags: ReadonlyMap<string, string>;
}

/** The marker {@link appliesTo} sets on a validation. */
const APPLIES_TO = "__irsaGuardAppliesTo";

/** The resource types a validation applies to, and the reason it gives for any other type. */
interface AppliesTo {
    readonly types: readonly string[];
    readonly reason: string;
}

/**
 * Marks `validation` as applying to `types` only, answering `notApplicable(reason)` for any other type (as it must do
 * itself when called on one): the dispatcher then gives that reply without calling it. The SDK's own marker only
 * holds one type.
 */
export function appliesTo<V extends ResourceValidation>(validation: V, types: readonly string[], reason: string): V {
    (validation as unknown as Record<string, AppliesTo>)[APPLIES_TO] = { types, reason };
    return validation;
}

/** The SDK's signal that a policy does not apply (thrown by `args.notApplicable`). */
class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}
function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

/** One entry of a type's plan: a reply given as it is, or a policy to call at its level. */
type Step = { readonly reply: analyzerpb.PolicyNotApplicable } | { readonly policy: Policy; readonly level: EnforcementLevel };

/** The handlers to serve in place of the SDK's, over `policies` in their order. */
export function makeDispatcher(
    packName: string,
    packVersion: string,
    packLevel: EnforcementLevel,
    policies: Policies,
    state: PackState,
): { analyze: Handler<ResourceLike, analyzerpb.AnalyzeResponse>; analyzeStack: Handler<StackRequestLike, analyzerpb.AnalyzeResponse>; remediating: () => boolean } {
    const replies = new Map<string, analyzerpb.PolicyNotApplicable>();
    /** The SDK's `pushNotApplicable` message, built once per policy and reason. */
    const reply = (policyName: string, reason: string | undefined): analyzerpb.PolicyNotApplicable => {
        const key = `${policyName}\0${reason ?? ""}`;
        let message = replies.get(key);
        if (message === undefined) {
            message = new analyzerProto.PolicyNotApplicable();
            message.setPolicyName(policyName);
            if (reason) message.setReason(reason);
            replies.set(key, message);
        }
        return message;
    };
    const levelOf = (p: Policy): EnforcementLevel => state.config[p.name]?.enforcementLevel || p.enforcementLevel || packLevel;
    const getConfigs = new Map(policies.map((p) => [p.name, makeGetConfig(state, p.name)]));
    const context = { packName, packVersion, state, reply, getConfigs, replies: new ReplyCache() };

    let plannedFor: PackState["config"] | undefined;
    let plans = new Map<string, Step[]>();
    let stackPlan: Step[] = [];
    /** Plans are the config's: a new `Configure` plans again. */
    const refresh = (): void => {
        if (plannedFor === state.config) return;
        plannedFor = state.config;
        plans = new Map();
        stackPlan = planStack(policies, levelOf);
    };
    const planOf = (type: string): Step[] => {
        let plan = plans.get(type);
        if (plan === undefined) {
            plan = planResource(policies, type, levelOf, reply);
            plans.set(type, plan);
        }
        return plan;
    };

    let remediatingFor: PackState["config"] | undefined;
    let remediates = false;

    return {
        analyze: (call, callback) => {
            refresh();
            const req = call.request;
            void analyzeResource(context, planOf(req.getType()), req).then(
                (resp) => callback(undefined, resp),
                (err: unknown) => callback(err, undefined),
            );
        },
        analyzeStack: (call, callback) => {
            refresh();
            void analyzeStack(context, stackPlan, call.request.getResourcesList()).then(
                (resp) => callback(undefined, resp),
                (err: unknown) => callback(err, undefined),
            );
        },
        /**
         * Whether `Remediate` has anything to do under the current config: some resource policy at level
         * "remediate" (the SDK's `makeRemediateRpcFun` skips every other policy, and replies an empty
         * `RemediateResponse` when that is all of them).
         */
        remediating: () => {
            if (remediatingFor !== state.config) {
                remediatingFor = state.config;
                remediates = policies.some((p) => policyModule.isResourcePolicy(p) && levelOf(p) === "remediate");
            }
            return remediates;
        },
    };
}

/** The SDK's `makeGetConfigFun`: the policy's configured properties without its level, a new object per call. */
function makeGetConfig(state: PackState, policyName: string): <T extends object>() => T {
    return <T extends object>(): T => {
        const c = state.config[policyName];
        if (!c) return {} as T;
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { enforcementLevel, ...properties } = c;
        return properties as T;
    };
}

/** The resource policies for `type` in the SDK's order: skipped, answered not applicable, or called. */
function planResource(policies: Policies, type: string, levelOf: (p: Policy) => EnforcementLevel, reply: (name: string, reason: string) => analyzerpb.PolicyNotApplicable): Step[] {
    const plan: Step[] = [];
    for (const p of policies) {
        let level = levelOf(p);
        if (level === "disabled" || !policyModule.isResourcePolicy(p)) continue;
        const v = (p as ResourceValidationPolicy).validateResource;
        if (!v) {
            plan.push({ reply: reply(p.name, "Policy does not implement validateResource") });
            continue;
        }
        if (level === "remediate") level = "mandatory";
        if (!Array.isArray(v)) {
            const only = policyModule.getPulumiType(v);
            if (only && type !== only) {
                plan.push({ reply: reply(p.name, `Policy only applies to resources of type '${only}'`) });
                continue;
            }
            const marked = (v as unknown as Record<string, AppliesTo | undefined>)[APPLIES_TO];
            if (marked !== undefined && !marked.types.includes(type)) {
                plan.push({ reply: reply(p.name, marked.reason) });
                continue;
            }
        }
        plan.push({ policy: p, level });
    }
    return plan;
}

/** The stack policies in the SDK's order (their type markers are tested per request). */
function planStack(policies: Policies, levelOf: (p: Policy) => EnforcementLevel): Step[] {
    const plan: Step[] = [];
    for (const p of policies) {
        const level = levelOf(p);
        if (level === "disabled" || !policyModule.isStackPolicy(p)) continue;
        plan.push({ policy: p, level: level === "remediate" ? "mandatory" : level });
    }
    return plan;
}

interface Context {
    readonly packName: string;
    readonly packVersion: string;
    readonly state: PackState;
    readonly reply: (name: string, reason: string | undefined) => analyzerpb.PolicyNotApplicable;
    readonly getConfigs: ReadonlyMap<string, <T extends object>() => T>;
    /** Replies without diagnostics, per plan. */
    readonly replies: ReplyCache;
}

/** The SDK's `makeReportViolationFun`. */
function reporter(ctx: Context, p: Policy, level: EnforcementLevel, ds: Diagnostic[]): ReportViolation {
    return (message, urn) => {
        if (typeof message === "object") {
            const info = message as { name?: string; message?: string; description?: string; urn?: string; enforcementLevel?: EnforcementLevel; severity?: string };
            ds.push({
                policyName: info.name || p.name,
                policyPackName: ctx.packName,
                policyPackVersion: ctx.packVersion,
                message: info.message || info.description || p.description,
                urn: info.urn,
                description: info.description || p.description,
                enforcementLevel: info.enforcementLevel || level,
                severity: info.severity || p.severity,
            });
        } else {
            ds.push({
                policyName: p.name,
                policyPackName: ctx.packName,
                policyPackVersion: ctx.packVersion,
                message: message ? `${p.description}\n${message}` : p.description,
                urn,
                description: p.description,
                enforcementLevel: level,
                severity: p.severity,
            });
        }
    };
}

/**
 * What the SDK does with a policy's exception: an unknown value becomes an advisory diagnostic, "not applicable" a
 * reply, anything else fails the request.
 */
function caught(ctx: Context, p: Policy, e: unknown, ds: Diagnostic[], na: analyzerpb.PolicyNotApplicable[], what: "validateResource" | "validateStack"): void {
    const policyFrom = `policy '${p.name}' from policy pack '${ctx.packName}@v${ctx.packVersion}'`;
    if (e instanceof proxy.UnknownValueError) {
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { [what]: validation, name, ...diag } = p as Policy & Record<string, unknown>;
        ds.push({ policyName: name, policyPackName: ctx.packName, policyPackVersion: ctx.packVersion, message: `can't run ${policyFrom} during preview: ${e.message}`, ...diag, enforcementLevel: "advisory" } as Diagnostic);
    } else if (e instanceof NotApplicableError) {
        na.push(ctx.reply(p.name, e.reason));
    } else {
        throw protoutil.asGrpcError(e, `Error validating resource with ${policyFrom}`);
    }
}

/** Awaits `result` only when it is a promise (most validations are synchronous). */
function settle(result: unknown): Promise<unknown> | undefined {
    return result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function" ? (result as Promise<unknown>) : undefined;
}

async function analyzeResource(ctx: Context, plan: readonly Step[], req: ResourceLike): Promise<analyzerpb.AnalyzeResponse> {
    const ds: Diagnostic[] = [];
    const na: analyzerpb.PolicyNotApplicable[] = [];
    let view: View | undefined;
    for (const step of plan) {
        if ("reply" in step) {
            na.push(step.reply);
            continue;
        }
        const p = step.policy as ResourceValidationPolicy;
        const report = reporter(ctx, p, step.level, ds);
        const v = p.validateResource!;
        for (const validation of Array.isArray(v) ? v : [v]) {
            try {
                view ??= resourceView(req);
                const pending = settle(validation(validationArgs(view, ctx.state.stackTags, throwNotApplicable, ctx.getConfigs.get(p.name)!) as never, report));
                if (pending !== undefined) await pending;
            } catch (e) {
                caught(ctx, p, e, ds, na, "validateResource");
            }
        }
    }
    return ctx.replies.reply(plan, ds, na);
}

async function analyzeStack(ctx: Context, plan: readonly Step[], resources: readonly StackResourceLike[]): Promise<analyzerpb.AnalyzeResponse> {
    const ds: Diagnostic[] = [];
    const na: analyzerpb.PolicyNotApplicable[] = [];
    let types: Set<string> | undefined;
    let views: View[] | undefined;
    for (const step of plan) {
        if ("reply" in step) continue;
        const p = step.policy as StackValidationPolicy;
        const only = policyModule.getPulumiType(p.validateStack);
        if (only) {
            types ??= new Set(resources.map((r) => r.getType()));
            if (!types.has(only)) {
                na.push(ctx.reply(p.name, `Policy only applies to resources of type '${only}'`));
                continue;
            }
        }
        try {
            views ??= stackView(resources);
            const args = { resources: views, getConfig: ctx.getConfigs.get(p.name)!, stackTags: ctx.state.stackTags, notApplicable: throwNotApplicable };
            const pending = settle(p.validateStack(args as never, reporter(ctx, p, step.level, ds)));
            if (pending !== undefined) await pending;
        } catch (e) {
            caught(ctx, p, e, ds, na, "validateStack");
        }
    }
    return replyOf(ds, na);
}
