/**
 * Checks of the EKS Pod Identity config: each workload's `identity` and `podIdentity` options, the config's
 * default `identity`, `cluster.podIdentityAgent` and `cluster.fargateOnly`, and the refusals where Pod
 * Identity cannot work (a Fargate-only cluster; a cluster without the agent that this stack must not install).
 */
import { policySize, permissionDocument } from "../iamDocuments";
import {
    IDENTITY_MODES,
    IdentityMode,
    POD_IDENTITY_AGENT_MODES,
    PodIdentityAgentMode,
    podIdentityAgentOf,
    resolveIdentity,
    usesPodIdentity,
} from "../podIdentityConfig";
import { checkStatements } from "./permissions";
import { checkKnownKeys, isRecord, ProblemList } from "./problems";
import type { WorkloadValidator } from "./workload";
import { CONFIG_FIELDS } from "../configFields";

/** The size limit EKS and STS put on a session policy, in characters of JSON without whitespace. */
export const MAX_SESSION_POLICY_SIZE = 2048;

const MODE_FIX = 'use "irsa" (IAM roles for service accounts), "pod-identity" (EKS Pod Identity) or "both" (the migration between them)';
const AGENT_FIX =
    'use "install" (this stack installs the eks-pod-identity-agent add-on), "existing" (the cluster runs it already) or "none" (no agent: Pod Identity is refused)';
const OPTION_FIELDS = CONFIG_FIELDS.PodIdentityOptions;
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;

/** Whether `value` is an identity mode. */
export function isIdentityMode(value: unknown): value is IdentityMode {
    return typeof value === "string" && (IDENTITY_MODES as readonly string[]).includes(value);
}

function isAgentMode(value: unknown): value is PodIdentityAgentMode {
    return typeof value === "string" && (POD_IDENTITY_AGENT_MODES as readonly string[]).includes(value);
}

/** Checks an `identity` value (a workload's or the config's default). */
function checkIdentityValue(value: unknown, path: string, problems: ProblemList): void {
    if (value !== undefined && !isIdentityMode(value)) {
        problems.invalid(path, value, "is not an identity mode", MODE_FIX);
    }
}

/** Checks `podIdentity` of one workload. */
function checkOptions(options: unknown, path: string, problems: ProblemList): void {
    if (options === undefined) {
        return;
    }
    if (!isRecord(options)) {
        problems.invalid(path, options, "is not an object", `give { ${OPTION_FIELDS.join(", ")} } (all optional)`);
        return;
    }
    const { targetRoleArn, disableSessionTags, sessionPolicy } = options;
    if (targetRoleArn !== undefined && (typeof targetRoleArn !== "string" || !ROLE_ARN.test(targetRoleArn))) {
        problems.invalid(`${path}.targetRoleArn`, targetRoleArn, "is not an IAM role ARN", 'write "arn:aws:iam::<account>:role/<name>"');
    }
    if (disableSessionTags !== undefined && typeof disableSessionTags !== "boolean") {
        problems.invalid(`${path}.disableSessionTags`, disableSessionTags, "is not a boolean", "use true or false");
    }
    const statements = checkStatements(sessionPolicy, `${path}.sessionPolicy`, problems);
    if (sessionPolicy !== undefined && Array.isArray(sessionPolicy) && sessionPolicy.length > 0) {
        const fix = "EKS accepts a session policy only on an association without session tags: set disableSessionTags to true";
        if (disableSessionTags === undefined) {
            problems.missing(`${path}.disableSessionTags`, `sessionPolicy needs it: ${fix}`);
        } else if (disableSessionTags === false) {
            problems.invalid(`${path}.disableSessionTags`, false, "contradicts sessionPolicy", fix);
        }
        if (statements !== undefined && statements.length > 0) {
            const size = policySize(permissionDocument(statements));
            if (size > MAX_SESSION_POLICY_SIZE) {
                problems.invalid(
                    `${path}.sessionPolicy`,
                    sessionPolicy,
                    `makes a session policy of ${size} characters`,
                    `EKS allows ${MAX_SESSION_POLICY_SIZE}; narrow it to the statements this association needs, or put the permissions on the role`,
                );
            }
        }
    }
    checkKnownKeys(options, OPTION_FIELDS, path, problems);
}

/** identity, podIdentity (each on its own; what depends on the cluster is checked by {@link checkPodIdentityConfig}). */
export const podIdentityValidator: WorkloadValidator = {
    fields: ["identity", "podIdentity"],
    check(workload, path, problems) {
        checkIdentityValue(workload.identity, `${path}.identity`, problems);
        checkOptions(workload.podIdentity, `${path}.podIdentity`, problems);
    },
};

/**
 * Reports `podIdentity` options on a workload whose (resolved) mode is `irsa`: they would be ignored.
 * Used by the whole-config check and by `IrsaWorkload` on its own.
 */
export function checkOptionsUsed(workload: Record<string, unknown>, mode: IdentityMode, path: string, problems: ProblemList): void {
    if (workload.podIdentity !== undefined && !usesPodIdentity(mode)) {
        problems.invalid(
            `${path}.podIdentity`,
            workload.podIdentity,
            `is not used with identity "${mode}"`,
            'remove it, or set identity "pod-identity" or "both"',
        );
    }
}

/** Why Pod Identity cannot work on this cluster, or `undefined` when it can. */
function refusal(cluster: Record<string, unknown>): { what: string; fix: string } | undefined {
    if (cluster.fargateOnly === true) {
        return {
            what: "cannot work on a Fargate-only cluster (cluster.fargateOnly true)",
            fix: 'EKS Pod Identity is not available to pods on Fargate (its agent is a DaemonSet on EC2 nodes); use identity "irsa"',
        };
    }
    if (cluster.podIdentityAgent === "none") {
        return {
            what: 'needs the eks-pod-identity-agent add-on, which cluster.podIdentityAgent "none" says the cluster lacks and this stack must not install',
            fix: 'set cluster.podIdentityAgent to "install" (this stack installs it) or "existing" (it runs already), or use identity "irsa"',
        };
    }
    return undefined;
}

/** Checks `cluster.podIdentityAgent` and `cluster.fargateOnly` against the cluster's mode. */
function checkClusterFields(cluster: Record<string, unknown>, clusterMode: "create" | "adopt" | undefined, problems: ProblemList): void {
    const { podIdentityAgent, fargateOnly } = cluster;
    if (podIdentityAgent !== undefined && !isAgentMode(podIdentityAgent)) {
        problems.invalid("cluster.podIdentityAgent", podIdentityAgent, "is not a Pod Identity Agent mode", AGENT_FIX);
    } else if (podIdentityAgent === "existing" && clusterMode === "create") {
        problems.invalid(
            "cluster.podIdentityAgent",
            podIdentityAgent,
            "is not possible on a cluster this stack creates",
            'a new cluster has no add-ons yet: use "install" (the default) or "none"',
        );
    }
    if (fargateOnly !== undefined && typeof fargateOnly !== "boolean") {
        problems.invalid("cluster.fargateOnly", fargateOnly, "is not a boolean", "use true when every pod of the adopted cluster runs on Fargate, else leave it out");
    } else if (fargateOnly !== undefined && clusterMode === "create") {
        problems.invalid(
            "cluster.fargateOnly",
            fargateOnly,
            "is not used with a created cluster",
            "a cluster this stack creates runs its pods on a managed node group: remove it",
        );
    }
}

/**
 * The checks that need the whole config: the default `identity`, the cluster's Pod Identity fields, unused
 * `podIdentity` options, and the refusal of Pod Identity where it cannot work. A workload that inherits the
 * default is covered by the problem reported on `identity`.
 */
export function checkPodIdentityConfig(args: Record<string, unknown>, clusterMode: "create" | "adopt" | undefined, problems: ProblemList): void {
    checkIdentityValue(args.identity, "identity", problems);
    const cluster = isRecord(args.cluster) ? args.cluster : {};
    checkClusterFields(cluster, clusterMode, problems);
    const defaultIdentity = isIdentityMode(args.identity) ? args.identity : undefined;
    const refused = refusal(cluster);
    if (refused !== undefined && defaultIdentity !== undefined && usesPodIdentity(defaultIdentity)) {
        problems.invalid("identity", defaultIdentity, refused.what, refused.fix);
    }
    if (!Array.isArray(args.workloads)) {
        return;
    }
    args.workloads.forEach((workload: unknown, index) => {
        if (!isRecord(workload) || (workload.identity !== undefined && !isIdentityMode(workload.identity))) {
            return;
        }
        const path = `workloads[${index}]`;
        const mode = resolveIdentity({ ...(workload.identity !== undefined ? { identity: workload.identity } : {}) }, defaultIdentity);
        checkOptionsUsed(workload, mode, path, problems);
        if (refused !== undefined && workload.identity !== undefined && usesPodIdentity(mode)) {
            problems.invalid(`${path}.identity`, mode, refused.what, refused.fix);
        }
    });
}

/** The agent mode of a valid cluster spec (its default depends on whether the cluster is created or adopted). */
export function podIdentityAgentMode(cluster: { mode: "create" | "adopt"; podIdentityAgent?: PodIdentityAgentMode }): PodIdentityAgentMode {
    return podIdentityAgentOf(cluster);
}
