import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { exampleConfig, PropertySpec, Schema, SCHEMA_FILE } from "../helpers/componentPackage";
import { evaluatePython, plain, TypedObject } from "../helpers/pythonProgram";

const ROOT = path.resolve(__dirname, "..", "..");
const TYPE = "eks-irsa:index:IrsaCluster";
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema;


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
