/**
 * Every length and count limit of the config, at the limit and one over: the limit passes (and, where it reaches
 * a resource, builds it with the limit's value), one over fails with the limit in the message. The trust policy's
 * 2,048 characters and IAM's other quotas are checked again by the irsa-guard pack, run as the engine runs it.
 */
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { irsaTrustDocument } from "../../components";
import { installFakeCloud, RecordedResource } from "../../synth/fakeCloud";
import { PackResource, runPackInProcess } from "../helpers/policyPackRunner";

const LABEL_RULE = 'use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)';

/** A config value as problems show it: JSON, cut to 119 characters and `…` when longer than 120. */
function shown(value: unknown): string {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 119)}…` : json;
}

function workload(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
    return { name: "api", namespace: "apps", serviceAccount: "api", deployment: false, ...overrides };
}

function config(overrides: Partial<WorkloadSpec> = {}, top: Partial<IrsaClusterArgs> = {}): IrsaClusterArgs {
    return { cluster: { mode: "adopt", name: "sandbox" }, workloads: [workload(overrides)], ...top };
}

/** The problems of `args` for a component called `name` ([] when valid). */
async function problemsOf(args: unknown, name = "platform"): Promise<string[]> {
    const { IrsaConfigError, validateIrsaClusterArgs } = await import("../../components");
    try {
        validateIrsaClusterArgs(args, { componentName: name });
        return [];
    } catch (error) {
        assert.ok(error instanceof IrsaConfigError, `expected IrsaConfigError, got ${String(error)}`);
        return error.problems;
    }
}

/** Builds `args` under the fake cloud; returns the registered resources. */
async function build(args: IrsaClusterArgs, name = "platform"): Promise<RecordedResource[]> {
    const cloud = await installFakeCloud();
    const { IrsaCluster } = await import("../../components");
    new IrsaCluster(name, args);
    await cloud.settle();
    return cloud.resources;
}

function one(resources: RecordedResource[], type: string): RecordedResource {
    const found = resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0]!;
}

const metadataName = (r: RecordedResource): unknown => (r.inputs.metadata as { name?: unknown }).name;

/** IAM's role name shortening, written out: the first 55 characters, "-", 8 hex characters of the SHA-256. */
function shortened(name: string): string {
    return `${name.slice(0, 55)}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

describe("limits of the config", function () {
    this.timeout(60_000);

    describe("Kubernetes names (RFC 1123 labels: 63 characters)", () => {
        it("builds a namespace and a ServiceAccount of 63 characters", async () => {
            const resources = await build(config({ namespace: "n".repeat(63), serviceAccount: "s".repeat(63), createNamespace: true }));
            assert.equal(metadataName(one(resources, "kubernetes:core/v1:Namespace")), "n".repeat(63));
            assert.equal(metadataName(one(resources, "kubernetes:core/v1:ServiceAccount")), "s".repeat(63));
        });

        it("reports a namespace, a ServiceAccount, a workload name and a former name of 64 characters", async () => {
            assert.deepEqual(await problemsOf(config({ name: "w".repeat(63), previousNames: ["p".repeat(63)], namespace: "n".repeat(63), serviceAccount: "s".repeat(63) })), []);
            assert.deepEqual(await problemsOf(config({ name: "w".repeat(64), previousNames: ["p".repeat(64)], namespace: "n".repeat(64), serviceAccount: "s".repeat(64) })), [
                `workloads[0].name "${"w".repeat(64)}" is not a valid workload name: ${LABEL_RULE}.`,
                `workloads[0].previousNames[0] "${"p".repeat(64)}" is not a valid workload name: ${LABEL_RULE}.`,
                `workloads[0].namespace "${"n".repeat(64)}" is not a valid Kubernetes namespace: ${LABEL_RULE}.`,
                `workloads[0].serviceAccount "${"s".repeat(64)}" is not a valid ServiceAccount name: ${LABEL_RULE}.`,
            ]);
        });

        it("builds a Deployment named after a 63-character workload and reports a label name and value of 64", async () => {
            const name = "d".repeat(63);
            const labels = { ["k".repeat(63)]: "v".repeat(63) };
            const deployment = one(await build(config({ name, labels, deployment: { image: "app:1" } })), "kubernetes:apps/v1:Deployment");
            assert.equal(metadataName(deployment), name);
            assert.deepEqual(await problemsOf(config({ labels: { ["k".repeat(64)]: "v", team: "v".repeat(64) } })), [
                `workloads[0].labels.${"k".repeat(64)} "v" has an invalid label key: use [prefix/]name, the name at most 63 characters of a-z, A-Z, 0-9, "-", "_", ".", alphanumeric at both ends.`,
                `workloads[0].labels.team "${"v".repeat(64)}" is not a valid label value: use at most 63 characters of a-z, A-Z, 0-9, "-", "_", ".", alphanumeric at both ends, or "".`,
            ]);
        });
    });

    describe("label key prefixes (DNS subdomains: 253 characters)", () => {
        const prefix = (length: number): string => [..."abc"].map((c) => c.repeat(63)).join(".") + "." + "d".repeat(length - 3 * 64);

        it("accepts a 253-character prefix and reports 254", async () => {
            assert.equal(prefix(253).length, 253);
            assert.deepEqual(await problemsOf(config({ labels: { [`${prefix(253)}/team`]: "data" } })), []);
            assert.deepEqual(await problemsOf(config({ labels: { [`${prefix(254)}/team`]: "data" } })), [
                `workloads[0].labels.${prefix(254)}/team "data" has a label key prefix of 254 characters: use a DNS subdomain of at most 253 characters before the "/", e.g. "example.com/team".`,
            ]);
        });
    });

    describe("IAM role names (64 characters)", () => {
        it("builds an explicit role name of 64 characters and reports 65", async () => {
            const role = one(await build(config({ role: { name: "R".repeat(64) } })), "aws:iam/role:Role");
            assert.equal(role.inputs.name, "R".repeat(64));
            assert.deepEqual(await problemsOf(config({ role: { name: "R".repeat(65) } })), [
                `workloads[0].role.name "${"R".repeat(65)}" is not a valid IAM role name: use 1 to 64 letters, digits and "+=,.@_-".`,
            ]);
        });

        it("keeps a derived name of 64 characters and shortens 65 to exactly 64 with a stable hash suffix", async () => {
            const fits = "w".repeat(64 - "platform-".length);
            const over = `${fits}x`;
            const resources = await build({ cluster: { mode: "adopt", name: "sandbox" }, workloads: [workload({ name: fits }), workload({ name: over, serviceAccount: "other" })] });
            const names = resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => r.inputs.name);
            assert.deepEqual(names, [`platform-${fits}`, shortened(`platform-${over}`)]);
            assert.deepEqual(names.map((n) => String(n).length), [64, 64]);
        });

        it("shortens the longest derived name (a 63-character workload in a 63-character component) to 64", async () => {
            const component = "c".repeat(63);
            const role = one(await build(config({ name: "w".repeat(63) }), component), "aws:iam/role:Role");
            assert.equal(role.inputs.name, shortened(`${component}-${"w".repeat(63)}`));
        });

        it("accepts a roleNamePrefix of 64 characters and reports 65", async () => {
            assert.deepEqual(await problemsOf(config({}, { roleNamePrefix: "P".repeat(64) })), []);
            assert.deepEqual(await problemsOf(config({}, { roleNamePrefix: "P".repeat(65) })), [
                `roleNamePrefix "${"P".repeat(65)}" is not a valid role name prefix: use 1 to 64 letters, digits and "+=,.@_-" (e.g. the component's former name).`,
            ]);
        });
    });

    describe("maxSessionDuration (3,600 to 43,200 seconds)", () => {
        it("builds both bounds and reports one second outside each", async () => {
            for (const seconds of [3600, 43200]) {
                assert.equal(one(await build(config({ role: { maxSessionDuration: seconds } })), "aws:iam/role:Role").inputs.maxSessionDuration, seconds);
            }
            for (const seconds of [3599, 43201]) {
                assert.deepEqual(await problemsOf(config({ role: { maxSessionDuration: seconds } })), [
                    `workloads[0].role.maxSessionDuration ${seconds} is not a valid session duration: use an integer number of seconds from 3600 (1 hour) to 43200 (12 hours).`,
                ]);
            }
        });
    });

    describe("container image reference (1,024 characters)", () => {
        it("accepts 1,024 characters and reports 1,025 with the limit", async () => {
            const image = (length: number): string => `registry.example.com/${"a".repeat(length - "registry.example.com/".length - ":1".length)}:1`;
            assert.deepEqual(await problemsOf(config({ deployment: { image: image(1024) } })), []);
            assert.deepEqual(await problemsOf(config({ deployment: { image: image(1025) } })), [
                `workloads[0].deployment.image ${shown(image(1025))} is not a container image: give an image reference without spaces, at most 1,024 characters, e.g. "public.ecr.aws/aws-cli/aws-cli:2.17.0".`,
            ]);
        });
    });

    describe("managed policies per role (10)", () => {
        const arns = (n: number): string[] => Array.from({ length: n }, (_, i) => `arn:aws:iam::123456789012:policy/reader-${i}`);

        it("attaches 10 policies and reports 11 without registering anything", async () => {
            const attachments = (await build(config({ managedPolicyArns: arns(10) }))).filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            assert.deepEqual(attachments.map((a) => a.inputs.policyArn), arns(10));
            const cloud = await installFakeCloud();
            const { IrsaCluster } = await import("../../components");
            assert.throws(() => new IrsaCluster("platform", config({ managedPolicyArns: arns(11) })), {
                name: "IrsaConfigError",
                problems: [
                    `workloads[0].managedPolicyArns ${shown(arns(11))} has 11 policies: attach at most 10 (IAM's default quota per role), or move permissions into statements.`,
                ],
            });
            await cloud.settle();
            assert.deepEqual(cloud.resources, []);
        });
    });

    describe("inline policy (10,240 characters without whitespace)", () => {
        /** One statement whose role policy is exactly `size` characters: its ARN is padded. */
        async function statementsOfSize(size: number): Promise<NonNullable<WorkloadSpec["statements"]>> {
            const { permissionDocument } = await import("../../components");
            const statement = (pad: number) => [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::my-bucket/${"k".repeat(pad)}`] }];
            const base = JSON.stringify(permissionDocument(statement(0))).length;
            return statement(size - base);
        }

        it("builds a role policy of 10,240 characters and reports 10,241", async () => {
            const policy = one(await build(config({ statements: await statementsOfSize(10240) })), "aws:iam/rolePolicy:RolePolicy");
            assert.equal(String(policy.inputs.policy).replace(/\s/g, "").length, 10240);
            const over = await statementsOfSize(10241);
            assert.deepEqual(await problemsOf(config({ statements: over })), [
                `workloads[0].statements ${shown(over)} make an inline policy of 10241 characters: IAM allows 10240 per role; move statements into a managed policy or merge their resources.`,
            ]);
        });
    });

    describe("AWS tags, description, path, cluster name", () => {
        it("accepts each at its limit and reports one over", async () => {
            const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
            const atLimit = config(
                { role: { description: "d".repeat(1000), path: `/${"p".repeat(510)}/`, tags: { ["k".repeat(128)]: "v".repeat(256) } } },
                // 49 stack tags + the role's own: 50 on the role once merged (IAM's limit per role).
                { cluster: { mode: "adopt", name: "c".repeat(100) }, tags: tags(49) },
            );
            assert.deepEqual(await problemsOf(atLimit), []);
            const over = config(
                { role: { description: "d".repeat(1001), path: `/${"p".repeat(511)}/`, tags: { ["k".repeat(129)]: "v".repeat(257) } } },
                { cluster: { mode: "adopt", name: "c".repeat(101) }, tags: tags(51) },
            );
            assert.deepEqual(await problemsOf(over), [
                `cluster.name "${"c".repeat(101)}" is not a valid EKS cluster name: use 1 to 100 letters, digits, "-" and "_", starting with a letter or digit.`,
                `tags ${shown(tags(51))} has 51 tags: use at most 50 (IAM's limit).`,
                `workloads[0].role.path ${shown(`/${"p".repeat(511)}/`)} is not an IAM path: start and end it with "/", e.g. "/irsa/" (printable ASCII, at most 512 characters).`,
                `workloads[0].role.tags.${"k".repeat(129)} ${shown("v".repeat(257))} has a key longer than 128 characters: shorten the key.`,
                `workloads[0].role.tags.${"k".repeat(129)} ${shown("v".repeat(257))} is longer than 256 characters: shorten the value.`,
                `workloads[0].role.description ${shown("d".repeat(1001))} is not a valid role description: use at most 1000 characters without control characters.`,
            ]);
        });
    });

    describe("IAM quotas in the irsa-guard pack", () => {
        const ISSUER = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
        const roleUrn = "urn:pulumi:dev::eks-irsa::aws:iam/role:Role::api";

        /** The component's trust document for apps/api, padded with a `Sid` to exactly `size` characters. */
        function trustOfSize(size: number): string {
            const trust = irsaTrustDocument({ providerArn: PROVIDER, issuerHost: ISSUER, namespace: "apps", serviceAccount: "api" });
            const withSid = (pad: number) => JSON.stringify({ ...trust, Statement: trust.Statement.map((s) => ({ Sid: `S${"x".repeat(pad)}`, ...s })) });
            return withSid(size - withSid(0).length);
        }

        async function resourceViolations(resource: PackResource): Promise<unknown[]> {
            return (await runPackInProcess([resource], {}, { stack: false })).map((v) => ({ policyName: v.policyName, enforcementLevel: v.enforcementLevel, message: v.message }));
        }

        const role = (inputs: Record<string, unknown>): PackResource => ({ urn: roleUrn, type: "aws:iam/role:Role", name: "api", inputs });

        it("passes a trust policy of 2,048 characters and reports 2,049", async () => {
            assert.equal(trustOfSize(2048).length, 2048);
            assert.deepEqual(await resourceViolations(role({ assumeRolePolicy: trustOfSize(2048) })), []);
            assert.deepEqual(await resourceViolations(role({ assumeRolePolicy: trustOfSize(2049) })), [
                {
                    policyName: "iam-policy-size",
                    enforcementLevel: "mandatory",
                    message:
                        "assumeRolePolicy is 2,049 characters without whitespace, over IAM's role trust policy quota of 2,048: shorten the conditions or split the trust across roles " +
                        "(the quota can be raised to 8,192 through Service Quotas; then set maxTrustPolicyLength in this policy's config).",
                },
            ]);
        });

        it("keeps the component's own trust far below 2,048 characters, with the longest names", async () => {
            const resources = await build(config({ namespace: "n".repeat(63), serviceAccount: "s".repeat(63) }));
            const trust = String(one(resources, "aws:iam/role:Role").inputs.assumeRolePolicy);
            assert.ok(trust.length <= 2048 / 3, `${trust.length} characters`);
        });

        it("passes 10 managed policies on a role and reports 11", async () => {
            const arns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::123456789012:policy/reader-${i}`);
            assert.deepEqual(await resourceViolations(role({ assumeRolePolicy: trustOfSize(600), managedPolicyArns: arns(10) })), []);
            assert.deepEqual(await resourceViolations(role({ assumeRolePolicy: trustOfSize(600), managedPolicyArns: arns(11) })), [
                {
                    policyName: "iam-policy-size",
                    enforcementLevel: "mandatory",
                    message:
                        "managedPolicyArns attach 11 managed policies, over IAM's default quota of 10 managed policies per role: merge them " +
                        "(the quota can be raised to 20 through Service Quotas; then set maxManagedPoliciesPerRole in this policy's config).",
                },
            ]);
        });
    });
});
