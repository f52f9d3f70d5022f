/**
 * Defers the two modules `@pulumi/pulumi` loads at start-up only for closure serialization (`serializeFunction`,
 * used by dynamic providers and callback functions, never by a program `synth` runs): the TypeScript compiler
 * (`typescript-shim`, required at the top of `runtime/closure/parseFunction.js`; the SDK's other users of it
 * already require it inside their functions) and `@npmcli/arborist` (required at the top of
 * `runtime/closure/codePaths.js`, used inside `computeCodePaths` only). Read in @pulumi/pulumi 3.248's
 * `runtime/closure/*.js`.
 *
 * Each is put into the require cache as a proxy that loads the real module the first time anything reads from
 * it, so closure serialization still works as before, just loading them when it first runs. Loading
 * `@pulumi/pulumi` took 0.55 s of CPU, 0.2 s of it TypeScript and 0.17 s arborist (issue 23, measured with a
 * `Module._load` timer); `synth` loads the SDK once per run.
 *
 * Does nothing when the SDK, or either module, is loaded already.
 */
import * as path from "node:path";

/** The module object of a proxied module, as `require.cache` holds it. */
type CachedModule = NodeJS.Module;

/**
 * A module whose exports load `file` on first use. `esModule`: what `__esModule` answers without loading (TypeScript's
 * `__importStar` reads it at once and, when true, keeps the module object as is instead of copying its keys).
 */
function lazyModule(file: string, esModule: boolean): void {
    let real: Record<PropertyKey, unknown> | undefined;
    const load = (): Record<PropertyKey, unknown> => {
        if (real === undefined) {
            delete require.cache[file];
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            real = require(file) as Record<PropertyKey, unknown>;
            // Later requires get the real module, as if it had been loaded at start-up.
            require.cache[file]!.exports = real;
        }
        return real;
    };
    const exports = new Proxy({} as Record<PropertyKey, unknown>, {
        get: (_, key) => (key === "__esModule" && real === undefined ? esModule : load()[key]),
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const d = Reflect.getOwnPropertyDescriptor(load(), key);
            return d === undefined ? undefined : { ...d, configurable: true };
        },
        set: (_, key, value) => Reflect.set(load(), key, value),
    });
    const cached = { id: file, filename: file, loaded: true, exports, children: [], paths: [], path: path.dirname(file) } as unknown as CachedModule;
    require.cache[file] = cached;
}

/** Installs the deferred modules (see the module comment); returns whether it did. */
export function deferClosureModules(): boolean {
    let sdkDir: string;
    try {
        sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    } catch {
        return false;
    }
    const closure = path.join(sdkDir, "runtime", "closure");
    if (require.cache[path.join(closure, "parseFunction.js")] !== undefined) return false;
    const shim = path.join(sdkDir, "typescript-shim.js");
    let arborist: string | undefined;
    try {
        arborist = require.resolve("@npmcli/arborist", { paths: [closure] });
    } catch {
        arborist = undefined;
    }
    if (require.cache[shim] === undefined) lazyModule(shim, false);
    if (arborist !== undefined && require.cache[arborist] === undefined) lazyModule(arborist, true);
    return true;
}
