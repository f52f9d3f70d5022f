import * as assert from "node:assert/strict";
import type { AnalyzedResource } from "../../../synth/analyzer/requests";
import { diffStacks, diffViolations, toJson } from "../../../synth/diff/diff";
import { renderMarkdown, renderText, roleRows } from "../../../synth/diff/render";
import { portableUrn, stackView } from "../../../synth/diff/roleView";
import { UNKNOWN } from "../../../synth/stackExport";

const ACCOUNT = "123456789012";
const HOST = "oidc.eks.us-west-2.amazonaws.com/id/AAAA";

function resource(type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = inputs, stack = "dev", parent?: string): AnalyzedResource {
    return { urn: `urn:pulumi:${stack}::p::${type}::${name}`, type, name, custom: true, inputs, outputs, dependencies: [], propertyDependencies: {}, ...(parent !== undefined ? { parent } : {}) };
}

function trust(sub: string): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${HOST}:sub`]: sub, [`${HOST}:aud`]: "sts.amazonaws.com" } } }] });
}

interface Spec {
    logical?: string;
    roleName?: string;
    sa?: string;
    statements?: unknown[];
    trustText?: string;
    managed?: string[];
    boundary?: string;
    deploymentSa?: string;
    stack?: string;
}

/** A role with its policy, ServiceAccount and Deployment, as a stack holds them. */
function workload(s: Spec = {}): AnalyzedResource[] {
    const name = s.roleName ?? "p-dev-reports";
    const arn = `arn:aws:iam::${ACCOUNT}:role/${name}`;
    const sa = s.sa ?? "reports";
    const stack = s.stack ?? "dev";
    const logical = s.logical ?? "reports";
    return [
        resource("aws:iam/role:Role", `${logical}-role`, { name, assumeRolePolicy: s.trustText ?? trust(`system:serviceaccount:finance:${sa}`), ...(s.boundary !== undefined ? { permissionsBoundary: s.boundary } : {}) }, { name, arn }, stack),
        resource("aws:iam/rolePolicy:RolePolicy", `${logical}-policy`, { role: name, policy: JSON.stringify({ Version: "2012-10-17", Statement: s.statements ?? [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }] }) }, undefined, stack),
        ...(s.managed ?? []).map((m, i) => resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${logical}-managed-${i}`, { role: name, policyArn: m }, undefined, stack)),
        resource("kubernetes:core/v1:ServiceAccount", `${logical}-sa`, { metadata: { name: sa, namespace: "finance", annotations: { "eks.amazonaws.com/role-arn": arn } } }, undefined, stack),
        resource("kubernetes:apps/v1:Deployment", `${logical}-deploy`, { metadata: { name: "reports", namespace: "finance" }, spec: { template: { spec: { serviceAccountName: s.deploymentSa ?? sa } } } }, undefined, stack),
    ];
}

function diff(base: AnalyzedResource[], head: AnalyzedResource[]): ReturnType<typeof diffStacks> {
    return diffStacks(stackView(base), stackView(head));
}

describe("diffStacks", () => {
    it("reports nothing for the same stack", () => {
        assert.deepEqual(toJson(diff(workload(), workload())), { roles: [], violations: { new: [], resolved: [] }, broadening: 0 });
    });

    it("matches a role whose URN changed by its name, and one in a stack of another name by its URN without the stack", () => {
        assert.deepEqual(diff(workload(), workload({ logical: "renamed" })).roles, []);
        assert.deepEqual(diff(workload(), workload({ stack: "prod" })).roles, []);
        assert.equal(portableUrn("urn:pulumi:prod::p::x:y:Z::p-prod-reports-role"), "urn:pulumi:*::p::x:y:Z::p-*-reports-role");
    });

    it("lists a role added as a whole with everything it grants, all broadening", () => {
        const report = diff([], workload({ managed: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }));
        assert.deepEqual(toJson(report), {
            roles: [{
                urn: "urn:pulumi:dev::p::aws:iam/role:Role::reports-role",
                name: "p-dev-reports",
                status: "added",
                principals: { added: [`ServiceAccount finance/reports via OIDC provider ${HOST}: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`], removed: [] },
                permissions: { added: [{ effect: "Allow", action: "s3:GetObject", resource: "arn:aws:s3:::reports/*", broadening: true }], removed: [] },
                managedPolicies: { attached: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], detached: [] },
                bindings: { added: ["ServiceAccount finance/reports by eks.amazonaws.com/role-arn annotation, used by Deployment finance/reports"], removed: [] },
            }],
            violations: { new: [], resolved: [] },
            broadening: 3,
        });
    });

    it("lists a role removed as a whole, nothing broadening", () => {
        const [role] = diff(workload(), []).roles;
        assert.equal(role!.status, "removed");
        assert.equal(role!.broadening, 0);
        assert.equal(role!.permissions.removed.length, 1);
        assert.equal(role!.principals.removed.length, 1);
    });

    it("reports a Deployment moved to another ServiceAccount as the binding it changes", () => {
        const [role] = toJson(diff(workload(), workload({ deploymentSa: "other" }))).roles;
        assert.deepEqual(role!.bindings, {
            added: ["ServiceAccount finance/reports by eks.amazonaws.com/role-arn annotation"],
            removed: ["ServiceAccount finance/reports by eks.amazonaws.com/role-arn annotation, used by Deployment finance/reports"],
        });
    });

    it("reports a managed policy detached, and a boundary removed as broadening", () => {
        const [role] = diff(workload({ managed: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], boundary: `arn:aws:iam::${ACCOUNT}:policy/boundary` }), workload()).roles;
        assert.deepEqual(role!.managedPolicies, { attached: [], detached: [{ text: "arn:aws:iam::aws:policy/ReadOnlyAccess", broadening: false }] });
        assert.deepEqual(role!.permissionsBoundary, { before: `arn:aws:iam::${ACCOUNT}:policy/boundary`, broadening: true });
        assert.equal(role!.broadening, 1);
    });

    it("diffs a customer managed policy of the stack statement by statement", () => {
        const policyArn = `arn:aws:iam::${ACCOUNT}:policy/reports-extra`;
        const extra = (action: string): AnalyzedResource[] => [
            resource("aws:iam/policy:Policy", "extra", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: action, Resource: "arn:aws:s3:::reports/*" }] }) }, { arn: policyArn }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "extra-attach", { role: "p-dev-reports", policyArn }),
        ];
        const [attached] = diff(workload(), [...workload(), ...extra("s3:PutObject")]).roles;
        assert.deepEqual(attached!.managedPolicies.attached, [{ text: policyArn, broadening: false }]);
        assert.deepEqual(attached!.permissions.added, [{ effect: "Allow", action: "s3:PutObject", resource: "arn:aws:s3:::reports/*", broadening: true }]);
        const [changed] = diff([...workload(), ...extra("s3:PutObject")], [...workload(), ...extra("s3:DeleteObject")]).roles;
        assert.deepEqual(changed!.permissions.added.map((e) => e.action), ["s3:DeleteObject"]);
        assert.deepEqual(changed!.permissions.removed.map((e) => e.action), ["s3:PutObject"]);
    });

    it("takes a Pod Identity association as a principal unless the trust pins the ServiceAccount itself", () => {
        const podTrust = (pin: boolean): string => JSON.stringify({
            Statement: [{
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                ...(pin ? { Condition: { StringEquals: { "aws:RequestTag/kubernetes-namespace": "finance", "aws:RequestTag/kubernetes-service-account": "reports" } } } : {}),
            }],
        });
        const association = resource("aws:eks/podIdentityAssociation:PodIdentityAssociation", "reports-pia", { clusterName: "blue", namespace: "finance", serviceAccount: "reports", roleArn: `arn:aws:iam::${ACCOUNT}:role/p-dev-reports` });
        const principals = (pin: boolean): string[] => toJson(diff([], [...workload({ trustText: podTrust(pin) }), association])).roles[0]!.principals.added;
        assert.deepEqual(principals(false), ["AWS service pods.eks.amazonaws.com: sts:AssumeRole, sts:TagSession", "ServiceAccount finance/reports of cluster blue via EKS Pod Identity association"]);
        assert.deepEqual(principals(true), ["ServiceAccount finance/reports via EKS Pod Identity (pods.eks.amazonaws.com): sts:AssumeRole, sts:TagSession"]);
    });

    it("reads a PolicyAttachment's policy into each role it names", () => {
        const shared = resource("aws:iam/policyAttachment:PolicyAttachment", "shared", { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", roles: ["p-dev-reports", "elsewhere"] });
        const [role] = diff(workload(), [...workload(), shared]).roles;
        assert.deepEqual(role!.managedPolicies.attached, [{ text: "arn:aws:iam::aws:policy/ReadOnlyAccess", broadening: true }]);
    });

    it("reports StringLike → StringEquals on the same value as narrower, in a permission and in the trust", () => {
        const conditioned = (op: string): unknown[] => [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::reports", Condition: { [op]: { "s3:prefix": "finance/" } } }];
        const [permission] = diff(workload({ statements: conditioned("StringLike") }), workload({ statements: conditioned("StringEquals") })).roles;
        assert.deepEqual(permission!.permissions.added.map((e) => [e.action, e.broadening]), [["s3:ListBucket", false]]);
        assert.equal(permission!.broadening, 0);
        const [widened] = diff(workload({ statements: conditioned("StringEquals") }), workload({ statements: conditioned("StringLike") })).roles;
        assert.equal(widened!.broadening, 1, "StringEquals → StringLike may match more (a pattern)");
        const audTrust = (op: string): string => JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${HOST}:sub`]: "system:serviceaccount:finance:reports", ...(op === "StringEquals" ? { [`${HOST}:aud`]: "sts.amazonaws.com" } : {}) }, ...(op !== "StringEquals" ? { [op]: { [`${HOST}:aud`]: "sts.amazonaws.com" } } : {}) } }] });
        const [trustRole] = diff(workload({ trustText: audTrust("StringLike") }), workload({ trustText: audTrust("StringEquals") })).roles;
        assert.equal(trustRole!.principals.added.length, 1);
        assert.equal(trustRole!.broadening, 0);
    });

    describe("unknown values", () => {
        it("shows a trust policy computed at deploy time as unknown, never as a change", () => {
            const [role] = diff(workload(), workload({ trustText: UNKNOWN })).roles;
            assert.deepEqual(role!.principals, { added: [], removed: [] });
            assert.deepEqual(role!.unknown, ["the trust policy is computed at deploy time"]);
            assert.equal(role!.broadening, 0);
        });

        it("shows an entry with an unknown resource as unknown, and still reports the known changes", () => {
            const [role] = diff(workload(), workload({ statements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }, { Effect: "Allow", Action: "s3:GetObject", Resource: UNKNOWN }, { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::reports/*" }] })).roles;
            assert.deepEqual(role!.permissions.added.map((e) => e.action), ["s3:PutObject"]);
            assert.deepEqual(role!.unknown, [`Allow s3:GetObject on ${UNKNOWN} (part of it is computed at deploy time)`]);
        });

        it("shows a whole policy document computed at deploy time as unknown", () => {
            const head = workload();
            head[1]!.inputs.policy = UNKNOWN;
            const [role] = diff(workload(), head).roles;
            assert.deepEqual(role!.permissions, { added: [], removed: [] });
            assert.deepEqual(role!.unknown, ["role policy reports-policy is computed at deploy time"]);
        });
    });
});

describe("diffViolations", () => {
    const v = (policyName: string, urn: string, message: string): { policyName: string; enforcementLevel: "mandatory"; urn: string; message: string } => ({ policyName, enforcementLevel: "mandatory", urn, message });

    it("reports what HEAD adds as new and what it no longer has as resolved, stack names aside", () => {
        const base = [v("a", "urn:pulumi:dev::p::t::p-dev-x", "p-dev-x is wrong"), v("b", "", "stack-wide")];
        const head = [v("a", "urn:pulumi:prod::p::t::p-prod-x", "p-prod-x is wrong"), v("c", "", "new")];
        const strip = (stack: string) => (s: string): string => s.split(`urn:pulumi:${stack}::`).join("urn:pulumi:*::").split(`p-${stack}`).join("p-*");
        assert.deepEqual(diffViolations(base, head, { base: strip("dev"), head: strip("prod") }), { new: [head[1]], resolved: [base[1]] });
    });
});

describe("render", () => {
    const report = diff(workload(), workload({ statements: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::reports/*" }], sa: "reports-v2" }));

    it("writes a terminal table, broadening rows marked and first", () => {
        assert.equal(renderText(report, { base: "base", head: "head" }), [
            "Security diff base → head",
            "",
            "   WORKLOAD  ROLE           CHANGE       DETAIL",
            `-  --------  -------------  -----------  ${"-".repeat(`ServiceAccount finance/reports-v2 via OIDC provider ${HOST}: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`.length)}`,
            `!  -         p-dev-reports  + principal  ServiceAccount finance/reports-v2 via OIDC provider ${HOST}: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`,
            "!  -         p-dev-reports  + allow      s3:PutObject on arn:aws:s3:::reports/*",
            `   -         p-dev-reports  - principal  ServiceAccount finance/reports via OIDC provider ${HOST}: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`,
            "   -         p-dev-reports  + binding    ServiceAccount finance/reports-v2 by eks.amazonaws.com/role-arn annotation, used by Deployment finance/reports",
            "   -         p-dev-reports  - binding    ServiceAccount finance/reports by eks.amazonaws.com/role-arn annotation, used by Deployment finance/reports",
            "",
            "Policy findings: 0 new in head, 0 resolved since base",
            "",
            "2 broadening changes: review before merging.",
        ].join("\n"));
    });

    it("writes Markdown with one open collapsible block per broadening workload, code in backticks, pipes escaped", () => {
        const md = renderMarkdown(report, { base: "main", head: "pr" });
        assert.equal(md, [
            "### eks-irsa security diff",
            "",
            "**⚠️ 2 broadening changes** in 1 role: review before merging.",
            "",
            "1 role changed between `main` and `pr`; policy findings: 0 new, 0 resolved.",
            "",
            "<details open>",
            "<summary>⚠️ <b>p-dev-reports</b> (role <code>p-dev-reports</code>): 2 broadening, 5 changes</summary>",
            "",
            "| | change | detail |",
            "|---|---|---|",
            `| ⚠️ | + principal | ServiceAccount finance/reports-v2 via OIDC provider ${HOST}: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com |`,
            "| ⚠️ | + allow | `s3:PutObject` on `arn:aws:s3:::reports/*` |",
            `|  | - principal | ServiceAccount finance/reports via OIDC provider ${HOST}: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com |`,
            "|  | + binding | ServiceAccount finance/reports-v2 by eks.amazonaws.com/role-arn annotation, used by Deployment finance/reports |",
            "|  | - binding | ServiceAccount finance/reports by eks.amazonaws.com/role-arn annotation, used by Deployment finance/reports |",
            "",
            "</details>",
            "",
        ].join("\n"));
    });

    it("keeps a long report under the comment limit, broadening roles first, and counts the roles left out", () => {
        const many = diffStacks(stackView([]), stackView(Array.from({ length: 300 }, (_, i) => workload({ logical: `w${i}`, roleName: `role-${i}`, sa: `sa-${i}` })).flat()));
        const md = renderMarkdown(many, { base: "a", head: "b" }, 20_000);
        assert.ok(md.length <= 20_000, String(md.length));
        const shown = md.match(/<details open>/g)!.length;
        assert.ok(shown > 10 && shown < 300, String(shown));
        assert.match(md, new RegExp(`^… ${300 - shown} more roles not shown \\(${(300 - shown) * 2} broadening changes among them\\): run \`eks-irsa diff --json\` for everything\\.$`, "m"));
    });

    it("heads a role added whole with its marker row, above the broadening rows it introduces, and counts only the changes", () => {
        const added = diff([], workload());
        assert.deepEqual(roleRows(added.roles[0]!).map((row) => [row.broadening, row.change]), [
            [false, "+ role"],
            [true, "+ principal"],
            [true, "+ allow"],
            [false, "+ binding"],
        ]);
        const md = renderMarkdown(added, { base: "main", head: "pr" });
        assert.match(md, /^<summary>⚠️ <b>p-dev-reports<\/b> \(role <code>p-dev-reports<\/code>, added\): 2 broadening, 3 changes<\/summary>$/m);
        const removed = renderMarkdown(diff(workload(), []), { base: "main", head: "pr" });
        assert.match(removed, /^<summary><b>p-dev-reports<\/b> \(role <code>p-dev-reports<\/code>, removed\): 3 changes<\/summary>$/m);
        assert.match(removed, /^\| \| change \| detail \|\n\|---\|---\|---\|\n\|  \| - role \| role deleted: everything below is gone \|$/m);
    });

    it("says when nothing changed", () => {
        assert.match(renderMarkdown(diff(workload(), workload()), { base: "a", head: "b" }), /^### eks-irsa security diff\n\n✅ No broadening change\.\n\n0 roles changed/);
    });
});
