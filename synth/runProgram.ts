/**
 * Runs a Pulumi program offline, as `pulumi up` would run it, against the fake cloud.
 *
 * The program's module is loaded inside `runInPulumiStack`, exactly as the Node.js language host does, so the
 * root `pulumi:pulumi:Stack` resource exists, children are parented to it and the module's exports become the
 * stack's outputs. A process can run one program: the Pulumi runtime is global state.
 */
import * as pulumi from "@pulumi/pulumi";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { installFakeCloud, FakeCloud, RecordedResource } from "./fakeCloud";
import { StackConfig } from "./stackConfig";

/** What a program run registered. */
export interface ProgramRun {
    project: string;
    stack: string;
    resources: RecordedResource[];
    /** The stack outputs: what the program module exported. */
    outputs: Record<string, unknown>;
    cloud: FakeCloud;
}

/** Options of {@link runProgram}. */
export interface RunProgramOptions {
    /** Absolute path of the program module (e.g. the project's `index.ts`). */
    program: string;
    config: StackConfig;
    /** Run as `pulumi preview` instead of `pulumi up`. @default false */
    preview?: boolean;
    /** Keep the SDK's per-resource stack traces (slower; for debugging a program). @default false */
    stackTraces?: boolean;
}

/** Loads the program under the fake cloud and waits until everything it started has settled. */
export async function runProgram(opts: RunProgramOptions): Promise<ProgramRun> {
    const region = opts.config.config["aws:region"];
    const cloud = await installFakeCloud({
        project: opts.config.project,
        stack: opts.config.stack,
        preview: opts.preview ?? false,
        ...(region !== undefined ? { region } : {}),
    });
    pulumi.runtime.setAllConfig(opts.config.config, opts.config.secretKeys);
    // The SDK captures a stack trace for every resource and every promise it makes (for leak reports and
    // source positions the engine shows); offline nobody reads them, and they were a third of a large plan's time.
    // Errors keep their messages; IrsaConfigError and StackConfigError need no stack.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = opts.stackTraces === true ? stackTraceLimit : 0;
    let outputs: Record<string, unknown> | undefined;
    try {
        outputs = (await runInPulumiStack(async () => {
            const { default: _default, ...mod } = (await import(opts.program)) as Record<string, unknown>;
            return mod;
        })) as Record<string, unknown> | undefined;
        await cloud.settle();
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
    return { project: opts.config.project, stack: opts.config.stack, resources: cloud.resources, outputs: outputs ?? {}, cloud };
}
