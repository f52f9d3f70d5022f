import * as assert from "node:assert/strict";
import { firstIssuer } from "../../components/clusterSource";

describe("firstIssuer", () => {
    it("reads identities[0].oidcs[0].issuer", () => {
        assert.equal(firstIssuer("c", [{ oidcs: [{ issuer: "https://oidc.eks.us-west-2.amazonaws.com/id/A" }] }]), "https://oidc.eks.us-west-2.amazonaws.com/id/A");
    });

    it("fails with the cluster's name when the cluster has no issuer", () => {
        assert.throws(() => firstIssuer("sandbox", []), {
            message: 'cluster "sandbox" has no OIDC issuer: EKS gives every cluster one; check the cluster\'s name and region.',
        });
    });
});
