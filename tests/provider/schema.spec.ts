import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ACCESS_POLICIES } from "../../components/clusterAccessConfig";
import { inferredSchema, PropertySpec, Schema, SCHEMA_FILE } from "../helpers/componentPackage";

const ROOT = path.resolve(__dirname, "..", "..");
const TYPE = "eks-irsa:index:IrsaCluster";

/** Every difference between two JSON values, one line each: `<path>: <expected> → <actual>`. */
function differences(expected: unknown, actual: unknown, at = ""): string[] {
    if (JSON.stringify(expected) === JSON.stringify(actual)) {
        return [];
    }
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
    if (isObject(expected) && isObject(actual) && Array.isArray(expected) === Array.isArray(actual)) {
        const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
        return keys.flatMap((key) => {
            const where = Array.isArray(expected) ? `${at}[${key}]` : `${at}${at === "" ? "" : "."}${key}`;
            if (!(key in actual)) return [`${where}: removed (was ${JSON.stringify(expected[key])})`];
            if (!(key in expected)) return [`${where}: added ${JSON.stringify(actual[key])}`];
            return differences(expected[key], actual[key], where);
        });
    }
    return [`${at}: ${JSON.stringify(expected)} → ${JSON.stringify(actual)}`];
}

/** A TypeScript config's fields: path (`workloads.role.tags`) → the string literals the field may be ([] for none). */
type Fields = Map<string, string[]>;

/** The string literal values of a field's type (`"irsa" | "both" | undefined` → irsa, both). */
function literals(type: ts.Type): string[] {
    return (type.isUnion() ? type.types : [type]).filter((t) => t.isStringLiteral()).map((t) => (t as ts.StringLiteralType).value);
}

/** The fields a TypeScript type allows: union members merged, maps and lists transparent. */
function typeScriptFields(checker: ts.TypeChecker, type: ts.Type, at: string, into: Fields, seen: Set<ts.Type>): void {
    const members = type.isUnion() ? type.types : [type];
    for (const member of members) {
        if (!(member.flags & ts.TypeFlags.Object) || seen.has(member)) continue;
        // `pulumi.Input<T>`: its Output and Promise members are how the value arrives, not fields.
        if (member.getProperty("then") !== undefined || member.getProperty("apply") !== undefined) continue;
        const element = checker.isArrayType(member) ? checker.getTypeArguments(member as ts.TypeReference)[0] : undefined;
        if (element !== undefined) {
            typeScriptFields(checker, element, at, into, seen);
            continue;
        }
        if (checker.getIndexInfoOfType(member, ts.IndexKind.String)) continue; // a map: its keys are data, not fields
        if (member.getProperty("then") ?? member.getProperty("apply")) continue; // a Promise or Output of a value (Input<T>): no fields
        seen.add(member);
        for (const property of member.getProperties()) {
            const field = `${at}${at === "" ? "" : "."}${property.name}`;
            const propertyType = checker.getTypeOfSymbol(property);
            into.set(field, [...new Set([...(into.get(field) ?? []), ...literals(propertyType)])]);
            typeScriptFields(checker, propertyType, field, into, seen);
        }
        seen.delete(member);
    }
}

/** The TypeScript config's fields (components/config.ts `IrsaClusterArgs`). */
function configFields(): Fields {
    const file = path.join(ROOT, "components", "config.ts");
    const program = ts.createProgram([file], { strict: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file);
    assert.ok(source);
    const args = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "IrsaClusterArgs");
    assert.ok(args, "components/config.ts declares IrsaClusterArgs");
    const fields: Fields = new Map();
    typeScriptFields(checker, checker.getTypeAtLocation(args), "", fields, new Set());
    return fields;
}

/** The schema's input fields, walked the same way: path → the enum's values ([] when the field is no enum). */
function schemaFields(schema: Schema): Fields {
    const fields: Fields = new Map();
    const typeOf = (property: PropertySpec) => (property.$ref === undefined ? undefined : schema.types[property.$ref.replace("#/types/", "")]);
    const walk = (property: PropertySpec, at: string): void => {
        if (property.items) return walk(property.items, at);
        fields.set(at, (typeOf(property)?.enum ?? []).map((member) => member.value));
        for (const [name, inner] of Object.entries(typeOf(property)?.properties ?? {})) {
            walk(inner, `${at}.${name}`);
        }
    };
    for (const [name, property] of Object.entries(schema.resources[TYPE]!.inputProperties)) {
        walk(property, name);
    }
    return fields;
}

describe("the component package's schema", () => {
    it("is the checked-in provider/schema/schema.json (run `npm run schema` after changing the multi-language surface)", async () => {
        const actual = await inferredSchema();
        const expected = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as unknown;
        const diff = differences(expected, actual);
        assert.deepEqual(diff, [], `the inferred schema differs from ${path.relative(ROOT, SCHEMA_FILE)}:\n  ${diff.join("\n  ")}`);
    });

    it("names the package eks-irsa, at the package.json version, with IrsaCluster as eks-irsa:index:IrsaCluster", async () => {
        const schema = await inferredSchema();
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        assert.equal(schema.name, "eks-irsa");
        assert.equal(schema.version, manifest.version);
        assert.deepEqual(Object.keys(schema.resources), [TYPE]);
        assert.deepEqual(schema.resources[TYPE]!.requiredInputs, ["cluster", "workloads"]);
    });

    it("has a multi-language field for every field of the TypeScript config, and no other", async () => {
        const typescript = configFields();
        const multiLanguage = schemaFields(await inferredSchema());
        const missing = [...typescript.keys()].filter((field) => !multiLanguage.has(field)).sort();
        const extra = [...multiLanguage.keys()].filter((field) => !typescript.has(field)).sort();
        assert.deepEqual(
            { missing, extra },
            { missing: [], extra: [] },
            "provider/args.ts must say everything components/config.ts can say, with the same names: it is generated from " +
                "components/config.ts, run `npm run config:generate`, then `npm run schema`",
        );
    });

    it("offers the access policies the TypeScript config accepts (a string checked against a table there)", async () => {
        const schema = await inferredSchema();
        assert.deepEqual(
            schema.types["eks-irsa:index:AccessPolicy"]!.enum!.map((member) => member.value),
            Object.keys(ACCESS_POLICIES),
        );
    });

    it("writes every union of string values as an enum with the same values", async () => {
        const typescript = configFields();
        const multiLanguage = schemaFields(await inferredSchema());
        const differing = [...typescript]
            .filter(([, values]) => values.length > 0)
            .filter(([field, values]) => [...values].sort().join(" ") !== [...(multiLanguage.get(field) ?? [])].sort().join(" "))
            .map(([field, values]) => `${field}: ${values.join(" ")} ≠ ${(multiLanguage.get(field) ?? []).join(" ")}`);
        assert.deepEqual(differing, []);
        assert.deepEqual(
            [...multiLanguage].filter(([, values]) => values.length > 0).map(([field]) => field).sort(),
            [
                "cluster.accessEntries.accessPolicy",
                "cluster.mode",
                "cluster.podIdentityAgent",
                "identity",
                "oidcProvider.mode",
                "workloads.addon.name",
                "workloads.grants.access",
                "workloads.grants.service",
                "workloads.identity",
                "workloads.serviceAccountMode",
            ],
        );
    });
});
