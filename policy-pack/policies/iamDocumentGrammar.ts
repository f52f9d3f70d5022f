import { ResourceValidationPolicy } from "@pulumi/policy";
import { reportAll, validateResourceOfTypes } from "../lib/adapters";
import { parsePolicyDocument } from "../lib/document";
import { checkGrammar } from "../lib/grammar";
import { allDocuments, TYPES } from "../lib/resources";

/** What IAM rejects at apply time (MalformedPolicyDocument), reported at preview. */
export const iamDocumentGrammar: ResourceValidationPolicy = {
    name: "iam-document-grammar",
    description:
        "Checks every trust and permission document against the IAM policy grammar: Statement and Action present, Sid letters and digits and unique, Effect Allow or Deny, Resource an ARN or \"*\", Principal only in trust policies, Version 2012-10-17.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Fix the element the message names; IAM would reject the document when the stack is applied.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicy, TYPES.policy], (args, report) => {
        for (const doc of allDocuments(args.type, args.props)) {
            const parsed = parsePolicyDocument(doc.raw);
            reportAll(report, parsed.ok ? checkGrammar(parsed.document, doc.field, doc.field === "assumeRolePolicy" ? "trust" : "permissions") : []);
        }
    }),
};
