/**
 * The SDK's views of a request's resources, as its handlers hand them to policies (`makeAnalyzeRpcFun`,
 * `makeAnalyzeStackRpcFun`, `getResourceOptions` and `isTypeOf` in @pulumi/policy 1.21.0 `server.js`), built once
 * per request by the dispatcher (./dispatch.ts) for all the policies it calls.
 */
import { deserialize, policyModule, proxy } from "./sdkInternals";
import { DecodedStruct, StructLike } from "./wireReader";
import type { ResourceLike, StackResourceLike } from "./wireRequests";

/** The SDK's `isTypeOf`: by the class's type marker, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const only = policyModule.getPulumiType(resourceClass);
    if (only) return type === only;
    const isInstance = (resourceClass as { isInstance?: unknown } | undefined)?.isInstance;
    return typeof isInstance === "function" && (isInstance as (o: unknown) => unknown)({ __pulumiType: type }) === true;
}

/**
 * Props as the SDK hands them to policies: deserialized (secrets, assets, archives) behind its unknown-checking proxy.
 * A Struct read from the wire with none of these (./wireReader.ts, `plain`: no unknown value, no signature key) is
 * handed as it was read: the SDK's copy would be equal to it, and its proxy would read what it holds and throw
 * nothing. Under the CLI's runner the pack's CPU over the 1,000-workload plan fell from 2.73 to 2.65 s without them
 * (medians of 4 alternating runs, docs/performance.md, "Issue 23, second round"). Policies only read props, and none reads the proxy's own keys (`isSpecialProxy`,
 * `getSpecialProxyTarget`; lib/perStack.ts works with or without it).
 */
function propsOf(struct: StructLike | undefined): Record<string, unknown> {
    if (struct instanceof DecodedStruct && struct.plain) return struct.toJavaScript();
    return proxy.unknownCheckingProxy(deserialize.deserializeProperties(struct, false));
}

/** A resource's type, props, URN, name, options and provider as the SDK hands them to policies. */
export interface View {
    type: string;
    props: Record<string, unknown>;
    urn: string;
    name: string;
    opts: Record<string, unknown>;
    isType: (resourceClass: unknown) => boolean;
    asType: (resourceClass: unknown) => unknown;
    /** Only there when the resource has a provider, as in the SDK's view. */
    provider?: { type: string; props: Record<string, unknown>; urn: string; name: string };
}

export function resourceView(r: ResourceLike): View {
    const type = r.getType();
    const props = propsOf(r.getProperties());
    const view: View = {
        type,
        props,
        urn: r.getUrn(),
        name: r.getName(),
        opts: resourceOptions(r),
        isType: (resourceClass: unknown) => isTypeOf(type, resourceClass),
        asType: (resourceClass: unknown) => (isTypeOf(type, resourceClass) ? props : undefined),
    };
    const provider = r.getProvider();
    if (provider) {
        view.provider = {
            type: provider.getType(),
            props: propsOf(provider.getProperties()),
            urn: provider.getUrn(),
            name: provider.getName(),
        };
    }
    return view;
}

/**
 * The SDK's validation args: the view, the stack's tags, `notApplicable` and the policy's `getConfig`, in that key
 * order. Written out rather than spread: spreading the view for each policy a request calls was about 30 ms of CPU
 * over the 1,000-workload plan under the CLI's runner.
 */
export function validationArgs(view: View, stackTags: ReadonlyMap<string, string>, notApplicable: (reason?: string) => never, getConfig: <T extends object>() => T): Record<string, unknown> {
    const { type, props, urn, name, opts, isType, asType, provider } = view;
    return provider === undefined
        ? { type, props, urn, name, opts, isType, asType, stackTags, notApplicable, getConfig }
        : { type, props, urn, name, opts, isType, asType, provider, stackTags, notApplicable, getConfig };
}

/** The SDK's `getResourceOptions`. */
function resourceOptions(r: ResourceLike): Record<string, unknown> {
    const opts = r.getOptions();
    if (!opts) {
        throw new Error("A more recent version of the Pulumi CLI is required. To upgrade, see https://www.pulumi.com/docs/get-started/install/");
    }
    const timeouts = opts.getCustomtimeouts();
    const result: Record<string, unknown> = {
        protect: opts.getProtect(),
        ignoreChanges: opts.getIgnorechangesList(),
        aliases: opts.getAliasesList(),
        customTimeouts: { createSeconds: timeouts?.getCreate() ?? 0.0, updateSeconds: timeouts?.getUpdate() ?? 0.0, deleteSeconds: timeouts?.getDelete() ?? 0.0 },
        additionalSecretOutputs: opts.getAdditionalsecretoutputsList(),
    };
    if (opts.getDeletebeforereplacedefined()) result.deleteBeforeReplace = opts.getDeletebeforereplace();
    if (opts.getParent()) result.parent = opts.getParent();
    return result;
}

/** The SDK's stack view: every resource, with its parent and dependencies as resource views. */
export function stackView(resources: readonly StackResourceLike[]): View[] {
    type StackView = View & { dependencies: unknown[]; propertyDependencies: Record<string, unknown[]>; parent?: StackView };
    const views = resources.map((r) => {
        const view = resourceView(r) as StackView; // the keys of the SDK's `{ ...view, dependencies, propertyDependencies }`
        view.dependencies = [];
        view.propertyDependencies = {};
        return view;
    });
    const byUrn = new Map(views.map((v) => [v.urn, v]));
    resources.forEach((r, i) => {
        const view = views[i]!;
        const parent = r.getParent();
        if (parent && byUrn.has(parent)) view.parent = byUrn.get(parent);
        view.dependencies = r.getDependenciesList().map((d) => byUrn.get(d)).filter((d) => d);
        const map = r.getPropertydependenciesMap();
        if (map) {
            for (const [k, deps] of map.entries()) view.propertyDependencies[k] = deps.getUrnsList().map((d) => byUrn.get(d)).filter((d) => d);
        }
    });
    return views;
}

