/**
 * One index per `AnalyzeStack` request instead of one per stack policy. The SDK calls each stack policy with its
 * own list of resource views, but the props behind them are the request's, shared by all policies in the pack
 * process (runtime/decodeOnce.js): when the props of every resource are the very objects the previous policy saw,
 * the index built then is handed out again. Elsewhere (fresh copies per policy) it is simply built again.
 */
import { StackResourceView } from "./stackIndex";

/** The SDK's key for a proxied value's target (`getSpecialProxyTarget` in @pulumi/policy's proxy.ts). */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The props object behind a resource view: the proxy's target, or the props themselves. */
function propsIdentity(r: StackResourceView): unknown {
    const props = r.props as Record<string, unknown> | undefined;
    return (props?.[PROXY_TARGET] as unknown) ?? props;
}

/** `build`, memoized on the identity of the resources' props (only the last request's result is kept). */
export function perStack<T>(build: (resources: readonly StackResourceView[]) => T): (resources: readonly StackResourceView[]) => T {
    let last: { readonly keys: readonly unknown[]; readonly types: readonly string[]; readonly value: T } | undefined;
    return (resources) => {
        const keys = resources.map(propsIdentity);
        const types = resources.map((r) => r.type);
        if (last !== undefined && last.keys.length === keys.length && last.keys.every((k, i) => k === keys[i] && last!.types[i] === types[i])) {
            return last.value;
        }
        const value = build(resources);
        last = { keys, types, value };
        return value;
    };
}
