/**
 * Privilege escalation and permissions management in permission documents, on any resource.
 *
 * Two sources:
 * - the IAM catalog's access level "Permissions management" (`iam:PutRolePolicy`, `s3:PutBucketPolicy`,
 *   `kms:CreateGrant`, `lambda:AddPermission`, …): actions that change who may do what;
 * - the escalation paths documented by Rhino Security Labs ("AWS IAM Privilege Escalation – Methods and
 *   Mitigation", https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/) and checked by
 *   their tool pacu (`pacu/modules/iam__privesc_scan/main.py`), for the actions the catalog files under "Write":
 *   credentials for other principals (`iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`),
 *   code that runs as another role (`lambda:UpdateFunctionCode`, `glue:UpdateDevEndpoint`), and
 *   `iam:PassRole` together with a service call that runs code as the passed role (`ec2:RunInstances`,
 *   `lambda:CreateFunction`, `cloudformation:CreateStack`, `glue:CreateDevEndpoint`, `datapipeline:CreatePipeline`,
 *   `sagemaker:CreateNotebookInstance`, `ecs:RunTask`, `codebuild:CreateProject`, …);
 * - the IAM actions that issue credentials for another user, as Salesforce's cloudsplaining lists them under
 *   "credentials exposure" (https://github.com/salesforce/cloudsplaining).
 */
import { Allowance, isAllowed } from "./allowances";
import { ActionInfo, actionInfos, hasAccessLevel, knownActionInfos } from "./catalog";
import { PolicyDocument, Statement } from "./document";
import { show } from "./format";
import { operatorParts } from "./conditions";

/** Write-level actions that escalate on their own (Rhino Security Labs methods 4–6, 17, 19 and pacu's list). */
export const ESCALATION_ACTIONS: Readonly<Record<string, string>> = {
    "iam:createaccesskey": "creates access keys for another IAM user and acts as that user",
    "iam:createloginprofile": "sets a console password for another IAM user and signs in as that user",
    "iam:updateloginprofile": "changes another IAM user's console password and signs in as that user",
    "iam:addusertogroup": "adds a user to a group and gains the group's policies",
    "iam:createpolicyversion": "writes a new default version of a managed policy, granting itself anything",
    "iam:setdefaultpolicyversion": "switches a managed policy to a more permissive version",
    "iam:updateassumerolepolicy": "rewrites a role's trust policy so that it can assume the role",
    "lambda:updatefunctioncode": "replaces a function's code, which then runs with the function's role",
    "glue:updatedevendpoint": "adds its SSH key to a Glue development endpoint and acts as the endpoint's role",
    "ec2-instance-connect:sendsshpublickey": "logs in to an instance and uses the instance's role",
    "ssm:sendcommand": "runs commands on an instance and uses the instance's role",
    "ssm:startsession": "opens a shell on an instance and uses the instance's role",
    // Credentials for other principals (cloudsplaining's "credentials exposure" actions that IAM files under Write).
    "iam:updateaccesskey": "re-activates another IAM user's access key",
    "iam:uploadsshpublickey": "registers its SSH key for another IAM user (CodeCommit access as that user)",
    "iam:createservicespecificcredential": "creates service credentials (CodeCommit, Keyspaces) for another IAM user",
    "iam:resetservicespecificcredential": "resets another IAM user's service credentials and receives the new password",
};

/** Services that run code with a role passed to them (Rhino Security Labs methods 3, 15, 16, 18, 20, 21 and pacu). */
export const PASS_ROLE_TARGETS: readonly string[] = [
    "ec2:RunInstances",
    "ec2:RequestSpotInstances",
    "ec2:CreateFleet",
    "ec2:AssociateIamInstanceProfile",
    "ec2:ReplaceIamInstanceProfileAssociation",
    "lambda:CreateFunction",
    "lambda:UpdateFunctionConfiguration",
    "cloudformation:CreateStack",
    "cloudformation:UpdateStack",
    "glue:CreateDevEndpoint",
    "glue:CreateJob",
    "datapipeline:CreatePipeline",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "ecs:RunTask",
    "ecs:StartTask",
    "ecs:RegisterTaskDefinition",
    "codebuild:CreateProject",
    "codebuild:UpdateProject",
    "autoscaling:CreateLaunchConfiguration",
    "states:CreateStateMachine",
    "eks:CreateNodegroup",
    "eks:CreatePodIdentityAssociation",
];

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

interface Grant {
    readonly statement: Statement;
    readonly action: string;
    readonly infos: readonly ActionInfo[];
}

async function grantsOf(doc: PolicyDocument): Promise<Grant[]> {
    const grants: Grant[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        for (const action of statement.actions ?? []) {
            if (action !== "*") {
                grants.push({ statement, action, infos: (knownActionInfos(action) ?? (await actionInfos(action))) });
            }
        }
    }
    return grants;
}

/** Whether a statement limits `iam:PassRole` to named services with `iam:PassedToService`. */
function passedToServiceLimited(statement: Statement): boolean {
    return statement.conditions.some((c) => {
        const op = operatorParts(c.operator);
        return c.key.toLowerCase() === "iam:passedtoservice" && !op.ifExists && op.qualifier === undefined && /^String(Equals|Like)$/.test(op.base) && c.values.length > 0;
    });
}

/**
 * The escalation rule: Permissions-management actions and documented escalation actions on any resource,
 * `iam:PassRole` without `iam:PassedToService`, and `iam:PassRole` with a service call that runs code as the passed
 * role. `Action: "*"` is left to `iam-no-wildcard-actions`; Deny statements grant nothing.
 */
export async function checkEscalation(doc: PolicyDocument, field: string, config: EscalationConfig): Promise<string[]> {
    const problems: string[] = [];
    const grants = await grantsOf(doc);
    const allowed = (g: Grant) => isAllowed(config.allowedEscalations, g.action, g.statement.resources ?? ["*"]);
    const fix = `remove it, or allow this named case with its reason in allowedEscalations in this policy's config`;
    for (const g of grants) {
        if (!g.infos.some(isOfInterest) || allowed(g)) {
            continue;
        }
        const at = `${field} Statement[${g.statement.index}].Action ${show(g.action)}`;
        const names = g.infos.map((i) => i.name.toLowerCase());
        const managing = g.infos.filter((i) => hasAccessLevel(i, "Permissions management") && !boundedByCondition(i, g.statement)).map((i) => i.name);
        if (managing.length > 0) {
            const which = g.action.includes("*") || g.action.includes("?") ? ` (${show(managing.slice(0, 3))}${managing.length > 3 ? ` and ${managing.length - 3} more` : ""})` : "";
            problems.push(
                `${at}${which} is a Permissions management action (AWS IAM catalog): it changes who may do what on ${show(g.statement.resources ?? [])}, ` +
                    `so the workload can grant itself or others more access; ${fix}.`,
            );
            continue;
        }
        const escalating = names.filter((n) => ESCALATION_ACTIONS[n] !== undefined);
        if (escalating.length > 0) {
            problems.push(`${at} escalates privileges: the workload ${ESCALATION_ACTIONS[escalating[0]!]} (${RHINO}); ${fix}.`);
            continue;
        }
        if (!names.includes(PASS_ROLE)) {
            continue;
        }
        if (!passedToServiceLimited(g.statement)) {
            problems.push(
                `${at} has no "iam:PassedToService" condition: the workload can pass ${show(g.statement.resources ?? [])} to any AWS service; ` +
                    `add StringEquals "iam:PassedToService" = the service that needs the role, e.g. "ec2.amazonaws.com".`,
            );
            continue;
        }
        const runners = grants.filter((o) => o.infos.some((i) => PASS_ROLE_TARGETS.some((t) => t.toLowerCase() === i.name.toLowerCase())));
        if (runners.length > 0) {
            const runner = runners[0]!;
            problems.push(
                `${at} with ${show(runner.action)} (Statement[${runner.statement.index}]) lets the workload run code as ${show(g.statement.resources ?? [])} ` +
                    `and use that role's permissions (${RHINO}): ${fix}, e.g. {"action": "iam:PassRole", "resource": ${show((g.statement.resources ?? ["*"])[0])}, "reason": "…"}.`,
            );
        }
    }
    return problems;
}
