/**
 * Runs a Pulumi program offline, as `pulumi up` would run it, against the fake cloud.
 *
 * The program's module is loaded inside `runInPulumiStack`, exactly as the Node.js language host does, so the
 * root `pulumi:pulumi:Stack` resource exists, children are parented to it and the module's exports become the
 * stack's outputs. A process can run one program: the Pulumi runtime is global state.
 */
import * as pulumi from "@pulumi/pulumi";
import * as debuggable from "@pulumi/pulumi/runtime/debuggable";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { installFakeCloud, FakeCloud, RecordedResource } from "./fakeCloud";
import { existingCloud } from "./existingCloud";
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
    /** Absolute path of the program module (e.g. the project's `index.ts`), or a function that is the program. */
    program: string | (() => Promise<Record<string, unknown>>);
    config: StackConfig;
    /** Run as `pulumi preview` instead of `pulumi up`. @default false */
    preview?: boolean;
    /** Keep the SDK's per-resource stack traces (slower; for debugging a program). @default false */
    stackTraces?: boolean;
    /** Called with each resource as it registers, while the program runs (see {@link FakeCloud.onRegister}). */
    onRegister?: (r: RecordedResource) => void;
}

/** Loads the program under the fake cloud and waits until everything it started has settled. */
export async function runProgram(opts: RunProgramOptions): Promise<ProgramRun> {
    const region = opts.config.config["aws:region"];
    const cloud = await installFakeCloud({
        project: opts.config.project,
        stack: opts.config.stack,
        preview: opts.preview ?? false,
        ...(region !== undefined ? { region } : {}),
        ...existingCloud(opts.config),
    });
    if (opts.onRegister !== undefined) cloud.onRegister(opts.onRegister);
    pulumi.runtime.setAllConfig(opts.config.config, opts.config.secretKeys);
    const restore = opts.stackTraces === true ? () => undefined : withoutDiagnostics();
    let outputs: Record<string, unknown> | undefined;
    // A rejection nobody handles (an error thrown while an output resolves, a registration the cloud refused) ends
    // the program, as the language host's runner does (cmd/run: "Unhandled exception"): here it fails the run.
    let fail: (err: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    const onUnhandled = (err: unknown): void => fail(err);
    process.on("unhandledRejection", onUnhandled);
    try {
        outputs = (await Promise.race([
            runInPulumiStack(async () => {
                const { default: _default, ...mod } = (typeof opts.program === "string" ? await import(opts.program) : await opts.program()) as Record<string, unknown>;
                return mod;
            }),
            failed,
        ])) as Record<string, unknown> | undefined;
        await Promise.race([cloud.settle(), failed]);
    } finally {
        process.off("unhandledRejection", onUnhandled);
        restore();
    }
    return { project: opts.config.project, stack: opts.config.stack, resources: cloud.resources, outputs: outputs ?? {}, cloud };
}

/** The SDK's internals patched by {@link withoutDiagnostics} (plain module properties, looked up at each call). */
interface Diagnostics {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
}
type Callsites = { callsites(): unknown[] };

/**
 * Turns off, for one offline run, what the SDK records per resource and per promise for diagnostics the engine
 * would show: a full stack trace per resource (`Resource.callsites`, the source position of each registration),
 * a stack trace per promise and a leak-candidate set (`debuggablePromise`, the "program exited with pending
 * promises" report: {@link FakeCloud.settle} waits for every RPC instead). Offline nobody reads them, and on a
 * 1,000-workload plan they cost over a tenth of the program's CPU time, and the garbage they leave more.
 * Errors keep their messages (IrsaConfigError and StackConfigError need no stack). Returns the undo.
 */
function withoutDiagnostics(): () => void {
    const stackTraceLimit = Error.stackTraceLimit;
    const d = debuggable as unknown as Diagnostics;
    const resource = pulumi.Resource as unknown as Callsites;
    const { debuggablePromise } = d;
    const callsites = Object.getOwnPropertyDescriptor(resource, "callsites");
    Error.stackTraceLimit = 0;
    d.debuggablePromise = (p) => p;
    resource.callsites = () => [];
    return () => {
        Error.stackTraceLimit = stackTraceLimit;
        d.debuggablePromise = debuggablePromise;
        if (callsites !== undefined) Object.defineProperty(resource, "callsites", callsites);
    };
}
