/**
 * Loaded first in every mocha process (../../.mocharc.js `require`): the Pulumi SDK's per-promise diagnostics off,
 * as `synth` runs programs (synth/runProgram.ts, `withoutDiagnostics`). For each promise of each resource the SDK
 * takes a stack trace and tracks the promise for its "program exited with pending promises" report at process exit
 * (`debuggablePromise`, @pulumi/pulumi/runtime/debuggable.js); no spec reads either, and in a spec that builds
 * components under mocks the stack traces alone were over a tenth of the CPU (fuzzConfigs.spec, `--cpu-prof`: 2.7 of
 * 23 s in `Error.stack` under `debuggablePromise`). The SDK looks the function up on the module at each call, so
 * replacing it here reaches every caller. Nothing else changes: resources, inputs, errors and their messages.
 */
import * as debuggable from "@pulumi/pulumi/runtime/debuggable";

(debuggable as unknown as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> }).debuggablePromise = (p) => p;
