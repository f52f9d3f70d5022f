/**
 * The multi-language view of the config model: the shapes Pulumi's schema inference accepts
 * (`@pulumi/pulumi/provider/experimental`, which rejects every union but `T | undefined`):
 * - a union of string literals is an enum (its members described by the bullets of the union's TSDoc);
 * - a discriminated union is one object with every variant's fields (optional unless every variant requires them),
 *   the discriminant and any other string-literal field an enum named `<union without "Spec"><Field>`;
 * - `X | false` and `boolean | X` are an optional `X` (absent: `false`; `{}`: `true`);
 * - a value-or-list (`string | string[] | boolean`) is a list of strings.
 * A field tagged `@input` may be another resource's output (`pulumi.Input`), `@integer` is typed `integer` in the
 * schema, and `@multiLanguage <text>` replaces the field's description where the TypeScript text does not apply.
 */
import { bullets, Doc, pascalCase, sentence } from "./docs";
import { ConfigModel, FieldModel, FieldType, ObjectModel, UnionModel } from "./model";

/** A multi-language field type. */
export type ArgType =
    | { kind: "string" | "number" | "boolean" }
    | { kind: "array"; items: ArgType }
    | { kind: "map"; values: ArgType }
    | { kind: "ref"; name: string };

/** A multi-language field. */
export interface ArgField {
    name: string;
    optional: boolean;
    type: ArgType;
    /** The description (defaults included). */
    description: string;
    see: string[];
    input: boolean;
    integer: boolean;
}

/** A multi-language object type. */
export interface ArgObject {
    kind: "object";
    name: string;
    /** The config file that declares it (relative to the repository). */
    file: string;
    description: string;
    fields: ArgField[];
}

/** A multi-language enum. */
export interface ArgEnum {
    kind: "enum";
    name: string;
    /** The config file that declares it (relative to the repository). */
    file: string;
    description: string;
    members: { name: string; value: string; description: string }[];
}

/** The multi-language types, in the order first reached from the root. */
export type ArgModel = Map<string, ArgObject | ArgEnum>;

/** A field's description: `@multiLanguage` text, or its text and default. */
export function describe(doc: Doc): string {
    const override = doc.tags.get("multiLanguage");
    if (override !== undefined) return override;
    return doc.default === undefined ? doc.text : `${doc.text}\n\nDefault: ${sentence(doc.default)}`;
}

/** The multi-language view of `model`. */
export function multiLanguageModel(model: ConfigModel): ArgModel {
    const out: ArgModel = new Map();
    new Merger(model, out).object(model.root);
    return out;
}

function isLiteralUnion(model: ConfigModel, type: FieldType): string[] | undefined {
    if (type.kind === "literal") return [type.value];
    if (type.kind === "union" && type.members.every((m) => m.kind === "literal")) return type.members.map((m) => (m as { value: string }).value);
    if (type.kind === "ref") {
        const named = model.types.get(type.name);
        if (named?.kind === "union" && named.members.every((m) => m.kind === "literal")) {
            return named.members.map((m) => (m as { value: string }).value);
        }
    }
    return undefined;
}

class Merger {
    constructor(
        private readonly model: ConfigModel,
        private readonly out: ArgModel,
    ) {}

    /** Adds the object or union `name` (once); returns its multi-language name. */
    object(name: string): string {
        if (this.out.has(name)) return name;
        const named = this.model.types.get(name);
        if (named === undefined) throw new Error(`${name} is not in the model`);
        if (named.kind === "object") {
            const object: ArgObject = { kind: "object", name, file: named.file, description: named.doc.text, fields: [] };
            this.out.set(name, object);
            object.fields = named.fields.map((field) => this.field(field, `${name}.${field.name}`));
        } else if (named.members.every((m) => m.kind === "literal")) {
            this.out.set(name, this.literalEnum(named));
        } else {
            this.merged(named);
        }
        return name;
    }

    private field(field: FieldModel, where: string): ArgField {
        const { type, optional } = this.type(field.type, where);
        return {
            name: field.name,
            optional: field.optional || optional,
            type,
            description: describe(field.doc),
            see: field.doc.see,
            input: field.doc.tags.has("input"),
            integer: field.doc.tags.has("integer"),
        };
    }

    /** A TypeScript field type as a multi-language one (`optional` when `false` or `boolean` stood for absence). */
    private type(type: FieldType, where: string): { type: ArgType; optional: boolean } {
        switch (type.kind) {
            case "string":
            case "number":
            case "boolean":
                return { type: { kind: type.kind }, optional: false };
            case "array":
                return { type: { kind: "array", items: this.type(type.items, where).type }, optional: false };
            case "map":
                return { type: { kind: "map", values: this.type(type.values, where).type }, optional: false };
            case "ref":
                return { type: { kind: "ref", name: this.object(type.name) }, optional: false };
            case "union": {
                const objects = type.members.filter((m) => m.kind === "ref");
                if (objects.length === 1 && type.members.every((m) => m.kind === "ref" || m.kind === "false" || m.kind === "boolean")) {
                    return { type: this.type(objects[0]!, where).type, optional: true };
                }
                if (type.members.some((m) => m.kind === "array") && type.members.every((m) => m.kind !== "ref" && m.kind !== "map")) {
                    return { type: { kind: "array", items: { kind: "string" } }, optional: false };
                }
                break;
            }
        }
        throw new Error(`${where}: no multi-language shape for this type (${type.kind}); name it or simplify it`);
    }

    private literalEnum(union: UnionModel): ArgEnum {
        const { lead, items } = bullets(union.doc.text);
        const members = union.members.map((member) => {
            const value = (member as { value: string }).value;
            const item = items.find((i) => i.value === value);
            if (item === undefined) throw new Error(`${union.file}: ${union.name} documents no \`${value}\` (a bullet "- \`${value}\`: …")`);
            return { name: pascalCase(value), value, description: item.text };
        });
        return { kind: "enum", name: union.name, file: union.file, description: sentence(lead.replace(/:$/, "")), members };
    }

    /** One object for a discriminated union of object types. */
    private merged(union: UnionModel): void {
        const variants = union.members.map((m) => {
            const variant = m.kind === "ref" ? this.model.types.get(m.name) : undefined;
            if (variant?.kind !== "object") throw new Error(`${union.file}: ${union.name} mixes object types and other types`);
            return variant;
        });
        const discriminant = variants[0]!.fields.find((f) => variants.every((v) => v.fields.some((g) => g.name === f.name && g.type.kind === "literal")));
        if (discriminant === undefined) throw new Error(`${union.file}: ${union.name} has no string-literal field common to its variants`);
        const tag = (v: ObjectModel) => (v.fields.find((f) => f.name === discriminant.name)!.type as { value: string }).value;
        const base = union.name.replace(/Spec$/, "");
        const object: ArgObject = { kind: "object", name: union.name, file: union.file, description: "", fields: [] };
        this.out.set(union.name, object);
        const byVariant = variants.map((v) => `\`${tag(v)}\`: ${v.fields.filter((f) => f !== discriminant && f.name !== discriminant.name).map((f) => `\`${f.name}\``).join(", ") || "no other field"}`);
        object.description = `${union.doc.text}\n\nThe fields of each \`${discriminant.name}\`: ${byVariant.join("; ")}.`;
        const names = [...new Set(variants.flatMap((v) => v.fields.map((f) => f.name)))];
        for (const name of names) {
            const occurrences = variants.flatMap((v) => {
                const field = v.fields.find((f) => f.name === name);
                return field === undefined ? [] : [{ variant: v, field }];
            });
            const required = occurrences.length === variants.length && occurrences.every((o) => !o.field.optional);
            const literals = occurrences.map((o) => isLiteralUnion(this.model, o.field.type));
            const sameNamedType = occurrences.every((o) => o.field.type.kind === "ref" && o.field.type.name === (occurrences[0]!.field.type as { name?: string }).name);
            if (literals.every((l) => l !== undefined) && !sameNamedType) {
                object.fields.push(this.enumField(union, base, name, required, occurrences, literals, discriminant.name, tag));
                continue;
            }
            const first = this.field(occurrences[0]!.field, `${union.name}.${name}`);
            const docs = new Map<string, string[]>();
            for (const { variant, field } of occurrences) {
                const text = describe(field.doc);
                docs.set(text, [...(docs.get(text) ?? []), tag(variant)]);
            }
            const only = occurrences.length === variants.length ? "" : ` Only with \`${discriminant.name}\` ${occurrences.map((o) => `\`${tag(o.variant)}\``).join(", ")}.`;
            const description =
                docs.size === 1
                    ? `${[...docs.keys()][0]!}${only}`
                    : [...docs].map(([text, tags]) => `With \`${discriminant.name}\` ${tags.map((t) => `\`${t}\``).join(", ")}: ${text}`).join("\n\n");
            object.fields.push({
                ...first,
                optional: !required,
                description,
                see: [...new Set(occurrences.flatMap((o) => o.field.doc.see))],
                input: occurrences.some((o) => o.field.doc.tags.has("input")),
                integer: occurrences.some((o) => o.field.doc.tags.has("integer")),
            });
        }
    }

    /** A string-literal field of a discriminated union's variants, as an enum. */
    private enumField(
        union: UnionModel,
        base: string,
        name: string,
        required: boolean,
        occurrences: { variant: ObjectModel; field: FieldModel }[],
        literals: (string[] | undefined)[],
        discriminant: string,
        tag: (v: ObjectModel) => string,
    ): ArgField {
        const enumName = `${base}${pascalCase(name)}`;
        const values = [...new Set(literals.flatMap((l) => l ?? []))];
        const isDiscriminant = name === discriminant;
        const members = values.map((value) => {
            if (isDiscriminant) {
                const { variant, field } = occurrences.find((o) => tag(o.variant) === value)!;
                const description = field.doc.text !== "" ? field.doc.text : variant.doc.text;
                return { name: field.doc.tags.get("enumName") || pascalCase(value), value, description: sentence(description) };
            }
            const texts = occurrences.flatMap(({ variant, field }, i) => {
                if (!literals[i]!.includes(value)) return [];
                const own = bullets(field.doc.text).items.find((item) => item.value === value);
                const aliased = field.type.kind === "ref" ? this.model.types.get(field.type.name) : undefined;
                const item = own ?? bullets(aliased?.doc.text ?? "").items.find((b) => b.value === value);
                if (item === undefined) throw new Error(`${variant.file}: ${variant.name}.${name} documents no \`${value}\``);
                return [`With \`${discriminant}\` \`${tag(variant)}\`: ${item.text}`];
            });
            return { name: pascalCase(value), value, description: texts.join("\n") };
        });
        this.out.set(enumName, {
            kind: "enum",
            name: enumName,
            file: union.file,
            description: `The \`${name}\` of ${/^[AEIOU]/.test(union.name) ? "an" : "a"} \`${union.name}\`.`,
            members,
        });
        const perVariant = occurrences.map(({ variant }, i) => `\`${tag(variant)}\`: ${literals[i]!.map((v) => `\`${v}\``).join(", ")}`);
        const description = isDiscriminant
            ? `Which kind of \`${union.name}\`: ${members.map((m) => `\`${m.value}\` (${m.description.replace(/\.$/, "")})`).join(", ")}.`
            : `${bullets(occurrences[0]!.field.doc.text).lead || `The \`${name}\``}. Its values by \`${discriminant}\`: ${perVariant.join("; ")}.`.replace("..", ".");
        return { name, optional: !required, type: { kind: "ref", name: enumName }, description, see: [], input: false, integer: false };
    }
}
