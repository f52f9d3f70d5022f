/** Files shipped with this package, found the same way from the sources and from the compiled `dist/`. */
import * as fs from "node:fs";
import * as path from "node:path";

/** `rel` (e.g. `scripts/node-flags.js`) in the nearest folder at or above this file's: the package root. */
export function packageFile(rel: string): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, rel))) return path.join(dir, rel);
    }
    throw new Error(`${rel} not found above ${__dirname}: reinstall the package`);
}
