/**
 * Checks of `cluster.vpcCniRole`: a boolean, and, when on, no workload of the config takes the VPC CNI's
 * own workload's name or its ServiceAccount (`kube-system/aws-node`).
 */
import { VPC_CNI_IDENTITY } from "../nodeHardening";
import { isRecord, ProblemList } from "./problems";

/** Checks `cluster.vpcCniRole` against the workloads (only for a created cluster; `checkCluster` reports it on an adopted one). */
export function checkVpcCniRole(cluster: unknown, workloads: unknown, problems: ProblemList): void {
    if (!isRecord(cluster) || cluster.mode !== "create" || cluster.vpcCniRole === undefined) {
        return;
    }
    if (typeof cluster.vpcCniRole !== "boolean") {
        problems.invalid("cluster.vpcCniRole", cluster.vpcCniRole, "is not a boolean", "use true to give the VPC CNI its own IRSA role, or false");
        return;
    }
    if (!cluster.vpcCniRole || !Array.isArray(workloads)) {
        return;
    }
    const { name, namespace, serviceAccount } = VPC_CNI_IDENTITY;
    workloads.forEach((workload: unknown, index) => {
        if (!isRecord(workload)) {
            return;
        }
        if (workload.name === name) {
            problems.invalid(
                `workloads[${index}].name`,
                name,
                "is the name of the VPC CNI's own workload, which cluster.vpcCniRole creates",
                "rename this workload, or remove it and keep cluster.vpcCniRole",
            );
        }
        if (workload.namespace === namespace && workload.serviceAccount === serviceAccount) {
            problems.invalid(
                `workloads[${index}].serviceAccount`,
                `${namespace}/${serviceAccount}`,
                "is the VPC CNI's ServiceAccount, which cluster.vpcCniRole already gives its own role",
                "remove this workload, or set cluster.vpcCniRole to false",
            );
        }
    });
}
