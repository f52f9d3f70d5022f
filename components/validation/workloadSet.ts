/**
 * Checks across workloads: unique names, unique ServiceAccounts, one answer per namespace,
 * unique physical role names.
 */
import { createsNamespace } from "../defaults";
import { roleName } from "../naming";
import { isDnsLabel, isRoleName } from "./formats";
import { isRecord, ProblemList } from "./problems";

/** Checks the workloads against each other; only fields that are valid on their own are compared. */
export function checkWorkloadSet(workloads: readonly unknown[], problems: ProblemList, componentName?: string): void {
    const names = new Map<string, number>();
    const serviceAccounts = new Map<string, number>();
    const namespaces = new Map<string, { index: number; create: boolean }>();
    const roleNames = new Map<string, number>();

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
            const create = createsNamespace({ createNamespace: explicit, serviceAccountMode: mode });
            const first = namespaces.get(namespace);
            if (first === undefined) {
                namespaces.set(namespace, { index, create });
            } else if (first.create !== create) {
                problems.invalid(
                    `${path}.createNamespace`,
                    create,
                    `disagrees with workloads[${first.index}].createNamespace ${String(first.create)} for namespace "${namespace}"`,
                    'set the same createNamespace on every workload of a namespace (it defaults to true, and to false with serviceAccountMode "adopt" or "role-only")',
                );
            }
        }

        const role = workload.role;
        const explicitName = isRecord(role) ? role.name : undefined;
        const physicalName = isRoleName(explicitName)
            ? explicitName
            : explicitName === undefined && componentName !== undefined && isDnsLabel(name)
              ? roleName(componentName, name)
              : undefined;
        if (physicalName !== undefined) {
            const first = roleNames.get(physicalName);
            if (first === undefined) {
                roleNames.set(physicalName, index);
            } else if (explicitName !== undefined) {
                problems.invalid(
                    `${path}.role.name`,
                    physicalName,
                    `is already the role name of workloads[${first}]`,
                    "give each workload its own role name",
                );
            }
        }
    });
}
