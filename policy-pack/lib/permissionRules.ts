/**
 * Rules 7–9: permission documents (`Role.inlinePolicies`, `RolePolicy`, `Policy`). Each function
 * takes a parsed document and the field it came from and returns messages
 * `<path> <value> <what is wrong>: <the fix>.`
 */
import { lookupAction } from "./catalog";
import { PolicyDocument } from "./document";
import { show } from "./format";
import { hasWildcard, matchesIamPattern } from "./oidc";

/** Tunables of rule 7. */
export interface WildcardActionsConfig {
    /**
     * Wildcard actions allowed anyway (compared case-insensitively), e.g. `ec2:Describe*`. `*` itself is never allowed.
     * @default []
     */
    readonly allowedWildcardActions: readonly string[];
}

/** Tunables of rule 8. */
export interface StarResourceConfig {
    /**
     * Actions allowed on `Resource: "*"` although they support resource-level permissions
     * (case-insensitive). `iam:PassRole` and `sts:AssumeRole` are never allowed on `*`.
     * @default []
     */
    readonly allowedActionsOnStar: readonly string[];
}

/** Tunables of rule 9. */
export interface ActionsExistConfig {
    /**
     * Actions accepted although the catalog does not list them yet (case-insensitive).
     * @default []
     */
    readonly allowedUnknownActions: readonly string[];
}

const NEVER_ON_STAR = ["iam:PassRole", "sts:AssumeRole"];

function includesIgnoreCase(list: readonly string[], value: string): boolean {
    const v = value.toLowerCase();
    return list.some((x) => x.toLowerCase() === v);
}

/** Rule 7: no `*`, no wildcard actions unless configured, no `NotAction`/`NotResource` with `Allow`. */
export function checkWildcardActions(doc: PolicyDocument, field: string, config: WildcardActionsConfig): string[] {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const at = `${field} Statement[${statement.index}]`;
        for (const action of statement.actions ?? []) {
            if (action === "*") {
                problems.push(`${at}.Action "*" allows every action of every AWS service: list the actions the workload calls, e.g. "s3:GetObject".`);
            } else if (hasWildcard(action) && !includesIgnoreCase(config.allowedWildcardActions, action)) {
                problems.push(
                    `${at}.Action ${show(action)} is a wildcard, which also grants every matching action AWS adds later: ` +
                        `list the exact actions, or list the pattern in allowedWildcardActions in this policy's config.`,
                );
            }
        }
        if (statement.notActions !== undefined) {
            problems.push(`${at}.NotAction ${show(statement.notActions)} with Effect "Allow" allows every action except those listed: use Action with the exact actions.`);
        }
        if (statement.notResources !== undefined) {
            problems.push(
                `${at}.NotResource ${show(statement.notResources)} with Effect "Allow" applies to every resource except those listed: use Resource with the exact ARNs.`,
            );
        }
    }
    return problems;
}

/**
 * Actions the catalog gives a resource type that ordinary use cannot be scoped to. The catalog marks no resource
 * type as required, so this cannot be derived; each entry names its reason.
 * - `cloudwatch:PutMetricData`: its only resource type, `dataset`, applies to OTLP datasets; publishing metrics
 *   (what the CloudWatch agent and SDKs do) takes `Resource: "*"` with an optional `cloudwatch:namespace` condition.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html
 */
export const STAR_ONLY_IN_PRACTICE: readonly string[] = ["cloudwatch:PutMetricData"];

/** Rule 8: no `Resource: "*"` for actions with resource-level permissions; `iam:PassRole`/`sts:AssumeRole` never on `*`. */
export async function checkStarResources(doc: PolicyDocument, field: string, config: StarResourceConfig): Promise<string[]> {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow" || !(statement.resources ?? []).includes("*")) {
            continue;
        }
        const at = `${field} Statement[${statement.index}].Resource "*"`;
        for (const action of statement.actions ?? []) {
            if (action === "*") {
                continue; // rule 7 reports it
            }
            const dangerous = NEVER_ON_STAR.filter((d) => matchesIamPattern(action.toLowerCase(), d.toLowerCase()));
            if (dangerous.length > 0) {
                problems.push(
                    `${at} is used with ${show(action)}: ${NEVER_ON_STAR.join(" and ")} on "*" let the workload pass or assume any role in the account; ` +
                        `list the role ARNs.`,
                );
                continue;
            }
            if (includesIgnoreCase(config.allowedActionsOnStar, action) || includesIgnoreCase(STAR_ONLY_IN_PRACTICE, action)) {
                continue;
            }
            const found = await lookupAction(action);
            if (found.kind === "found" && found.resourceTypes.length > 0) {
                problems.push(
                    `${at} is used with ${show(action)}, which supports resource-level permissions (${resourceTypeList(found.resourceTypes)}): ` +
                        `list those ARNs instead of "*", or list the action in allowedActionsOnStar in this policy's config.`,
                );
            }
        }
    }
    return problems;
}

/** Rule 9: every action and action pattern exists in the AWS IAM catalog. */
export async function checkActionsExist(doc: PolicyDocument, field: string, config: ActionsExistConfig): Promise<string[]> {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        const lists: [string, readonly string[] | undefined][] = [
            ["Action", statement.actions],
            ["NotAction", statement.notActions],
        ];
        for (const [key, actions] of lists) {
            for (const action of actions ?? []) {
                if (action === "*" || includesIgnoreCase(config.allowedUnknownActions, action)) {
                    continue;
                }
                const problem = describeMissing(action, await lookupAction(action));
                if (problem !== undefined) {
                    problems.push(`${field} Statement[${statement.index}].${key} ${show(action)} ${problem}`);
                }
            }
        }
    }
    return problems;
}

function resourceTypeList(types: readonly string[]): string {
    const shown = types.slice(0, 4).map((t) => show(t));
    return types.length > 4 ? `${shown.join(", ")} and ${types.length - 4} more` : shown.join(", ");
}

function describeMissing(action: string, found: Awaited<ReturnType<typeof lookupAction>>): string | undefined {
    switch (found.kind) {
        case "found":
            return undefined;
        case "malformed":
            return `is not of the form "service:Action": write the service prefix and the action, e.g. "s3:GetObject".`;
        case "unknown-service":
            return `names the service ${show(found.service)}, which is not in the AWS IAM catalog: use a service prefix from the Service Authorization Reference, e.g. "s3".`;
        case "no-match":
            return `matches no action of ${show(found.service)} in the AWS IAM catalog: fix the pattern or list the exact actions.`;
        case "unknown-action":
            return (
                `is not an action of ${show(found.service)} in the AWS IAM catalog: fix the spelling` +
                (found.closest === undefined ? "" : ` (closest: ${show(`${action.split(":")[0]}:${found.closest}`)})`) +
                `, or list it in allowedUnknownActions in this policy's config if the catalog is behind.`
            );
    }
}
