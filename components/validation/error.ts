/**
 * The one error an invalid config produces: every problem, one per line.
 */
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

    /** The message of an error listing `problems`. */
    static describe(problems: readonly string[]): string {
        return (
            `Invalid eks-irsa configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((problem) => `  - ${problem}`).join("\n")
        );
    }
}
