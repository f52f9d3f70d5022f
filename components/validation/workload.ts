/**
 * Checks of one workload, as a list of validators. Each owns some fields of the workload; a field
 * no validator owns is reported as unknown. To support a new field, add a validator here.
 */
import { isSystemNamespace, SYSTEM_NAMESPACES } from "../defaults";
import { checkDeployment } from "./deployment";
import { isDnsLabel, isIamPath, isIntegerIn, isPolicyArn, isRoleDescription, isRoleName } from "./formats";
import { checkLabels, checkTags } from "./maps";
import { validateAddon } from "../addons";
import { SIZE_CHECK_CONTEXT, validateGrants } from "../grants";
import { extraStatements } from "../workloadPermissions";
import { checkInlinePolicySize, checkManagedPolicyArns, checkStatements } from "./permissions";
import { checkKnownKeys, isRecord, ProblemList, withMisspelledField } from "./problems";
import { podIdentityValidator } from "./podIdentity";
import { verifyValidator } from "./verify";
import { clusterRefsValidator } from "./multiCluster";
import { CONFIG_FIELDS } from "../configFields";

/** Checks some fields of one workload. */
export interface WorkloadValidator {
    /** The workload fields this validator owns. */
    readonly fields: readonly string[];
    /** Adds the problems of `workload` (a plain object) at `path` (e.g. `workloads[2]`) to `problems`. */
    check(workload: Record<string, unknown>, path: string, problems: ProblemList): void;
}

const LABEL_RULE = 'use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)';

function checkLabel(value: unknown, path: string, what: string, problems: ProblemList): void {
    if (value === undefined) {
        problems.missing(path, `give the ${what}: ${LABEL_RULE}`);
    } else if (!isDnsLabel(value)) {
        problems.invalid(path, value, `is not a valid ${what}`, LABEL_RULE);
    }
}

/** `previousNames`: a non-empty list of distinct labels, none the workload's own name. */
function checkPreviousNames(value: unknown, name: unknown, path: string, problems: ProblemList): void {
    if (value === undefined) {
        return;
    }
    if (!Array.isArray(value) || value.length === 0) {
        problems.invalid(path, value, "is not a list of former names", 'list the names the workload had, oldest first, e.g. ["s3-reader"]');
        return;
    }
    value.forEach((previous: unknown, index) => {
        const itemPath = `${path}[${index}]`;
        if (!isDnsLabel(previous)) {
            problems.invalid(itemPath, previous, "is not a valid workload name", LABEL_RULE);
        } else if (previous === name) {
            problems.invalid(itemPath, previous, "is the workload's name", "list only the names it had before");
        } else if (value.indexOf(previous) !== index) {
            problems.invalid(itemPath, previous, "is listed twice", "remove the duplicate");
        }
    });
}

/** name, previousNames, namespace, serviceAccount, createNamespace, serviceAccountMode, labels. */
export const identityValidator: WorkloadValidator = {
    fields: ["name", "previousNames", "namespace", "serviceAccount", "createNamespace", "serviceAccountMode", "labels"],
    check(workload, path, problems) {
        checkLabel(workload.name, `${path}.name`, "workload name", problems);
        checkPreviousNames(workload.previousNames, workload.name, `${path}.previousNames`, problems);
        checkLabel(workload.namespace, `${path}.namespace`, "Kubernetes namespace", problems);
        checkLabel(workload.serviceAccount, `${path}.serviceAccount`, "ServiceAccount name", problems);
        if (workload.serviceAccount === "default") {
            problems.invalid(
                `${path}.serviceAccount`,
                "default",
                "is the namespace's default ServiceAccount, used by every pod that names no other",
                "give the workload its own ServiceAccount",
            );
        }
        if (workload.createNamespace !== undefined && typeof workload.createNamespace !== "boolean") {
            problems.invalid(
                `${path}.createNamespace`,
                workload.createNamespace,
                "is not a boolean",
                "use true to create the namespace or false when it exists",
            );
        }
        const mode = workload.serviceAccountMode;
        if (mode !== undefined && mode !== "create" && mode !== "adopt" && mode !== "role-only") {
            problems.invalid(
                `${path}.serviceAccountMode`,
                mode,
                "is not a ServiceAccount mode",
                'use "create", "adopt" (annotate an existing ServiceAccount) or "role-only" (the ServiceAccount is managed elsewhere)',
            );
        }
        if (workload.createNamespace === true && typeof workload.namespace === "string" && isSystemNamespace(workload.namespace)) {
            problems.invalid(
                `${path}.createNamespace`,
                true,
                `would create namespace "${workload.namespace}", which every Kubernetes cluster has`,
                `remove createNamespace: the stack never creates nor deletes ${SYSTEM_NAMESPACES.join(", ")}`,
            );
        } else if (mode === "adopt" && workload.createNamespace === true) {
            problems.invalid(
                `${path}.createNamespace`,
                true,
                'contradicts serviceAccountMode "adopt"',
                "an adopted ServiceAccount lives in a namespace that exists: remove createNamespace or set it to false",
            );
        }
        checkLabels(workload.labels, `${path}.labels`, problems);
    },
};

/**
 * statements, grants, addon, managedPolicyArns. The inline size check covers what lands in the one role policy:
 * the statements plus the expanded grants and add-on document (sized with the longest partition and region,
 * since the stack's are not known before deployment).
 */
export const permissionsValidator: WorkloadValidator = {
    fields: ["statements", "grants", "addon", "managedPolicyArns"],
    check(workload, path, problems) {
        const statements = checkStatements(workload.statements, `${path}.statements`, problems);
        const grantProblems = workload.grants === undefined ? [] : validateGrants(workload.grants, `${path}.grants`);
        const addonProblems = workload.addon === undefined ? [] : validateAddon(workload.addon, `${path}.addon`);
        problems.problems.push(...grantProblems, ...addonProblems);
        if (statements !== undefined && grantProblems.length === 0 && addonProblems.length === 0) {
            const extra = extraStatements(workload as never, { ...SIZE_CHECK_CONTEXT, clusterName: "x".repeat(100) });
            const where = extra.length > 0 ? `${path} (statements, grants and addon)` : `${path}.statements`;
            checkInlinePolicySize([...statements, ...extra], where, problems);
        }
        checkManagedPolicyArns(workload.managedPolicyArns, `${path}.managedPolicyArns`, problems);
    },
};

const ROLE_FIELDS = CONFIG_FIELDS.RoleOptions;

/** role: name, permissionsBoundary, path, maxSessionDuration, tags, description. */
export const roleValidator: WorkloadValidator = {
    fields: ["role"],
    check(workload, path, problems) {
        const role = workload.role;
        const rolePath = `${path}.role`;
        if (role === undefined) {
            return;
        }
        if (!isRecord(role)) {
            problems.invalid(rolePath, role, "is not an object", `give { ${ROLE_FIELDS.join(", ")} } (all optional)`);
            return;
        }
        if (role.name !== undefined && !isRoleName(role.name)) {
            problems.invalid(`${rolePath}.name`, role.name, "is not a valid IAM role name", 'use 1 to 64 letters, digits and "+=,.@_-"');
        }
        if (role.permissionsBoundary !== undefined && !isPolicyArn(role.permissionsBoundary)) {
            problems.invalid(
                `${rolePath}.permissionsBoundary`,
                role.permissionsBoundary,
                "is not a managed policy ARN",
                'write "arn:aws:iam::<account>:policy/<name>"',
            );
        }
        if (role.path !== undefined && !isIamPath(role.path)) {
            problems.invalid(
                `${rolePath}.path`,
                role.path,
                "is not an IAM path",
                'start and end it with "/", e.g. "/irsa/" (printable ASCII, at most 512 characters)',
            );
        }
        if (role.maxSessionDuration !== undefined && !isIntegerIn(role.maxSessionDuration, 3600, 43200)) {
            problems.invalid(
                `${rolePath}.maxSessionDuration`,
                role.maxSessionDuration,
                "is not a valid session duration",
                "use an integer number of seconds from 3600 (1 hour) to 43200 (12 hours)",
            );
        }
        checkTags(role.tags, `${rolePath}.tags`, problems);
        if (role.description !== undefined && !isRoleDescription(role.description)) {
            problems.invalid(
                `${rolePath}.description`,
                role.description,
                "is not a valid role description",
                "use at most 1000 characters without control characters",
            );
        }
        checkKnownKeys(role, ROLE_FIELDS, rolePath, problems);
    },
};

/** deployment. */
export const deploymentValidator: WorkloadValidator = {
    fields: ["deployment"],
    check(workload, path, problems) {
        checkDeployment(workload.deployment, `${path}.deployment`, problems);
    },
};

/** Every workload validator, in the order their problems are listed. */
export const WORKLOAD_VALIDATORS: readonly WorkloadValidator[] = [
    identityValidator,
    permissionsValidator,
    roleValidator,
    deploymentValidator,
    podIdentityValidator,
    verifyValidator,
    clusterRefsValidator,
];

/** The fields every workload has. */
const REQUIRED_FIELDS = ["name", "namespace", "serviceAccount", "deployment"] as const;

/** Checks one workload with every validator, then reports fields none of them owns. */
export function checkWorkload(
    value: unknown,
    path: string,
    problems: ProblemList,
    validators: readonly WorkloadValidator[] = WORKLOAD_VALIDATORS,
): void {
    if (!isRecord(value)) {
        problems.invalid(path, value, "is not an object", "give { name, namespace, serviceAccount, deployment, ... }");
        return;
    }
    const fields = validators.flatMap((validator) => validator.fields);
    // A misspelled required field is named as the typo, not only as a missing field.
    let workload = value;
    for (const required of REQUIRED_FIELDS) {
        if (fields.includes(required)) workload = withMisspelledField(workload, required, fields, path, problems);
    }
    for (const validator of validators) {
        validator.check(workload, path, problems);
    }
    checkKnownKeys(workload, fields, path, problems);
}
