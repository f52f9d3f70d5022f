/**
 * A Pulumi YAML program (`runtime: yaml`) that uses the component package, run offline as `synth` runs a TypeScript
 * program: each resource of type `eks-irsa:index:IrsaCluster` is the multi-language component
 * (`provider/irsaCluster.ts`, what `pulumi package add` serves) constructed with its `properties`, and each output
 * of the form `${resource.property}` or `${resource.property["key"]}` is that component's output.
 *
 * Other resource types, `variables`, and interpolations inside properties need Pulumi YAML's own engine: they are
 * refused with the place they are in. A program of Python, Go, C# or Java cannot be run offline.
 * @see https://www.pulumi.com/docs/iac/languages-sdks/yaml/yaml-language-reference/
 */
import * as path from "node:path";
// Types only: the SDK is loaded by the program run (../runProgram), not when the CLI starts.
import type * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import { CORE_SCHEMA, load } from "js-yaml";
import { packageFile } from "./packageFile";
import { programPath, StackConfigError } from "./stackConfig";

/** The component's type token, as YAML programs write it. */
export const COMPONENT_TYPE = "eks-irsa:index:IrsaCluster";

/** The parts of a YAML program this reads. */
export interface YamlProgram {
    resources?: Record<string, { type?: unknown; properties?: unknown; options?: unknown }>;
    variables?: unknown;
    outputs?: Record<string, unknown>;
}

/** Raised for what an offline YAML run cannot do; the message names the place and what to do. */
export class YamlProgramError extends Error {}

/** Every `${…}` interpolation inside `value`, with its path under `at`. */
function interpolations(value: unknown, at: string): string[] {
    if (typeof value === "string") return /\$\{[^}]*\}/.test(value) ? [`${at} ${JSON.stringify(value)}`] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => interpolations(v, `${at}[${i}]`));
    if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => interpolations(v, `${at}.${k}`));
    return [];
}

/** The problems that keep `doc` from running offline, each `<place> <value> <what is wrong>: <fix>.` */
export function yamlProgramProblems(doc: YamlProgram, file: string): string[] {
    const problems: string[] = [];
    if (doc.variables !== undefined) problems.push(`${file} variables are not run offline: write the values into the component's properties.`);
    for (const [name, r] of Object.entries(doc.resources ?? {})) {
        if (r.type !== COMPONENT_TYPE) problems.push(`${file} resources.${name}.type ${JSON.stringify(r.type)} is not run offline: synth runs ${COMPONENT_TYPE} resources only.`);
        for (const place of interpolations(r.properties, `resources.${name}.properties`)) problems.push(`${file} ${place} is an interpolation: synth needs literal properties.`);
    }
    for (const [name, expr] of Object.entries(doc.outputs ?? {})) {
        if (typeof expr !== "string" || !/^\$\{[A-Za-z_][\w-]*\.\w+(\["[^"]+"\])?\}$/.test(expr)) {
            problems.push(`${file} outputs.${name} ${JSON.stringify(expr)} is not \${resource.property} or \${resource.property["key"]}: synth evaluates only those.`);
        }
    }
    return problems;
}

/**
 * The program `runProgram` runs for a YAML project: constructs each component and returns the outputs. Check
 * {@link yamlProgramProblems} first.
 */
export function yamlProgram(doc: YamlProgram): () => Promise<Record<string, unknown>> {
    return async () => {
        // The component package's class, loaded from this package's files (TypeScript, through ../scripts/register-ts).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { IrsaCluster } = require(packageFile(path.join("provider", "irsaCluster.ts"))) as {
            IrsaCluster: new (name: string, args: unknown) => pulumi.ComponentResource & Record<string, unknown>;
        };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sdk = require("@pulumi/pulumi") as typeof pulumi;
        const components = new Map(Object.entries(doc.resources ?? {}).map(([name, r]) => [name, new IrsaCluster(name, r.properties ?? {})]));
        const outputs: Record<string, unknown> = {};
        for (const [name, expr] of Object.entries(doc.outputs ?? {})) {
            const m = /^\$\{([A-Za-z_][\w-]*)\.(\w+)(?:\["([^"]+)"\])?\}$/.exec(String(expr))!;
            const component = components.get(m[1]!);
            if (component === undefined) throw new YamlProgramError(`outputs.${name} ${JSON.stringify(expr)} names no resource of the program.`);
            const output = sdk.output(component[m[2]!] as pulumi.Input<Record<string, unknown>>);
            outputs[name] = m[3] === undefined ? output : output.apply((v: Record<string, unknown> | undefined) => v?.[m[3]!]);
        }
        return outputs;
    };
}

/**
 * The program of the project in `projectDir`, as `runProgram` takes it: the module's path for a Node.js project,
 * the YAML program's runner for a YAML one. Throws a {@link StackConfigError} for other runtimes and for YAML
 * programs that cannot run offline.
 */
export function projectProgram(projectDir: string): { label: string; program: string | (() => Promise<Record<string, unknown>>) } {
    const file = path.join(projectDir, "Pulumi.yaml");
    const doc = (fs.existsSync(file) ? load(fs.readFileSync(file, "utf8"), { schema: CORE_SCHEMA }) : undefined) as (YamlProgram & { runtime?: unknown }) | undefined;
    const runtime = doc?.runtime;
    const name = typeof runtime === "string" ? runtime : (runtime as { name?: unknown } | undefined)?.name;
    if (name !== "yaml") {
        if (name !== undefined && name !== "nodejs") throw new StackConfigError(`${file} runtime ${JSON.stringify(name)} cannot run offline: synth runs nodejs (TypeScript, JavaScript) and yaml programs.`);
        const program = programPath(projectDir);
        return { label: program, program };
    }
    const problems = yamlProgramProblems(doc!, file);
    if (problems.length > 0) throw new StackConfigError(problems.join("\n"));
    return { label: file, program: yamlProgram(doc!) };
}
