/**
 * What `synth` wrote into its output folder, so that a re-run removes exactly the files an earlier run wrote and this
 * one does not (a renamed or deleted workload leaves nothing behind) and never a file someone else put there.
 *
 * The list is `<out>/.eks-irsa-manifest.json`. A folder without one (first run, or written by an older version) has
 * nothing removed. Deleting only the stale files, rather than the folders before writing, also keeps a re-run from
 * unlinking and re-creating thousands of unchanged files (about a second at 1,000 workloads).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The manifest's file name in the output folder. */
export const MANIFEST_FILE = ".eks-irsa-manifest.json";

/** The manifest's content. */
export interface OutputManifest {
    /** Always `"eks-irsa synth"`: a file by that name written by anything else is not read. */
    writtenBy: "eks-irsa synth";
    /** The files of the run, relative to the output folder, `/`-separated, sorted. */
    files: string[];
}

/** `rel` as the manifest stores it (`/`-separated), or `undefined` when it leaves the folder or is absolute. */
function inside(rel: string): string | undefined {
    const normal = path.posix.normalize(rel.split(path.sep).join("/"));
    return normal === "" || normal === "." || normal.startsWith("../") || normal === ".." || path.posix.isAbsolute(normal) || path.win32.isAbsolute(normal) ? undefined : normal;
}

/** The files the previous run listed in `dir`; none when there is no manifest or it is not one of ours. */
export function readManifest(dir: string): string[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), "utf8"));
    } catch {
        return [];
    }
    const m = parsed as Partial<OutputManifest> | null;
    if (m === null || typeof m !== "object" || m.writtenBy !== "eks-irsa synth" || !Array.isArray(m.files)) return [];
    return m.files.filter((f): f is string => typeof f === "string").flatMap((f) => inside(f) ?? []);
}

/** Writes the manifest of this run's `files` (relative to `dir`). */
export function writeManifest(dir: string, files: Iterable<string>): void {
    const list = [...new Set([...files].flatMap((f) => inside(f) ?? []))].filter((f) => f !== MANIFEST_FILE).sort();
    const manifest: OutputManifest = { writtenBy: "eks-irsa synth", files: list };
    fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
}

/**
 * Removes the files of `previous` (the last run's manifest) that this run did not write (`written`, relative to
 * `dir`), then each folder they leave empty, up to `dir`. Returns the files removed, sorted.
 */
export function removeStale(dir: string, previous: readonly string[], written: Iterable<string>): string[] {
    const kept = new Set([...written].flatMap((f) => inside(f) ?? []));
    const removed = previous.filter((f) => !kept.has(f)).sort();
    const folders = new Set<string>();
    for (const rel of removed) {
        fs.rmSync(path.join(dir, ...rel.split("/")), { force: true });
        for (let folder = path.posix.dirname(rel); folder !== "."; folder = path.posix.dirname(folder)) folders.add(folder);
    }
    // Deepest first, so a parent is empty once its children are gone.
    for (const folder of [...folders].sort((a, b) => b.split("/").length - a.split("/").length || a.localeCompare(b))) {
        const full = path.join(dir, ...folder.split("/"));
        if (fs.existsSync(full) && fs.readdirSync(full).length === 0) fs.rmdirSync(full);
    }
    return removed;
}
