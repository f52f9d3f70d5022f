/**
 * The inputs of `construct` as the engine sends them, turned back into plain data for validation.
 *
 * `@pulumi/pulumi/provider`'s `construct` wraps a top-level input in an `Output` when it is secret, holds a secret or
 * depends on other resources, and with output values (every current engine) nests `Output`s where the program
 * passed them (`tags: { team: <secret> }`); during a preview a value computed by another resource is unknown. Read as
 * they are, the config's checks would see `tags.__pulumiOutput` fields. Here every `Output` is awaited: its value takes
 * its place, a secret's plain leaves are collected (so the children that receive them are marked secret again, see
 * `secretTransformation`), and an unknown value's path is noted (it is checked when `pulumi up` knows it).
 */
import * as pulumi from "@pulumi/pulumi";

/** Plain inputs, and what the engine said about them. */
export interface ResolvedInputs {
    /** The inputs with every `Output` replaced by its value (an unknown value by `undefined`). */
    value: Record<string, unknown>;
    /** Paths (`tags.team`, `workloads[0].role.tags`) of the values that were secret. */
    secretPaths: string[];
    /** The plain leaves (strings, numbers, booleans, as strings) of every secret value. */
    secretValues: string[];
    /** Paths of the values not known yet (a preview of a value computed by another resource). */
    unknownPaths: string[];
}

/** The parts of an `Output` the SDK keeps internal (`OutputImpl` in output.ts): what the engine sent. */
interface OutputState {
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
    promise(withUnknowns?: boolean): Promise<unknown>;
}

function childPath(path: string, key: string | number): string {
    return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

function leaves(value: unknown, into: string[]): void {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        into.push(String(value));
    } else if (Array.isArray(value)) {
        value.forEach((item) => leaves(item, into));
    } else if (value !== null && typeof value === "object") {
        Object.values(value).forEach((item) => leaves(item, into));
    }
}

/** Awaits every `Output` in `inputs`; see {@link ResolvedInputs}. */
export async function resolveInputs(inputs: Record<string, unknown>): Promise<ResolvedInputs> {
    const secretPaths: string[] = [];
    const secretValues: string[] = [];
    const unknownPaths: string[] = [];

    async function resolve(value: unknown, path: string, inSecret: boolean): Promise<unknown> {
        if (pulumi.Output.isInstance(value)) {
            const output = value as unknown as OutputState;
            const [known, secret] = await Promise.all([output.isKnown, output.isSecret]);
            if (!known) {
                unknownPaths.push(path);
                return undefined;
            }
            const inner = await resolve(await output.promise(true), path, inSecret || secret);
            if (secret && !inSecret) {
                secretPaths.push(path);
                leaves(inner, secretValues);
            }
            return inner;
        }
        if (pulumi.isUnknown(value)) {
            unknownPaths.push(path);
            return undefined;
        }
        if (Array.isArray(value)) {
            return Promise.all(value.map((item: unknown, index) => resolve(item, childPath(path, index), inSecret)));
        }
        if (value !== null && typeof value === "object") {
            const entries = await Promise.all(
                Object.entries(value).map(async ([key, item]) => [key, await resolve(item, childPath(path, key), inSecret)] as const),
            );
            return Object.fromEntries(entries.filter(([, item]) => item !== undefined));
        }
        return value;
    }

    const value = (await resolve(inputs, "", false)) as Record<string, unknown>;
    return { value, secretPaths, secretValues: [...new Set(secretValues)], unknownPaths };
}

/** Whether a problem (`<path> <value> …`) is about `path` or a value inside it. */
function concerns(problem: string, path: string): boolean {
    return problem === path || problem.startsWith(`${path} `) || problem.startsWith(`${path}.`) || problem.startsWith(`${path}[`);
}

/** The problems that are not about a value still unknown: those are checked when `pulumi up` knows them. */
export function knownProblems(problems: readonly string[], unknownPaths: readonly string[]): string[] {
    return problems.filter((problem) => !unknownPaths.some((path) => concerns(problem, path)));
}

/** Shorter secrets are matched as whole values only: a two-letter secret would otherwise mark half the plan secret. */
const MIN_EMBEDDED_SECRET = 4;

/** Whether `value` (plain data) holds one of `secrets`, as a whole value or inside a longer string (a JSON document). */
export function holdsSecret(value: unknown, secrets: readonly string[]): boolean {
    if (typeof value === "string") {
        return secrets.some((secret) => value === secret || (secret.length >= MIN_EMBEDDED_SECRET && value.includes(secret)));
    }
    if (typeof value === "number" || typeof value === "boolean") {
        return secrets.includes(String(value));
    }
    if (Array.isArray(value)) {
        return value.some((item) => holdsSecret(item, secrets));
    }
    if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        return Object.values(value).some((item) => holdsSecret(item, secrets));
    }
    return false;
}

/**
 * A transformation for the component's children: every input property that holds one of `secrets` (a tag value, an
 * environment value, an ARN inside a policy document) is passed as a secret, so the engine stores it encrypted and
 * hides it in diffs, as it would have had the program built the resource itself. Properties computed later
 * (`Output`s, e.g. a trust policy) are checked when their value is known.
 */
export function secretTransformation(secrets: readonly string[]): pulumi.ResourceTransformation {
    return ({ props, opts }) => {
        const marked: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(props)) {
            if (pulumi.Resource.isInstance(value)) {
                marked[key] = value;
            } else if (holdsOutputs(value)) {
                marked[key] = pulumi.output(value).apply((plain: unknown) => (holdsSecret(plain, secrets) ? pulumi.secret(plain) : plain));
            } else {
                marked[key] = holdsSecret(value, secrets) ? pulumi.secret(value) : value;
            }
        }
        return { props: marked, opts };
    };
}

/** Whether `value` is or holds an `Output` (not looking into resources, whose fields are all outputs). */
function holdsOutputs(value: unknown): boolean {
    if (pulumi.Output.isInstance(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(holdsOutputs);
    }
    if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        return Object.values(value).some(holdsOutputs);
    }
    return false;
}

/** Where {@link withResolution} keeps what {@link resolveInputs} learnt, on the resolved args (not a field: a symbol). */
const RESOLUTION = Symbol.for("eks-irsa:resolvedInputs");

/** The resolved inputs' value, carrying the secret values and unknown paths for the component to read. */
export function withResolution(resolved: ResolvedInputs): Record<string, unknown> {
    return Object.defineProperty({ ...resolved.value }, RESOLUTION, { value: resolved, enumerable: false });
}

/** What {@link withResolution} attached to `args`; plain args (a TypeScript caller) have no secrets and no unknowns. */
export function resolutionOf(args: object): Pick<ResolvedInputs, "secretValues" | "unknownPaths"> {
    const resolved = (args as { [RESOLUTION]?: ResolvedInputs })[RESOLUTION];
    return resolved ?? { secretValues: [], unknownPaths: [] };
}
