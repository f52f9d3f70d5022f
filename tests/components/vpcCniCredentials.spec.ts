/**
 * Switching `cluster.vpcCniRole` on a running cluster: `aws-node`'s ServiceAccount and DaemonSet are the same two
 * resources in both modes (updated in place, never deleted and re-created), the DaemonSet's pod template names the
 * credentials (so a switch rolls it), and the rollout waits for the new credentials before the old ones go (Pulumi
 * deletes removed resources last).
 */
import * as assert from "node:assert/strict";
import type { IrsaClusterArgs } from "../../components";
import { FakeCloud } from "../../synth/fakeCloud";
import { buildCluster as build, findResource as find } from "../helpers/fakeCloudBuild";

const CLUSTER = "urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaCluster";
const DAEMON_SET = "kubernetes:apps/v1:DaemonSetPatch";
const SA_PATCH = "kubernetes:core/v1:ServiceAccountPatch";
const CNI_ROLE_ARN = "arn:aws:iam::123456789012:role/platform-vpc-cni";
const CNI_ATTACHMENT = `${CLUSTER}$aws:iam/rolePolicyAttachment:RolePolicyAttachment::platform-node-role-AmazonEKS_CNI_Policy`;

function config(vpcCniRole: boolean): IrsaClusterArgs {
    return { cluster: { mode: "create", name: "sandbox", vpcCniRole }, workloads: [] };
}

function credentialsOf(cloud: FakeCloud): unknown {
    const spec = find(cloud, DAEMON_SET, "platform-aws-node").inputs.spec as { template: { metadata: { annotations: Record<string, string> } } };
    return spec.template.metadata.annotations["eks-irsa.dev/vpc-cni-credentials"];
}

describe("switching cluster.vpcCniRole on a running cluster", () => {
    let nodeRole: FakeCloud;
    let ownRole: FakeCloud;
    before(async () => {
        nodeRole = await build(config(false));
        ownRole = await build(config(true));
    });

    it("keeps aws-node's ServiceAccount and DaemonSet patches as the same resources in both modes (updated, not replaced)", () => {
        for (const cloud of [nodeRole, ownRole]) {
            assert.deepEqual(
                cloud.resources.filter((r) => r.type === DAEMON_SET || r.type === SA_PATCH).map((r) => r.urn),
                [`${CLUSTER}$${SA_PATCH}::platform-vpc-cni-sa`, `${CLUSTER}$${DAEMON_SET}::platform-aws-node`],
            );
        }
    });

    it("has the vpc-cni add-on preserve aws-node's role annotation on update with the CNI's own role (OVERWRITE would revert it)", () => {
        const options = (cloud: FakeCloud): unknown => find(cloud, "eks:index:Cluster", "platform-eks").inputs.vpcCniOptions;
        // (resolveConflictsOnCreate: the default the @pulumi/eks SDK fills in, vpcCniOptionsArgsProvideDefaults.)
        assert.deepEqual(options(ownRole), { resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "PRESERVE" });
        assert.equal(options(nodeRole), undefined);
    });

    it("annotates aws-node's ServiceAccount with the CNI role, and removes the annotation without it", () => {
        assert.deepEqual(find(ownRole, SA_PATCH, "platform-vpc-cni-sa").inputs.metadata, {
            name: "aws-node",
            namespace: "kube-system",
            annotations: {
                "eks.amazonaws.com/role-arn": CNI_ROLE_ARN,
                "eks.amazonaws.com/sts-regional-endpoints": "true",
                "pulumi.com/patchForce": "true",
            },
        });
        // Server-side apply by the same field manager drops the role annotations it no longer sets.
        assert.deepEqual(find(nodeRole, SA_PATCH, "platform-vpc-cni-sa").inputs.metadata, {
            name: "aws-node",
            namespace: "kube-system",
            annotations: { "pulumi.com/patchForce": "true" },
        });
    });

    it("puts the credentials in aws-node's pod template, so a switch rolls every aws-node pod", () => {
        assert.deepEqual([credentialsOf(nodeRole), credentialsOf(ownRole)], ["node-role", CNI_ROLE_ARN]);
        assert.deepEqual(find(nodeRole, DAEMON_SET, "platform-aws-node").inputs.metadata, {
            name: "aws-node",
            namespace: "kube-system",
            annotations: { "pulumi.com/patchForce": "true" },
        });
    });

    it("rolls aws-node back onto the node role only after AmazonEKS_CNI_Policy is attached again", () => {
        assert.deepEqual(
            [...find(nodeRole, DAEMON_SET, "platform-aws-node").dependencies].sort(),
            [CNI_ATTACHMENT, `${CLUSTER}$${SA_PATCH}::platform-vpc-cni-sa`].sort(),
        );
        assert.deepEqual(find(nodeRole, SA_PATCH, "platform-vpc-cni-sa").dependencies, [CNI_ATTACHMENT]);
    });

    it("detaches AmazonEKS_CNI_Policy only in the mode with the CNI's own role (deleted after the rollout)", () => {
        assert.ok(nodeRole.resources.some((r) => r.urn === CNI_ATTACHMENT));
        assert.ok(!ownRole.resources.some((r) => r.urn === CNI_ATTACHMENT));
    });
});
