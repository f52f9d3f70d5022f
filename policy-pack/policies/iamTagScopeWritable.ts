import { ResourceValidationPolicy } from "@pulumi/policy";
import { parsedDocuments, reportAll, validateResourceOfTypes } from "../lib/adapters";
import { permissionDocuments, TYPES } from "../lib/resources";
import { checkWritableTagScopes } from "../lib/tagScopeRules";

/** A grant scoped by a resource tag that the same documents let the role write. */
export const iamTagScopeWritable: ResourceValidationPolicy = {
    name: "iam-tag-scope-writable",
    description:
        "Checks whether a grant scoped by a resource tag (aws:ResourceTag/<key>) sits beside a tagging grant (TagResource, CreateTags, …) that lets the role put that tag on the service's resources itself, which makes the tag scope nothing.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Remove the tagging grant, limit it with ForAllValues:StringEquals aws:TagKeys to other keys or with aws:ResourceTag/<key> to resources already in scope, or scope the grant by ARNs.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html",
    validateResource: validateResourceOfTypes([TYPES.role, TYPES.rolePolicy, TYPES.policy], async (args, report) => {
        reportAll(report, await checkWritableTagScopes(parsedDocuments(permissionDocuments(args.type, args.props))));
    }),
};
