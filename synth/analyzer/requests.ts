/**
 * Builds the analyzer requests the Pulumi engine sends a policy pack, from a stack's resources.
 *
 * The engine calls `Analyze` once per resource with its checked inputs (resource policies, during
 * `preview` and `up`) and `AnalyzeStack` once with every resource's outputs (stack policies).
 * Both `synth` and `check` go through these builders, whichever transport (gRPC or in-process) runs the pack.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { ExportedResource, RESOURCE_REF_SIG, revealValue, SIG_KEY } from "../stackExport";

/** One resource as the analyzer sees it. */
export interface AnalyzedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** A resource the program read (`.get`): in the state, but never sent to a policy pack (the engine analyzes what it manages). */
    external?: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** The provider resource this one is managed by, when it is in the stack. */
    provider?: { urn: string; type: string; name: string; inputs: Record<string, unknown> };
}

/** The logical name of a URN: what follows its last `::`. */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Turns a stack export's resources into analyzer resources, resolving provider references to their resources. */
export function fromStackExport(resources: readonly ExportedResource[]): AnalyzedResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return resources.map((r) => toAnalyzed(r, (urn) => byUrn.get(urn)));
}

/** One stack-export resource as the analyzer sees it; `lookup` finds its provider resource by URN. */
export function toAnalyzed(r: ExportedResource, lookup: (urn: string) => ExportedResource | undefined): AnalyzedResource {
    const providerUrn = r.provider?.slice(0, r.provider.lastIndexOf("::"));
    const provider = providerUrn !== undefined ? lookup(providerUrn) : undefined;
    return {
        urn: r.urn,
        type: r.type,
        name: urnName(r.urn),
        custom: r.custom,
        ...(r.external === true ? { external: true } : {}),
        inputs: revealValue(r.inputs ?? {}) as Record<string, unknown>,
        outputs: revealValue(r.outputs ?? {}) as Record<string, unknown>,
        ...(r.parent !== undefined ? { parent: r.parent } : {}),
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
        ...(provider !== undefined ? { provider: providerView(provider) } : {}),
    };
}

/** Each provider's view, built once: thousands of resources share a provider (and its secret kubeconfig). */
const providerViews = new WeakMap<ExportedResource, NonNullable<AnalyzedResource["provider"]>>();

function providerView(provider: ExportedResource): NonNullable<AnalyzedResource["provider"]> {
    let view = providerViews.get(provider);
    if (view === undefined) {
        view = { urn: provider.urn, type: provider.type, name: urnName(provider.urn), inputs: revealValue(provider.inputs ?? {}) as Record<string, unknown> };
        providerViews.set(provider, view);
    }
    return view;
}

/**
 * Whether the engine sends this resource to `Analyze` and `AnalyzeStack`: everything but providers, the root stack
 * and reads. A read (`external`) is kept in the engine's `reads`, not its `news`, and only `news` is analyzed
 * (pulumi/pulumi pkg/resource/deploy/step_executor.go and `stepGenerator.AnalyzeResources`, commit 1b59498).
 */
export function isAnalyzed(r: AnalyzedResource): boolean {
    return !r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:pulumi:Stack" && r.external !== true;
}

function options(r: AnalyzedResource): analyzerpb.AnalyzerResourceOptions {
    const o = new analyzerpb.AnalyzerResourceOptions();
    o.setProtect(false);
    o.setIgnorechangesList([]);
    o.setAliasesList([]);
    o.setAdditionalsecretoutputsList([]);
    o.setDeletebeforereplacedefined(false);
    o.setCustomtimeouts(new analyzerpb.AnalyzerResourceOptions.CustomTimeouts());
    if (r.parent !== undefined) o.setParent(r.parent);
    return o;
}

function providerResource(r: AnalyzedResource): analyzerpb.AnalyzerProviderResource | undefined {
    if (r.provider === undefined) return undefined;
    const p = new analyzerpb.AnalyzerProviderResource();
    p.setUrn(r.provider.urn);
    p.setType(r.provider.type);
    p.setName(r.provider.name);
    p.setProperties(Struct.fromJavaScript(toStruct(r.provider.inputs)));
    return p;
}

/**
 * What the engine gives an analyzer for a resource reference `v`: the engine does not send references to
 * analyzers, it sends the referenced resource's id (custom resources) or URN (components). Any other value is
 * returned as it is (not searched: see {@link downgradeRefs}).
 */
export function downgradeReference(v: unknown): unknown {
    if (v !== null && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === RESOURCE_REF_SIG) {
        const ref = v as { id?: unknown; urn?: unknown };
        return typeof ref.id === "string" && ref.id !== "" ? ref.id : ref.urn;
    }
    return v;
}

/** {@link downgradeReference} applied at every depth of `v`. */
function downgradeRefs(v: unknown): unknown {
    const d = downgradeReference(v);
    if (Array.isArray(d)) return d.map(downgradeRefs);
    if (d !== null && typeof d === "object") return Object.fromEntries(Object.entries(d).map(([k, x]) => [k, downgradeRefs(x)]));
    return d;
}

/** `Struct.fromJavaScript` takes JSON values only: drop `undefined`, downgrade references, keep everything else. */
function toStruct(v: Record<string, unknown>): Record<string, never> {
    return JSON.parse(JSON.stringify(downgradeRefs(v))) as Record<string, never>;
}

/** The `Analyze` request for one resource: its inputs. */
export function analyzeRequest(r: AnalyzedResource): analyzerpb.AnalyzeRequest {
    const req = new analyzerpb.AnalyzeRequest();
    req.setUrn(r.urn);
    req.setType(r.type);
    req.setName(r.name);
    req.setProperties(Struct.fromJavaScript(toStruct(r.inputs)));
    req.setOptions(options(r));
    const p = providerResource(r);
    if (p !== undefined) req.setProvider(p);
    return req;
}

/** The `AnalyzeStack` request: every resource with its outputs. */
export function analyzeStackRequest(resources: readonly AnalyzedResource[]): analyzerpb.AnalyzeStackRequest {
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList(
        resources.filter(isAnalyzed).map((r) => {
            const a = new analyzerpb.AnalyzerResource();
            a.setUrn(r.urn);
            a.setType(r.type);
            a.setName(r.name);
            a.setProperties(Struct.fromJavaScript(toStruct(r.outputs)));
            a.setOptions(options(r));
            if (r.parent !== undefined) a.setParent(r.parent);
            a.setDependenciesList(r.dependencies);
            const deps = a.getPropertydependenciesMap();
            for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                const d = new analyzerpb.AnalyzerPropertyDependencies();
                d.setUrnsList(urns);
                deps.set(k, d);
            }
            const p = providerResource(r);
            if (p !== undefined) a.setProvider(p);
            return a;
        }),
    );
    return req;
}
