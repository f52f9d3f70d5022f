import * as assert from "node:assert/strict";
import { AnalyzedResource } from "../../synth/analyzer/requests";
import { auditRoles } from "../../synth/audit";
import { renderAuditTable, renderTree } from "../../synth/report/text";

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
                "└─ Role reports (account 123456789012)",
                "   ├─ RolePolicy reports-policy",
                "   ├─ PodIdentityAssociation finance/reports",
                "   ├─ ServiceAccount finance/reports",
                "   └─ Deployment finance/reports",
            ].join("\n"),
        );
    });
});

describe("renderAuditTable", () => {
    it("lists every cluster a role trusts with the account of its provider, and the role's account", () => {
        const trust = JSON.stringify({
            Version: "2012-10-17",
            Statement: ["AAAA", "BBBB"].map((id) => ({
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/${id}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`oidc.eks.us-west-2.amazonaws.com/id/${id}:sub`]: "system:serviceaccount:analytics:reports" } },
            })),
        });
        const audits = auditRoles([
            resource("aws:iam/role:Role", "reports-role", { name: "reports", assumeRolePolicy: trust }, { name: "reports", arn: "arn:aws:iam::444455556666:role/reports" }),
        ]);
        const lines = renderAuditTable(audits).split("\n");
        assert.deepEqual(
            [lines[0], ...lines.slice(2)].map((line) => line!.trim().split(/\s{2,}/)),
            [
                ["WORKLOAD", "MODE", "SERVICEACCOUNT", "ROLE", "ACCOUNT", "TRUSTED SUBJECT", "TRUSTED CLUSTERS", "ALLOWS"],
                ["reports-role", "irsa", "-", "reports", "444455556666", "system:serviceaccount:analytics:reports", "us-west-2/AAAA @444455556666", "(nothing)"],
                ["us-west-2/BBBB @444455556666"],
            ],
        );
    });
});
