/**
 * TSDoc of the config, as the generators read it: the text, `@default`, `@see`, and the tags that say how a field
 * reads in the other languages (`@input`, `@integer`, `@multiLanguage`, `@enumName`).
 */
import * as ts from "typescript";

/** One declaration's TSDoc. */
export interface Doc {
    /** The text before the tags, `{@link X}` written `` `X` ``. */
    text: string;
    /** The `@default` tag's text. */
    default?: string;
    /** The `@see` tags' texts. */
    see: string[];
    /** The other tags, by name (`input`, `integer`, `multiLanguage`, `enumName`, …) → text ("" when bare). */
    tags: Map<string, string>;
}

/** An empty doc. */
export const NO_DOC: Doc = { text: "", see: [], tags: new Map() };

/** The text of a JSDoc comment or tag comment, links written as code. */
function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
    if (comment === undefined) return "";
    if (typeof comment === "string") return comment;
    return comment
        .map((part) => {
            if (ts.isJSDocLink(part) || ts.isJSDocLinkCode(part) || ts.isJSDocLinkPlain(part)) {
                const target = part.name === undefined ? "" : part.name.getText();
                return `\`${(target + part.text).trim()}\``;
            }
            return part.text;
        })
        .join("");
}

/** A tag's text as written (continuation lines without their `*`). */
function tagText(tag: ts.JSDocTag): string {
    const source = tag.getSourceFile().text.slice(tag.tagName.end, tag.end);
    return source
        .replace(/\n\s*\*(?!\/) ?/g, "\n")
        .replace(/\s*\*\/$/, "")
        .replace(/\{@link\s+([^}]+)\}/g, "`$1`")
        .trim();
}

/** The TSDoc attached to `node` (the last JSDoc block, as TypeScript does). */
export function readDoc(node: ts.Node): Doc {
    const blocks = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    const block = blocks[blocks.length - 1];
    if (block === undefined) return { text: "", see: [], tags: new Map() };
    const doc: Doc = { text: commentText(block.comment).trim(), see: [], tags: new Map() };
    for (const tag of block.tags ?? []) {
        const name = tag.tagName.text;
        const text = tagText(tag);
        if (name === "default") doc.default = text;
        else if (name === "see") doc.see.push(text);
        else doc.tags.set(name, text);
    }
    return doc;
}

/** A bullet list item of a doc: `` - `value`: text `` (continuation lines indented). */
export interface Bullet {
    value: string;
    text: string;
}

/** The doc's text before its bullet list, and the bullets (`- \`value\`: text`, or one `\`value\`: text` line). */
export function bullets(text: string): { lead: string; items: Bullet[] } {
    const lines = text.split("\n");
    const first = lines.findIndex((line) => /^\s*(- `|`[^`]+`: )/.test(line));
    if (first < 0) return { lead: text, items: [] };
    const items: Bullet[] = [];
    for (const line of lines.slice(first)) {
        const start = /^\s*(?:- `([^`]+)`:?|`([^`]+)`:)\s*(.*)$/.exec(line);
        if (start !== null) {
            items.push({ value: (start[1] ?? start[2])!, text: start[3]! });
        } else if (items.length > 0 && line.trim() !== "") {
            items[items.length - 1]!.text += ` ${line.trim()}`;
        }
    }
    const cleaned = items.map((item) => ({ value: item.value, text: capitalize(item.text.replace(/[;,]$/, ".")) }));
    return { lead: lines.slice(0, first).join("\n").trim(), items: cleaned };
}

/** `text` with its first letter upper-case. */
export function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `text` ending with a full stop (unless it ends with punctuation already). */
export function sentence(text: string): string {
    const trimmed = text.trim();
    return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A string value as an enum member name: `read-write` → `ReadWrite`, `s3` → `S3`. */
export function pascalCase(value: string): string {
    return value
        .split(/[^A-Za-z0-9]+/)
        .filter((part) => part !== "")
        .map(capitalize)
        .join("");
}
