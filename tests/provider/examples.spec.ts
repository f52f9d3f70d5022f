import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { exampleConfig, PropertySpec, Schema, SCHEMA_FILE } from "../helpers/componentPackage";

const ROOT = path.resolve(__dirname, "..", "..");
const TYPE = "eks-irsa:index:IrsaCluster";
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema;

/** A value an example program wrote for an object type (Python `eks_irsa.<Type>Args(…)`), with the type it named. */
class TypedObject {
    constructor(
        readonly typeName: string,
        readonly fields: Record<string, unknown>,
    ) {}
}

function typeOf(spec: PropertySpec) {
    return spec.$ref === undefined ? undefined : schema.types[spec.$ref.replace("#/types/", "")];
}

/** Every way `value` does not fit `spec` (the schema's property), as `<path>: <problem>`. */
function misfits(value: unknown, spec: PropertySpec, at: string): string[] {
    const type = typeOf(spec);
    if (type?.enum) {
        const values = type.enum.map((member) => member.value);
        return values.includes(value as string) ? [] : [`${at}: ${JSON.stringify(value)} is not one of ${values.join(", ")}`];
    }
    if (type?.properties) {
        let fields: Record<string, unknown>;
        if (value instanceof TypedObject) {
            const expected = spec.$ref!.replace("#/types/eks-irsa:index:", "");
            if (value.typeName !== expected) return [`${at}: ${value.typeName}Args where the schema has ${expected}`];
            fields = value.fields;
        } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            fields = value as Record<string, unknown>;
        } else {
            return [`${at}: ${JSON.stringify(value)} is not an object`];
        }
        return objectMisfits(fields, type.properties, type.required ?? [], at);
    }
    if (spec.type === "array") {
        return Array.isArray(value) ? value.flatMap((item, i) => misfits(item, spec.items!, `${at}[${i}]`)) : [`${at}: not a list`];
    }
    if (spec.type === "object" && spec.additionalProperties) {
        return typeof value === "object" && value !== null && !Array.isArray(value)
            ? Object.entries(value).flatMap(([key, item]) => misfits(item, spec.additionalProperties!, `${at}.${key}`))
            : [`${at}: not a map`];
    }
    if (spec.type === "integer") {
        return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)} is not an integer`];
    }
    return typeof value === spec.type ? [] : [`${at}: ${JSON.stringify(value)} is not a ${spec.type}`];
}

function objectMisfits(fields: Record<string, unknown>, properties: Record<string, PropertySpec>, required: string[], at: string): string[] {
    const where = (key: string) => (at === "" ? key : `${at}.${key}`);
    return [
        ...required.filter((key) => !(key in fields)).map((key) => `${where(key)}: required, missing`),
        ...Object.entries(fields).flatMap(([key, value]) =>
            properties[key] === undefined ? [`${where(key)}: not in the schema`] : misfits(value, properties[key]!, where(key)),
        ),
    ];
}

/** Plain data: typed objects as their fields. */
function plain(value: unknown): unknown {
    if (value instanceof TypedObject) return plain(value.fields);
    if (Array.isArray(value)) return value.map(plain);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
}

// ---------------------------------------------------------------------------------------------
// Python: the literals, calls and names the example uses, evaluated against the generated SDK's naming rules
// (snake_case properties, `<Type>Args` input classes, UPPER_SNAKE enum members).
// ---------------------------------------------------------------------------------------------

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const upperSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

interface PythonProgram {
    /** The IrsaCluster the program creates: its resource name and its args, camelCased. */
    cluster: { name: string; args: Record<string, unknown> };
    /** Output properties the program reads (`platform.role_arns` → roleArns). */
    outputsRead: string[];
    problems: string[];
}

function evaluatePython(source: string): PythonProgram {
    const text = source.replace(/"""[\s\S]*?"""/g, "").replace(/#[^\n]*/g, "");
    const constants: Record<string, unknown> = {};
    const problems: string[] = [];
    let cluster: PythonProgram["cluster"] | undefined;
    let clusterVariable = "";
    let pos = 0;
    const skip = () => {
        while (pos < text.length && /\s/.test(text[pos]!)) pos++;
    };
    const expect = (c: string) => {
        skip();
        assert.equal(text[pos], c, `expected ${c} at ${JSON.stringify(text.slice(pos, pos + 30))}`);
        pos++;
    };
    const name = () => {
        skip();
        const m = /^[A-Za-z_][\w.]*/.exec(text.slice(pos));
        assert.ok(m, `expected a name at ${JSON.stringify(text.slice(pos, pos + 30))}`);
        pos += m[0].length;
        return m[0];
    };
    const list = (close: string, item: () => void) => {
        for (skip(); text[pos] !== close; skip()) {
            item();
            skip();
            if (text[pos] === ",") pos++;
        }
        pos++;
    };
    const call = (callee: string): unknown => {
        const positional: unknown[] = [];
        const keywords: Record<string, unknown> = {};
        list(")", () => {
            const kw = /^\s*([a-z_]\w*)=(?!=)/.exec(text.slice(pos));
            if (kw) {
                pos += kw[0].length;
                keywords[camel(kw[1]!)] = expression();
            } else {
                positional.push(expression());
            }
        });
        const args = /^eks_irsa\.(\w+)Args$/.exec(callee);
        if (args) return new TypedObject(args[1]!, keywords);
        if (callee === "eks_irsa.IrsaCluster") {
            cluster = { name: positional[0] as string, args: keywords };
            return cluster;
        }
        if (callee !== "pulumi.export") problems.push(`${callee}(…) is not part of the eks-irsa SDK`);
        return undefined;
    };
    const expression = (): unknown => {
        skip();
        const c = text[pos]!;
        if (c === '"' || c === "'") {
            const end = text.indexOf(c, pos + 1);
            const value = text.slice(pos + 1, end);
            pos = end + 1;
            return value;
        }
        const number = /^-?\d+(\.\d+)?/.exec(text.slice(pos));
        if (number) {
            pos += number[0].length;
            return Number(number[0]);
        }
        if (c === "[") {
            pos++;
            const items: unknown[] = [];
            list("]", () => items.push(expression()));
            return items;
        }
        if (c === "{") {
            pos++;
            const entries: [string, unknown][] = [];
            list("}", () => {
                const key = expression() as string;
                expect(":");
                entries.push([key, expression()]);
            });
            return Object.fromEntries(entries);
        }
        const id = name();
        skip();
        if (text[pos] === "(") {
            pos++;
            return call(id);
        }
        if (id === "True" || id === "False") return id === "True";
        if (id in constants) return constants[id];
        const member = /^eks_irsa\.(\w+)\.(\w+)$/.exec(id);
        if (member) {
            const type = schema.types[`eks-irsa:index:${member[1]}`];
            const found = type?.enum?.find((m) => upperSnake(m.name) === member[2]);
            if (found === undefined) problems.push(`${id} is not an enum member of the schema`);
            return found?.value;
        }
        if (id.startsWith(`${clusterVariable}.`) && clusterVariable !== "") return { output: camel(id.slice(clusterVariable.length + 1)) };
        problems.push(`${id} is not known`);
        return undefined;
    };

    const outputsRead: string[] = [];
    while ((skip(), pos < text.length)) {
        const line = text.slice(pos, text.indexOf("\n", pos) === -1 ? undefined : text.indexOf("\n", pos));
        if (/^(import|from) /.test(line)) {
            pos += line.length;
            continue;
        }
        const assignment = /^([A-Za-z_]\w*)\s*=\s*/.exec(line);
        if (assignment) {
            pos += assignment[0].length;
            const value = expression();
            if (value !== undefined && value === cluster) clusterVariable = assignment[1]!;
            else constants[assignment[1]!] = value;
            continue;
        }
        const exported = expression();
        void exported;
    }
    for (const m of source.matchAll(new RegExp(`\\b${clusterVariable}\\.([a-z_]+)`, "g"))) outputsRead.push(camel(m[1]!));
    assert.ok(cluster, "the program creates an eks_irsa.IrsaCluster");
    return { cluster, outputsRead, problems };
}

describe("the examples (examples/yaml, examples/python)", () => {
    const resource = schema.resources[TYPE]!;

    describe("YAML (examples/yaml/Pulumi.yaml)", () => {
        const program = load(fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8")) as {
            runtime: string;
            packages: Record<string, string>;
            resources: Record<string, { type: string; properties: Record<string, unknown> }>;
            outputs: Record<string, string>;
        };
        const platform = program.resources.platform!;

        it("uses the package through `packages` and its component by type token", () => {
            assert.equal(program.runtime, "yaml");
            assert.deepEqual(program.packages, { "eks-irsa": "../.." });
            assert.equal(platform.type, TYPE);
        });

        it("writes only properties the schema has, each with the schema's type", () => {
            assert.deepEqual(objectMisfits(platform.properties, resource.inputProperties, resource.requiredInputs, ""), []);
        });

        it("reads only outputs the schema has", () => {
            const read = Object.values(program.outputs).map((o) => /^\$\{platform\.(\w+)(\["[\w-]+"\])?\}$/.exec(o)?.[1]);
            assert.deepEqual(read.filter((o) => o === undefined || !(o in resource.properties)), []);
        });

        it("is the example stack's config (the seeds' scenario the construct tests build)", () => {
            assert.deepEqual(platform.properties, exampleConfig());
        });
    });

    describe("Python (examples/python/__main__.py)", () => {
        const program = evaluatePython(fs.readFileSync(path.join(ROOT, "examples", "python", "__main__.py"), "utf8"));

        it("uses only the generated SDK's classes and enum members", () => {
            assert.deepEqual(program.problems, []);
        });

        it("passes only arguments the schema has, each with the schema's type", () => {
            assert.deepEqual(objectMisfits(program.cluster.args, resource.inputProperties, resource.requiredInputs, ""), []);
        });

        it("reads only outputs the schema has", () => {
            assert.deepEqual(program.outputsRead.filter((o) => !(o in resource.properties)), []);
            assert.ok(program.outputsRead.includes("roleArns"));
        });

        it("is the example stack's config", () => {
            assert.deepEqual(plain(program.cluster.args), exampleConfig());
        });

        it("installs the SDK `pulumi package add` generates, and the Pulumi SDK", () => {
            const requirements = fs.readFileSync(path.join(ROOT, "examples", "python", "requirements.txt"), "utf8");
            assert.match(requirements, /^pulumi>=3\.\d+\.\d+,<4\.0\.0$/m);
            assert.match(requirements, /^-e \.\/sdks\/eks-irsa$/m);
        });
    });
});
