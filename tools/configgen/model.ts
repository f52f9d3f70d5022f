/**
 * The config's shape as one model, read from `components/config.ts` (and the types it imports) with the TypeScript
 * compiler API: every object type with its fields and TSDoc, every string union as an enum. The generators
 * (./argsWriter.ts, ./fieldsWriter.ts, ./referenceWriter.ts) write the multi-language args, the validators' field
 * lists and the configuration reference from it, so that a field is written once, in `components/config.ts`.
 *
 * Two views of one config: `typescript` is what `components/config.ts` says (a discriminated union stays a union of
 * variants); `multiLanguage` is the shape Pulumi's schema inference accepts (./merge.ts: one object per union,
 * enums for string unions, `X | false` and `boolean | X` as an optional `X`, a value-or-list as a list).
 */
import * as path from "node:path";
import * as ts from "typescript";
import { Doc, readDoc } from "./docs";

/** A field's type, as written in the TypeScript config. */
export type FieldType =
    | { kind: "string" | "number" | "boolean" | "false" }
    | { kind: "literal"; value: string }
    | { kind: "array"; items: FieldType }
    | { kind: "map"; values: FieldType }
    | { kind: "ref"; name: string }
    | { kind: "union"; members: FieldType[] };

/** One field of an object type. */
export interface FieldModel {
    name: string;
    /** The interface that declares it (a base interface for an inherited field). */
    owner: string;
    optional: boolean;
    type: FieldType;
    doc: Doc;
}

/** An interface of the TypeScript config (inherited fields included, in declaration order: own fields first). */
export interface ObjectModel {
    kind: "object";
    name: string;
    doc: Doc;
    fields: FieldModel[];
    /** The file that declares it, relative to the repository. */
    file: string;
}

/** A type alias of a union: of string literals (an enum) or of object types (a discriminated union). */
export interface UnionModel {
    kind: "union";
    name: string;
    doc: Doc;
    members: FieldType[];
    file: string;
}

/** Every named type the config reaches, by name, in the order first reached from `IrsaClusterArgs`. */
export interface ConfigModel {
    root: string;
    types: Map<string, ObjectModel | UnionModel>;
}

/** The repository's root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The file the config is read from. */
export const CONFIG_FILE = path.join(ROOT, "components", "config.ts");

/** Reads the config's model from `components/config.ts`, starting at `IrsaClusterArgs`. */
export function readConfigModel(file = CONFIG_FILE, root = "IrsaClusterArgs"): ConfigModel {
    const program = ts.createProgram([file], { strict: true, skipLibCheck: true, noEmit: true, types: [] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file);
    if (source === undefined) throw new Error(`${file} cannot be read`);
    const model: ConfigModel = { root, types: new Map() };
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const exported = moduleSymbol === undefined ? undefined : checker.getExportsOfModule(moduleSymbol).find((s) => s.name === root);
    if (exported === undefined) throw new Error(`${path.relative(ROOT, file)} exports no ${root}`);
    const reader = new Reader(checker, model);
    reader.declaration(resolve(checker, exported), root);
    return model;
}

/** The declaration a symbol names, through imports and re-exports. */
function resolve(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Declaration {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declaration = target.declarations?.[0];
    if (declaration === undefined) throw new Error(`${symbol.name} has no declaration`);
    return declaration;
}

class Reader {
    constructor(
        private readonly checker: ts.TypeChecker,
        private readonly model: ConfigModel,
    ) {}

    /** Adds the named type `declaration` declares to the model (once). */
    declaration(declaration: ts.Declaration, name: string): void {
        if (this.model.types.has(name)) return;
        const file = path.relative(ROOT, declaration.getSourceFile().fileName);
        if (ts.isInterfaceDeclaration(declaration)) {
            const object: ObjectModel = { kind: "object", name, doc: readDoc(declaration), fields: [], file };
            this.model.types.set(name, object);
            object.fields = this.fields(declaration);
            return;
        }
        if (ts.isTypeAliasDeclaration(declaration) && ts.isUnionTypeNode(declaration.type)) {
            const union: UnionModel = { kind: "union", name, doc: readDoc(declaration), members: [], file };
            this.model.types.set(name, union);
            union.members = declaration.type.types.map((member) => this.type(member, `${name}`));
            return;
        }
        throw new Error(`${file}: ${name} must be an interface or a union type alias for the config generators`);
    }

    /** The fields of an interface, own fields first, then those of the interfaces it extends. */
    private fields(declaration: ts.InterfaceDeclaration): FieldModel[] {
        const own = declaration.members.filter(ts.isPropertySignature).map((member) => this.field(member, declaration.name.text));
        const inherited = (declaration.heritageClauses ?? []).flatMap((clause) =>
            clause.types.flatMap((base) => {
                const symbol = this.checker.getSymbolAtLocation(base.expression);
                const baseDeclaration = symbol === undefined ? undefined : resolve(this.checker, symbol);
                if (baseDeclaration === undefined || !ts.isInterfaceDeclaration(baseDeclaration)) {
                    throw new Error(`${declaration.name.text} extends ${base.getText()}, which is not an interface`);
                }
                this.declaration(baseDeclaration, baseDeclaration.name.text);
                return this.fields(baseDeclaration);
            }),
        );
        return [...own, ...inherited.filter((field) => !own.some((o) => o.name === field.name))];
    }

    private field(member: ts.PropertySignature, owner: string): FieldModel {
        const name = member.name.getText();
        if (member.type === undefined) throw new Error(`${owner}.${name} has no type`);
        return { name, owner, optional: member.questionToken !== undefined, type: this.type(member.type, `${owner}.${name}`), doc: readDoc(member) };
    }

    /** A type node as a field type; named types are added to the model. */
    private type(node: ts.TypeNode, where: string): FieldType {
        switch (node.kind) {
            case ts.SyntaxKind.StringKeyword:
                return { kind: "string" };
            case ts.SyntaxKind.NumberKeyword:
                return { kind: "number" };
            case ts.SyntaxKind.BooleanKeyword:
                return { kind: "boolean" };
        }
        if (ts.isParenthesizedTypeNode(node)) return this.type(node.type, where);
        if (ts.isLiteralTypeNode(node)) {
            if (node.literal.kind === ts.SyntaxKind.FalseKeyword) return { kind: "false" };
            if (ts.isStringLiteral(node.literal)) return { kind: "literal", value: node.literal.text };
        }
        if (ts.isArrayTypeNode(node)) return { kind: "array", items: this.type(node.elementType, where) };
        if (ts.isUnionTypeNode(node)) return { kind: "union", members: node.types.map((member) => this.type(member, where)) };
        if (ts.isTypeReferenceNode(node)) {
            const name = node.typeName.getText();
            const args = node.typeArguments ?? [];
            // An output accepted in TypeScript (`pulumi.Input<T>`) is T's data; the `@input` tag carries it to the args.
            if ((name === "pulumi.Input" || name === "Input") && args.length === 1) return this.type(args[0]!, where);
            if (name === "Record" && args.length === 2) return { kind: "map", values: this.type(args[1]!, where) };
            // `pulumi.Input<T>` in the TypeScript config: the data is a T (its `@input` tag makes it an input in args.ts).
            if ((name === "pulumi.Input" || name === "Input") && args.length === 1) return this.type(args[0]!, where);
            if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) return { kind: "array", items: this.type(args[0]!, where) };
            const symbol = this.checker.getSymbolAtLocation(node.typeName);
            if (symbol === undefined) throw new Error(`${where}: cannot resolve ${name}`);
            const declaration = resolve(this.checker, symbol);
            if (ts.isTypeAliasDeclaration(declaration) && !ts.isUnionTypeNode(declaration.type)) {
                return this.type(declaration.type, where); // an alias of a map or list: the same data
            }
            if (ts.isTypeAliasDeclaration(declaration) && ts.isUnionTypeNode(declaration.type)) {
                const withoutScalars = declaration.type.types.every((t) => ts.isLiteralTypeNode(t) || ts.isTypeReferenceNode(t));
                if (!withoutScalars) return this.type(declaration.type, where);
            }
            this.declaration(declaration, name);
            return { kind: "ref", name };
        }
        throw new Error(
            `${where}: the type \`${node.getText()}\` cannot be read by the config generators: name it (an interface, or a type alias of a union)`,
        );
    }
}
