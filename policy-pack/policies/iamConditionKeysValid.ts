import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { checkConditionFlaws } from "../lib/conditionRules";
import { parsePolicyDocument } from "../lib/document";
import { allDocuments, TYPES } from "../lib/resources";

/** Conditions in Allow statements that make the grant never work as written. */
export const iamConditionKeysValid: ResourceValidationPolicy = {
    name: "iam-condition-keys-valid",
    description:
        "Checks whether the conditions of Allow statements use operators IAM defines, condition keys the AWS IAM catalog knows for the statement's service (or global keys), and values of the operator's type (Bool true/false, dates, numbers, IP ranges, ARNs).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Fix the spelling of the key or operator, or the value's type.",
    url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicy, TYPES.policy], async (args, report) => {
        for (const doc of allDocuments(args.type, args.props)) {
            const parsed = parsePolicyDocument(doc.raw);
            reportAll(report, parsed.ok ? await checkConditionFlaws(parsed.document, doc.field) : []);
        }
    }),
};
