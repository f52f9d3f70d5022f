/** Reports the problems of a cluster rule, then rethrows the first unknown value met (an advisory during preview). */
import { ReportViolation } from "@pulumi/policy";
import { UnknownKeeper } from "./clusterRules";
import { StackProblem } from "./stackRules";

export function reportStackProblems(report: ReportViolation, problems: readonly StackProblem[], unknowns: UnknownKeeper): void {
    for (const problem of problems) {
        report(problem.message, problem.urn === "" ? undefined : problem.urn);
    }
    if (unknowns.first !== undefined) {
        throw unknowns.first;
    }
}
