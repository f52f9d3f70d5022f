/**
 * The whole-config check behind `validateIrsaClusterArgs`: returns every problem, in config order.
 */
import { checkCluster, checkOidcProvider } from "./cluster";
import { checkMergedTags, checkTags } from "./maps";
import { isRoleName } from "./formats";
import { checkKnownKeys, isRecord, ProblemList } from "./problems";
import { checkWorkload, WORKLOAD_VALIDATORS, WorkloadValidator } from "./workload";
import { checkVpcCniRole } from "./nodes";
import { checkPodIdentityConfig } from "./podIdentity";
import { checkWorkloadSet } from "./workloadSet";
import { checkMultiCluster } from "./multiCluster";
import { checkStackFacts, type StackFacts } from "./stackFacts";
import { CONFIG_FIELDS } from "../configFields";

/** The fields of `IrsaClusterArgs`: the keys of the stack program's config namespace. */
export const TOP_LEVEL_FIELDS = CONFIG_FIELDS.IrsaClusterArgs;

/** Checks `roleNamePrefix`; returns what derived role names start with (`undefined` when it cannot be known). */
function rolePrefix(value: unknown, componentName: string | undefined, problems: ProblemList): string | undefined {
    if (value === undefined) {
        return componentName;
    }
    if (!isRoleName(value)) {
        problems.invalid("roleNamePrefix", value, "is not a valid role name prefix", 'use 1 to 64 letters, digits and "+=,.@_-" (e.g. the component\'s former name)');
        return undefined;
    }
    return value;
}

/** Every problem of `args`, each `<path> <value> <what is wrong>: <fix>.`; empty when valid. */
export function validateArgs(
    args: unknown,
    componentName?: string,
    validators: readonly WorkloadValidator[] = WORKLOAD_VALIDATORS,
    accountProviders: readonly string[] = [],
    stack: StackFacts = {},
): string[] {
    const problems = new ProblemList();
    if (!isRecord(args)) {
        problems.invalid("config", args, "is not an object", "give { cluster, workloads, oidcProvider?, tags? }");
        return problems.problems;
    }
    checkKnownKeys(args, TOP_LEVEL_FIELDS, "", problems);
    const clusterMode = checkCluster(args.cluster, problems);
    checkOidcProvider(args.oidcProvider, clusterMode, problems);
    checkTags(args.tags, "tags", problems);
    const prefix = rolePrefix(args.roleNamePrefix, componentName, problems);

    const workloads = args.workloads;
    if (workloads === undefined) {
        problems.missing("workloads", "give a list of workloads (it may be empty)");
    } else if (!Array.isArray(workloads)) {
        problems.invalid("workloads", workloads, "is not a list", "give a list of workloads (it may be empty)");
    } else {
        workloads.forEach((workload: unknown, index) => checkWorkload(workload, `workloads[${index}]`, problems, validators));
        checkWorkloadSet(workloads, problems, prefix, clusterMode);
    }
    checkMergedTags(args, problems);
    checkVpcCniRole(args.cluster, workloads, problems);
    checkPodIdentityConfig(args, clusterMode, problems);
    checkMultiCluster(
        args,
        {
            clusterMode,
            clusterName: isRecord(args.cluster) && typeof args.cluster.name === "string" ? args.cluster.name : undefined,
            accountProviders,
        },
        problems,
    );
    checkStackFacts(args, stack, problems);
    return problems.problems;
}
