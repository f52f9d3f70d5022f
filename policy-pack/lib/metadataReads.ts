/**
 * Metadata reads: catalog actions of access level Read that describe resources (`Describe…`) rather than return
 * their content. On `Resource: "*"` they reveal names and settings, not data: advisory. Data reads stay mandatory on
 * `"*"`: object bodies, items, messages, secret values, parameters, decrypted bytes, logs (cloudsplaining's data
 * exfiltration class: `s3:GetObject`, `ssm:GetParameter*`, `secretsmanager:GetSecretValue`, and the like: none of them
 * is a `Describe…` action), and the `Describe…` actions whose answer holds content (whatever the catalog's access
 * level): an instance's or launch template's user data (`ec2:DescribeInstanceAttribute`,
 * `ec2:DescribeLaunchTemplateVersions`, where bootstrap secrets live), a Cognito app client's secret
 * (`cognito-idp:DescribeUserPoolClient` returns `ClientSecret`), a task definition's container environment
 * (`ecs:DescribeTaskDefinition`) and an Elastic Beanstalk environment's properties
 * (`elasticbeanstalk:DescribeConfigurationSettings`).
 *
 * @see https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/data-exfiltration.md
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html ("user data is not protected by authentication or cryptographic methods")
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPoolClient.html
 */
import { ActionInfo, actionInfos, hasAccessLevel } from "./catalog";
import { PolicyDocument } from "./document";
import { show } from "./format";

/** `Describe…` Read actions that return a resource's content, kept mandatory on `"*"`. */
export const CONTENT_DESCRIBES: readonly string[] = [
    "ec2:DescribeInstanceAttribute",
    "ec2:DescribeLaunchTemplateVersions",
    "cognito-idp:DescribeUserPoolClient",
    "ecs:DescribeTaskDefinition",
    "elasticbeanstalk:DescribeConfigurationSettings",
];

/** Whether a catalog action is one of {@link CONTENT_DESCRIBES}: judged as a data read whatever its access level. */
export function returnsContent(info: ActionInfo): boolean {
    return CONTENT_DESCRIBES.some((a) => a.toLowerCase() === info.name.toLowerCase());
}

/** Whether a catalog action is a metadata read ({@link CONTENT_DESCRIBES} excepted). */
export function isMetadataRead(info: ActionInfo): boolean {
    const name = info.name.split(":")[1] ?? "";
    return (
        info.accessLevels.length === 1 &&
        hasAccessLevel(info, "Read") &&
        name.startsWith("Describe") &&
        !returnsContent(info)
    );
}

/** Metadata reads on `Resource: "*"` for actions that can be scoped to resources (advisory). */
export async function checkMetadataReadsOnStar(doc: PolicyDocument, field: string): Promise<string[]> {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow" || !(statement.resources ?? []).includes("*")) continue;
        for (const action of statement.actions ?? []) {
            const infos = (await actionInfos(action)).filter((i) => isMetadataRead(i) && i.resourceTypes.length > 0);
            if (infos.length === 0 || action.includes("*")) continue;
            const types = [...new Set(infos.flatMap((i) => i.resourceTypes.map((t) => t.name)))];
            problems.push(
                `${field} Statement[${statement.index}].Resource "*" is used with ${show(action)}, a metadata read that supports resource-level permissions (${types.map((t) => show(t)).join(", ")}): ` +
                    `it reveals every resource's settings, not its data; list the resources' ARNs where the workload knows them.`,
            );
        }
    }
    return problems;
}
