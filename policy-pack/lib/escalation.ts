/**
 * Privilege escalation and permissions management in permission documents, on any resource, and joined across the
 * documents of one role.
 *
 * - the IAM catalog's access level "Permissions management" (`iam:PutRolePolicy`, `s3:PutBucketPolicy`,
 *   `kms:CreateGrant`, `lambda:AddPermission`, …): actions that change who may do what;
 * - the escalation paths of ./escalationCatalog.ts (pathfinding.cloud, Rhino Security Labs / pacu, cloudsplaining,
 *   and AWS's documentation): actions that run code or get credentials as another principal, `iam:PassRole`
 *   together with a service call that runs code as the passed role, and paths of several actions.
 */
import { Allowance, isAllowed } from "./allowances";
import { ActionInfo, actionInfos, hasAccessLevel, knownActionInfos } from "./catalog";
import { PolicyDocument, Statement } from "./document";
import { show } from "./format";
import { operatorParts } from "./conditions";
import { ESCALATION_ACTIONS, ESCALATION_COMBINATIONS, PASS_ROLE_TARGETS } from "./escalationCatalog";

export { ESCALATION_ACTIONS, PASS_ROLE_TARGETS } from "./escalationCatalog";

/**
 * Conditions that bound a Permissions management action to what AWS documents as its safe use:
 * `kms:GrantIsForAWSResource` = true lets only an AWS service integrated with KMS (EBS, for a CSI driver) create,
 * list or revoke grants on the key for the workload's own requests.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
 */
const BOUNDING_CONDITIONS: Readonly<Record<string, { readonly key: string; readonly value: string }>> = {
    "kms:creategrant": { key: "kms:grantisforawsresource", value: "true" },
    "kms:listgrants": { key: "kms:grantisforawsresource", value: "true" },
    "kms:revokegrant": { key: "kms:grantisforawsresource", value: "true" },
};

function boundedByCondition(info: ActionInfo, statement: Statement): boolean {
    const bound = BOUNDING_CONDITIONS[info.name.toLowerCase()];
    return (
        bound !== undefined &&
        statement.conditions.some(
            (c) => operatorParts(c.operator).base === "Bool" && !operatorParts(c.operator).ifExists && c.key.toLowerCase() === bound.key && c.values.length > 0 && c.values.every((v) => v.toLowerCase() === bound.value),
        )
    );
}

const PASS_ROLE = "iam:passrole";

const interest = new WeakMap<ActionInfo, boolean>();

/** Whether this rule has anything to say about an action (most grants are neither escalations nor PassRole). */
function isOfInterest(info: ActionInfo): boolean {
    let found = interest.get(info);
    if (found === undefined) {
        const name = info.name.toLowerCase();
        found = hasAccessLevel(info, "Permissions management") || ESCALATION_ACTIONS[name] !== undefined || name === PASS_ROLE;
        interest.set(info, found);
    }
    return found;
}
const RHINO = "Rhino Security Labs' AWS privilege escalation methods";

/** Tunables of the escalation rule. */
export interface EscalationConfig {
    /** Named cases allowed with their reviewed reason, e.g. Karpenter passing its node role to EC2. @default [] */
    readonly allowedEscalations: readonly Allowance[];
}

/** One action of an Allow statement, with the document it came from. */
interface Grant {
    readonly field: string;
    readonly statement: Statement;
    readonly action: string;
    readonly infos: readonly ActionInfo[];
}

/** A finding and the documents whose grants make it. */
interface Finding {
    readonly message: string;
    readonly fields: ReadonlySet<string>;
}

/** A parsed permission document and the field it came from. */
export interface FieldDocument {
    /** e.g. `policy`, `inlinePolicies[0].policy`, or the resource that holds it in a stack message. */
    readonly field: string;
    readonly document: PolicyDocument;
}

async function grantsOf(docs: readonly FieldDocument[]): Promise<Grant[]> {
    const grants: Grant[] = [];
    for (const { field, document } of docs) {
        for (const statement of document.statements) {
            if (statement.effect !== "Allow") {
                continue;
            }
            for (const action of statement.actions ?? []) {
                if (action !== "*") {
                    grants.push({ field, statement, action, infos: knownActionInfos(action) ?? (await actionInfos(action)) });
                }
            }
        }
    }
    return grants;
}

/** Whether a statement limits `iam:PassRole` to named services with `iam:PassedToService`. */
function passedToServiceLimited(statement: Statement): boolean {
    return statement.conditions.some((c) => {
        const op = operatorParts(c.operator);
        // A StringLike value that starts with a wildcard (`*`, `*.amazonaws.com`) names every service: no limit.
        return (
            c.key.toLowerCase() === "iam:passedtoservice" &&
            !op.ifExists &&
            op.qualifier === undefined &&
            /^String(Equals|Like)$/.test(op.base) &&
            c.values.length > 0 &&
            (op.base === "StringEquals" || c.values.every((v) => !/^[*?]/.test(v)))
        );
    });
}

const FIX = `remove it, or allow this named case with its reason in allowedEscalations in this policy's config`;
const PASS_TARGETS = new Set(PASS_ROLE_TARGETS.map((t) => t.toLowerCase()));

function grants(g: Grant, name: string): boolean {
    return g.infos.some((i) => i.name.toLowerCase() === name);
}

/** `Statement[1]` in the grant's own document, `policy Statement[1]` in another one. */
function where(g: Grant, from: Grant): string {
    return g.field === from.field ? `Statement[${g.statement.index}]` : `${g.field} Statement[${g.statement.index}]`;
}

/** What one grant does on its own: Permissions management, an escalation action, PassRole without a service. */
function singleFinding(g: Grant): string | undefined {
    const at = `${g.field} Statement[${g.statement.index}].Action ${show(g.action)}`;
    const managing = g.infos.filter((i) => hasAccessLevel(i, "Permissions management") && !boundedByCondition(i, g.statement)).map((i) => i.name);
    if (managing.length > 0) {
        const which = g.action.includes("*") || g.action.includes("?") ? ` (${show(managing.slice(0, 3))}${managing.length > 3 ? ` and ${managing.length - 3} more` : ""})` : "";
        return (
            `${at}${which} is a Permissions management action (AWS IAM catalog): it changes who may do what on ${show(g.statement.resources ?? [])}, ` +
            `so the workload can grant itself or others more access; ${FIX}.`
        );
    }
    const escalating = g.infos.map((i) => i.name.toLowerCase()).find((n) => ESCALATION_ACTIONS[n] !== undefined);
    if (escalating !== undefined) {
        return `${at} escalates privileges: the workload ${ESCALATION_ACTIONS[escalating]!} (${RHINO}); ${FIX}.`;
    }
    if (grants(g, PASS_ROLE) && !passedToServiceLimited(g.statement)) {
        return (
            `${at} has no "iam:PassedToService" condition: the workload can pass ${show(g.statement.resources ?? [])} to any AWS service; ` +
            `add StringEquals "iam:PassedToService" = the service that needs the role, e.g. "ec2.amazonaws.com".`
        );
    }
    return undefined;
}

/** Paths of several grants: `iam:PassRole` with a service that runs code as the role, and catalog combinations. */
function joinedFindings(all: readonly Grant[], allowed: (g: Grant) => boolean): Finding[] {
    const findings: Finding[] = [];
    const open = all.filter((g) => !allowed(g));
    const runner = all.find((o) => o.infos.some((i) => PASS_TARGETS.has(i.name.toLowerCase())));
    for (const g of open) {
        if (runner === undefined || !grants(g, PASS_ROLE) || !passedToServiceLimited(g.statement)) {
            continue;
        }
        const at = `${g.field} Statement[${g.statement.index}].Action ${show(g.action)}`;
        findings.push({
            fields: new Set([g.field, runner.field]),
            message:
                `${at} with ${show(runner.action)} (${where(runner, g)}) lets the workload run code as ${show(g.statement.resources ?? [])} ` +
                `and use that role's permissions (${RHINO}): ${FIX}, e.g. {"action": "iam:PassRole", "resource": ${show((g.statement.resources ?? ["*"])[0])}, "reason": "…"}.`,
        });
    }
    for (const path of ESCALATION_COMBINATIONS) {
        const parts = path.actions.map((a) => all.find((g) => grants(g, a.toLowerCase())));
        if (parts.some((p) => p === undefined) || parts.some((p) => allowed(p!))) {
            continue;
        }
        const [first, ...rest] = parts as Grant[];
        findings.push({
            fields: new Set(parts.map((p) => p!.field)),
            message:
                `${first!.field} Statement[${first!.statement.index}].Action ${show(first!.action)} with ${rest.map((r) => `${show(r.action)} (${where(r, first!)})`).join(", ")} ` +
                `escalates privileges: the workload ${path.effect} (pathfinding.cloud ${path.id}); ${FIX}.`,
        });
    }
    return findings;
}

/**
 * The escalation rule: Permissions-management actions and documented escalation actions on any resource,
 * `iam:PassRole` without `iam:PassedToService`, `iam:PassRole` with a service call that runs code as the passed
 * role, and the catalog's paths of several actions. `Action: "*"` is left to `iam-no-wildcard-actions`; Deny
 * statements grant nothing.
 */
export async function checkEscalation(doc: PolicyDocument, field: string, config: EscalationConfig): Promise<string[]> {
    const all = await grantsOf([{ field, document: doc }]);
    const allowed = allowedBy(config);
    const problems: string[] = [];
    for (const g of all) {
        if (g.infos.some(isOfInterest) && !allowed(g)) {
            const problem = singleFinding(g);
            if (problem !== undefined) {
                problems.push(problem);
            }
        }
    }
    return [...problems, ...joinedFindings(all, allowed).map((f) => f.message)];
}

function allowedBy(config: EscalationConfig): (g: Grant) => boolean {
    return (g) => isAllowed(config.allowedEscalations, g.action, g.statement.resources ?? ["*"]);
}

/**
 * The same paths joined across every permission document of one role (inline policies, `RolePolicy` resources,
 * attached customer-managed and AWS-managed policies): only the paths that need grants from two or more
 * documents, since a path inside one document is reported on that document's resource.
 */
export async function checkRoleEscalation(docs: readonly FieldDocument[], config: EscalationConfig): Promise<string[]> {
    const all = await grantsOf(docs);
    return joinedFindings(all, allowedBy(config))
        .filter((f) => f.fields.size > 1)
        .map((f) => f.message);
}
