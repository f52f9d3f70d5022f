/**
 * IAM wildcard patterns (`*` = any run of characters, `?` = one character) compared with each other, for the
 * broadening test: does what BASE allowed already cover what HEAD allows?
 *
 * Action names are matched without regard to case, ARNs with it ("The action name is case insensitive",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html; resource ARNs:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
 * Policy variables (`${aws:username}`) are compared as written.
 */

const cache = new Map<string, RegExp>();

/**
 * The regular expression of `outer` applied to another pattern's text: `*` takes anything (the other pattern's
 * own `*` and `?` too), `?` takes one character that is not a wildcard (the other's `*` may stand for several).
 */
function coverRegExp(outer: string, caseless: boolean): RegExp {
    const id = `${caseless ? "i" : "s"}${outer}`;
    let re = cache.get(id);
    if (re === undefined) {
        const body = outer.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[^*?]" : `\\${c}`));
        re = new RegExp(`^${body}$`, caseless ? "i" : "");
        if (cache.size > 50_000) cache.clear();
        cache.set(id, re);
    }
    return re;
}

/** Whether every string `inner` matches is also matched by `outer` (both IAM wildcard patterns). */
export function globCovers(outer: string, inner: string, caseless: boolean): boolean {
    if (outer === "*" || outer === inner) return true;
    if (!/[*?]/.test(outer)) return caseless ? outer.toLowerCase() === inner.toLowerCase() : false;
    return coverRegExp(outer, caseless).test(inner);
}

/**
 * Whether some string could match both patterns. Exact for two literals or a literal and a pattern; two patterns
 * overlap unless their literal beginnings or endings differ (else assumed to: the safe answer for a broadening test).
 */
export function globOverlaps(a: string, b: string, caseless: boolean): boolean {
    const wa = /[*?]/.test(a);
    const wb = /[*?]/.test(b);
    if (wa && wb) {
        const [x, y] = caseless ? [a.toLowerCase(), b.toLowerCase()] : [a, b];
        const head = (s: string): string => s.slice(0, s.search(/[*?]/));
        const tail = (s: string): string => s.slice(Math.max(s.lastIndexOf("*"), s.lastIndexOf("?")) + 1);
        const compatible = (p: string, q: string, at: "start" | "end"): boolean => (at === "start" ? p.startsWith(q) || q.startsWith(p) : p.endsWith(q) || q.endsWith(p));
        return compatible(head(x), head(y), "start") && compatible(tail(x), tail(y), "end");
    }
    if (wa) return coverRegExp(a, caseless).test(b);
    if (wb) return coverRegExp(b, caseless).test(a);
    return caseless ? a.toLowerCase() === b.toLowerCase() : a === b;
}
