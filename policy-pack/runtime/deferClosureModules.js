// Defers the two modules `@pulumi/pulumi` loads at start-up only for closure serialization (`serializeFunction`,
// used by dynamic providers and callback functions: never by a policy pack, nor by a program `synth` runs): the
// TypeScript compiler (`typescript-shim`, required at the top of `runtime/closure/parseFunction.js`; the SDK's other
// users of it already require it inside their functions) and `@npmcli/arborist` (required at the top of
// `runtime/closure/codePaths.js`, used inside `computeCodePaths` only). Read in @pulumi/pulumi 3.248's
// `runtime/closure/*.js`.
//
// Each is put into the require cache as a proxy that loads the real module the first time anything reads from it, so
// closure serialization still works as before, just loading them when it first runs. Loading `@pulumi/pulumi` took
// 0.55 s of CPU, 0.2 s of it TypeScript and 0.17 s arborist (issue 23, measured with a `Module._load` timer).
//
// Used by the pack's entry point (start.js: `@pulumi/policy` loads the SDK's runtime; under the CLI's runner the
// runner has loaded TypeScript already, arborist and its ~400 modules not yet) and by `synth`
// (synth/lazySdkModules.ts). Does nothing when the SDK, or either module, is loaded already.
"use strict";
const path = require("node:path");

/**
 * Puts a module whose exports load `file` on first use into the require cache. `esModule`: what `__esModule`
 * answers without loading (TypeScript's `__importStar` reads it at once and, when true, keeps the module object as
 * is instead of copying its keys).
 */
function lazyModule(file, esModule) {
    let real;
    const load = () => {
        if (real === undefined) {
            delete require.cache[file];
            real = require(file);
            // Later requires get the real module, as if it had been loaded at start-up.
            require.cache[file].exports = real;
        }
        return real;
    };
    const exports = new Proxy(
        {},
        {
            get: (_, key) => (key === "__esModule" && real === undefined ? esModule : load()[key]),
            has: (_, key) => key in load(),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_, key) => {
                const d = Reflect.getOwnPropertyDescriptor(load(), key);
                return d === undefined ? undefined : { ...d, configurable: true };
            },
            set: (_, key, value) => Reflect.set(load(), key, value),
        },
    );
    require.cache[file] = { id: file, filename: file, loaded: true, exports, children: [], paths: [], path: path.dirname(file) };
}

/** The folder of the `@pulumi/pulumi` that resolves from `from`, or undefined. */
function sdkDirFrom(from) {
    try {
        return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [from] }));
    } catch {
        return undefined;
    }
}

/**
 * Installs the deferred modules for the `@pulumi/pulumi` that resolves from `from` (a folder; default: this one);
 * returns whether it did.
 * @param {string} [from]
 * @returns {boolean}
 */
function deferClosureModules(from = __dirname) {
    const sdkDir = sdkDirFrom(from);
    if (sdkDir === undefined) return false;
    const closure = path.join(sdkDir, "runtime", "closure");
    if (require.cache[path.join(closure, "parseFunction.js")] !== undefined) return false;
    const shim = path.join(sdkDir, "typescript-shim.js");
    let arborist;
    try {
        arborist = require.resolve("@npmcli/arborist", { paths: [closure] });
    } catch {
        arborist = undefined;
    }
    if (require.cache[shim] === undefined) lazyModule(shim, false);
    if (arborist !== undefined && require.cache[arborist] === undefined) lazyModule(arborist, true);
    return true;
}

/**
 * Defers `@pulumi/pulumi`'s Automation API (`automation/index.js`, required by the SDK's `index.js` only, to export
 * it as `pulumi.automation`: execa, tmp, a log tailer and ~60 modules that drive the `pulumi` CLI), which a policy
 * pack never calls: a proxy that loads it on first use, as above. `__esModule` is true (compiled TypeScript), so the
 * SDK's `__importStar` keeps the proxy as it is. Does nothing when the SDK is loaded already; returns whether it did.
 * @param {string} [from]
 * @returns {boolean}
 */
function deferAutomation(from = __dirname) {
    const sdkDir = sdkDirFrom(from);
    if (sdkDir === undefined) return false;
    const automation = path.join(sdkDir, "automation", "index.js");
    if (require.cache[path.join(sdkDir, "index.js")] !== undefined || require.cache[automation] !== undefined) return false;
    lazyModule(automation, true);
    return true;
}

/**
 * Both, as every entry point installs them before the SDK loads (the pack's `start.js`, `synth`'s
 * `lazySdkModules.ts`); returns whether the closure modules were deferred.
 * @param {string} [from]
 * @returns {boolean}
 */
function deferUnusedSdkModules(from = __dirname) {
    const closure = deferClosureModules(from);
    deferAutomation(from);
    return closure;
}

module.exports = { deferClosureModules, deferAutomation, deferUnusedSdkModules };
