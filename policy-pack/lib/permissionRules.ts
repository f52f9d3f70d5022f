/**
 * Rules 7–9: permission documents (`Role.inlinePolicies`, `RolePolicy`, `Policy`). Each function
 * takes a parsed document and the field it came from and returns messages
 * `<path> <value> <what is wrong>: <the fix>.`
 */
import { ActionInfo, actionInfos, ActionResourceType, hasAccessLevel, knownActionInfos, lookupAction } from "./catalog";
import { Allowance, isAllowed } from "./allowances";
import { typesCoveredEntirely } from "./arn";
import { scopedByTag } from "./conditions";
import { isMetadataRead, returnsContent } from "./metadataReads";
import { PolicyDocument, Statement } from "./document";
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
    /**
     * Named cases allowed on every resource of their type, each with its reviewed reason (never `iam:PassRole`
     * or `sts:AssumeRole` on `"*"`).
     * @default []
     */
    readonly allowedCases?: readonly Allowance[];
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
const neverOnStarByAction = new Map<string, boolean>();

/** Whether `action` (or pattern) covers one of {@link NEVER_ON_STAR}; answered once per action text. */
function isNeverOnStar(action: string): boolean {
    let found = neverOnStarByAction.get(action);
    if (found === undefined) {
        found = NEVER_ON_STAR.some((d) => matchesIamPattern(action.toLowerCase(), d.toLowerCase()));
        if (neverOnStarByAction.size >= 4096) {
            neverOnStarByAction.clear();
        }
        neverOnStarByAction.set(action, found);
    }
    return found;
}

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

/**
 * Rule 8: no `Resource: "*"`, and no ARN pattern that matches every resource of the action's type (judged against
 * the catalog's ARN formats), for actions with resource-level permissions; `iam:PassRole`/`sts:AssumeRole` never.
 * Actions of access level List are not reported (they enumerate, they do not read or change a resource), nor actions
 * scoped by a tag condition they support (see {@link scopedByTag}).
 */
export async function checkStarResources(doc: PolicyDocument, field: string, config: StarResourceConfig): Promise<string[]> {
    const problems: string[] = [];
    // Only needed for an action that requires several resource types: computed on first use.
    let coverage: Promise<Map<string, Set<string>>> | undefined;
    const coverageOf = () => (coverage ??= unscopedCoverage(doc));
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        for (const action of statement.actions ?? []) {
            if (action === "*") {
                continue; // rule 7 reports it
            }
            const infos = (knownActionInfos(action) ?? (await actionInfos(action)));
            const dangerous = isNeverOnStar(action);
            const allowed = includesIgnoreCase(config.allowedActionsOnStar, action) || includesIgnoreCase(STAR_ONLY_IN_PRACTICE, action);
            for (const resource of statement.resources ?? []) {
                if (!dangerous && isAllowed(config.allowedCases ?? [], action, [resource])) {
                    continue;
                }
                const problem = dangerous
                    ? neverOnStar(action, resource, infos)
                    : allowed
                      ? undefined
                      : starProblem(statement, action, resource, infos) ?? (await starProblemInDocument(statement, action, resource, infos, coverageOf));
                if (problem !== undefined) {
                    problems.push(`${field} Statement[${statement.index}].Resource ${show(resource)} ${problem}`);
                }
            }
        }
    }
    return problems;
}

function neverOnStar(action: string, resource: string, infos: readonly ActionInfo[]): string | undefined {
    if (resource === "*") {
        return `is used with ${show(action)}: ${NEVER_ON_STAR.join(" and ")} on "*" let the workload pass or assume any role in the account; list the role ARNs.`;
    }
    const covered = infos.flatMap((info) => typesCoveredEntirely(resource, info.resourceTypes, true));
    if (covered.length === 0) {
        return undefined;
    }
    return (
        `matches every role, as "*" does, and is used with ${show(action)}: ${NEVER_ON_STAR.join(" and ")} on every role let the workload ` +
        `pass or assume any role; list the role ARNs (${show(exampleArn(covered[0]!))}).`
    );
}

/**
 * For each catalog action the document allows, the resource types it allows it on entirely (every resource of the
 * type, `"*"` included) without a tag condition.
 */
async function unscopedCoverage(doc: PolicyDocument): Promise<Map<string, Set<string>>> {
    const coverage = new Map<string, Set<string>>();
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        for (const action of statement.actions ?? []) {
            for (const info of (knownActionInfos(action) ?? (await actionInfos(action)))) {
                if (scopedByTag(statement.conditions, info)) {
                    continue;
                }
                const types = coverage.get(info.name) ?? new Set<string>();
                for (const resource of statement.resources ?? []) {
                    typesCoveredEntirely(resource, info.resourceTypes).forEach((t) => types.add(t.name));
                }
                coverage.set(info.name, types);
            }
        }
    }
    return coverage;
}

/**
 * Whether the document allows `info` on every resource: IAM authorizes an action on each resource of the
 * request, so an action that needs several resource types (`ec2:RunInstances` needs an image, a subnet, an
 * instance, …) is only unbounded when every type it requires is allowed entirely; a tag condition on one of them
 * (the instance it creates) bounds it.
 */
function unboundedInDocument(info: ActionInfo, coverage: Map<string, Set<string>>): boolean {
    const covered = coverage.get(info.name);
    return info.resourceTypes.filter((t) => t.required).every((t) => covered?.has(t.name) === true);
}

/** The problem of `resource` for the action's catalog actions that are unbounded by this statement alone. */
function starProblem(statement: Statement, action: string, resource: string, infos: readonly ActionInfo[]): string | undefined {
    return starMessage(action, resource, candidates(statement, resource, infos).filter((c) => c.required.every((t) => c.here.includes(t))).map((c) => c.info));
}

/** The same, for actions that need several resource types, judged with the whole document's coverage. */
async function starProblemInDocument(
    statement: Statement,
    action: string,
    resource: string,
    infos: readonly ActionInfo[],
    coverageOf: () => Promise<Map<string, Set<string>>>,
): Promise<string | undefined> {
    const rest = candidates(statement, resource, infos).filter((c) => !c.required.every((t) => c.here.includes(t)));
    if (rest.length === 0) {
        return undefined;
    }
    const coverage = await coverageOf();
    return starMessage(action, resource, rest.filter((c) => unboundedInDocument(c.info, coverage)).map((c) => c.info));
}

/** Catalog actions of `infos` that `resource` covers entirely in this statement, without a tag condition (List excepted). */
function candidates(statement: Statement, resource: string, infos: readonly ActionInfo[]) {
    const out: { info: ActionInfo; here: readonly ActionResourceType[]; required: readonly ActionResourceType[] }[] = [];
    for (const info of infos) {
        // Metadata reads (`Describe…`) are advisory on "*" (iam-star-resource-metadata-read, ./metadataReads.ts).
        if ((hasAccessLevel(info, "List") && !returnsContent(info)) || isMetadataRead(info) || info.resourceTypes.length === 0) {
            continue;
        }
        const here = typesCoveredEntirely(resource, info.resourceTypes);
        if (here.length === 0 || scopedByTag(statement.conditions, info)) {
            continue;
        }
        out.push({ info, here, required: info.resourceTypes.filter((t) => t.required) });
    }
    return out;
}

function starMessage(action: string, resource: string, flagged: readonly ActionInfo[]): string | undefined {
    if (flagged.length === 0) {
        return undefined;
    }
    const types = [...new Set(flagged.flatMap((info) => info.resourceTypes.map((t) => t.name)))];
    if (resource === "*") {
        return (
            `is used with ${show(action)}, which supports resource-level permissions (${resourceTypeList(types)}): ` +
            `list those ARNs instead of "*", or list the action in allowedActionsOnStar in this policy's config.`
        );
    }
    const covered = [...new Set(flagged.flatMap((info) => typesCoveredEntirely(resource, info.resourceTypes)))];
    return (
        `matches every ${resourceTypeList([...new Set(covered.map((t) => t.name))])} resource, as "*" does, and is used with ${show(action)}: ` +
        `name the resources (${show(exampleArn(covered[0]!))}), add a tag condition the action supports, or list the action in allowedActionsOnStar in this policy's config.`
    );
}

/** A catalog ARN format written as an example, e.g. `arn:aws:iam::<Account>:role/<RoleNameWithPath>`. */
export function exampleArn(type: ActionResourceType): string {
    return type.arn.replace("${Partition}", "aws").replace(/\$\{([^}]+)\}/g, "<$1>");
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
