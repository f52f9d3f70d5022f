/**
 * The glue between the SDK's validation args and the Pod Identity rules (kept apart from `adapters.ts`).
 */
import { ReportViolation, ResourceValidationArgs, StackValidation, StackValidationArgs } from "@pulumi/policy";
import { notApplicable } from "./adapters";
import { parsePolicyDocument, PolicyDocument } from "./document";
import { perStack } from "./perStack";
import { podIdentityStatements } from "./podIdentity";
import { buildPodIdentityIndex, POD_IDENTITY_ASSOCIATION_TYPE, PodIdentityIndex, PodIdentityKind, throwFirstPodIdentityUnknown } from "./podIdentityStack";
import { StackProblem } from "./stackRules";

/**
 * The parsed trust of a role that trusts `pods.eks.amazonaws.com`; marks the policy not applicable for other
 * roles and for unparseable trusts (`iam-document-valid` reports those).
 */
export function podIdentityTrust(assumeRolePolicy: unknown, args: ResourceValidationArgs): PolicyDocument {
    const parsed = parsePolicyDocument(assumeRolePolicy);
    if (!parsed.ok) {
        return notApplicable(args, "assumeRolePolicy cannot be parsed (reported by iam-document-valid)");
    }
    if (podIdentityStatements(parsed.document.statements).length === 0) {
        return notApplicable(args, "the role does not trust pods.eks.amazonaws.com");
    }
    return parsed.document;
}

/** The Pod Identity index, built once per `AnalyzeStack` request (see ./perStack.ts). */
const podIdentityIndexOf = perStack(buildPodIdentityIndex);

/**
 * Indexes the stack, reports what `check` finds among the known resources, then rethrows the first unknown
 * value met in the kinds the check reads (an advisory "can't run policy … during preview").
 */
export function runPodIdentityStackCheck(
    args: StackValidationArgs,
    report: ReportViolation,
    kinds: readonly PodIdentityKind[],
    check: (index: PodIdentityIndex) => readonly StackProblem[],
): void {
    const index = podIdentityIndexOf(args.resources);
    for (const problem of check(index)) {
        report(problem.message, problem.urn === "" ? undefined : problem.urn);
    }
    // Every Pod Identity stack rule starts from an association: with none (known or unknown), nothing can apply.
    if (index.associations.length === 0 && !index.unknowns.has("association")) {
        return;
    }
    throwFirstPodIdentityUnknown(index, kinds);
}

/**
 * A Pod Identity stack policy's validation ({@link runPodIdentityStackCheck}), marked with the SDK's type marker:
 * every Pod Identity stack rule starts from a PodIdentityAssociation, so on a stack without any the SDK answers
 * "not applicable" itself instead of building a view of every resource of the stack for the policy (5,025 of them
 * per policy on the 1,000-workload bench plan). On a stack with associations the policy sees every resource.
 */
export function validatePodIdentityStack(
    kinds: readonly PodIdentityKind[],
    check: (index: PodIdentityIndex, args: StackValidationArgs) => readonly StackProblem[],
): StackValidation {
    const validation: StackValidation = (args, report) => runPodIdentityStackCheck(args, report, kinds, (index) => check(index, args));
    (validation as { __pulumiType?: string }).__pulumiType = POD_IDENTITY_ASSOCIATION_TYPE;
    return validation;
}
