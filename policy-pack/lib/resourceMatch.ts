/**
 * Actions paired with resources they cannot apply to (`s3:GetObject` on a bucket ARN, `s3:ListBucket` on an object
 * ARN, `iam:PassRole` on an S3 ARN): IAM never matches the statement for that action, and the usual "fix" is
 * widening the resource to `"*"`. Judged with the catalog's resource types and ARN formats.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { fitsAnyType, parseArn } from "./arn";
import { ActionInfo, actionInfos, knownActionInfos } from "./catalog";
import { PolicyDocument, Statement } from "./document";
import { show } from "./format";
import { exampleArn } from "./permissionRules";

/**
 * Services whose catalog entry does not list every resource type of their actions: Elastic Load Balancing v1 and
 * v2 share the prefix `elasticloadbalancing`, and the catalog keeps v1's types for actions both have (`AddTags` on
 * `loadbalancer` only, while v2 tags target groups, listeners and rules), so a mismatch cannot be told from a gap.
 */
const INCOMPLETE_SERVICES: readonly string[] = ["elasticloadbalancing"];

/**
 * Each action the document allows on none of the resources it lists for it: IAM never grants it. A statement may
 * list resources of several types for several actions (each action uses those of its types), and the same action
 * may get its resources from several statements, so the whole document's Allow statements count; the message
 * names the first statement that grants the action.
 */
export async function checkActionResourceMatch(doc: PolicyDocument, field: string): Promise<string[]> {
    const firstGrant = new Map<string, { readonly statement: Statement; readonly action: string; readonly info: ActionInfo }>();
    const fits = new Set<string>();
    for (const statement of doc.statements) {
        const resources = statement.resources ?? [];
        if (statement.effect !== "Allow" || resources.length === 0) {
            continue;
        }
        for (const action of statement.actions ?? []) {
            // A pattern (`s3:Get*`) is judged as a whole: it fits when one of the actions it matches does.
            const pattern = /[*?]/.test(action);
            for (const info of (knownActionInfos(action) ?? (await actionInfos(action)))) {
                if (INCOMPLETE_SERVICES.includes(info.name.split(":")[0]!)) {
                    continue;
                }
                const key = pattern ? action.toLowerCase() : info.name;
                if (!firstGrant.has(key)) {
                    firstGrant.set(key, { statement, action, info });
                }
                const fitting = (r: string) => r === "*" || parseArn(r) === undefined || (info.resourceTypes.length > 0 && fitsAnyType(r, info.resourceTypes));
                if (resources.some(fitting)) {
                    fits.add(key);
                }
            }
        }
    }
    const problems: string[] = [];
    const reported = new Set<string>();
    for (const [name, { statement, action, info }] of firstGrant) {
        const key = `${statement.index} ${action}`;
        if (fits.has(name) || reported.has(key)) {
            continue;
        }
        reported.add(key);
        const resources = statement.resources ?? [];
        const at = `${field} Statement[${statement.index}].Resource ${show(resources.length === 1 ? resources[0] : resources)}`;
        const shown = action === info.name || action.toLowerCase() === info.name.toLowerCase() ? show(action) : `${show(action)} (${show(info.name)})`;
        if (info.resourceTypes.length === 0) {
            problems.push(
                `${at} is used with ${shown}, which has no resource-level permissions: IAM only matches it with Resource "*", so this grant never works; ` +
                    `move the action to a statement with "Resource": "*".`,
            );
        } else {
            const forms = [...new Set(info.resourceTypes.map((t) => show(exampleArn(t))))];
            problems.push(
                `${at} holds no resource ${shown} applies to, and no other statement grants it on one, so this grant never works: ` +
                    `use an ARN of the form ${forms.slice(0, 3).join(" or ")}${forms.length > 3 ? ` (or ${forms.length - 3} other forms)` : ""}.`,
            );
        }
    }
    return problems;
}
