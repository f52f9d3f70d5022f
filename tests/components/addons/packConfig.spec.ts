/** addonPackConfig: the irsa-guard config a set of add-ons needs, exactly (issue 21, item 8). */
import * as assert from "node:assert/strict";
import { addonPackConfig } from "../../../components/addons";
import { EXAMPLE_ADDONS } from "./fixtures";

const REASON = "Karpenter launches nodes with the node role (iam:PassedToService ec2.amazonaws.com): the controller acts with the node role's permissions by design.";

describe("addonPackConfig", () => {
    it("is undefined when no add-on needs an allowance", () => {
        assert.equal(addonPackConfig([undefined, EXAMPLE_ADDONS["ebs-csi"], EXAMPLE_ADDONS["vpc-cni"], EXAMPLE_ADDONS["external-dns"]]), undefined);
    });

    it("allows iam:PassRole on each Karpenter node role exactly, once per role, for both escalation policies", () => {
        const a = "arn:aws:iam::111122223333:role/platform/KarpenterNode_prod.v1";
        const b = "arn:aws:iam::444455556666:role/nodes";
        const config = addonPackConfig([
            { name: "karpenter", nodeRoleArn: a },
            { name: "karpenter", nodeRoleArn: a },
            { name: "karpenter", nodeRoleArn: b },
        ]);
        const allowedEscalations = [a, b].map((resource) => ({ action: "iam:PassRole", resource, reason: REASON }));
        assert.deepEqual(config, { "iam-no-privilege-escalation": { allowedEscalations }, "iam-role-escalation-paths": { allowedEscalations } });
    });
});
