/**
 * `policy-pack/` copied alone into a folder outside the repository, with only what its own package.json installs:
 * the packages it lists and their dependencies (`dependencies`, `optionalDependencies` when present, and required
 * `peerDependencies`, as npm installs them), hard-linked from the repository's node_modules in npm's layout
 * (a nested copy stays nested). No network and no npm cache needed, so it runs the same on a clean CI machine
 * after `npm ci`; each listed version must be the one the repository installed (the pack pins exact versions).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
/** The pack's source folder. */
export const PACK_DIR = path.join(ROOT, "policy-pack");

interface Manifest {
    readonly name?: string;
    readonly version?: string;
    readonly dependencies?: Record<string, string>;
    readonly optionalDependencies?: Record<string, string>;
    readonly peerDependencies?: Record<string, string>;
    readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function manifest(dir: string): Manifest {
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
}

/** The folder of package `name` as Node resolves it from `from` (nearest node_modules up the tree). */
function packageDir(name: string, from: string): string | undefined {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, "node_modules", name);
        if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
        if (dir === path.dirname(dir)) return undefined;
    }
}

/** Hard-links (or copies, across devices) `src` into `dest`, leaving out `skip` folder names. */
function linkTree(src: string, dest: string, skip: readonly string[]): void {
    fs.mkdirSync(dest, { recursive: true });
    for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
        if (skip.includes(entry.name)) continue;
        const from = path.join(src, entry.name);
        const to = path.join(dest, entry.name);
        if (entry.isDirectory()) linkTree(from, to, []);
        else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
        else {
            try {
                fs.linkSync(from, to);
            } catch {
                fs.copyFileSync(from, to);
            }
        }
    }
}

/** The packages `dir`'s package.json makes npm install, with the folder each one resolves to from `dir`. */
function dependencyClosure(dir: string): Map<string, string> {
    const found = new Map<string, string>(); // package folder → name
    const queue: { readonly name: string; readonly from: string }[] = [];
    const enqueue = (m: Manifest, from: string): void => {
        const required = Object.entries(m.peerDependencies ?? {}).filter(([n]) => m.peerDependenciesMeta?.[n]?.optional !== true);
        for (const [name] of [...Object.entries(m.dependencies ?? {}), ...Object.entries(m.optionalDependencies ?? {}), ...required]) queue.push({ name, from });
    };
    enqueue(manifest(dir), dir);
    while (queue.length > 0) {
        const { name, from } = queue.shift()!;
        const pkg = packageDir(name, from);
        if (pkg === undefined) {
            if (Object.hasOwn(manifest(from).optionalDependencies ?? {}, name)) continue;
            throw new Error(`${name} (needed by ${from}) is not installed: run npm ci`);
        }
        if (found.has(pkg)) continue;
        found.set(pkg, name);
        enqueue(manifest(pkg), pkg);
    }
    return found;
}

/**
 * Copies the pack (without any node_modules of its own) to `dest` and installs its dependencies there from the
 * repository's node_modules. Throws when the pack lists a version the repository did not install.
 */
export function installPackAlone(dest: string): string {
    fs.rmSync(dest, { recursive: true, force: true });
    linkTree(PACK_DIR, dest, ["node_modules"]);
    const listed = manifest(PACK_DIR).dependencies ?? {};
    for (const [name, version] of Object.entries(listed)) {
        const installed = manifest(packageDir(name, PACK_DIR)!).version?.replace(/^v/, "");
        if (installed !== version) throw new Error(`policy-pack/package.json pins ${name} ${version} but the repository installed ${installed}: pin the same version in both.`);
    }
    const modules = path.join(ROOT, "node_modules");
    for (const pkg of dependencyClosure(PACK_DIR).keys()) {
        // npm's layout: node_modules/a and node_modules/a/node_modules/b stay where they are.
        linkTree(pkg, path.join(dest, "node_modules", path.relative(modules, pkg)), ["node_modules"]);
    }
    return dest;
}
