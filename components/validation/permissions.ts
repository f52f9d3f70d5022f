/**
 * Checks of a workload's permissions: inline `statements` and `managedPolicyArns`.
 */
import { permissionDocument, policySize, StatementInput } from "../iamDocuments";
import { isConditionOperator, isExactAction, isPolicyArn, isResourceArn, wildcardKind } from "./formats";
import { checkKnownKeys, isRecord, ProblemList } from "./problems";
import { CONFIG_FIELDS } from "../configFields";

/** IAM's limit on the inline policies of one role, in characters without whitespace. */
export const MAX_INLINE_POLICY_SIZE = 10240;

/** IAM's default quota of managed policies attached to one role. */
export const MAX_MANAGED_POLICIES = 10;

const STATEMENT_SHAPE = "give { actions, resources, conditions? }";
const ACTIONS_FIX = 'list the actions as "service:Action", e.g. "s3:GetObject"';
const RESOURCES_FIX = 'list the ARNs the actions apply to, e.g. "arn:aws:s3:::my-bucket/*"';
const POLICY_ARN_FIX = 'write "arn:aws:iam::aws:policy/<name>" or "arn:aws:iam::<account>:policy/<path><name>"';

/** Checks `statements`; returns them when all are valid (for the size check). */
export function checkStatements(value: unknown, path: string, problems: ProblemList): StatementInput[] | undefined {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value)) {
        problems.invalid(path, value, "is not a list", "give a list of { actions, resources, conditions? }");
        return undefined;
    }
    const before = problems.problems.length;
    value.forEach((statement: unknown, index) => checkStatement(statement, `${path}[${index}]`, problems));
    return problems.problems.length === before ? (value as StatementInput[]) : undefined;
}

function checkStatement(statement: unknown, path: string, problems: ProblemList): void {
    if (!isRecord(statement)) {
        problems.invalid(path, statement, "is not an object", STATEMENT_SHAPE);
        return;
    }
    checkList(statement.actions, `${path}.actions`, ACTIONS_FIX, problems)?.forEach((action, index) =>
        checkAction(action, `${path}.actions[${index}]`, problems),
    );
    checkList(statement.resources, `${path}.resources`, RESOURCES_FIX, problems)?.forEach((resource, index) => {
        if (resource !== "*" && !isResourceArn(resource)) {
            problems.invalid(
                `${path}.resources[${index}]`,
                resource,
                "is not an ARN",
                'write the resource\'s ARN, e.g. "arn:aws:s3:::my-bucket/*", or "*" for actions without resource-level permissions',
            );
        }
    });
    checkConditions(statement.conditions, `${path}.conditions`, problems);
    checkKnownKeys(statement, CONFIG_FIELDS.StatementSpec, path, problems);
}

/** A required, non-empty list; returns its items when it is one. */
function checkList(value: unknown, path: string, fix: string, problems: ProblemList): unknown[] | undefined {
    if (value === undefined) {
        problems.missing(path, fix);
        return undefined;
    }
    if (!Array.isArray(value)) {
        problems.invalid(path, value, "is not a list", fix);
        return undefined;
    }
    if (value.length === 0) {
        problems.invalid(path, value, "is empty", fix);
    }
    return value;
}

function checkAction(action: unknown, path: string, problems: ProblemList): void {
    if (typeof action !== "string") {
        problems.invalid(path, action, "is not an IAM action", 'write it as "service:Action", e.g. "s3:GetObject"');
        return;
    }
    const wildcard = wildcardKind(action);
    if (wildcard === "all") {
        problems.invalid(path, action, "grants every action of every service", 'list the actions the workload calls, e.g. "s3:GetObject"');
    } else if (wildcard === "service") {
        const service = action.slice(0, action.indexOf(":"));
        problems.invalid(path, action, `grants every action of ${service}`, `list the ${service} actions the workload calls`);
    } else if (wildcard === "pattern") {
        problems.invalid(
            path,
            action,
            "is a wildcard pattern that also matches actions AWS adds later",
            "list each action the workload calls",
        );
    } else if (!isExactAction(action)) {
        problems.invalid(path, action, "is not an IAM action", 'write it as "service:Action", e.g. "s3:GetObject"');
    }
}

function checkConditions(value: unknown, path: string, problems: ProblemList): void {
    if (value === undefined) {
        return;
    }
    if (!isRecord(value)) {
        problems.invalid(
            path,
            value,
            "is not a condition block",
            'give { Operator: { "condition-key": value } }, e.g. { StringEquals: { "aws:ResourceTag/team": "data" } }',
        );
        return;
    }
    for (const [operator, block] of Object.entries(value)) {
        const operatorPath = `${path}.${operator}`;
        if (!isConditionOperator(operator)) {
            problems.invalid(
                operatorPath,
                block,
                "is not an IAM condition operator",
                "use an operator IAM documents, e.g. StringEquals, StringLike, ArnLike, Bool",
            );
            continue;
        }
        if (!isRecord(block)) {
            problems.invalid(operatorPath, block, "is not a map of condition keys", 'give { "condition-key": value }');
            continue;
        }
        for (const [key, conditionValue] of Object.entries(block)) {
            const valid =
                typeof conditionValue === "string" ||
                typeof conditionValue === "boolean" ||
                (Array.isArray(conditionValue) && conditionValue.length > 0 && conditionValue.every((item) => typeof item === "string"));
            if (!valid) {
                problems.invalid(`${operatorPath}.${key}`, conditionValue, "is not a condition value", "use a string, a non-empty list of strings or a boolean");
            }
        }
    }
}

/** Checks `managedPolicyArns`. */
export function checkManagedPolicyArns(value: unknown, path: string, problems: ProblemList): void {
    if (value === undefined) {
        return;
    }
    if (!Array.isArray(value)) {
        problems.invalid(path, value, "is not a list", `list policy ARNs: ${POLICY_ARN_FIX}`);
        return;
    }
    const seen = new Set<unknown>();
    value.forEach((arn: unknown, index) => {
        const itemPath = `${path}[${index}]`;
        if (!isPolicyArn(arn)) {
            problems.invalid(itemPath, arn, "is not a managed policy ARN", POLICY_ARN_FIX);
        } else if (seen.has(arn)) {
            problems.invalid(itemPath, arn, "is listed twice", "remove the duplicate");
        }
        seen.add(arn);
    });
    if (value.length > MAX_MANAGED_POLICIES) {
        problems.invalid(
            path,
            value,
            `has ${value.length} policies`,
            `attach at most ${MAX_MANAGED_POLICIES} (IAM's default quota per role), or move permissions into statements`,
        );
    }
}

/** Checks that the merged inline policy fits IAM's size limit. */
export function checkInlinePolicySize(statements: readonly StatementInput[], path: string, problems: ProblemList): void {
    if (statements.length === 0) {
        return;
    }
    const size = policySize(permissionDocument(statements));
    if (size > MAX_INLINE_POLICY_SIZE) {
        problems.invalid(
            path,
            statements,
            `make an inline policy of ${size} characters`,
            `IAM allows ${MAX_INLINE_POLICY_SIZE} per role; move statements into a managed policy or merge their resources`,
        );
    }
}
