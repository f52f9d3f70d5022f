/**
 * Runs the whole irsa-guard pack over a list of resources, in-process, through the product's own runner
 * (`synth/analyzer/inProcess.ts`: the SDK's Analyze/AnalyzeStack handlers fed the engine's requests).
 * This adapter lets tests describe resources loosely (inputs or outputs may stand for each other) and give
 * config the way `--policy-pack-config` writes it.
 */
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { analyzeInProcess } from "../../synth/analyzer/inProcess";
import { ResolvedPolicyConfig } from "../../synth/analyzer/packConfig";
import { AnalyzedResource } from "../../synth/analyzer/requests";
import { Violation } from "../../synth/analyzer/violations";
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
export type PackViolation = Violation;

/** Options of {@link runPackInProcess}. */
export interface RunOptions {
    /** Policies to run. @default the irsa-guard pack */
    readonly policies?: Policies;
    /** Pack version reported in diagnostics. @default "0.1.0" */
    readonly version?: string;
    /** Run the stack policies too. @default true */
    readonly stack?: boolean;
}

/** A loosely described resource as the analyzer sees it. */
export function toAnalyzed(r: PackResource): AnalyzedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: true,
        inputs: r.inputs ?? r.outputs ?? {},
        outputs: r.outputs ?? r.inputs ?? {},
        ...(r.parent !== undefined ? { parent: r.parent } : {}),
        dependencies: [...(r.dependencies ?? [])],
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, [...v]])),
        ...(r.provider !== undefined ? { provider: { urn: r.provider.urn, type: r.provider.type, name: r.provider.name, inputs: r.provider.props ?? {} } } : {}),
    };
}

/** Only the policies the config names change; a level-only entry keeps the policy's own (empty) config. */
function resolve(policies: Policies, config: PackConfig): Map<string, ResolvedPolicyConfig> {
    const out = new Map<string, ResolvedPolicyConfig>();
    for (const p of policies) {
        const entry = config[p.name];
        if (entry === undefined) continue;
        const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
        out.set(p.name, { enforcementLevel: enforcementLevel ?? p.enforcementLevel ?? "advisory", properties });
    }
    return out;
}

/**
 * Runs the pack over the resources: resource policies on each resource's inputs, stack policies
 * on all outputs. Returns every diagnostic, resource ones first in resource order.
 */
export async function runPackInProcess(resources: readonly PackResource[], config: PackConfig = {}, opts: RunOptions = {}): Promise<PackViolation[]> {
    const policies = opts.policies ?? packPolicies;
    return analyzeInProcess(
        { name: PACK_NAME, version: opts.version ?? "0.1.0", policies },
        resources.map(toAnalyzed),
        resolve(policies, config),
        opts.stack === false ? { stack: false } : {},
    );
}
