/**
 * The `pulumi stack export` format (deployment version 3), written from a recorded run and read back by `check`.
 *
 * Written as the engine would hold it after `pulumi up`: the root stack resource, one default provider per
 * package for resources that named no provider (`default_<version>`, as the engine creates them), and each
 * resource's inputs, outputs, parent, dependencies and property dependencies. Secret values are written in the
 * engine's `--show-secrets` form (`{"4dabf…": "1b47…", "plaintext": "<json>"}`).
 *
 * @see https://www.pulumi.com/docs/iac/concepts/state-and-backends/#the-state-file
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RecordedResource } from "./fakeCloud";
import { describeUnparsable, parseStackExport } from "./exportReader";
import { stableHex } from "./stableHex";

/** Pulumi's marker key for special values (secrets, resource references, assets). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The marker value of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The marker value of a resource reference. */
export const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** The value the engine uses for a value unknown until apply. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One resource of a deployment. */
export interface ExportedResource {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    /** A resource the program read rather than manages (`.get`). */
    external?: boolean;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
}

/** A `pulumi stack export` document. */
export interface StackExport {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string };
        secrets_providers?: { type: string };
        resources: ExportedResource[];
    };
}

/**
 * `v` with `change` applied to every array element and object property, copying only the arrays and objects
 * where something changed: an unchanged value is returned as it is, shared. The values here are JSON-like wire
 * values that nothing writes to after they are recorded (the export, the pack's requests, the audits and the
 * manifests only read them), and most hold no secret: copying every one of them, for every resource, in the
 * streamed export, the final export and both reveals, took 168 ms of CPU at 1,000 workloads (57 ms now; `node
 * --cpu-prof`, inclusive time of `exportValue` and `revealValue`), 50 ms of it after the program, before the pack
 * gets its `AnalyzeStack` request.
 */
function mapShared(v: unknown, change: (x: unknown) => unknown): unknown {
    if (Array.isArray(v)) {
        let out: unknown[] | undefined;
        for (let i = 0; i < v.length; i++) {
            const x = change(v[i]);
            if (x !== v[i]) (out ??= v.slice())[i] = x;
        }
        return out ?? v;
    }
    const o = v as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(o)) {
        const x = change(o[k]);
        // defineProperty, not `out[k] = x`: a key "__proto__" (a tag key, say) is a property here, not the prototype.
        if (x !== o[k]) Object.defineProperty((out ??= { ...o }), k, { value: x, enumerable: true, writable: true, configurable: true });
    }
    return out ?? o;
}

/** Replaces the runtime's secret wrappers (`{sig, value}`) by the export's `{sig, plaintext}` form. */
function exportValue(v: unknown): unknown {
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) {
        if ("plaintext" in o || "ciphertext" in o) return o;
        return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(exportValue(o.value)) };
    }
    return mapShared(v, exportValue);
}

/** Reverses {@link exportValue}: secrets become their plain values, ciphertext (unreadable offline) becomes unknown. */
export function revealValue(v: unknown): unknown {
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) {
        if (typeof o.plaintext === "string") return revealValue(JSON.parse(o.plaintext));
        if ("value" in o) return revealValue(o.value);
        return UNKNOWN;
    }
    return mapShared(v, revealValue);
}

/** The package versions default providers are named after, read from the installed SDKs. */
function packageVersion(pkg: string): string {
    try {
        const file = require.resolve(`@pulumi/${pkg}/package.json`);
        return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
    } catch {
        return "0.0.0";
    }
}

/**
 * Builds a deployment's resources from recorded ones, one at a time and in registration order, the way the engine
 * adds them to its state: a package's default provider goes in just before the first resource that needs it.
 * Lets `synth` hand each resource to the policy pack as soon as it registers; {@link toStackExport} uses it for a
 * whole run.
 */
export class StackExportWriter {
    private readonly defaults = new Map<string, string>();
    private readonly stackUrn: string;
    /** Every resource added so far, in deployment order (none when `streaming`). */
    readonly resources: ExportedResource[] = [];

    /**
     * `streaming`: for resources handed on as they register: leave each one's `outputs` out (what `Analyze` needs
     * is known at registration, component outputs are not: `synth` exports the whole run again once the program is
     * done) and keep nothing in {@link resources}.
     */
    constructor(private readonly opts: { project: string; stack: string; streaming?: boolean }) {
        this.stackUrn = `urn:pulumi:${opts.stack}::${opts.project}::pulumi:pulumi:Stack::${opts.project}-${opts.stack}`;
    }

    /** Adds `r` (and the default provider it needs, the first time); returns what it appended, in order. */
    add(r: RecordedResource): ExportedResource[] {
        const first = this.resources.length;
        const pkg = r.type.split(":")[0] ?? "";
        const needsDefault = r.custom && !r.type.startsWith("pulumi:providers:") && r.provider === undefined && pkg !== "pulumi";
        const provider = needsDefault ? this.defaultProvider(pkg) : r.provider;
        this.resources.push({
            urn: r.urn,
            custom: r.custom,
            ...(r.id !== undefined ? { id: r.id } : {}),
            type: r.type,
            ...(r.external === true ? { external: true } : {}),
            inputs: exportValue(r.inputs) as Record<string, unknown>,
            ...(this.opts.streaming === true ? {} : { outputs: exportValue(r.outputs) as Record<string, unknown> }),
            ...(r.parent !== undefined ? { parent: r.parent } : r.urn !== this.stackUrn ? { parent: this.stackUrn } : {}),
            ...(provider !== undefined ? { provider } : {}),
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
        });
        const added = this.resources.slice(first);
        if (this.opts.streaming === true) this.resources.length = 0;
        return added;
    }

    private defaultProvider(pkg: string): string {
        let ref = this.defaults.get(pkg);
        if (ref === undefined) {
            const version = packageVersion(pkg);
            const urn = `urn:pulumi:${this.opts.stack}::${this.opts.project}::pulumi:providers:${pkg}::default_${version.replace(/\./g, "_")}`;
            const id = uuid(`${urn}`);
            this.resources.push({ urn, custom: true, id, type: `pulumi:providers:${pkg}`, inputs: { version }, outputs: { version } });
            ref = `${urn}::${id}`;
            this.defaults.set(pkg, ref);
        }
        return ref;
    }
}

/** Builds the deployment for a recorded run. `time` is fixed by the caller so that output is reproducible. */
export function toStackExport(resources: readonly RecordedResource[], opts: { project: string; stack: string; time: string }): StackExport {
    const writer = new StackExportWriter(opts);
    for (const r of resources) writer.add(r);
    return {
        version: 3,
        deployment: {
            manifest: { time: opts.time, magic: "", version: `eks-irsa-synth (@pulumi/pulumi ${packageVersion("pulumi")})` },
            resources: writer.resources,
        },
    };
}

function uuid(text: string): string {
    const h = stableHex(text, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Reads a `pulumi stack export` file of any version the CLI reads (or a backend's checkpoint file, read as its latest
 * deployment) as a version 3 export (see {@link parseStackExport}); the error names the file and what is wrong.
 */
export function readStackExport(file: string): StackExport {
    const text = fs.readFileSync(path.resolve(file), "utf8");
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new Error(`${file} ${describeUnparsable(text) ?? `cannot be read as JSON (${(e as Error).message})`}: pass the output of "pulumi stack export".`);
    }
    return parseStackExport(doc, file);
}
