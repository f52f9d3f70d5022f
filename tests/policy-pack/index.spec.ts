import * as assert from "node:assert/strict";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { policies } from "../../policy-pack/policies";
import { roleInputs, seed004AudOnlyTrust } from "../fixtures/policy/irsa";
import { PackProcess, startPackProcess, unary } from "../helpers/policyPackProcess";
import { buildAnalyzeRequest, buildConfigureRequest, violationsOf } from "../helpers/policyPackRunner";

describe("policy-pack/index.ts as an analyzer process", function () {
    this.timeout(60000);
    let pack: PackProcess;

    before(async () => {
        pack = await startPackProcess();
    });

    after(async () => {
        await pack?.stop();
    });

    it("serves GetAnalyzerInfo with the pack's name, version and every policy", async () => {
        const info = await unary<Empty, analyzerpb.AnalyzerInfo>((r, cb) => pack.client.getAnalyzerInfo(r, cb), new Empty());
        assert.equal(info.getName(), "irsa-guard");
        assert.equal(info.getVersion(), "0.1.0");
        assert.deepEqual(
            info.getPoliciesList().map((p) => p.getName()),
            policies.map((p) => p.name),
        );
        assert.deepEqual(
            info.getPoliciesList().map((p) => p.getName()),
            [
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
            ],
        );
    });

    it("applies Configure and reports seed 004's aud-only trust through Analyze", async () => {
        const client: AnalyzerClient = pack.client;
        await unary((r: analyzerpb.ConfigureAnalyzerRequest, cb) => client.configure(r, cb), buildConfigureRequest({ "irsa-trust-subject": "advisory" }));
        const urn = "urn:pulumi:dev::eks-irsa::aws:iam/role:Role::seed004";
        const request = buildAnalyzeRequest({ urn, type: "aws:iam/role:Role", name: "seed004", inputs: roleInputs(JSON.stringify(seed004AudOnlyTrust())) });
        const response = await unary<analyzerpb.AnalyzeRequest, analyzerpb.AnalyzeResponse>((r, cb) => client.analyze(r, cb), request);
        const issuer = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        assert.deepEqual(violationsOf(response, urn), [
            {
                policyName: "irsa-trust-subject",
                enforcementLevel: "advisory",
                urn,
                message: `assumeRolePolicy Statement[0].Condition has no StringEquals on "${issuer}:sub": add StringEquals "${issuer}:sub" = "system:serviceaccount:<namespace>:<name>" so only one ServiceAccount can assume this role.`,
            },
        ]);
    });
});
