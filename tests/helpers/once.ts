/**
 * `f` run once, on first use: the tests of a suite that need the same run (a CLI process, a runner child) share it.
 * For an async `f`, the one promise, settled or not.
 */
export function once<T>(f: () => T): () => T {
    let result: { value: T } | undefined;
    return () => (result ??= { value: f() }).value;
}
