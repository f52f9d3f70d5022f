/**
 * `npm run config:generate` (every generated file) and `npm run docs:config` (the configuration reference): writes
 * what the config generators derive from `components/config.ts`. `--check` writes nothing and fails when a
 * committed file differs (what the tests check too).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { argsText } from "./argsWriter";
import { fieldsText } from "./fieldsWriter";
import { multiLanguageModel } from "./merge";
import { readConfigModel, ROOT } from "./model";
import { referenceText } from "./referenceWriter";

/** A generated file: where it goes, and its text from the model. */
export interface Generated {
    file: string;
    text: () => string;
}

/** Every generated file, by target name. */
export function generatedFiles(): Record<"args" | "fields" | "reference", Generated> {
    let model: ReturnType<typeof readConfigModel> | undefined;
    const read = () => (model ??= readConfigModel());
    return {
        args: { file: path.join(ROOT, "provider", "args.ts"), text: () => argsText(multiLanguageModel(read())) },
        fields: { file: path.join(ROOT, "components", "configFields.ts"), text: () => fieldsText(read()) },
        reference: { file: path.join(ROOT, "docs", "configuration.md"), text: () => referenceText(read()) },
    };
}

function main(argv: string[]): number {
    const check = argv.includes("--check");
    const files = generatedFiles();
    const names = argv.filter((a) => !a.startsWith("--"));
    const targets = names.length === 0 ? Object.values(files) : names.map((n) => files[n as keyof typeof files]);
    let stale = 0;
    for (const target of targets) {
        if (target === undefined) throw new Error(`unknown target: use ${Object.keys(files).join(", ")}`);
        const text = target.text();
        const current = fs.existsSync(target.file) ? fs.readFileSync(target.file, "utf8") : undefined;
        const where = path.relative(process.cwd(), target.file);
        if (current === text) continue;
        if (check) {
            console.error(`${where} is not what components/config.ts generates: run \`npm run config:generate\``);
            stale++;
        } else {
            fs.mkdirSync(path.dirname(target.file), { recursive: true });
            fs.writeFileSync(target.file, text);
            console.log(`wrote ${where}`);
        }
    }
    return stale === 0 ? 0 : 1;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
