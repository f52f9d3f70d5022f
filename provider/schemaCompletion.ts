/**
 * What the schema inference of `@pulumi/pulumi/provider/experimental` (3.248) leaves out, added from the TSDoc of
 * ./args.ts, ./args/*.ts and ./irsaCluster.ts, so that SDK generators read a complete schema:
 * - the description of every object type and enum (the analyzer keeps only those of files it read before it found
 *   the component, i.e. none of ./args.ts);
 * - `integer` for the fields tagged `@integer` (it types every TypeScript `number` as `number`: Go `float64`, C#
 *   `double`);
 * - `secret` for the outputs tagged `@secret` (the value is secret at run time; the schema says so for the SDKs).
 * @see https://www.pulumi.com/docs/iac/extending-pulumi/schema/ (types `integer` and `number`, `secret` properties)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TypeScript from "typescript";

// The TypeScript the SDK's schema analysis itself loads (the package's, else the one @pulumi/pulumi vendors): a
// program that installs no `typescript` still gets its schema completed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ts = require("@pulumi/pulumi/typescript-shim") as typeof TypeScript;

/** The parts of a package schema this completes. */
interface SchemaPart {
    resources: Record<string, { inputProperties?: Record<string, Property>; properties?: Record<string, Property> }>;
    types: Record<string, { description?: string; properties?: Record<string, Property>; enum?: { name?: string; description?: string }[] }>;
}

interface Property {
    type?: string;
    items?: Property;
    additionalProperties?: Property;
    secret?: boolean;
    description?: string;
}

/** What the TSDoc of one file says: declarations' descriptions and tagged members. */
interface Declared {
    /** Interface, enum or class → its description. */
    descriptions: Map<string, string>;
    /** Enum → member name → description. */
    members: Map<string, Map<string, string>>;
    /** `Declaration.member` of every member tagged `@<tag>`, by tag. */
    tagged: Map<string, Set<string>>;
}

function docOf(node: TypeScript.Node): { text: string; tags: string[] } {
    // `jsDoc`, as the SDK's analyzer reads it (the same with its vendored TypeScript 3.8).
    const blocks = (node as { jsDoc?: TypeScript.JSDoc[] }).jsDoc ?? [];
    const block = blocks[blocks.length - 1];
    const text = typeof block?.comment === "string" ? block.comment : "";
    return { text, tags: (block?.tags ?? []).map((tag) => tag.tagName.text) };
}

function read(file: string): Declared {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const declared: Declared = { descriptions: new Map(), members: new Map(), tagged: new Map() };
    const tag = (name: string, member: string) => declared.tagged.set(name, (declared.tagged.get(name) ?? new Set()).add(member));
    for (const statement of source.statements) {
        if (!(ts.isInterfaceDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isClassDeclaration(statement)) || !statement.name) continue;
        const owner = statement.name.text;
        const { text } = docOf(statement);
        if (text !== "") declared.descriptions.set(owner, text);
        const members = new Map<string, string>();
        for (const member of statement.members) {
            if (member.name === undefined || !ts.isIdentifier(member.name)) continue;
            const doc = docOf(member);
            if (ts.isEnumMember(member) && doc.text !== "") members.set(member.name.text, doc.text);
            for (const name of doc.tags) tag(name, `${owner}.${member.name.text}`);
        }
        if (ts.isEnumDeclaration(statement)) declared.members.set(owner, members);
    }
    return declared;
}

/** What several files' TSDoc says. */
function merged(files: Declared[]): Declared {
    const all: Declared = { descriptions: new Map(), members: new Map(), tagged: new Map() };
    for (const file of files) {
        file.descriptions.forEach((text, name) => all.descriptions.set(name, text));
        file.members.forEach((members, name) => all.members.set(name, members));
        file.tagged.forEach((fields, tag) => all.tagged.set(tag, new Set([...(all.tagged.get(tag) ?? []), ...fields])));
    }
    return all;
}

/** `property` (or the array items / map values it holds) typed `integer`. */
function integer(property: Property): void {
    if (property.items) return integer(property.items);
    if (property.additionalProperties) return integer(property.additionalProperties);
    if (property.type === "integer") return;
    if (property.type !== "number") throw new Error(`an @integer field is typed ${JSON.stringify(property.type)} in the schema, not "number"`);
    property.type = "integer";
}

/** Completes `schema` (in place) from the TSDoc of ./args.ts and the component file of `component` (./irsaCluster.ts). */
export function completeSchema<S extends SchemaPart>(schema: S, packageName: string, component: string, dir = __dirname): S {
    const argsDir = path.join(dir, "args");
    const argsFiles = [path.join(dir, "args.ts"), ...(fs.existsSync(argsDir) ? fs.readdirSync(argsDir).map((f) => path.join(argsDir, f)) : [])];
    const args = merged(argsFiles.map(read));
    const componentFile = read(path.join(dir, `${component.charAt(0).toLowerCase()}${component.slice(1)}.ts`));
    const token = (name: string) => `${packageName}:index:${name}`;
    for (const [name, type] of Object.entries(schema.types)) {
        const local = name.slice(token("").length);
        type.description ??= args.descriptions.get(local);
        for (const member of type.enum ?? []) {
            member.description ??= member.name === undefined ? undefined : args.members.get(local)?.get(member.name);
        }
    }
    const resource = schema.resources[token(component)];
    if (resource === undefined) throw new Error(`the schema has no ${token(component)}`);
    for (const field of args.tagged.get("integer") ?? []) {
        const [owner, name] = field.split(".") as [string, string];
        const properties = owner === `${component}Args` ? resource.inputProperties : schema.types[token(owner)]?.properties;
        const property = properties?.[name];
        if (property === undefined) throw new Error(`${field} is tagged @integer but is not in the schema`);
        integer(property);
    }
    for (const field of componentFile.tagged.get("secret") ?? []) {
        const [owner, name] = field.split(".") as [string, string];
        const property = owner === component ? resource.properties?.[name] : undefined;
        if (property === undefined) throw new Error(`${field} is tagged @secret but is not an output of ${component}`);
        property.secret = true;
    }
    return schema;
}
