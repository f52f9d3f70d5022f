/**
 * Runs the stack program's and the library's modules afresh, then puts the module cache back as it was.
 *
 * A spec that runs `index.ts` must load it and `components/` again: another spec of the same process may have loaded
 * them, and a cached `index.ts` does not run. Deleting their cache entries for good would leave two copies of the
 * library in one process: a spec loaded earlier (mocha loads every spec file before running any when it runs them
 * one after another) keeps the old `IrsaConfigError`, while its later `import("../../components")` returns the new
 * one, and `instanceof` fails. So the entries are put back once `run` settles, and what `run` loaded is forgotten.
 */
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/** Whether `id` is a module of the stack program (`index.ts`) or the library (`components/`). */
function isProgramModule(id: string): boolean {
    return id === path.join(ROOT, "index.ts") || id.startsWith(path.join(ROOT, "components") + path.sep);
}

/** `run()` with the program's and the library's modules loaded afresh; the module cache as it was afterwards. */
export async function withFreshProgram<T>(run: () => Promise<T>): Promise<T> {
    const saved = Object.entries(require.cache).filter(([id]) => isProgramModule(id));
    for (const [id] of saved) delete require.cache[id];
    try {
        return await run();
    } finally {
        for (const id of Object.keys(require.cache)) if (isProgramModule(id)) delete require.cache[id];
        for (const [id, module] of saved) require.cache[id] = module;
    }
}
