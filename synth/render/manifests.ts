/**
 * Kubernetes manifests from the plan: each Kubernetes object as `kubectl apply -f` takes it, checked against
 * the Kubernetes OpenAPI schemas with `kubernetes-models` (MIT).
 */
import { dump } from "js-yaml";
import { AnalyzedResource, k8sMetaName } from "./k8sTypes";

/** One rendered manifest. */
export interface Manifest {
    /** `k8s/<namespace>/<kind>-<name>.yaml` (cluster-scoped objects under `k8s/_cluster/`). */
    file: string;
    object: Record<string, unknown>;
    yaml: string;
    /** Schema violations, each `<file> <path> <message>`; empty when valid. */
    problems: string[];
}

/** `kubernetes:apps/v1:Deployment` → `{ apiVersion: "apps/v1", kind: "Deployment", patch: false }`. */
export function k8sKind(type: string): { apiVersion: string; kind: string; patch: boolean } | undefined {
    const m = /^kubernetes:([^/:]+)\/([^:]+):(\w+)$/.exec(type);
    if (m === null || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
    const group = m[1] === "core" ? "" : m[1];
    const patch = m[3].endsWith("Patch");
    return { apiVersion: group === "" ? m[2] : `${group}/${m[2]}`, kind: patch ? m[3].slice(0, -"Patch".length) : m[3], patch };
}

/** Drops what the API server (or the fake) adds and `kubectl apply` must not be given. */
function cleanMetadata(meta: Record<string, unknown>): Record<string, unknown> {
    const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, generation: _g, managedFields: _mf, ...rest } = meta;
    return rest;
}

type Validator = { validate(): void };
type ModelClass = new (data: Record<string, unknown>) => Validator;

/**
 * The `kubernetes-models` class for an apiVersion/kind, when the library has one. Loaded from the kind's own module
 * (`kubernetes-models/apps/v1/Deployment`): the group's index loads every kind of the group (the core `v1` alone is
 * 449 modules and ~150 ms), where the four kinds a plan has need 144 modules and ~55 ms.
 */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass | undefined>;
        return mod[kind];
    } catch {
        return undefined;
    }
}

/** Renders every Kubernetes object of the plan (server-side-apply patches included, marked `.patch.yaml`). */
export function renderManifests(resources: readonly AnalyzedResource[]): Manifest[] {
    const out: Manifest[] = [];
    for (const r of resources) {
        // A read (`external`) is what already exists: the stack neither sends nor owns it.
        if (!r.custom || r.external === true) continue;
        const k = k8sKind(r.type);
        if (k === undefined) continue;
        // name and namespace first, as people write them; then the rest of what the program set.
        const meta = { ...k8sMetaName(r), ...cleanMetadata({ ...(r.inputs.metadata as Record<string, unknown> | undefined), ...k8sMetaName(r) }) };
        const { apiVersion: _a, kind: _k, metadata: _m, ...body } = r.inputs;
        const object: Record<string, unknown> = { apiVersion: k.apiVersion, kind: k.kind, metadata: meta, ...body };
        const ns = typeof meta.namespace === "string" ? meta.namespace : "_cluster";
        const file = `k8s/${ns}/${k.kind.toLowerCase()}-${String(meta.name)}${k.patch ? ".patch" : ""}.yaml`;
        const problems: string[] = [];
        const Model = k.patch ? undefined : modelFor(k.apiVersion, k.kind);
        if (Model !== undefined) {
            try {
                new Model(object).validate();
            } catch (e) {
                problems.push(`${file} ${(e as Error).message}: fix the field so the object matches the ${k.apiVersion} ${k.kind} schema.`);
            }
        }
        out.push({ file, object, yaml: toYaml(object), problems });
    }
    return out;
}

/**
 * YAML as `kubectl` reads it. kubectl's YAML is 1.1, where unquoted `yes`, `on`, `y`, `0777` or `2024-01-01` are
 * not strings: js-yaml quotes those (its dump schema knows YAML 1.1's booleans, octals and timestamps). No line
 * folding, no anchors (repeated labels are written out).
 */
export function toYaml(object: Record<string, unknown>): string {
    return dump(object, { lineWidth: -1, noRefs: true, quotingType: '"' });
}
