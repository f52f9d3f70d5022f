/**
 * Reads a Pulumi project and one stack's configuration the way the Pulumi CLI does:
 * `Pulumi.yaml` for the project name, `Pulumi.<stack>.yaml` (or any file in that format) for `config:`.
 *
 * Structured values (objects, lists) are passed to the program as JSON text, which is what
 * `pulumi.Config.requireObject` parses, with object keys sorted at every level: the CLI re-encodes structured
 * config through Go's JSON encoder, which sorts map keys (sdk/go/common/resource/config/object.go). Plain strings
 * pass through unchanged. Project-level config (`config:` in `Pulumi.yaml`) is read under the stack's: a key the
 * stack file sets wins whole (no deep merge).
 * @see https://www.pulumi.com/docs/iac/concepts/config/#project-level-configuration
 * @see https://www.pulumi.com/blog/project-config-mvp/
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";

/** A stack's configuration, ready for `pulumi.runtime.setAllConfig`. */
export interface StackConfig {
    project: string;
    stack: string;
    /** `namespace:key` → the value as the Pulumi runtime stores it (JSON text for structured values). */
    config: Record<string, string>;
    /** Keys whose values were `secure:` in the file. */
    secretKeys: string[];
    /** The file the config came from. */
    file: string;
}

/** Raised for a project or stack file that is missing or malformed; the message names the file and the fix. */
export class StackConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackConfigError";
    }
}

function readYaml(file: string, fix: string): unknown {
    if (!fs.existsSync(file)) throw new StackConfigError(`${file} does not exist: ${fix}.`);
    try {
        // YAML 1.2's core schema, as the Pulumi CLI reads stack files: `2024-01-01` or `yes` stay strings.
        return load(fs.readFileSync(file, "utf8"), { schema: CORE_SCHEMA });
    } catch (e) {
        throw new StackConfigError(`${file} is not valid YAML: ${(e as Error).message.split("\n")[0]}.`);
    }
}

/**
 * The stack program of the project in `projectDir`, as the Pulumi CLI finds it: `Pulumi.yaml`'s `main` (a file, or
 * a directory holding `index.ts`), else the project's `index.ts`.
 * @see https://www.pulumi.com/docs/iac/concepts/projects/project-file/#attributes
 */
export function programPath(projectDir: string): string {
    const doc = readYaml(path.join(projectDir, "Pulumi.yaml"), "run from the Pulumi project's directory or pass --project DIR");
    const main = (doc as { main?: unknown } | null)?.main;
    const target = typeof main === "string" && main !== "" ? path.resolve(projectDir, main) : projectDir;
    return fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, "index.ts") : target;
}

/** The project name from `Pulumi.yaml` in `projectDir`. */
export function readProjectName(projectDir: string): string {
    const doc = readYaml(path.join(projectDir, "Pulumi.yaml"), "run from the Pulumi project's directory or pass --project DIR");
    const name = (doc as { name?: unknown } | null)?.name;
    if (typeof name !== "string" || name === "") throw new StackConfigError(`${path.join(projectDir, "Pulumi.yaml")} has no "name": set the project name.`);
    return name;
}

/** `value` as JSON text with every object's keys in code-point order, as Go's `encoding/json` writes a map. */
export function sortedJson(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value === null || typeof value !== "object") return value;
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(keys.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}

/** Attributes of a project config key's schema (`Pulumi.yaml`), besides `value`. */
const SCHEMA_FIELDS = new Set(["type", "default", "description", "secret", "items"]);

/**
 * The project-level config of `Pulumi.yaml` (`config:`), `namespace:key` → value as the stack file would give it. A
 * key without a namespace is the project's; a value is written plainly or, for an object, under `value:`; a key of
 * the project may instead declare a schema (`type`, `default`, …) whose `default` is the value.
 */
function projectConfig(projectDir: string, project: string): Record<string, unknown> {
    const file = path.join(projectDir, "Pulumi.yaml");
    const raw = (readYaml(file, "run from the Pulumi project's directory or pass --project DIR") as { config?: unknown } | null)?.config;
    if (raw === undefined || raw === null) return {};
    if (typeof raw !== "object" || Array.isArray(raw)) throw new StackConfigError(`${file} "config" is not a mapping: write project config as "<key>: value" entries.`);
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        const own = full.startsWith(`${project}:`);
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            values[full] = value;
        } else if ("value" in value) {
            values[full] = (value as { value: unknown }).value;
        } else if (own && Object.keys(value).every((field) => SCHEMA_FIELDS.has(field))) {
            if ("default" in value) values[full] = (value as { default: unknown }).default;
        } else {
            throw new StackConfigError(
                `${file} config.${key} is an object without "value": write an object value under "value:"${own ? ', or declare a schema (type, default)' : ""}.`,
            );
        }
    }
    return values;
}

/**
 * Loads a stack's config. `configFile` wins over `stack`; the stack name of a config file
 * `Pulumi.<name>.yaml` is `<name>`, of any other file its base name.
 */
export function loadStackConfig(projectDir: string, opts: { stack?: string; configFile?: string }): StackConfig {
    const project = readProjectName(projectDir);
    const file = opts.configFile !== undefined ? path.resolve(opts.configFile) : path.join(projectDir, `Pulumi.${opts.stack ?? "example"}.yaml`);
    const stack = opts.stack ?? (/^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))?.[1] ?? path.basename(file).replace(/\.ya?ml$/, ""));
    const doc = readYaml(file, "pass --stack NAME for Pulumi.NAME.yaml in the project, or --config FILE");
    const raw = (doc as { config?: unknown } | null)?.config ?? {};
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new StackConfigError(`${file} "config" is not a mapping: write config as "<namespace>:<key>: value" entries.`);
    const topLevel = doc !== null && typeof doc === "object" && !Array.isArray(doc) ? Object.keys(doc).filter((k) => k.includes(":")) : [];
    if (topLevel.length > 0) {
        // A stack file holds its values under `config:`; keys beside it are not config (the CLI ignores them).
        throw new StackConfigError(`${file} ${topLevel.join(", ")} ${topLevel.length === 1 ? "is a config key" : "are config keys"} at the top level: put the stack's values under a top-level "config:" key, as in Pulumi.<stack>.yaml.`);
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const stackValues = Object.entries(raw as Record<string, unknown>).map(([key, value]) => [key.includes(":") ? key : `${project}:${key}`, value] as const);
    const stackKeys = new Set(stackValues.map(([full]) => full));
    const projectValues = Object.entries(projectConfig(projectDir, project)).filter(([full]) => !stackKeys.has(full));
    for (const [full, value] of [...projectValues, ...stackValues]) {
        if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) {
            secretKeys.push(full);
            config[full] = String((value as { secure: unknown }).secure);
        } else {
            config[full] = typeof value === "string" ? value : sortedJson(value);
        }
    }
    return { project, stack, config, secretKeys, file };
}
