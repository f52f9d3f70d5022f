/**
 * `f` run once, on first use: the tests of a suite that need the same run (a CLI process, a runner child) share it.
 * For an async `f`, the one promise, settled or not.
 */
export function once<T>(f: () => T): () => T {
    let result: { value: T } | undefined;
    return () => (result ??= { value: f() }).value;
}

/**
 * `f` run once per argument, on its first use with it: what a suite builds from an object and reads again (a request
 * from a resource, its bytes from a request). Kept while the argument lives (a `WeakMap` keyed by its identity).
 */
export function oncePer<K extends object, V>(f: (key: K) => V): (key: K) => V {
    const results = new WeakMap<K, { value: V }>();
    return (key) => {
        let result = results.get(key);
        if (result === undefined) results.set(key, (result = { value: f(key) }));
        return result.value;
    };
}
