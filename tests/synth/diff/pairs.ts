/**
 * Diffing pairs of configs end to end: each config is built by the real component under the fake cloud (as
 * `synth` runs it), exported as `pulumi stack export` writes it, read back, policed by the whole pack in-process,
 * and diffed.
 */
import * as path from "node:path";
import type { IrsaClusterArgs, WorkloadSpec } from "../../../components";
import { analyzeInProcess, loadPack } from "../../../synth/analyzer/inProcess";
import { AnalyzedResource, fromStackExport } from "../../../synth/analyzer/requests";
import { DiffReport, diffStacks, toJson } from "../../../synth/diff/diff";
import { stackView } from "../../../synth/diff/roleView";
import { toStackExport } from "../../../synth/stackExport";
import { buildCluster } from "../../helpers/fakeCloudBuild";

const pack = loadPack(path.resolve(__dirname, "..", "..", "..", "policy-pack"));

/** The plan of `args` as `synth` exports it and `diff` reads it back. */
export async function plan(args: IrsaClusterArgs, stack = "dev", preview = false): Promise<AnalyzedResource[]> {
    const cloud = await buildCluster(args, `eks-irsa-${stack}`, undefined, { project: "eks-irsa", stack, region: "us-west-2", accountId: "123456789012", preview });
    const exported = toStackExport(cloud.resources, { project: "eks-irsa", stack, time: "1970-01-01T00:00:00Z" });
    return fromStackExport(JSON.parse(JSON.stringify(exported.deployment.resources)) as typeof exported.deployment.resources);
}

/** The diff of two configs, findings included, in its `--json` form. */
export async function diffConfigs(base: IrsaClusterArgs, head: IrsaClusterArgs, opts: { stacks?: [string, string]; headPreview?: boolean } = {}): Promise<{ report: DiffReport; json: ReturnType<typeof toJson> }> {
    const [bs, hs] = opts.stacks ?? ["dev", "dev"];
    const [b, h] = [await plan(base, bs), await plan(head, hs, opts.headPreview)];
    const violations = { base: await analyzeInProcess(pack, b), head: await analyzeInProcess(pack, h) };
    const report = diffStacks(stackView(b), stackView(h), violations);
    return { report, json: toJson(report) };
}

/** A least-privilege workload to start from. */
export function workload(over: Partial<WorkloadSpec> = {}): WorkloadSpec {
    return {
        name: "reports",
        namespace: "finance",
        serviceAccount: "reports",
        statements: [
            { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports-bucket/monthly/*"] },
            { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::reports-bucket"], conditions: { StringLike: { "s3:prefix": ["monthly/*"] } } },
        ],
        deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
        ...over,
    } as WorkloadSpec;
}

/** A config with `workloads` on one adopted cluster. */
export function config(workloads: WorkloadSpec[], over: Partial<IrsaClusterArgs> = {}): IrsaClusterArgs {
    return { cluster: { mode: "adopt", name: "finance" }, workloads, ...over } as IrsaClusterArgs;
}
