import * as assert from "node:assert/strict";
import * as path from "node:path";
import { policies } from "../../policy-pack/policies";
import { AnalyzerProcess } from "../../synth/analyzer/grpcAnalyzer";
import { resolvePackConfig } from "../../synth/analyzer/packConfig";
import { roleInputs, seed004AudOnlyTrust } from "../fixtures/policy/irsa";
import { toAnalyzed } from "../helpers/policyPackRunner";

describe("policy-pack/index.ts as an analyzer process", function () {
    this.timeout(60000);
    let pack: AnalyzerProcess;

    before(async () => {
        pack = await AnalyzerProcess.start(path.resolve(__dirname, "..", "..", "policy-pack"));
    });

    after(() => {
        pack?.stop();
    });

    it("serves GetAnalyzerInfo with the pack's name, version and every policy, in order", async () => {
        const info = await pack.info();
        assert.equal(info.name, "irsa-guard");
        assert.equal(info.version, "0.1.0");
        assert.deepEqual(
            info.policies.map((p) => p.name),
            policies.map((p) => p.name),
        );
        assert.deepEqual(info.policies.slice(0, 18).map((p) => p.name), [
            "irsa-trust-subject",
            "irsa-trust-audience",
            "irsa-trust-issuer-match",
            "irsa-trust-strict-operators",
            "irsa-trust-statement-shape",
            "irsa-trust-no-default-service-account",
            "iam-no-wildcard-actions",
            "iam-no-star-resource",
            "iam-actions-exist",
            "iam-no-broad-managed-policies",
            "iam-policy-size",
            "iam-role-policy-quotas",
            "irsa-service-account-role-trust",
            "irsa-role-single-service-account",
            "deployment-service-account-exists",
            "irsa-pod-no-node-credentials",
            "irsa-oidc-provider-client-ids",
            "iam-document-valid",
        ]);
    });

    it("applies Configure and reports seed 004's aud-only trust through Analyze", async () => {
        const info = await pack.info();
        await pack.configure(resolvePackConfig(info.policies, { "irsa-trust-subject": "advisory" }));
        const urn = "urn:pulumi:dev::eks-irsa::aws:iam/role:Role::seed004";
        const role = toAnalyzed({ urn, type: "aws:iam/role:Role", name: "seed004", inputs: roleInputs(JSON.stringify(seed004AudOnlyTrust())) });
        const issuer = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        assert.deepEqual(await pack.analyze([role]), [
            {
                policyName: "irsa-trust-subject",
                enforcementLevel: "advisory",
                urn,
                message: `assumeRolePolicy Statement[0].Condition has no StringEquals on "${issuer}:sub": add StringEquals "${issuer}:sub" = "system:serviceaccount:<namespace>:<name>" so only one ServiceAccount can assume this role.`,
            },
        ]);
    });
});
