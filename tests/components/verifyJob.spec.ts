import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { assumedRole, podSecurityContext, VERIFY_SCRIPT, verifyOptions } from "../../components/verifyJob";
import { FakeCloud, installFakeCloud, RecordedResource } from "../../synth/fakeCloud";
import { tempDir } from "../helpers/tempDir";

const URN = "urn:pulumi:dev::eks-irsa::";

function find(cloud: FakeCloud, type: string, name: string): RecordedResource {
    const found = cloud.resources.find((r) => r.type === type && r.name === name);
    assert.ok(found, `no ${type} ${name}`);
    return found;
}

describe("assumedRole", () => {
    it("gives the role's name and the assumed-role caller ARN prefix, without the role's path", () => {
        assert.deepEqual(assumedRole("arn:aws:iam::123456789012:role/irsa/team/platform-api"), {
            roleName: "platform-api",
            callerArnPrefix: "arn:aws:sts::123456789012:assumed-role/platform-api/",
        });
        assert.deepEqual(assumedRole("arn:aws-us-gov:iam::123456789012:role/r"), {
            roleName: "r",
            callerArnPrefix: "arn:aws-us-gov:sts::123456789012:assumed-role/r/",
        });
    });

    it("fails on an ARN that is not a role's", () => {
        assert.throws(() => assumedRole("arn:aws:iam::123456789012:user/alice"), {
            message: 'role ARN "arn:aws:iam::123456789012:user/alice" is not an IAM role ARN: expected "arn:<partition>:iam::<account>:role/<path><name>".',
        });
    });
});

describe("VERIFY_SCRIPT", () => {
    const PREFIX = "arn:aws:sts::123456789012:assumed-role/platform-api/";
    /** Runs the script with `sh` and a fake `aws` that prints `output` and exits with `status`. */
    function run(output: string, status: number): { status: number | null; stdout: string } {
        const bin = tempDir("fake-aws-");
        fs.writeFileSync(path.join(bin, "aws"), `#!/bin/sh\necho '${output}'\nexit ${status}\n`, { mode: 0o755 });
        const env = { PATH: `${bin}:/usr/bin:/bin`, EXPECTED_ROLE_NAME: "platform-api", EXPECTED_CALLER_ARN_PREFIX: PREFIX };
        const r = spawnSync("sh", ["-c", VERIFY_SCRIPT], { env, encoding: "utf8" });
        return { status: r.status, stdout: r.stdout };
    }
    const header = `eks-irsa verify: expecting the role platform-api (caller ARN ${PREFIX}...)\n`;

    it("succeeds when the caller is a session of the workload's role", () => {
        assert.deepEqual(run(`${PREFIX}botocore-session-1`, 0), {
            status: 0,
            stdout: `${header}OK: the pod's AWS identity is ${PREFIX}botocore-session-1\n`,
        });
    });

    it("fails when the caller is the node role, or a role whose name only starts like it", () => {
        for (const caller of ["arn:aws:sts::123456789012:assumed-role/platform-node-role/i-0abc", "arn:aws:sts::123456789012:assumed-role/platform-api-admin/s"]) {
            assert.deepEqual(run(caller, 0), {
                status: 1,
                stdout: `${header}FAIL: the pod's AWS identity is ${caller}, not the role platform-api: IRSA is not in effect (check the ServiceAccount's eks.amazonaws.com/role-arn annotation, the role's trust policy and the cluster's OIDC provider)\n`,
            });
        }
    });

    it("fails with the CLI's error when there are no credentials", () => {
        assert.deepEqual(run("Unable to locate credentials. You can configure credentials by running \"aws configure\".", 253), {
            status: 1,
            stdout: `${header}FAIL: aws sts get-caller-identity failed: Unable to locate credentials. You can configure credentials by running "aws configure".\n`,
        });
    });
});

describe("verifyOptions", () => {
    it("is undefined without verify, the defaults with true, the given values otherwise", () => {
        assert.equal(verifyOptions(undefined), undefined);
        assert.equal(verifyOptions(false), undefined);
        assert.deepEqual(verifyOptions(true), { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0", timeoutSeconds: 300 });
        assert.deepEqual(verifyOptions({ image: "amazon/aws-cli:2.22.0", timeoutSeconds: 60 }), { image: "amazon/aws-cli:2.22.0", timeoutSeconds: 60 });
    });
});

describe("podSecurityContext", () => {
    it("follows the Deployment's settings, and the defaults without a Deployment", () => {
        assert.deepEqual(podSecurityContext(false), { fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 });
        assert.deepEqual(podSecurityContext({ image: "x", fsGroup: 1000, runAsUser: 1000 }), { fsGroup: 1000, runAsNonRoot: true, runAsUser: 1000 });
        assert.deepEqual(podSecurityContext({ image: "x", runAsNonRoot: false }), { fsGroup: 65534, runAsNonRoot: false });
    });
});

describe("IrsaWorkload with verify", () => {
    const reader: WorkloadSpec = {
        name: "s3-reader",
        namespace: "ns-utils",
        serviceAccount: "s3-reader",
        statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-s3-bucket/*"] }],
        deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0", fsGroup: 2000 },
        verify: { timeoutSeconds: 120 },
    };
    let cloud: FakeCloud;
    before(async () => {
        cloud = await installFakeCloud();
        const { IrsaCluster } = await import("../../components");
        const args: IrsaClusterArgs = {
            cluster: { mode: "create", name: "sandbox" },
            workloads: [reader, { name: "plain", namespace: "ns-utils", serviceAccount: "plain", deployment: false }],
        };
        new IrsaCluster("platform", args);
        await cloud.settle();
    });

    it("creates one Job, for the workload that asks, in its namespace and under its ServiceAccount", () => {
        assert.deepEqual(
            cloud.resources.filter((r) => r.type === "kubernetes:batch/v1:Job").map((r) => r.name),
            ["platform-s3-reader-verify"],
        );
        const job = find(cloud, "kubernetes:batch/v1:Job", "platform-s3-reader-verify");
        const labels = { "app.kubernetes.io/component": "irsa-verify", "app.kubernetes.io/instance": "s3-reader" };
        assert.deepEqual(job.inputs, {
            apiVersion: "batch/v1",
            kind: "Job",
            metadata: { name: "s3-reader-verify", namespace: "ns-utils", labels, annotations: { "pulumi.com/replaceUnready": "true" } },
            spec: {
                backoffLimit: 1,
                activeDeadlineSeconds: 120,
                template: {
                    metadata: { labels },
                    spec: {
                        serviceAccountName: "s3-reader",
                        restartPolicy: "Never",
                        securityContext: { fsGroup: 2000, runAsNonRoot: true, runAsUser: 65534 },
                        containers: [
                            {
                                name: "verify",
                                image: "public.ecr.aws/aws-cli/aws-cli:2.17.0",
                                command: ["sh", "-c", VERIFY_SCRIPT],
                                env: [
                                    { name: "EXPECTED_ROLE_NAME", value: "platform-s3-reader" },
                                    { name: "EXPECTED_CALLER_ARN_PREFIX", value: "arn:aws:sts::123456789012:assumed-role/platform-s3-reader/" },
                                    { name: "HOME", value: "/tmp" },
                                    { name: "AWS_PAGER", value: "" },
                                ],
                                terminationMessagePolicy: "FallbackToLogsOnError",
                                resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                            },
                        ],
                    },
                },
            },
        });
    });

    it("runs after the role's policy, the ServiceAccount, the namespace and the node group", () => {
        const job = find(cloud, "kubernetes:batch/v1:Job", "platform-s3-reader-verify");
        assert.deepEqual([...job.dependencies].sort(), [
            `${URN}eks-irsa:index:IrsaCluster$eks:index:ManagedNodeGroup::platform-nodes`,
            `${URN}eks-irsa:index:IrsaCluster$kubernetes:core/v1:Namespace::platform-ns-ns-utils`,
            `${URN}eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload$aws:iam/role:Role::platform-s3-reader-role`,
            `${URN}eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload$aws:iam/rolePolicy:RolePolicy::platform-s3-reader-policy`,
            `${URN}eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload$kubernetes:core/v1:ServiceAccount::platform-s3-reader-sa`,
        ].sort());
    });

    it("uses the component's Kubernetes provider and lets pulumi up wait for the Job (no skipAwait)", () => {
        const job = find(cloud, "kubernetes:batch/v1:Job", "platform-s3-reader-verify");
        const provider = find(cloud, "pulumi:providers:kubernetes", "platform-k8s");
        assert.equal(job.provider, `${provider.urn}::${provider.id}`);
        assert.equal(Object.keys((job.inputs.metadata as { annotations: object }).annotations).includes("pulumi.com/skipAwait"), false);
    });
});

describe("validateIrsaClusterArgs, workloads[].verify", () => {
    const validate = async (verify: unknown, extra: object = {}): Promise<string[]> => {
        const { validateIrsaClusterArgs, IrsaConfigError } = await import("../../components");
        const workload = { name: "api", namespace: "apps", serviceAccount: "api", deployment: false, verify, ...extra };
        try {
            validateIrsaClusterArgs({ cluster: { mode: "adopt", name: "c" }, workloads: [workload] });
            return [];
        } catch (e) {
            assert.ok(e instanceof IrsaConfigError);
            return e.problems;
        }
    };

    it("accepts true, false and { image, timeoutSeconds }", async () => {
        for (const verify of [true, false, {}, { image: "amazon/aws-cli:2.22.0", timeoutSeconds: 30 }, { timeoutSeconds: 3600 }]) {
            assert.deepEqual(await validate(verify), [], JSON.stringify(verify));
        }
    });

    it("reports a role-only workload, with the reason", async () => {
        assert.deepEqual(await validate(true, { serviceAccountMode: "role-only" }), [
            'workloads[0].verify true cannot prove a "role-only" workload: its ServiceAccount is managed elsewhere, so the Job could run before the ServiceAccount exists or carries the role: remove verify, or use serviceAccountMode "create" or "adopt".',
        ]);
    });

    it("reports a wrong value, image, timeout and unknown field", async () => {
        assert.deepEqual(await validate("yes"), ['workloads[0].verify "yes" is not a verify option: use true, false or { image?, timeoutSeconds? }.']);
        assert.deepEqual(await validate({ image: "a b", timeoutSeconds: 29, retries: 3 }), [
            'workloads[0].verify.image "a b" is not a container image: give an image with the AWS CLI v2 and sh, e.g. "public.ecr.aws/aws-cli/aws-cli:2.17.0".',
            "workloads[0].verify.timeoutSeconds 29 is not a Job timeout: use an integer number of seconds from 30 to 3600.",
            "workloads[0].verify.retries 3 is not a known field: use one of image, timeoutSeconds.",
        ]);
        assert.deepEqual(await validate({ timeoutSeconds: 3601 }), [
            "workloads[0].verify.timeoutSeconds 3601 is not a Job timeout: use an integer number of seconds from 30 to 3600.",
        ]);
    });
});
