/**
 * The one error an invalid config produces: every problem, one per line.
 */
import { inspect } from "node:util";
import { RunError } from "@pulumi/pulumi";

/**
 * The error thrown when the config is invalid: every problem, one per line. A `RunError`, so `pulumi up` and
 * `pulumi preview` print the problems without a stack trace (the language host shows a `RunError`'s message only).
 * @see https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/classes/RunError.html
 */
export class IrsaConfigError extends RunError {
    /** Each problem as `<path> <value> <what is wrong>: <fix>.` */
    readonly problems: string[];

    constructor(problems: string[]) {
        const message = IrsaConfigError.describe(problems);
        super(message);
        this.name = "IrsaConfigError";
        this.problems = problems;
        // The problems are the whole message. The SDK prefixes the message of an error thrown while it serializes a
        // resource's properties (`error serializing property "outputs": …`, runtime/rpc.js), which is how a problem
        // found during deployment (an adopted provider that is not the cluster's) would otherwise reach the user.
        Object.defineProperty(this, "message", { get: () => message, set: () => undefined, enumerable: false, configurable: true });
    }

    /**
     * How `util.inspect` shows the error: its name and message, no stack and no properties. The language host's
     * runner inspects every uncaught error for its tracing span (`@pulumi/pulumi/cmd/run/run.js`,
     * `defaultErrorMessage`), a `RunError` included, with colors. Node 20.20's colored inspect loops until the
     * string overflows on a stack line with a path like `node_modules/@pulumi/output.ts` (no folder after the
     * scope), which is what ts-node's source maps make of the SDK's frames: a config problem found during
     * `pulumi up` then took ~25 s of CPU and ~3.7 GB before the message came out. The stack says nothing to a
     * user here (the runner hides a `RunError`'s stack anyway).
     */
    [inspect.custom](): string {
        return `${this.name}: ${this.message}`;
    }

    /** The message of an error listing `problems`. */
    static describe(problems: readonly string[]): string {
        return (
            `Invalid eks-irsa configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((problem) => `  - ${problem}`).join("\n")
        );
    }
}
