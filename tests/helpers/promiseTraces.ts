/**
 * Loaded first in every mocha process (../../.mocharc.js `require`): the Pulumi SDK's per-promise and per-resource
 * diagnostics off, as `synth` runs programs (synth/runProgram.ts, `withoutDiagnostics`).
 * - For each promise of each resource the SDK takes a stack trace and tracks the promise for its "program exited
 *   with pending promises" report at process exit (`debuggablePromise`, @pulumi/pulumi/runtime/debuggable.js); in a
 *   spec that builds components under mocks the stack traces alone were over a tenth of the CPU (fuzzConfigs.spec,
 *   `--cpu-prof`: 2.7 of 23 s in `Error.stack` under `debuggablePromise`).
 * - For each resource it takes a whole stack trace (`Resource.callsites`, @pulumi/pulumi/resource.js) to send the
 *   engine the source position of the registration: fuzzConfigs, stability, irsaCluster and multiClusterExchange
 *   specs in one process, alternating runs: 18.2 and 18.5 CPU-s with it, 17.0 and 17.8 without.
 * No spec reads either (the mock monitor ignores source positions; the runner specs run the SDK unchanged in their
 * own processes). The SDK looks both up at each call, so replacing them here reaches every caller. Nothing else
 * changes: resources, inputs, errors and their messages.
 */
import * as pulumi from "@pulumi/pulumi";
import * as debuggable from "@pulumi/pulumi/runtime/debuggable";

(debuggable as unknown as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> }).debuggablePromise = (p) => p;
(pulumi.Resource as unknown as { callsites(): unknown[] }).callsites = () => [];
