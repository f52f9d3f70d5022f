/**
 * End to end on pairs of configs: each built by the component under the fake cloud, exported and read back as
 * `synth` and `diff` do, policed by the whole pack. The JSON must report exactly the change made, nothing else.
 */
import * as assert from "node:assert/strict";
import type { WorkloadSpec } from "../../../components";
import type { RoleJson } from "../../../synth/diff/diff";
import { config, diffConfigs, workload } from "./pairs";

const URN = "urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload$aws:iam/role:Role::eks-irsa-dev-reports-role";
const OBJECTS = "arn:aws:s3:::reports-bucket/monthly/*";
const LIST: NonNullable<WorkloadSpec["statements"]>[number] = { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::reports-bucket"], conditions: { StringLike: { "s3:prefix": ["monthly/*"] } } };
const other = workload({ name: "orders", namespace: "shop", serviceAccount: "orders", statements: [{ actions: ["sqs:SendMessage", "sqs:GetQueueUrl"], resources: ["arn:aws:sqs:us-west-2:123456789012:orders"] }] });

/** The only changed role: `reports`, with nothing changed but `changes`. */
function only(changes: Partial<RoleJson>): RoleJson {
    return {
        urn: URN,
        name: "eks-irsa-dev-reports",
        workload: "reports",
        principals: { added: [], removed: [] },
        permissions: { added: [], removed: [] },
        managedPolicies: { attached: [], detached: [] },
        bindings: { added: [], removed: [] },
        ...changes,
    };
}

async function rolesOf(base: WorkloadSpec[], head: WorkloadSpec[]): Promise<{ roles: RoleJson[]; broadening: number; violations: unknown }> {
    const { json } = await diffConfigs(config(base), config(head));
    return json;
}

describe("eks-irsa diff on pairs of configs", function () {
    this.timeout(120_000);

    it("reports an action added, broadening", async () => {
        const head = workload({ statements: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: [OBJECTS] }, LIST] });
        assert.deepEqual(await rolesOf([workload(), other], [head, other]), {
            roles: [only({ permissions: { added: [{ effect: "Allow", action: "s3:PutObject", resource: OBJECTS, broadening: true }], removed: [] } })],
            violations: { new: [], resolved: [] },
            broadening: 1,
        });
    });

    it("reports a resource widened by a wildcard: the wider entry added (broadening), the narrower removed", async () => {
        const head = workload({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports-bucket/*"] }, LIST] });
        assert.deepEqual((await rolesOf([workload(), other], [head, other])).roles, [only({
            permissions: {
                added: [{ effect: "Allow", action: "s3:GetObject", resource: "arn:aws:s3:::reports-bucket/*", broadening: true }],
                removed: [{ effect: "Allow", action: "s3:GetObject", resource: OBJECTS, broadening: false }],
            },
        })]);
    });

    it("reports a condition removed: the unconditioned entry added (broadening), the conditioned one removed", async () => {
        const head = workload({ statements: [{ actions: ["s3:GetObject"], resources: [OBJECTS] }, { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::reports-bucket"] }] });
        assert.deepEqual((await rolesOf([workload(), other], [head, other])).roles, [only({
            permissions: {
                added: [{ effect: "Allow", action: "s3:ListBucket", resource: "arn:aws:s3:::reports-bucket", broadening: true }],
                removed: [{ effect: "Allow", action: "s3:ListBucket", resource: "arn:aws:s3:::reports-bucket", condition: { StringLike: { "s3:prefix": ["monthly/*"] } }, broadening: false }],
            },
        })]);
    });

    it("reports a ServiceAccount renamed as the trust principal and the binding it changes", async () => {
        const { roles, broadening } = await rolesOf([workload(), other], [workload({ serviceAccount: "reports-v2" }), other]);
        const trusted = (sa: string): string => `ServiceAccount finance/${sa} via OIDC provider oidc.eks.us-west-2.amazonaws.com/id/EF11AD32F876F23739A3D8D4047EF054: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`;
        const bound = (sa: string): string => `ServiceAccount finance/${sa} by eks.amazonaws.com/role-arn annotation, used by Deployment finance/reports`;
        assert.deepEqual(roles, [only({
            principals: { added: [trusted("reports-v2")], removed: [trusted("reports")] },
            bindings: { added: [bound("reports-v2")], removed: [bound("reports")] },
        })]);
        assert.equal(broadening, 1);
    });

    it("reports a Pod Identity ServiceAccount renamed as one principal and the binding it changes", async () => {
        const pod = (sa: string): WorkloadSpec => workload({ identity: "pod-identity", serviceAccount: sa });
        const { roles } = await rolesOf([pod("reports"), other], [pod("reports-v2"), other]);
        // The trust pins the ServiceAccount with EKS's session tags: it names who may take the role (the association is its binding).
        const trusted = (sa: string): string => `ServiceAccount finance/${sa} of cluster finance via EKS Pod Identity (pods.eks.amazonaws.com): sts:AssumeRole, sts:TagSession`;
        assert.deepEqual(roles, [only({
            principals: { added: [trusted("reports-v2")], removed: [trusted("reports")] },
            bindings: {
                added: ["ServiceAccount finance/reports-v2 by Pod Identity association on cluster finance, used by Deployment finance/reports"],
                removed: ["ServiceAccount finance/reports by Pod Identity association on cluster finance, used by Deployment finance/reports"],
            },
        })]);
    });

    it("reports a managed policy attached, broadening (its document is not in the plan)", async () => {
        const json = await rolesOf([workload(), other], [workload({ managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] }), other]);
        assert.deepEqual(json.roles, [only({ managedPolicies: { attached: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], detached: [] } })]);
        assert.equal(json.broadening, 1);
    });

    it("reports nothing for workloads, statements, actions and condition values reordered", async () => {
        const reordered = workload({ statements: [LIST, { actions: ["s3:GetObject"], resources: [OBJECTS] }] });
        const otherReordered = { ...other, statements: [{ actions: ["sqs:GetQueueUrl", "sqs:SendMessage"], resources: ["arn:aws:sqs:us-west-2:123456789012:orders"] }] };
        assert.deepEqual(await rolesOf([workload(), other], [otherReordered, reordered]), { roles: [], violations: { new: [], resolved: [] }, broadening: 0 });
    });

    it("reports nothing between two stacks of one config (names differ by the stack only)", async () => {
        const { json } = await diffConfigs(config([workload(), other]), config([workload(), other]), { stacks: ["staging", "prod"] });
        assert.deepEqual(json, { roles: [], violations: { new: [], resolved: [] }, broadening: 0 });
    });

    it("lists a workload added with everything it grants, and the pack's findings new in HEAD", async () => {
        const wide = workload({ name: "wide", namespace: "ops", serviceAccount: "wide", statements: [{ actions: ["s3:GetObject"], resources: ["*"] }] });
        const { json } = await diffConfigs(config([workload()]), config([workload(), wide]));
        assert.deepEqual(json.roles.map((r) => [r.workload, r.status, r.permissions.added.map((e) => [e.action, e.resource, e.broadening]), r.principals.added.length, r.bindings.added.length]), [
            ["wide", "added", [["s3:GetObject", "*", true]], 1, 1],
        ]);
        assert.ok(json.violations.new.length > 0 && json.violations.new.every((v) => v.urn.includes("wide")), JSON.stringify(json.violations));
        assert.deepEqual(json.violations.resolved, []);
        assert.equal(json.broadening, 2);
    });
});
