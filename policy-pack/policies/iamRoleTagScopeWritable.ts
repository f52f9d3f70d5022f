import { StackValidationPolicy } from "@pulumi/policy";
import { reportStackProblems } from "../lib/clusterAdapter";
import { UnknownKeeper } from "../lib/clusterRules";
import { checkRoleWritableTagScopes } from "../lib/tagScopeRules";

/** The same as iam-tag-scope-writable, across every document of a role (inline, RolePolicy, attached Policy). */
export const iamRoleTagScopeWritable: StackValidationPolicy = {
    name: "iam-role-tag-scope-writable",
    description:
        "Checks, across all of a role's policies in the stack (inline, RolePolicy, attached Policy), whether a grant scoped by a resource tag meets a tagging grant in another policy that lets the role write that tag.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Remove the tagging grant, limit it with aws:TagKeys to other keys, or scope the grant by ARNs.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html",
    validateStack: async (args, report) => {
        const unknowns = new UnknownKeeper();
        reportStackProblems(report, await checkRoleWritableTagScopes(args.resources, unknowns), unknowns);
    },
};
