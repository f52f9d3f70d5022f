import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkConditionOpenings } from "../lib/conditionRules";
import { parsePolicyDocument } from "../lib/document";
import { allDocuments, TYPES } from "../lib/resources";

/** Conditions that make a statement apply more widely than written. */
export const iamConditionOpenings: ResourceValidationPolicy = {
    name: "iam-condition-openings",
    description:
        "Checks whether conditions open what they seem to restrict: ForAllValues: on a single-valued key or IfExists on the only restricting key in an Allow (both true when the key is absent), and misspelled actions, unknown keys or mistyped values in a Deny (which then never applies).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use the operator without ForAllValues:/IfExists; fix the spelling of the Deny's actions and keys and the type of its values.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicy, TYPES.policy], async (args, report) => {
        for (const doc of allDocuments(args.type, args.props)) {
            const parsed = parsePolicyDocument(doc.raw);
            reportAll(report, parsed.ok ? await checkConditionOpenings(parsed.document, doc.field) : []);
        }
    }),
};
