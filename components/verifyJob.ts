/**
 * The post-deploy proof of a workload (`verify`): a Kubernetes Job under the workload's ServiceAccount that runs
 * `aws sts get-caller-identity` and fails unless the caller is the workload's assumed role. The Kubernetes provider
 * waits for a Job to complete (no `pulumi.com/skipAwait`) and fails the update when it fails, so `pulumi up`
 * succeeds only when a pod of this ServiceAccount really gets this role.
 *
 * What it proves: the annotation, the webhook's token projection, the trust policy (issuer, `:sub`, `:aud`) and
 * the OIDC provider work together for this ServiceAccount, and the SDK's credential chain picks the web identity
 * first. What it does not prove: the role's permissions, that other ServiceAccounts are refused, or that the
 * node role is out of reach (IMDS hop limit).
 */
import * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec, VerifySpec } from "./config";
import { DEFAULTS } from "./defaults";
import { verifyJobObjectName } from "./naming";

/** Defaults of {@link VerifySpec}, and the Job's retry count. */
export const VERIFY_DEFAULTS = {
    /** AWS CLI v2 image, pinned (the one the seeds and the example use). */
    image: "public.ecr.aws/aws-cli/aws-cli:2.17.0",
    timeoutSeconds: 300,
    /** One retry: a pod can start before the webhook's token is mounted only on a misconfigured cluster. */
    backoffLimit: 1,
} as const;

/** Extra time `pulumi up` waits beyond the Job's own deadline, so the Job's failure (not a timeout) is reported. */
export const AWAIT_SLACK_SECONDS = 60;

/**
 * The container's script: `sh`, fails (exit 1, with the caller or the CLI's error on stdout) unless the caller's
 * ARN starts with `$EXPECTED_CALLER_ARN_PREFIX`. A `case` pattern with a quoted variable matches literally.
 */
export const VERIFY_SCRIPT = [
    "set -u",
    'echo "eks-irsa verify: expecting the role ${EXPECTED_ROLE_NAME} (caller ARN ${EXPECTED_CALLER_ARN_PREFIX}...)"',
    "if ! caller=$(aws sts get-caller-identity --query Arn --output text 2>&1); then",
    '  echo "FAIL: aws sts get-caller-identity failed: ${caller}"',
    "  exit 1",
    "fi",
    'case "${caller}" in',
    '  "${EXPECTED_CALLER_ARN_PREFIX}"*) echo "OK: the pod\'s AWS identity is ${caller}"; exit 0 ;;',
    "esac",
    'echo "FAIL: the pod\'s AWS identity is ${caller}, not the role ${EXPECTED_ROLE_NAME}: IRSA is not in effect (check the ServiceAccount\'s eks.amazonaws.com/role-arn annotation, the role\'s trust policy and the cluster\'s OIDC provider)"',
    "exit 1",
].join("\n");

/** The verify options with defaults, or `undefined` when the workload has no proof. */
export function verifyOptions(verify: boolean | VerifySpec | undefined): Required<VerifySpec> | undefined {
    if (verify === undefined || verify === false) {
        return undefined;
    }
    const spec = verify === true ? {} : verify;
    return { image: spec.image ?? VERIFY_DEFAULTS.image, timeoutSeconds: spec.timeoutSeconds ?? VERIFY_DEFAULTS.timeoutSeconds };
}

/** What STS answers for a session of a role: its name and the prefix of the caller ARN. */
export interface AssumedRole {
    /** The role's name (without its path), e.g. `platform-s3-reader`. */
    roleName: string;
    /** `arn:<partition>:sts::<account>:assumed-role/<role name>/`: the caller ARN of any session of the role. */
    callerArnPrefix: string;
}

/**
 * The assumed-role identity of the role `roleArn` (`arn:<partition>:iam::<account>:role/<path><name>`): STS
 * leaves the path out of assumed-role ARNs.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function assumedRole(roleArn: string): AssumedRole {
    const match = /^arn:([a-z-]+):iam::(\d{12}):role\/(?:[^/]+\/)*([\w+=,.@-]+)$/.exec(roleArn);
    if (match === null) {
        throw new Error(`role ARN ${JSON.stringify(roleArn)} is not an IAM role ARN: expected "arn:<partition>:iam::<account>:role/<path><name>".`);
    }
    const [, partition, account, roleName] = match as unknown as [string, string, string, string];
    return { roleName, callerArnPrefix: `arn:${partition}:sts::${account}:assumed-role/${roleName}/` };
}

/** The pod security settings of the workload's Deployment (or their defaults when it has none). */
export function podSecurityContext(deployment: DeploymentSpec | false): k8s.types.input.core.v1.PodSecurityContext {
    const spec: Partial<DeploymentSpec> = deployment === false ? {} : deployment;
    const runAsNonRoot = spec.runAsNonRoot ?? DEFAULTS.runAsNonRoot;
    const runAsUser = spec.runAsUser ?? (runAsNonRoot ? DEFAULTS.runAsUser : undefined);
    return { fsGroup: spec.fsGroup ?? DEFAULTS.fsGroup, runAsNonRoot, ...(runAsUser !== undefined ? { runAsUser } : {}) };
}

/** Inputs of {@link verifyJobArgs}. */
export interface VerifyJobInputs {
    /** The workload's name (labels the Job). */
    workloadName: string;
    /** The workload's namespace. */
    namespace: pulumi.Input<string>;
    /** The workload's ServiceAccount (an Output of the ServiceAccount resource, so the Job waits for it). */
    serviceAccountName: pulumi.Input<string>;
    /** ARN of the workload's role. */
    roleArn: pulumi.Input<string>;
    /** The workload's Deployment (its pod security settings), or `false`. */
    deployment: DeploymentSpec | false;
    /** The verify options, defaults applied. */
    verify: Required<VerifySpec>;
}

/** Labels of the Job and its pod: never the Deployment's selector, so no Service routes to the proof. */
export function verifyLabels(workloadName: string): Record<string, string> {
    return { "app.kubernetes.io/component": "irsa-verify", "app.kubernetes.io/instance": workloadName };
}

/** The Job's arguments. */
export function verifyJobArgs(inputs: VerifyJobInputs): k8s.batch.v1.JobArgs {
    // Plain when the role's ARN is (a plan computed from plain values), else an output of it.
    const identity = typeof inputs.roleArn === "string" ? assumedRole(inputs.roleArn) : pulumi.output(inputs.roleArn).apply(assumedRole);
    const labels = verifyLabels(inputs.workloadName);
    return {
        metadata: {
            name: verifyJobObjectName(inputs.workloadName),
            namespace: inputs.namespace,
            labels,
            // A Job that failed is replaced on the next `pulumi up` (after a fix) instead of being awaited again.
            annotations: { "pulumi.com/replaceUnready": "true" },
        },
        spec: {
            backoffLimit: VERIFY_DEFAULTS.backoffLimit,
            activeDeadlineSeconds: inputs.verify.timeoutSeconds,
            template: {
                metadata: { labels },
                spec: {
                    serviceAccountName: inputs.serviceAccountName,
                    restartPolicy: "Never",
                    securityContext: podSecurityContext(inputs.deployment),
                    containers: [
                        {
                            name: "verify",
                            image: inputs.verify.image,
                            command: ["sh", "-c", VERIFY_SCRIPT],
                            env: [
                                { name: "EXPECTED_ROLE_NAME", value: identity.roleName },
                                { name: "EXPECTED_CALLER_ARN_PREFIX", value: identity.callerArnPrefix },
                                // The CLI's cache and config live under HOME; the image's is root's.
                                { name: "HOME", value: "/tmp" },
                                { name: "AWS_PAGER", value: "" },
                            ],
                            // The last lines of the output become the pod's termination message, shown with the failure.
                            terminationMessagePolicy: "FallbackToLogsOnError",
                            resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                        },
                    ],
                },
            },
        },
    };
}

/**
 * The proof Job's resource options: `pulumi up` waits up to the Job's deadline plus {@link AWAIT_SLACK_SECONDS}; a
 * Job's pod template cannot change, so a new proof replaces the Job, and its fixed name must be freed first.
 */
export function verifyJobOptions(verify: Required<VerifySpec>): { deleteBeforeReplace: true; customTimeouts: { create: string; update: string } } {
    const wait = `${verify.timeoutSeconds + AWAIT_SLACK_SECONDS}s`;
    return { deleteBeforeReplace: true, customTimeouts: { create: wait, update: wait } };
}
