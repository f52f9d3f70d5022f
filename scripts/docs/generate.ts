/**
 * `npm run docs`: rewrites every generated region of the docs (see ./blocks.ts) from its producer.
 * `npm run docs -- --check`: writes nothing, lists the stale regions and exits 1 when there are any.
 * `--only NAME[,NAME]` limits the run to those regions.
 *
 * The configuration reference (docs/configuration.md) has its own generator: `npm run docs` runs the `docs:config`
 * script after this one when package.json defines it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REGIONS, ROOT, regionsIn, regionText, replaceRegions } from "./blocks";

function main(argv: string[]): number {
    const check = argv.includes("--check");
    const onlyAt = argv.indexOf("--only");
    const only = onlyAt === -1 ? Object.keys(REGIONS) : (argv[onlyAt + 1] ?? "").split(",");
    const unknown = only.filter((n) => REGIONS[n] === undefined);
    if (unknown.length > 0) {
        process.stderr.write(`unknown region(s) ${unknown.join(", ")}: use ${Object.keys(REGIONS).join(", ")}.\n`);
        return 2;
    }
    const produced: Record<string, string> = {};
    for (const name of only) produced[name] = REGIONS[name]!.produce();
    const files = [...new Set(only.flatMap((n) => REGIONS[n]!.files))];
    const stale: string[] = [];
    for (const rel of files) {
        const file = path.join(ROOT, rel);
        const text = fs.readFileSync(file, "utf8");
        for (const name of only.filter((n) => REGIONS[n]!.files.includes(rel))) {
            if (!regionsIn(text).includes(name)) throw new Error(`${rel} has no <!-- generated:${name} --> region`);
            if (regionText(text, name) !== produced[name]) stale.push(`${rel} ${name}`);
        }
        if (!check) fs.writeFileSync(file, replaceRegions(text, produced));
    }
    if (check && stale.length > 0) {
        process.stderr.write(`stale generated docs (run npm run docs):\n  ${stale.join("\n  ")}\n`);
        return 1;
    }
    process.stdout.write(check ? "generated docs are current\n" : `${stale.length === 0 ? "nothing changed" : `rewrote ${stale.join(", ")}`}\n`);
    return 0;
}

process.exit(main(process.argv.slice(2)));
