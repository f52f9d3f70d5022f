/**
 * The Python example program (examples/python/__main__.py) read as data: the literals, calls and names it uses,
 * evaluated against the generated SDK's naming rules (snake_case properties, `<Type>Args` input classes,
 * UPPER_SNAKE enum members), so tests can check it against the schema and synthesize what it builds.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { Schema, SCHEMA_FILE } from "./componentPackage";

const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema;

/** A value an example program wrote for an object type (Python `eks_irsa.<Type>Args(…)`), with the type it named. */
export class TypedObject {
    constructor(
        readonly typeName: string,
        readonly fields: Record<string, unknown>,
    ) {}
}

/** Plain data: typed objects as their fields. */
export function plain(value: unknown): unknown {
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

export interface PythonProgram {
    /** The IrsaCluster the program creates: its resource name and its args, camelCased. */
    cluster: { name: string; args: Record<string, unknown> };
    /** Output properties the program reads (`platform.role_arns` → roleArns). */
    outputsRead: string[];
    problems: string[];
}

export function evaluatePython(source: string): PythonProgram {
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
