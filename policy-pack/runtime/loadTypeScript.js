// Loads the pack's `.ts` files without type checking: types are stripped by Sucrase (MIT, pure JavaScript,
// line numbers kept, so stack traces point at the TypeScript lines), and each result is cached on disk by the
// SHA-256 of its source, so a preview after the first loads JavaScript only and a changed file is transpiled
// again (nothing to rebuild, nothing stale). The cache is best-effort: where the pack's folder is read-only,
// files are transpiled in memory on every start. Replaces any `.ts` loader registered before (ts-node's, by the
// CLI's runner) for this process.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const SUCRASE_OPTIONS = { transforms: ["typescript", "imports"], production: true };
/**
 * `node_modules/.cache/irsa-guard-ts` in the node_modules folder the pack's dependencies are installed in (the
 * pack's own when installed alone, the project's when it resolves them from there), as Babel and ESLint do: never
 * inside the pack's folder itself when it has no node_modules.
 */
function cacheDir() {
    const sdk = require.resolve("@pulumi/policy", { paths: [path.join(__dirname, "..")] });
    const modules = sdk.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    return path.join(sdk.slice(0, modules), "node_modules", ".cache", "irsa-guard-ts");
}
const CACHE_DIR = cacheDir();
let sucrase; // loaded on the first cache miss only
let cacheKeyPrefix;

function cacheKey(source) {
    if (cacheKeyPrefix === undefined) {
        // Sucrase's version and the options take part in the key: a new Sucrase transpiles again.
        const version = JSON.parse(fs.readFileSync(require.resolve("sucrase/package.json"), "utf8")).version;
        cacheKeyPrefix = `sucrase@${version} ${JSON.stringify(SUCRASE_OPTIONS)}\n`;
    }
    return crypto.createHash("sha256").update(cacheKeyPrefix).update(source).digest("hex");
}

function transpile(source, filename) {
    const cached = path.join(CACHE_DIR, `${cacheKey(source)}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // not cached yet
    }
    sucrase ??= require("sucrase");
    const code = sucrase.transform(source, { ...SUCRASE_OPTIONS, filePath: filename }).code;
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        const partial = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(partial, code);
        fs.renameSync(partial, cached); // atomic: a concurrent start reads a whole file or none
    } catch {
        // read-only folder: transpile again next time
    }
    return code;
}

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
