/**
 * The glue between the SDK's validation args and the pure rules: parse a role's trust, report a
 * list of messages, view stack resources. Kept tiny so each policy file stays ~10 lines of adapter.
 */
import { ReportViolation, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { appliesTo } from "./dispatch";
import { parsePolicyDocument, PolicyDocument } from "./document";
import { oidcStatements } from "./oidc";
import { perStack } from "./perStack";
import { permissionDocuments, RawDocument, TYPES } from "./resources";
import { buildStackIndex, IndexedKind, StackIndex, throwFirstUnknown } from "./stackIndex";
import { StackProblem } from "./stackRules";

/**
 * `args.notApplicable(reason)` without a stack trace. The SDK signals "this policy does not apply" by throwing an
 * Error, once per resource and policy that does not apply to it; capturing a stack for each cost about 440 ms of CPU
 * over a 1,000-workload plan under the CLI's runner (bench/cliRunner.ts, `node --cpu-prof`). Only this control-flow
 * signal goes without a stack: a policy's own errors keep theirs. Every "not applicable" of the pack goes through here.
 */
export function notApplicable(args: { notApplicable(reason?: string): never }, reason: string): never {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return args.notApplicable(reason);
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/**
 * The parsed trust of a role that trusts an OIDC provider; marks the policy not applicable for
 * other roles and for unparseable trusts (`iam-document-valid` reports those).
 */
export function oidcTrust(assumeRolePolicy: unknown, args: ResourceValidationArgs): PolicyDocument {
    const parsed = parsePolicyDocument(assumeRolePolicy);
    if (!parsed.ok) {
        return notApplicable(args, "assumeRolePolicy cannot be parsed (reported by iam-document-valid)");
    }
    if (oidcStatements(parsed.document.statements).length === 0) {
        return notApplicable(args, "the role does not trust an OIDC provider");
    }
    return parsed.document;
}

/** The parseable documents among `docs` (unparseable ones are reported by `iam-document-valid`). */
export function parsedDocuments(docs: readonly RawDocument[]): { readonly field: string; readonly document: PolicyDocument }[] {
    const result: { field: string; document: PolicyDocument }[] = [];
    for (const doc of docs) {
        const parsed = parsePolicyDocument(doc.raw);
        if (parsed.ok) {
            result.push({ field: doc.field, document: parsed.document });
        }
    }
    return result;
}

/** Reports every message. */
export function reportAll(report: ReportViolation, messages: readonly (string | undefined)[]): void {
    for (const message of messages) {
        if (message !== undefined) {
            report(message);
        }
    }
}

/** The stack index, built once per `AnalyzeStack` request (see ./perStack.ts). */
const stackIndexOf = perStack(buildStackIndex);

/**
 * Indexes the stack, lets `check` find the problems among the known resources, reports them, and
 * then rethrows the first unknown value met in the kinds the check reads (the SDK reports it as
 * an advisory "can't run policy … during preview").
 */
export function runStackCheck(
    args: StackValidationArgs,
    report: ReportViolation,
    kinds: readonly IndexedKind[],
    check: (index: StackIndex) => readonly StackProblem[],
): void {
    const index = stackIndexOf(args.resources);
    for (const problem of check(index)) {
        report(problem.message, problem.urn === "" ? undefined : problem.urn);
    }
    throwFirstUnknown(index, kinds);
}

/**
 * One validation for several resource types: `validate` runs for those types, others are marked
 * not applicable once (the SDK's type fast path only exists for a single type, and an array of
 * `validateResourceOfType` would deserialize the props and throw "not applicable" once per entry).
 */
export function validateResourceOfTypes(
    types: readonly string[],
    validate: (args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>,
): ResourceValidation {
    const reason = `Policy only applies to resources of type ${types.map((t) => `'${t}'`).join(", ")}`;
    const validation: ResourceValidation = (args, report) => (types.includes(args.type) ? validate(args, report) : notApplicable(args, reason));
    if (types.length === 1) {
        // The SDK's fast path: with this marker it skips other types without decoding their properties.
        (validation as { __pulumiType?: string }).__pulumiType = types[0];
    }
    // The pack's dispatcher (./dispatch.ts) gives the same reply for other types without calling it.
    return appliesTo(validation, types, reason);
}

/**
 * The validation for the permission documents of `Role` (inline), `RolePolicy` and `Policy`:
 * `check` runs on each parseable document with the policy's config.
 */
export function validatePermissionDocuments(
    check: (document: PolicyDocument, field: string, config: object) => readonly string[] | Promise<readonly string[]>,
): ResourceValidation {
    return validateResourceOfTypes([TYPES.role, TYPES.rolePolicy, TYPES.policy], async (args, report) => {
        for (const { field, document } of parsedDocuments(permissionDocuments(args.type, args.props))) {
            reportAll(report, await check(document, field, args.getConfig()));
        }
    });
}
