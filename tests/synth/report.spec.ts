import * as assert from "node:assert/strict";
import { AnalyzedResource } from "../../synth/analyzer/requests";
import { auditRoles } from "../../synth/audit";
import { renderTree } from "../../synth/report/text";

function resource(type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = inputs): AnalyzedResource {
    return { urn: `urn:pulumi:dev::p::${type}::${name}`, type, name, custom: true, inputs, outputs, dependencies: [], propertyDependencies: {} };
}

const ROLE_ARN = "arn:aws:iam::123456789012:role/reports";
const podIdentityTrust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
});

describe("renderTree", () => {
    it("shows a Pod Identity workload's association, ServiceAccount and Deployment under its role", () => {
        const audits = auditRoles([
            resource("aws:iam/role:Role", "reports-role", { name: "reports", assumeRolePolicy: podIdentityTrust }, { name: "reports", arn: ROLE_ARN }),
            resource("aws:iam/rolePolicy:RolePolicy", "reports-policy", { role: "reports", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }),
            resource("aws:eks/podIdentityAssociation:PodIdentityAssociation", "reports-pod-identity", { clusterName: "c", namespace: "finance", serviceAccount: "reports", roleArn: ROLE_ARN }),
            resource("kubernetes:core/v1:ServiceAccount", "reports-sa", { metadata: { name: "reports", namespace: "finance" } }),
            resource("kubernetes:apps/v1:Deployment", "reports-deploy", { metadata: { name: "reports", namespace: "finance" }, spec: { template: { spec: { serviceAccountName: "reports" } } } }),
        ]);
        assert.equal(
            renderTree(audits),
            [
                "reports-role [pod-identity]",
                "└─ Role reports",
                "   ├─ RolePolicy reports-policy",
                "   ├─ PodIdentityAssociation finance/reports",
                "   ├─ ServiceAccount finance/reports",
                "   └─ Deployment finance/reports",
            ].join("\n"),
        );
    });
});
