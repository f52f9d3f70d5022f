/**
 * Building the component under the fake cloud, shared by the component, cross-check and security specs.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { IrsaClusterArgs, IrsaClusterOptions } from "../../components";
import { analyzeInProcess, describePolicies, loadPack } from "../../synth/analyzer/inProcess";
import { resolvePackConfig } from "../../synth/analyzer/packConfig";
import { fromStackExport } from "../../synth/analyzer/requests";
import { Violation } from "../../synth/analyzer/violations";
import { FakeCloud, FakeCloudOptions, installFakeCloud, RecordedResource } from "../../synth/fakeCloud";
import { toStackExport } from "../../synth/stackExport";

/** Builds one `IrsaCluster` called `name` against a fresh fake cloud and waits for it to settle. */
export async function buildCluster(
    args: IrsaClusterArgs,
    name = "platform",
    opts?: IrsaClusterOptions,
    cloudOptions?: FakeCloudOptions,
    /** Options made once the fake cloud is installed (e.g. providers it must record). */
    lateOptions?: () => Promise<IrsaClusterOptions>,
): Promise<FakeCloud> {
    const cloud = await installFakeCloud(cloudOptions);
    const { IrsaCluster } = await import("../../components");
    new IrsaCluster(name, args, { ...opts, ...(lateOptions !== undefined ? await lateOptions() : {}) });
    await cloud.settle();
    return cloud;
}

/** The recorded resource of `type` named `name`; fails the test when there is none. */
export function findResource(cloud: FakeCloud, type: string, name: string): RecordedResource {
    const found = cloud.resources.find((r) => r.type === type && r.name === name);
    assert.ok(found, `no ${type} ${name}`);
    return found;
}

/** Replaces resource references in recorded values by `<type>::<name>` (live objects) so values compare. */
export function comparable(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(comparable);
    }
    if (value !== null && typeof value === "object") {
        const resource = value as { __pulumiResource?: boolean; __pulumiType?: string; __name?: string };
        if (resource.__pulumiResource === true) {
            return `${resource.__pulumiType ?? ""}::${resource.__name ?? ""}`;
        }
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, comparable(item)]));
    }
    return value;
}

const pack = loadPack(path.resolve(__dirname, "..", "..", "policy-pack"));

/**
 * Builds `args` under a fresh fake cloud and runs the whole irsa-guard pack over the plan through the same
 * export → analyzer path as `synth`. Returns the violations and the resource types the plan had.
 */
export async function policeCluster(args: IrsaClusterArgs, name = "crosscheck", packConfigFile?: unknown): Promise<{ violations: Violation[]; types: string[] }> {
    const cloud = await buildCluster(args, name, undefined, { region: "us-east-1", accountId: "111122223333" });
    const exported = toStackExport(cloud.resources, { project: "eks-irsa", stack: "dev", time: "1970-01-01T00:00:00Z" });
    const resources = fromStackExport(exported.deployment.resources);
    const config = packConfigFile === undefined ? undefined : resolvePackConfig(describePolicies(pack), packConfigFile);
    return { violations: await analyzeInProcess(pack, resources, config), types: [...new Set(resources.map((r) => r.type))].sort() };
}
