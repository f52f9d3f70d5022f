/**
 * The component package's schema as SDK generators read it: valid against Pulumi's package metaschema (vendored in
 * tests/fixtures/schema/, see its README for the commit), named as the generators expect, integers typed `integer`,
 * everything described, secret outputs marked `secret`. The checked-in schema is the inferred one (schema.spec.ts).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { SCHEMA_FILE } from "../helpers/componentPackage";

const METASCHEMA = path.resolve(__dirname, "..", "fixtures", "schema", "pulumi.json");

interface Property {
    type?: string;
    $ref?: string;
    items?: Property;
    additionalProperties?: Property;
    description?: string;
    secret?: boolean;
}
interface TypeSpec {
    type: string;
    description?: string;
    properties?: Record<string, Property>;
    enum?: { name?: string; value: string; description?: string }[];
}
interface PackageSchema {
    name: string;
    resources: Record<string, { description?: string; inputProperties: Record<string, Property>; properties: Record<string, Property> }>;
    types: Record<string, TypeSpec>;
}

function schema(): PackageSchema {
    return JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as PackageSchema;
}

/** Every property of the schema: `<owner>.<name>` → property (array items and map values not separated). */
function properties(pkg: PackageSchema): [string, Property][] {
    const local = (token: string) => token.split(":")[2]!;
    return [
        ...Object.entries(pkg.resources).flatMap(([token, r]) => [
            ...Object.entries(r.inputProperties).map(([name, p]): [string, Property] => [`${local(token)}Args.${name}`, p]),
            ...Object.entries(r.properties).map(([name, p]): [string, Property] => [`${local(token)}.${name}`, p]),
        ]),
        ...Object.entries(pkg.types).flatMap(([token, t]) => Object.entries(t.properties ?? {}).map(([name, p]): [string, Property] => [`${local(token)}.${name}`, p])),
    ];
}

/** The innermost type of a property: its items' or values' when it is a list or a map. */
function innermost(property: Property): Property {
    return property.items ? innermost(property.items) : property.additionalProperties ? innermost(property.additionalProperties) : property;
}

describe("the component package's schema against Pulumi's metaschema and the SDK generators' rules", () => {
    const validator = () => {
        const ajv = new Ajv2020({ allErrors: true, strict: false });
        addFormats(ajv);
        return ajv.compile(JSON.parse(fs.readFileSync(METASCHEMA, "utf8")) as object);
    };

    it("is valid against pkg/codegen/schema/pulumi.json", () => {
        const validate = validator();
        const valid = validate(schema());
        assert.deepEqual(validate.errors ?? [], []);
        assert.equal(valid, true);
    });

    it("would be refused by the metaschema with a type the generators do not know", () => {
        const validate = validator();
        const broken = schema();
        broken.types["eks-irsa:index:NodeGroupSpec"]!.properties!.minSize!.type = "int";
        assert.equal(validate(broken), false);
    });

    it("names every type eks-irsa:index:<PascalCase> and every $ref points at one of them", () => {
        const pkg = schema();
        const tokens = [...Object.keys(pkg.types), ...Object.keys(pkg.resources)];
        assert.deepEqual(tokens.filter((token) => !/^eks-irsa:index:[A-Z][A-Za-z0-9]*$/.test(token)), []);
        const refs = properties(pkg).map(([, p]) => innermost(p).$ref).filter((ref): ref is string => ref !== undefined);
        assert.deepEqual(refs.filter((ref) => !(ref.replace("#/types/", "") in pkg.types)), []);
        assert.deepEqual(
            Object.keys(pkg.types).filter((token) => !refs.includes(`#/types/${token}`)),
            [],
            "every type is used",
        );
    });

    it("names every property in camelCase and every enum member in PascalCase, with distinct values", () => {
        const pkg = schema();
        assert.deepEqual(properties(pkg).map(([at]) => at).filter((at) => !/^[a-z][a-zA-Z0-9]*$/.test(at.split(".")[1]!)), []);
        for (const [token, type] of Object.entries(pkg.types).filter(([, t]) => t.enum)) {
            assert.deepEqual(type.enum!.filter((m) => !/^[A-Z][A-Za-z0-9]*$/.test(m.name ?? "")), [], token);
            assert.equal(new Set(type.enum!.map((m) => m.value)).size, type.enum!.length, token);
        }
    });

    it("types the integer fields integer, and no other field", () => {
        const integers = properties(schema())
            .filter(([, p]) => innermost(p).type === "integer")
            .map(([at]) => at)
            .sort();
        assert.deepEqual(integers, [
            "DeploymentSpec.fsGroup",
            "DeploymentSpec.port",
            "DeploymentSpec.replicas",
            "DeploymentSpec.runAsUser",
            "IrsaClusterArgs.maxTrustPolicyLength",
            "NodeGroupSpec.desiredSize",
            "NodeGroupSpec.maxSize",
            "NodeGroupSpec.minSize",
            "RoleOptions.maxSessionDuration",
            "VerifySpec.timeoutSeconds",
        ]);
        assert.deepEqual(properties(schema()).filter(([, p]) => innermost(p).type === "number"), []);
    });

    it("describes every type, property and enum member", () => {
        const pkg = schema();
        const undescribed = [
            ...Object.entries(pkg.types).filter(([, t]) => !t.description).map(([token]) => token),
            ...Object.entries(pkg.resources).filter(([, r]) => !r.description).map(([token]) => token),
            ...properties(pkg).filter(([, p]) => !p.description).map(([at]) => at),
            ...Object.entries(pkg.types).flatMap(([token, t]) => (t.enum ?? []).filter((m) => !m.description).map((m) => `${token}.${m.name}`)),
        ];
        assert.deepEqual(undescribed, []);
    });

    it("marks the kubeconfig output secret, and no other output", () => {
        const outputs = schema().resources["eks-irsa:index:IrsaCluster"]!.properties;
        assert.deepEqual(
            Object.entries(outputs).filter(([, p]) => p.secret === true).map(([name]) => name),
            ["kubeconfig"],
        );
    });
});
