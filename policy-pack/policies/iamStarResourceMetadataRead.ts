import { ResourceValidationPolicy } from "@pulumi/policy";
import { validatePermissionDocuments } from "../lib/adapters";
import { checkMetadataReadsOnStar } from "../lib/metadataReads";

/** Beside rule 8: metadata reads (`Describe…`) on `Resource: "*"`, which rule 8 leaves to this advisory. */
export const iamStarResourceMetadataRead: ResourceValidationPolicy = {
    name: "iam-star-resource-metadata-read",
    description:
        "Checks whether permission policies use Resource \"*\" with metadata reads (Describe… actions of access level Read, e.g. elasticfilesystem:DescribeMountTargets) that support resource-level permissions; data reads stay with iam-no-star-resource.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "List the resources' ARNs where the workload knows them.",
    url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    validateResource: validatePermissionDocuments((document, field) => checkMetadataReadsOnStar(document, field)),
};
