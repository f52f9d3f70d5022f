/**
 * The one error an invalid config produces: every problem, one per line.
 */


/** The error thrown when the config is invalid: every problem, one per line. */
export class IrsaConfigError extends Error {
    /** Each problem as `<path> <value> <what is wrong>: <fix>.` */
    readonly problems: string[];

    constructor(problems: string[]) {
        super(
            `Invalid eks-irsa configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((problem) => `  - ${problem}`).join("\n"),
        );
        this.name = "IrsaConfigError";
        this.problems = problems;
    }
}
