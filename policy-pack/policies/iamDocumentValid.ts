import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { parsePolicyDocument } from "../lib/document";
import { allDocuments, TYPES } from "../lib/resources";

/** Every IAM document can be read; the other rules skip a document this policy reports. */
export const iamDocumentValid: ResourceValidationPolicy = {
    name: "iam-document-valid",
    description: "Checks whether every trust and permission document of roles, role policies and policies is a readable IAM policy document.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Write the document as a JSON object with \"Version\" and \"Statement\"; Action, Resource and Principal as a string or a list of strings.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicy, TYPES.policy], (args, report) =>
        reportAll(
            report,
            allDocuments(args.type, args.props).map((doc) => {
                const parsed = parsePolicyDocument(doc.raw);
                return parsed.ok ? undefined : `${doc.field} ${parsed.error}`;
            }),
        ),
    ),
};
