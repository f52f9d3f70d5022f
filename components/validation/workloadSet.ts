/**
 * Checks across workloads: unique names, unique ServiceAccounts, one answer per namespace,
 * unique physical role names.
 */
import { createsNamespace } from "../defaults";
import { roleName } from "../naming";
import { isDnsLabel, isRoleName } from "./formats";
import { isRecord, ProblemList } from "./problems";

/**
 * Checks the workloads against each other; only fields that are valid on their own are compared.
 * @param rolePrefix what derived role names start with (the component's name, or `roleNamePrefix`); without it,
 *   only explicit role names are compared
 * @param clusterMode whether the cluster is created or adopted (the default of `createNamespace` depends on it)
 */
export function checkWorkloadSet(
    workloads: readonly unknown[],
    problems: ProblemList,
    rolePrefix?: string,
    clusterMode: "create" | "adopt" = "create",
): void {
    const names = new Map<string, number>();
    const serviceAccounts = new Map<string, number>();
    const namespaces = new Map<string, { index: number; create: boolean }>();
    const roleNames = new Map<string, { index: number; explicit: boolean }>();

    workloads.forEach((workload, index) => {
        if (!isRecord(workload)) {
            return;
        }
        const path = `workloads[${index}]`;
        const { name, namespace, serviceAccount } = workload;

        if (isDnsLabel(name)) {
            const first = names.get(name);
            if (first === undefined) {
                names.set(name, index);
            } else {
                problems.invalid(`${path}.name`, name, `is already used by workloads[${first}]`, "give each workload a unique name");
            }
        }

        if (isDnsLabel(namespace) && isDnsLabel(serviceAccount)) {
            const pair = `${namespace}/${serviceAccount}`;
            const first = serviceAccounts.get(pair);
            if (first === undefined) {
                serviceAccounts.set(pair, index);
            } else {
                problems.invalid(
                    `${path}.serviceAccount`,
                    pair,
                    `is already the ServiceAccount of workloads[${first}]`,
                    "give each workload its own ServiceAccount (one role per namespace/serviceAccount pair)",
                );
            }
        }

        const mode = workload.serviceAccountMode;
        const validMode = mode === undefined || mode === "create" || mode === "adopt" || mode === "role-only";
        const explicit = workload.createNamespace;
        if (isDnsLabel(namespace) && validMode && (explicit === undefined || typeof explicit === "boolean")) {
            const create = createsNamespace({ namespace, createNamespace: explicit, serviceAccountMode: mode }, clusterMode);
            const first = namespaces.get(namespace);
            if (first === undefined) {
                namespaces.set(namespace, { index, create });
            } else if (first.create !== create) {
                problems.invalid(
                    `${path}.createNamespace`,
                    create,
                    `disagrees with workloads[${first.index}].createNamespace ${String(first.create)} for namespace "${namespace}"`,
                    'set the same createNamespace on every workload of a namespace (it defaults to true on a created cluster with serviceAccountMode "create", else to false)',
                );
            }
        }

        const role = workload.role;
        const explicitName = isRecord(role) ? role.name : undefined;
        // A renamed workload keeps the role name derived from its oldest former name.
        const previousNames = workload.previousNames;
        const nameBase = previousNames === undefined ? name : Array.isArray(previousNames) ? previousNames[0] : undefined;
        const physicalName = isRoleName(explicitName)
            ? explicitName
            : explicitName === undefined && rolePrefix !== undefined && isDnsLabel(nameBase)
              ? roleName(rolePrefix, nameBase)
              : undefined;
        if (physicalName !== undefined) {
            const first = roleNames.get(physicalName);
            if (first === undefined) {
                roleNames.set(physicalName, { index, explicit: explicitName !== undefined });
            } else if (explicitName !== undefined) {
                problems.invalid(
                    `${path}.role.name`,
                    physicalName,
                    `is already the role name of workloads[${first.index}]`,
                    "give each workload its own role name",
                );
            } else if (first.explicit) {
                // Reported on the explicit name whichever comes first, so the order of workloads does not matter.
                problems.invalid(
                    `workloads[${first.index}].role.name`,
                    physicalName,
                    `is also the role name workloads[${index}] derives from its name`,
                    "give each workload its own role name",
                );
            }
        }
    });
    checkPreviousNames(workloads, names, problems);
}

/** Former names name no current workload and no other renamed one: each alias must point at one workload. */
function checkPreviousNames(workloads: readonly unknown[], names: ReadonlyMap<string, number>, problems: ProblemList): void {
    const previous = new Map<string, number>();
    workloads.forEach((workload, index) => {
        if (!isRecord(workload) || !Array.isArray(workload.previousNames)) {
            return;
        }
        workload.previousNames.forEach((previousName: unknown, item) => {
            if (!isDnsLabel(previousName) || previousName === workload.name) {
                return;
            }
            const path = `workloads[${index}].previousNames[${item}]`;
            const current = names.get(previousName);
            const first = previous.get(previousName);
            if (current !== undefined) {
                problems.invalid(path, previousName, `is the name of workloads[${current}]`, "a former name must be free: remove it, or rename the other workload");
            } else if (first !== undefined && first !== index) {
                problems.invalid(path, previousName, `is already a former name of workloads[${first}]`, "give each former name to one workload");
            } else {
                previous.set(previousName, index);
            }
        });
    });
}
