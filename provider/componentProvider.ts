/**
 * The `eks-irsa` component provider: Pulumi's `ComponentProvider` (schema inferred from ./irsaCluster.ts and
 * ./args.ts, read through provider/schema/) with the inputs of `construct` resolved first (./resolveInputs.ts), so
 * the component's constructor checks plain values before it registers anything.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { main } from "@pulumi/pulumi/provider";
import { ComponentProvider, ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import { IrsaCluster } from "./irsaCluster";
import { resolveInputs, withResolution } from "./resolveInputs";
import { completeSchema } from "./schemaCompletion";

/** The package name: type tokens are `eks-irsa:index:<component>`. */
export const PACKAGE_NAME = "eks-irsa";

/** Where the schema analysis starts: a package.json and a tsconfig.json that see the component's sources only. */
export const SCHEMA_ROOT = path.join(__dirname, "schema");

/** The package's version: the root package.json's, which the release tag (`v<version>`) names. */
export function packageVersion(): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    return manifest.version;
}

/** `ComponentProvider` whose `construct` hands the component resolved inputs. */
export class EksIrsaProvider extends ComponentProvider {
    constructor(options: Partial<ComponentProviderOptions> & { version?: string } = {}) {
        super({ name: PACKAGE_NAME, dirname: SCHEMA_ROOT, components: [IrsaCluster], version: packageVersion(), ...options });
    }

    private completedSchema?: string;

    /** The inferred schema, completed from the TSDoc (./schemaCompletion.ts: type descriptions, integers, secrets). */
    override async getSchema(): Promise<string> {
        this.completedSchema ??= JSON.stringify(completeSchema(JSON.parse(await super.getSchema()), PACKAGE_NAME, "IrsaCluster"));
        return this.completedSchema;
    }

    override async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions) {
        return super.construct(name, type, withResolution(await resolveInputs(inputs)), options);
    }
}

/** Serves the provider to the engine (the plugin's entry, ./host.js, calls this). */
export function serve(args: string[]): Promise<void> {
    return main(new EksIrsaProvider(), args);
}
