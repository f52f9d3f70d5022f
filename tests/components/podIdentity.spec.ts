import * as assert from "node:assert/strict";
import type { IdentityMode, WorkloadSpec } from "../../components";
import { FakeCloud, installFakeCloud } from "../../synth/fakeCloud";
import { buildCluster as build, findResource as find, comparable } from "../helpers/fakeCloudBuild";

const ACCOUNT = "123456789012";
const CLUSTER_ARN = `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/sandbox`;
const ROLE = "aws:iam/role:Role";
const SA = "kubernetes:core/v1:ServiceAccount";
const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const ADDON = "aws:eks/addon:Addon";
const WORKLOAD = "eks-irsa:index:IrsaWorkload";

/** `<type> <name>` of the children of the workload component `platform-<workload>`, sorted. */
function childrenOf(cloud: FakeCloud, workload: string): string[] {
    const component = find(cloud, WORKLOAD, `platform-${workload}`);
    return cloud.resources
        .filter((r) => r.parent === component.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort();
}

function workload(name: string, identity: IdentityMode | undefined, extra: Partial<WorkloadSpec> = {}): WorkloadSpec {
    return {
        name,
        namespace: "apps",
        serviceAccount: name,
        ...(identity !== undefined ? { identity } : {}),
        statements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${name}/*`] }],
        deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
        ...extra,
    };
}

function irsaStatement(cloud: FakeCloud, serviceAccount: string): unknown {
    const host = cloud.issuerFor("sandbox").replace(/^https:\/\//, "");
    return {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: { [`${host}:sub`]: `system:serviceaccount:apps:${serviceAccount}`, [`${host}:aud`]: "sts.amazonaws.com" },
        },
    };
}

/** The tag-pinned Pod Identity statement for `<namespace>/<serviceAccount>` of the cluster (AWS's pod-id-role page). */
function podIdentityStatement(serviceAccount: string, namespace = "apps"): unknown {
    return {
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            StringEquals: {
                "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
                "aws:RequestTag/kubernetes-namespace": namespace,
                "aws:RequestTag/kubernetes-service-account": serviceAccount,
            },
        },
    };
}

function trustOf(cloud: FakeCloud, name: string): unknown {
    return JSON.parse(find(cloud, ROLE, `platform-${name}-role`).inputs.assumeRolePolicy as string);
}

function roleArn(name: string): string {
    return `arn:aws:iam::${ACCOUNT}:role/platform-${name}`;
}

describe("IrsaCluster with EKS Pod Identity", () => {
    describe("one workload per mode on a created cluster", () => {
        let cloud: FakeCloud;
        before(async () => {
            cloud = await build({
                cluster: { mode: "create", name: "sandbox" },
                workloads: [
                    workload("legacy", undefined),
                    workload("modern", "pod-identity"),
                    workload("moving", "both"),
                    workload("batch", "pod-identity", { namespace: "jobs", serviceAccountMode: "role-only", deployment: false }),
                ],
            });
        });

        it("registers the IRSA resources for an irsa workload and no association", () => {
            assert.deepEqual(childrenOf(cloud, "legacy"), [
                "aws:iam/role:Role platform-legacy-role",
                "aws:iam/rolePolicy:RolePolicy platform-legacy-policy",
                "kubernetes:apps/v1:Deployment platform-legacy-deploy",
                "kubernetes:core/v1:ServiceAccount platform-legacy-sa",
            ]);
        });

        it("registers a PodIdentityAssociation besides the role, ServiceAccount and Deployment in pod-identity and both modes", () => {
            for (const name of ["modern", "moving"]) {
                assert.deepEqual(childrenOf(cloud, name), [
                    `aws:eks/podIdentityAssociation:PodIdentityAssociation platform-${name}-pod-identity`,
                    `aws:iam/role:Role platform-${name}-role`,
                    `aws:iam/rolePolicy:RolePolicy platform-${name}-policy`,
                    `kubernetes:apps/v1:Deployment platform-${name}-deploy`,
                    `kubernetes:core/v1:ServiceAccount platform-${name}-sa`,
                ]);
            }
            assert.deepEqual(childrenOf(cloud, "batch"), [
                "aws:eks/podIdentityAssociation:PodIdentityAssociation platform-batch-pod-identity",
                "aws:iam/role:Role platform-batch-role",
                "aws:iam/rolePolicy:RolePolicy platform-batch-policy",
            ]);
        });

        it("trusts the OIDC provider for irsa, pods.eks.amazonaws.com scoped to the cluster for pod-identity, and both (IRSA first) for both", () => {
            assert.deepEqual(trustOf(cloud, "legacy"), { Version: "2012-10-17", Statement: [irsaStatement(cloud, "legacy")] });
            assert.deepEqual(trustOf(cloud, "modern"), { Version: "2012-10-17", Statement: [podIdentityStatement("modern")] });
            assert.deepEqual(trustOf(cloud, "moving"), { Version: "2012-10-17", Statement: [irsaStatement(cloud, "moving"), podIdentityStatement("moving")] });
        });

        it("describes each role by its mode", () => {
            assert.deepEqual(
                ["legacy", "modern", "moving"].map((name) => find(cloud, ROLE, `platform-${name}-role`).inputs.description),
                ["IRSA role for apps/legacy", "EKS Pod Identity role for apps/modern", "EKS Pod Identity role for apps/moving"],
            );
        });

        it("associates the role with the workload's ServiceAccount in the cluster", () => {
            for (const name of ["modern", "moving", "batch"]) {
                assert.deepEqual(find(cloud, ASSOCIATION, `platform-${name}-pod-identity`).inputs, {
                    clusterName: "sandbox",
                    namespace: name === "batch" ? "jobs" : "apps",
                    serviceAccount: name,
                    roleArn: roleArn(name),
                });
            }
        });

        it("annotates the ServiceAccount with the role for irsa, not at all for pod-identity, and with the migration marker for both", () => {
            const metadata = (name: string) => find(cloud, SA, `platform-${name}-sa`).inputs.metadata;
            assert.deepEqual(metadata("legacy"), {
                name: "legacy",
                namespace: "apps",
                annotations: { "eks.amazonaws.com/role-arn": roleArn("legacy"), "eks.amazonaws.com/sts-regional-endpoints": "true" },
            });
            assert.deepEqual(metadata("modern"), { name: "modern", namespace: "apps" });
            assert.deepEqual(metadata("moving"), {
                name: "moving",
                namespace: "apps",
                annotations: {
                    "eks.amazonaws.com/role-arn": roleArn("moving"),
                    "eks.amazonaws.com/sts-regional-endpoints": "true",
                    "eks-irsa.dev/identity-migration": "true",
                },
            });
        });

        it("installs the eks-pod-identity-agent add-on once, after the node group", () => {
            const addons = cloud.resources.filter((r) => r.type === ADDON);
            assert.deepEqual(addons.map((r) => r.name), ["platform-pod-identity-agent"]);
            const addon = addons[0]!;
            assert.deepEqual(addon.inputs, {
                clusterName: "sandbox",
                addonName: "eks-pod-identity-agent",
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
            });
            assert.equal(addon.parent, find(cloud, "eks-irsa:index:IrsaCluster", "platform").urn);
            assert.deepEqual([...addon.dependencies].sort(), [
                find(cloud, "eks:index:Cluster", "platform-eks").urn,
                find(cloud, "eks:index:ManagedNodeGroup", "platform-nodes").urn,
            ]);
        });

        it("starts Pod Identity pods after their association and the agent, IRSA pods without them", () => {
            const dependencies = (name: string) => find(cloud, "kubernetes:apps/v1:Deployment", `platform-${name}-deploy`).dependencies;
            const addon = find(cloud, ADDON, "platform-pod-identity-agent").urn;
            for (const name of ["modern", "moving"]) {
                const association = find(cloud, ASSOCIATION, `platform-${name}-pod-identity`).urn;
                assert.deepEqual([dependencies(name).includes(association), dependencies(name).includes(addon)], [true, true], name);
            }
            assert.deepEqual(dependencies("legacy").filter((urn) => urn.includes("::aws:eks/")), []);
        });
    });

    describe("the cluster-wide default", () => {
        it("applies identity to workloads that set none, and a workload's own identity wins", async () => {
            const cloud = await build({
                cluster: { mode: "create", name: "sandbox" },
                identity: "pod-identity",
                workloads: [workload("inherits", undefined), workload("keeps", "irsa")],
            });
            assert.deepEqual(
                cloud.resources.filter((r) => r.type === ASSOCIATION).map((r) => r.name),
                ["platform-inherits-pod-identity"],
            );
            assert.deepEqual(trustOf(cloud, "inherits"), { Version: "2012-10-17", Statement: [podIdentityStatement("inherits")] });
            assert.deepEqual(trustOf(cloud, "keeps"), { Version: "2012-10-17", Statement: [irsaStatement(cloud, "keeps")] });
        });

        it("installs no add-on when every workload uses IRSA", async () => {
            const cloud = await build({ cluster: { mode: "create", name: "sandbox" }, workloads: [workload("legacy", "irsa")] });
            assert.deepEqual(cloud.resources.filter((r) => r.type === ADDON || r.type === ASSOCIATION), []);
        });
    });

    describe("association options", () => {
        it("passes targetRoleArn, disableSessionTags and the session policy, and the stack's tags", async () => {
            const target = "arn:aws:iam::444455556666:role/reader";
            const cloud = await build({
                cluster: { mode: "create", name: "sandbox" },
                tags: { team: "platform" },
                workloads: [
                    workload("chained", "pod-identity", {
                        podIdentity: {
                            targetRoleArn: target,
                            disableSessionTags: true,
                            sessionPolicy: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::chained/reports/*"] }],
                        },
                    }),
                ],
            });
            const association = find(cloud, ASSOCIATION, "platform-chained-pod-identity");
            assert.deepEqual(association.inputs, {
                clusterName: "sandbox",
                namespace: "apps",
                serviceAccount: "chained",
                roleArn: roleArn("chained"),
                targetRoleArn: target,
                disableSessionTags: true,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::chained/reports/*"] }],
                }),
                tags: { team: "platform" },
            });
            assert.deepEqual(find(cloud, ADDON, "platform-pod-identity-agent").inputs.tags, { team: "platform" });
        });

        it("lets the association's role assume and tag the target role (AWS's cross-account guide)", async () => {
            const target = "arn:aws:iam::444455556666:role/reader";
            const cloud = await build({
                cluster: { mode: "create", name: "sandbox" },
                workloads: [workload("chained", "pod-identity", { statements: [], podIdentity: { targetRoleArn: target } })],
            });
            assert.deepEqual(JSON.parse(find(cloud, "aws:iam/rolePolicy:RolePolicy", "platform-chained-policy").inputs.policy as string), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: [target] }],
            });
        });

        it("trusts pods.eks.amazonaws.com without tag conditions when the association disables session tags", async () => {
            const cloud = await build({
                cluster: { mode: "create", name: "sandbox" },
                workloads: [workload("untagged", "pod-identity", { podIdentity: { disableSessionTags: true } })],
            });
            assert.deepEqual(trustOf(cloud, "untagged"), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
            });
        });
    });

    describe("with an adopted cluster", () => {
        it("pins the trust to the ARN aws.eks.getCluster returns and, by default, uses the agent the cluster runs", async () => {
            const cloud = await build({ cluster: { mode: "adopt", name: "sandbox" }, workloads: [workload("modern", "pod-identity")] });
            assert.deepEqual(trustOf(cloud, "modern"), { Version: "2012-10-17", Statement: [podIdentityStatement("modern")] });
            assert.deepEqual(cloud.resources.filter((r) => r.type === ADDON), []);
            assert.deepEqual(cloud.resources.filter((r) => r.type === ASSOCIATION).map((r) => r.name), ["platform-modern-pod-identity"]);
        });

        it("installs the agent when asked, never overwriting a self-managed agent, and keeps it on the cluster on delete", async () => {
            const cloud = await build({
                cluster: { mode: "adopt", name: "sandbox", podIdentityAgent: "install" },
                workloads: [workload("modern", "pod-identity")],
            });
            const addon = find(cloud, ADDON, "platform-pod-identity-agent");
            assert.deepEqual([addon.inputs, addon.dependencies], [
                {
                    clusterName: "sandbox",
                    addonName: "eks-pod-identity-agent",
                    resolveConflictsOnCreate: "NONE",
                    resolveConflictsOnUpdate: "PRESERVE",
                    preserve: true,
                },
                [],
            ]);
        });
    });

    describe("IrsaWorkload on its own", () => {
        it("refuses Pod Identity without the cluster's context, and unused options, before registering anything", async () => {
            const cloud = await installFakeCloud();
            const { IrsaWorkload } = await import("../../components");
            const base = { oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example/id/A`, issuerUrl: "https://oidc.example/id/A" };
            assert.throws(
                () => new IrsaWorkload("solo", { ...base, workload: workload("solo", "pod-identity", { serviceAccountMode: "role-only", deployment: false }) }),
                {
                    name: "IrsaConfigError",
                    message:
                        "Invalid eks-irsa configuration (1 problem):\n" +
                        '  - workload.identity "pod-identity" needs the cluster\'s Pod Identity context: pass podIdentity: { clusterName, clusterArn } (IrsaCluster does this for you).',
                },
            );
            assert.throws(
                () =>
                    new IrsaWorkload("solo", {
                        ...base,
                        workload: workload("solo", undefined, { serviceAccountMode: "role-only", deployment: false, podIdentity: { disableSessionTags: true } }),
                    }),
                {
                    name: "IrsaConfigError",
                    message:
                        "Invalid eks-irsa configuration (1 problem):\n" +
                        '  - workload.podIdentity {"disableSessionTags":true} is not used with identity "irsa": remove it, or set identity "pod-identity" or "both".',
                },
            );
            await cloud.settle();
            assert.deepEqual(cloud.resources, []);
        });

        it("builds a Pod Identity role and association from the context it is given", async () => {
            const cloud = await installFakeCloud();
            const { IrsaWorkload } = await import("../../components");
            new IrsaWorkload("solo", {
                oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example/id/A`,
                issuerUrl: "https://oidc.example/id/A",
                defaultIdentity: "pod-identity",
                podIdentity: { clusterName: "sandbox", clusterArn: CLUSTER_ARN },
                workload: workload("solo", undefined, { serviceAccountMode: "role-only", deployment: false }),
            });
            await cloud.settle();
            assert.deepEqual(cloud.resources.map((r) => `${r.type} ${r.name}`).sort(), [
                "aws:eks/podIdentityAssociation:PodIdentityAssociation solo-pod-identity",
                "aws:iam/role:Role solo-role",
                "aws:iam/rolePolicy:RolePolicy solo-policy",
                "eks-irsa:index:IrsaWorkload solo",
            ]);
            assert.deepEqual(JSON.parse(find(cloud, ROLE, "solo-role").inputs.assumeRolePolicy as string), { Version: "2012-10-17", Statement: [podIdentityStatement("solo")] });
        });
    });

    describe("the migration", () => {
        type Snapshot = Map<string, { inputs: unknown; dependencies: string[]; propertyDependencies: unknown }>;

        async function snapshot(identity: IdentityMode): Promise<Snapshot> {
            const cloud = await build({
                cluster: { mode: "create", name: "sandbox" },
                workloads: [workload("steady", "irsa"), workload("moving", identity, { managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/audit`] })],
            });
            return new Map(
                cloud.resources.map((r) => [
                    r.urn.replace(/^.*::/, `${r.type}::`),
                    {
                        inputs: comparable(r.inputs),
                        dependencies: [...r.dependencies].sort(),
                        propertyDependencies: comparable(r.propertyDependencies),
                    },
                ]),
            );
        }

        /** Paths (`<type>::<name> <field.path>`) whose values differ, descending into plain objects. */
        function diff(before: Snapshot, after: Snapshot): { added: string[]; removed: string[]; changed: string[] } {
            const changed: string[] = [];
            const walk = (key: string, path: string, a: unknown, b: unknown): void => {
                const isObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
                if (isObject(a) && isObject(b)) {
                    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
                    for (const k of [...keys].sort()) {
                        walk(key, path === "" ? k : `${path}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
                    }
                } else if (JSON.stringify(a) !== JSON.stringify(b)) {
                    changed.push(`${key} ${path}`);
                }
            };
            for (const [key, record] of before) {
                const other = after.get(key);
                if (other !== undefined) {
                    walk(key, "", record, other);
                }
            }
            return {
                added: [...after.keys()].filter((k) => !before.has(k)).sort(),
                removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
                changed,
            };
        }

        let irsa: Snapshot;
        let both: Snapshot;
        let podIdentity: Snapshot;
        before(async () => {
            irsa = await snapshot("irsa");
            both = await snapshot("both");
            podIdentity = await snapshot("pod-identity");
        });

        it("irsa → both adds the association and the agent, and changes the trust, the description, the annotations and the pods' dependencies", () => {
            assert.deepEqual(diff(irsa, both), {
                added: [`${ADDON}::platform-pod-identity-agent`, `${ASSOCIATION}::platform-moving-pod-identity`],
                removed: [],
                changed: [
                    `${ROLE}::platform-moving-role inputs.assumeRolePolicy`,
                    `${ROLE}::platform-moving-role inputs.description`,
                    `${SA}::platform-moving-sa inputs.metadata.annotations.eks-irsa.dev/identity-migration`,
                    `kubernetes:apps/v1:Deployment::platform-moving-deploy dependencies`,
                ],
            });
        });

        it("both → pod-identity changes only the role's trust and the ServiceAccount's annotations (and so its dependency on the role)", () => {
            assert.deepEqual(diff(both, podIdentity), {
                added: [],
                removed: [],
                changed: [
                    `${ROLE}::platform-moving-role inputs.assumeRolePolicy`,
                    `${SA}::platform-moving-sa dependencies`,
                    `${SA}::platform-moving-sa inputs.metadata.annotations`,
                    `${SA}::platform-moving-sa propertyDependencies.metadata`,
                ],
            });
        });

        it("both → pod-identity removes exactly the OIDC statement and the three annotations", () => {
            const trust = (s: Snapshot) => JSON.parse((s.get(`${ROLE}::platform-moving-role`)!.inputs as { assumeRolePolicy: string }).assumeRolePolicy) as { Statement: unknown[] };
            assert.deepEqual(trust(podIdentity).Statement, trust(both).Statement.slice(1));
            const annotations = (s: Snapshot) => (s.get(`${SA}::platform-moving-sa`)!.inputs as { metadata: { annotations?: Record<string, string> } }).metadata.annotations;
            assert.deepEqual(Object.keys(annotations(both) ?? {}).sort(), [
                "eks-irsa.dev/identity-migration",
                "eks.amazonaws.com/role-arn",
                "eks.amazonaws.com/sts-regional-endpoints",
            ]);
            assert.equal(annotations(podIdentity), undefined);
        });
    });
});
