/**
 * Reads what `pulumi stack export` (and a backend's checkpoint file) holds, in every version the CLI reads, into the
 * one form `check` and `diff` work on: the resources of a version 3 deployment.
 *
 * Read in pulumi/pulumi (commit 1b5949891b3cefcb9974752b24a5ecef0acc86c8):
 * - `apitype.UntypedDeployment` (`{version, features?, deployment}`, sdk/go/common/apitype/core.go): what
 *   `pulumi stack export` writes. Versions 1 and 2 are migrated (pkg/resource/stack/migrate); 3 and 4 share the
 *   `DeploymentV3` shape, 4 being written whenever the state uses a feature (`refreshBeforeUpdate`, `views`,
 *   `hooks`, …) that older CLIs must refuse (`UnmarshalUntypedDeployment`, pkg/resource/stack/deployment.go);
 * - `apitype.VersionedCheckpoint` (`{version, features?, checkpoint: {stack, config, latest}}`): what a backend
 *   stores per stack (`~/.pulumi/stacks/<project>/<stack>.json`); its `latest` is the deployment
 *   (`UnmarshalVersionedCheckpointToLatestCheckpoint`, pkg/resource/stack/checkpoint.go);
 * - `ResourceV1`–`ResourceV3`: a `null` list in `propertyDependencies` or `dependencies` is Go's nil slice (CLIs up
 *   to 3.102 at least write `"key": null` for an input with no dependency); it means none.
 */
import type { ExportedResource, StackExport } from "./stackExport";

/** The oldest and newest deployment versions the CLI reads (`DeploymentSchemaVersionOldestSupported`, `…Latest`). */
export const EXPORT_VERSIONS = { oldest: 1, latest: 4 } as const;

/**
 * The features of a version 4 deployment that the CLI of the commit above reads (`supportedFeatures`); it refuses
 * any other, and so does this reader: a feature it does not know may change what the resources mean.
 */
export const KNOWN_FEATURES: readonly string[] = ["byteString", "extensionParameterization", "hooks", "refreshBeforeUpdate", "replaceWith", "snippets-prototype", "taint", "views"];

const PASS = 'pass the output of "pulumi stack export" (or a backend\'s checkpoint file)';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A list of URNs as written; `null` (Go's nil slice) and anything not a list are none. */
function urnList(v: unknown): string[] {
    return Array.isArray(v) ? v.filter((u): u is string => typeof u === "string") : [];
}

/**
 * One resource of a deployment of `version`, as a version 3 resource: a version 1 resource has no provider
 * reference and no `external` (its `defaults` are dropped), and before version 3 every input depends on every
 * dependency (`migrate.UpToResourceV3`).
 */
function resourceOf(raw: Obj, version: number): ExportedResource {
    const { defaults: _defaults, dependencies, propertyDependencies, ...rest } = raw;
    const r = rest as unknown as ExportedResource;
    const deps = urnList(dependencies);
    let byInput: Record<string, string[]>;
    if (version < 3) {
        byInput = Object.fromEntries(Object.keys(isObj(r.inputs) ? r.inputs : {}).map((k) => [k, deps]));
    } else {
        byInput = Object.fromEntries(Object.entries(isObj(propertyDependencies) ? propertyDependencies : {}).map(([k, v]) => [k, urnList(v)]));
    }
    if (version < 2) delete (r as { provider?: string }).provider;
    return { ...r, dependencies: deps, propertyDependencies: byInput };
}

/** What a JSON document that is not a stack export is, in words, for the refusal. */
function describeOther(doc: unknown): string {
    if (Array.isArray(doc)) return "a JSON array, not a stack export";
    if (!isObj(doc)) return `a JSON ${doc === null ? "null" : typeof doc}, not a stack export`;
    const keys = Object.keys(doc);
    if ("steps" in doc || "changeSummary" in doc) return 'the output of "pulumi preview --json" (planned steps), not a stack export';
    if (Array.isArray(doc.violations)) return 'an eks-irsa report (synth/check --json or policy-report.json), not a stack export';
    if (Array.isArray(doc.roles) && "broadening" in doc) return 'an "eks-irsa diff --json" report, not a stack export';
    if ("method" in doc && "request" in doc) return "a recorded gRPC log (one call per line), not a stack export";
    if (Array.isArray(doc.resources)) return 'a deployment without its {"version", "deployment"} envelope';
    return keys.length === 0 ? "an empty JSON object, not a stack export" : `a JSON object with keys ${keys.slice(0, 6).map((k) => JSON.stringify(k)).join(", ")}${keys.length > 6 ? ", …" : ""} (stack outputs or another document), not a stack export`;
}

/** What a file that is not JSON is, when it is a file people pass by mistake; `undefined` otherwise. */
export function describeUnparsable(text: string): string | undefined {
    const first = text.split("\n", 1)[0] ?? "";
    try {
        const line = JSON.parse(first) as unknown;
        if (isObj(line)) return `is JSON lines (${describeOther(line)})`;
    } catch {
        // not JSON lines either
    }
    if (/^config:/m.test(text)) return "is a Pulumi stack configuration file (YAML), not a stack export";
    if (/^(name|runtime):/m.test(text)) return "is a Pulumi project file (YAML), not a stack export";
    return undefined;
}

/** Checks `version` and `features` of an export or checkpoint; returns the version. */
function checkVersion(file: string, what: string, version: unknown, features: unknown): number {
    if (typeof version !== "number" || !Number.isInteger(version)) {
        throw new Error(`${file} version ${JSON.stringify(version)} is not a ${what} version: ${PASS}.`);
    }
    if (version < EXPORT_VERSIONS.oldest || version > EXPORT_VERSIONS.latest) {
        throw new Error(
            `${file} version ${version} is ${version > EXPORT_VERSIONS.latest ? "newer than" : "older than"} the ${what}s this reads (${EXPORT_VERSIONS.oldest} to ${EXPORT_VERSIONS.latest}): ` +
                `${version > EXPORT_VERSIONS.latest ? "export the stack with a CLI that writes version 4 at most" : PASS}.`,
        );
    }
    if (version >= 4) {
        const unknown = (Array.isArray(features) ? features : []).filter((f) => typeof f !== "string" || !KNOWN_FEATURES.includes(f));
        if (unknown.length > 0) {
            throw new Error(`${file} features ${JSON.stringify(unknown)} are not known to this reader (it reads ${KNOWN_FEATURES.join(", ")}): export the stack with a CLI that does not need them, or upgrade eks-irsa.`);
        }
    }
    return version;
}

/**
 * The deployment a parsed JSON document holds, as a version 3 export: a `pulumi stack export` of any version the
 * CLI reads, or a checkpoint (`{version, checkpoint: {latest}}`) read as its latest deployment. Resources pending
 * deletion (`delete: true`, the old half of a replacement) are left out: they are not part of the stack the update
 * produced, and the engine analyzes only that. Throws an error naming `file` and what it holds instead.
 */
export function parseStackExport(doc: unknown, file: string): StackExport {
    let version: number;
    let deployment: unknown;
    if (isObj(doc) && "checkpoint" in doc) {
        version = checkVersion(file, "checkpoint", doc.version, doc.features);
        const checkpoint = doc.checkpoint;
        if (!isObj(checkpoint)) throw new Error(`${file} checkpoint ${JSON.stringify(checkpoint)} is not a checkpoint object: ${PASS}.`);
        if (checkpoint.latest === undefined || checkpoint.latest === null) {
            throw new Error(`${file} is the checkpoint of a stack with no deployment yet (checkpoint.latest is empty): run "pulumi up" first, or pass another stack's export.`);
        }
        deployment = checkpoint.latest;
    } else if (isObj(doc) && "deployment" in doc) {
        version = checkVersion(file, "stack export", doc.version, doc.features);
        deployment = doc.deployment;
    } else {
        throw new Error(`${file} is ${describeOther(doc)}: ${PASS}.`);
    }
    if (!isObj(deployment)) throw new Error(`${file} deployment ${JSON.stringify(deployment)} is not a deployment object: ${PASS}.`);
    // `resources` is omitted from an empty stack's deployment (`omitempty`).
    const raw = deployment.resources ?? [];
    if (!Array.isArray(raw)) throw new Error(`${file} deployment.resources is not a list: ${PASS}.`);
    const resources: ExportedResource[] = [];
    raw.forEach((r, i) => {
        if (!isObj(r) || typeof r.urn !== "string" || typeof r.type !== "string") {
            throw new Error(`${file} deployment.resources[${i}] has no urn or type: ${PASS}.`);
        }
        if (r.delete !== true) resources.push(resourceOf(r, version));
    });
    const m = isObj(deployment.manifest) ? deployment.manifest : {};
    // Version 1 deployments have only a time where later ones have a manifest.
    const manifest = { time: String(m.time ?? deployment.time ?? ""), magic: String(m.magic ?? ""), version: String(m.version ?? "") };
    return { version: 3, deployment: { manifest, resources } };
}
