/**
 * `npm run config:generate` (every generated file) and `npm run docs:config` (the configuration reference): writes
 * what the config generators derive from `components/config.ts`. `--check` writes nothing and fails when a
 * committed file differs (what the tests check too).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { argsTexts } from "./argsWriter";
import { fieldsText } from "./fieldsWriter";
import { multiLanguageModel } from "./merge";
import { readConfigModel, ROOT } from "./model";
import { referenceText } from "./referenceWriter";

/** A generator's output: the files it writes (repository-relative path → text), and the folder it owns. */
export interface Target {
    files: () => Map<string, string>;
    /** A folder whose every file the target writes (a file there it no longer writes is stale). */
    owns?: string;
}

/** The generated files, by target. */
export function generatedFiles(): Record<"args" | "fields" | "reference", Target> {
    let model: ReturnType<typeof readConfigModel> | undefined;
    const read = () => (model ??= readConfigModel());
    return {
        args: { files: () => argsTexts(multiLanguageModel(read())), owns: "provider/args" },
        fields: { files: () => new Map([["components/configFields.ts", fieldsText(read())]]) },
        reference: { files: () => new Map([["docs/configuration.md", referenceText(read())]]) },
    };
}

/** Files under a target's folder that it does not write (repository-relative). */
export function staleFiles(target: Target, written: Map<string, string>): string[] {
    if (target.owns === undefined || !fs.existsSync(path.join(ROOT, target.owns))) return [];
    return fs
        .readdirSync(path.join(ROOT, target.owns))
        .map((name) => `${target.owns}/${name}`)
        .filter((file) => !written.has(file));
}

function main(argv: string[]): number {
    const check = argv.includes("--check");
    const targets = generatedFiles();
    const names = argv.filter((a) => !a.startsWith("--"));
    const chosen = names.length === 0 ? Object.values(targets) : names.map((n) => targets[n as keyof typeof targets]);
    let stale = 0;
    for (const target of chosen) {
        if (target === undefined) throw new Error(`unknown target: use ${Object.keys(targets).join(", ")}`);
        const files = target.files();
        for (const [file, text] of files) {
            const absolute = path.join(ROOT, file);
            if (fs.existsSync(absolute) && fs.readFileSync(absolute, "utf8") === text) continue;
            if (check) {
                console.error(`${file} is not what components/config.ts generates: run \`npm run config:generate\``);
                stale++;
            } else {
                fs.mkdirSync(path.dirname(absolute), { recursive: true });
                fs.writeFileSync(absolute, text);
                console.log(`wrote ${file}`);
            }
        }
        for (const file of staleFiles(target, files)) {
            if (check) {
                console.error(`${file} is no longer generated: run \`npm run config:generate\``);
                stale++;
            } else {
                fs.rmSync(path.join(ROOT, file));
                console.log(`removed ${file}`);
            }
        }
    }
    return stale === 0 ? 0 : 1;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
