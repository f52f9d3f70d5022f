import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { parsedDocuments, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { allDocuments, asList, TYPES } from "../lib/resources";
import { SIZE_SCHEMA, sizeConfigOf } from "../lib/sizeConfig";
import { checkInlineTotal, checkManagedCount, checkManagedSize, checkTrustSize } from "../lib/sizeRules";

/** Rule 11 (one resource): trust, inline and managed policy sizes, managed policies per role. */
export const iamPolicySize: ResourceValidationPolicy = {
    name: "iam-policy-size",
    description: "Checks whether trust, inline and managed policies fit IAM's size quotas and a role has at most 10 managed policies, before AWS rejects them.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Shorten or split the document, or merge managed policies; raise the adjustable quotas through Service Quotas and set the matching config.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    configSchema: SIZE_SCHEMA,
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicy, TYPES.policy], (args, report) => reportAll(report, sizeProblems(args))),
};

function sizeProblems(args: ResourceValidationArgs): (string | undefined)[] {
    const config = sizeConfigOf(args.getConfig());
    const docs = parsedDocuments(allDocuments(args.type, args.props));
    if (args.type === TYPES.rolePolicy) {
        return docs.map((d) => checkInlineTotal(d.document.minifiedLength, d.field, config));
    }
    if (args.type === TYPES.policy) {
        return docs.map((d) => checkManagedSize(d.document.minifiedLength, d.field, config));
    }
    const trust = docs.find((d) => d.field === "assumeRolePolicy");
    const inline = docs.filter((d) => d.field !== "assumeRolePolicy").reduce((sum, d) => sum + d.document.minifiedLength, 0);
    return [
        trust === undefined ? undefined : checkTrustSize(trust.document.minifiedLength, "assumeRolePolicy", config),
        checkInlineTotal(inline, "inlinePolicies", config),
        checkManagedCount(new Set(asList(args.props["managedPolicyArns"])).size, "managedPolicyArns", config),
    ];
}
