/**
 * How the Pulumi CLI starts a Node.js policy pack for `pulumi preview --policy-pack DIR` and `pulumi up`, for the
 * tests and the benchmark that start a pack that way (no CLI here).
 *
 * Read in pulumi/pulumi `sdk/go/common/resource/plugin/analyzer_plugin.go` (`NewPolicyAnalyzer`, `constructEnv`) and
 * `sdk/nodejs/dist/pulumi-analyzer-policy`: the CLI runs the `pulumi-analyzer-policy` script with the pack's folder
 * as working directory; the script resolves `@pulumi/pulumi/cmd/run-policy-pack` from there (so from the pack's
 * own `node_modules`) and runs it with `node`, passing the engine's address, `.` and one `-<key>=<value>` per
 * runtime option of `PulumiPolicy.yaml`. The environment is the CLI's own plus `PULUMI_CONFIG` (the stack's config,
 * when there is any), `PULUMI_NODEJS_ORGANIZATION`/`PROJECT`/`STACK`/`DRY_RUN` and the same without `NODEJS_`.
 * `run-policy-pack` then registers ts-node with type checking, drops the engine's address and requires `.`: the
 * `main` of the pack's package.json, else its `index`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { AnalyzerProcess, PackLaunch } from "./grpcAnalyzer";
import { AnalyzedResource, isAnalyzed } from "./requests";
import type { Violation } from "./violations";
import { encodeAnalyzeRequest, encodeAnalyzeStackRequest } from "./wire";

/** What the CLI knows about the update it starts the pack for. */
export interface CliRunnerOptions {
    readonly project?: string;
    readonly stack?: string;
    readonly organization?: string;
    /** `pulumi preview` (true, the default) or `pulumi up`. */
    readonly dryRun?: boolean;
    /** The stack's config, `PULUMI_CONFIG` (key → value as strings). */
    readonly config?: Readonly<Record<string, string>>;
    /** Extra node arguments before the runner (e.g. `--cpu-prof`): not something the CLI passes. */
    readonly nodeArgs?: readonly string[];
}

/**
 * The engine's address, first argument of the analyzer plugin. `run-policy-pack` drops it unread (its `index.js`:
 * "Remove <engine-address> so we simply execute the program"), so no engine has to listen there.
 */
export const ENGINE_ADDRESS = "127.0.0.1:0";

/** The `node` arguments, working directory and environment the CLI starts the pack in `packDir` with. */
export function cliRunnerLaunch(packDir: string, opts: CliRunnerOptions = {}): PackLaunch {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        // A test runner's TypeScript settings are not the user's shell's: the CLI passes its own environment.
        if (!k.startsWith("TS_NODE_")) env[k] = v;
    }
    const project = opts.project ?? "eks-irsa";
    const stack = opts.stack ?? "dev";
    const organization = opts.organization ?? "organization";
    const dryRun = String(opts.dryRun ?? true);
    if (opts.config !== undefined) env.PULUMI_CONFIG = JSON.stringify(opts.config);
    Object.assign(env, {
        PULUMI_NODEJS_ORGANIZATION: organization,
        PULUMI_NODEJS_PROJECT: project,
        PULUMI_NODEJS_STACK: stack,
        PULUMI_NODEJS_DRY_RUN: dryRun,
        PULUMI_ORGANIZATION: organization,
        PULUMI_PROJECT: project,
        PULUMI_STACK: stack,
        PULUMI_DRY_RUN: dryRun,
    });
    return { args: [...(opts.nodeArgs ?? []), runner, ENGINE_ADDRESS, ".", ...runtimeOptionArgs(packDir)], cwd: packDir, env };
}

/** `-<key>=<value>` for each runtime option of the pack's `PulumiPolicy.yaml` (`runtime: { name, options }`). */
export function runtimeOptionArgs(packDir: string): string[] {
    const project = yaml.load(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8")) as { runtime?: unknown } | undefined;
    const runtime = project?.runtime;
    const options = typeof runtime === "object" && runtime !== null ? (runtime as { options?: Record<string, unknown> }).options : undefined;
    return Object.entries(options ?? {})
        .map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)] as const)
        .filter(([, v]) => v !== "")
        .map(([k, v]) => `-${k}=${v}`);
}

/** The engine's `Analyze` calls in flight at once during a preview (its step executor works on a few at a time). */
export const ENGINE_WINDOW = 8;

/** A preview's requests, encoded: one `Analyze` per analyzed resource (inputs), then `AnalyzeStack` (outputs). */
export interface EngineRequests {
    readonly analyze: readonly { readonly urn: string; readonly bytes: Buffer }[];
    readonly analyzeStack: Buffer;
}

/** Encodes the requests the engine sends for `resources` (see {@link EngineRequests}). */
export function engineRequests(resources: readonly AnalyzedResource[]): EngineRequests {
    return { analyze: resources.filter(isAnalyzed).map((r) => ({ urn: r.urn, bytes: encodeAnalyzeRequest(r) })), analyzeStack: encodeAnalyzeStackRequest(resources) };
}

/**
 * The engine's `Remediate` calls for `requests`, {@link ENGINE_WINDOW} in flight: one per resource, the same request
 * as its `Analyze` (pulumi/pulumi `pkg/resource/deploy/step_generator.go` asks every analyzer to remediate a resource,
 * then to analyze it). The replies are not read: no irsa-guard policy remediates.
 */
export async function remediateAsEngine(analyzer: AnalyzerProcess, requests: EngineRequests): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < requests.analyze.length) await analyzer.remediateEncoded(requests.analyze[next++]!.bytes);
    };
    await Promise.all(Array.from({ length: ENGINE_WINDOW }, worker));
}

/**
 * Sends `requests` in the engine's order: every `Analyze`, {@link ENGINE_WINDOW} in flight, then `AnalyzeStack`
 * once they are answered. Violations in resource order, then the stack's.
 */
export async function analyzeAsEngine(analyzer: AnalyzerProcess, requests: EngineRequests): Promise<Violation[]> {
    const session = analyzer.session(ENGINE_WINDOW);
    for (const r of requests.analyze) session.addEncoded(r.urn, r.bytes);
    const violations = await session.finish(Promise.resolve([]));
    violations.push(...(await session.analyzeStackEncoded(requests.analyzeStack)));
    return violations;
}
