/**
 * The `eks-irsa` component provider as the plugin serves it, shared by the provider specs: one instance, so the
 * schema is inferred once per test run (about 2 s).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { EksIrsaProvider } from "../../provider/componentProvider";
import type { FakeCloud } from "../../synth/fakeCloud";

const ROOT = path.resolve(__dirname, "..", "..");

let shared: EksIrsaProvider | undefined;

/** The provider, created on first use. */
export function componentProvider(): EksIrsaProvider {
    shared ??= new EksIrsaProvider();
    return shared;
}

/** The inferred schema, parsed. */
export async function inferredSchema(): Promise<Schema> {
    return JSON.parse(await componentProvider().getSchema()) as Schema;
}

/** The checked-in schema (provider/schema/schema.json). */
export const SCHEMA_FILE = path.join(ROOT, "provider", "schema", "schema.json");

/** The parts of a Pulumi package schema the tests read. */
export interface Schema {
    name: string;
    version: string;
    resources: Record<string, { inputProperties: Record<string, PropertySpec>; requiredInputs: string[]; properties: Record<string, PropertySpec> }>;
    types: Record<string, { type: string; properties?: Record<string, PropertySpec>; required?: string[]; enum?: { name: string; value: string }[] }>;
}

/** One property (or array item, or map value) of the schema. */
export interface PropertySpec {
    type?: string;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    plain?: boolean;
    optional?: boolean;
    description?: string;
}

/** The example stack's config (Pulumi.example.yaml), keys without the `eks-irsa:` namespace. */
export function exampleConfig(): Record<string, unknown> {
    const config = (load(fs.readFileSync(path.join(ROOT, "Pulumi.example.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
    return Object.fromEntries(
        Object.entries(config)
            .filter(([key]) => key.startsWith("eks-irsa:"))
            .map(([key, value]) => [key.slice("eks-irsa:".length), value]),
    );
}

/** What the engine would hold of each resource of a run, comparable between two runs (a component's own outputs aside). */
export function plan(cloud: FakeCloud): unknown[] {
    return cloud.resources.map((r) => ({
        urn: r.urn,
        custom: r.custom,
        parent: r.parent,
        provider: r.provider,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        inputs: r.inputs,
    }));
}
