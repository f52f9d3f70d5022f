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
        super(IrsaConfigError.describe(problems));
        this.name = "IrsaConfigError";
        this.problems = problems;
    }

    /** The message of an error listing `problems`. */
    static describe(problems: readonly string[]): string {
        return (
            `Invalid eks-irsa configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((problem) => `  - ${problem}`).join("\n")
        );
    }
}
