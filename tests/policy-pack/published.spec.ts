/**
 * The IAM policies that AWS and the add-on projects publish (tests/fixtures/published, each naming its repository,
 * path and commit), run through every resource policy of the pack. Each document passes, or is reported with exactly
 * the findings listed here, which README.md ("Published add-on policies") explains one by one.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy-pack/policies";
import { PolicyNotApplicable, runResourcePolicy } from "../helpers/policyHarness";

const DIR = path.resolve(__dirname, "..", "fixtures", "published");

interface Fixture {
    readonly source: { readonly repo: string; readonly path: string; readonly commit: string };
    readonly kind?: "trust" | "permissions";
    readonly document: object;
}

/** `<level> <policy> <statement element> <first action named>` for each finding. */
async function findings(fixture: Fixture): Promise<string[]> {
    const resource =
        fixture.kind === "trust"
            ? { type: "aws:iam/role:Role", props: { assumeRolePolicy: JSON.stringify(fixture.document) } }
            : { type: "aws:iam/policy:Policy", props: { policy: JSON.stringify(fixture.document) } };
    const out: string[] = [];
    for (const policy of policies) {
        if (!("validateResource" in policy)) continue;
        const p = policy as ResourceValidationPolicy;
        try {
            for (const message of await runResourcePolicy(p, resource)) {
                const at = /Statement\[\d+\](\.[A-Za-z]+)?/.exec(message)?.[0] ?? "";
                const action = /"([a-z0-9-]+:[A-Za-z0-9*?]+)"/.exec(message.slice(message.indexOf(at) + at.length))?.[1] ?? "";
                out.push(`${p.enforcementLevel} ${p.name} ${at} ${action}`.trim());
            }
        } catch (e) {
            if (!(e instanceof PolicyNotApplicable)) throw e;
        }
    }
    return out;
}

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
    // Presence tests (Null "…": "false") on a resource tag scope nothing (any value); Describe… reads on "*" are advisory,
    // cognito-idp:DescribeUserPoolClient (it returns the client secret) excepted (issue 20).
    "aws-load-balancer-controller": [
        ...["iam:CreateServiceLinkedRole"].map((a) => `mandatory iam-no-star-resource Statement[0].Resource ${a}`),
        ...["cognito-idp:DescribeUserPoolClient", "iam:GetServerCertificate", "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL", "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "shield:DeleteProtection"].map((a) => `mandatory iam-no-star-resource Statement[1].Resource ${a}`),
        ...["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"].map((a) => `mandatory iam-no-star-resource Statement[2].Resource ${a}`),
        ...["ec2:CreateSecurityGroup"].map((a) => `mandatory iam-no-star-resource Statement[3].Resource ${a}`),
        ...["ec2:CreateTags", "ec2:DeleteTags"].map((a) => `mandatory iam-no-star-resource Statement[5].Resource ${a}`),
        ...["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"].map((a) => `mandatory iam-no-star-resource Statement[6].Resource ${a}`),
        ...["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:CreateTargetGroup"].map((a) => `mandatory iam-no-star-resource Statement[8].Resource ${a}`),
        ...["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"].map((a) => `mandatory iam-no-star-resource Statement[9].Resource ${a}`),
        ...["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"].map((a) => `mandatory iam-no-star-resource Statement[10].Resource ${a}`),
        ...["elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:DeleteTargetGroup"].map((a) => `mandatory iam-no-star-resource Statement[12].Resource ${a}`),
        ...["elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:DeleteTargetGroup"].map((a) => `mandatory iam-no-star-resource Statement[13].Resource ${a}`),
        ...["elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule"].map((a) => `mandatory iam-no-star-resource Statement[14].Resource ${a}`),
        "advisory iam-star-resource-metadata-read Statement[1].Resource acm:DescribeCertificate",
        "advisory iam-star-resource-metadata-read Statement[1].Resource shield:DescribeProtection",
    ],
    "cert-manager": ["mandatory iam-no-star-resource Statement[1].Resource route53:ChangeResourceRecordSets"],
    "cert-manager-cross-account-trust": [],
    "cert-manager-cross-account-trust-account": ["advisory iam-trust-account-root Statement[0].Principal aws:PrincipalArn"],
    "cluster-autoscaler": [
        "mandatory iam-no-star-resource Statement[0].Resource autoscaling:SetDesiredCapacity",
        "mandatory iam-no-star-resource Statement[0].Resource autoscaling:TerminateInstanceInAutoScalingGroup",
        "advisory iam-actions-exist Statement[0].Action ec2:GetInstanceTypesFromInstanceRequirementsPages",
        "advisory iam-star-resource-metadata-read Statement[0].Resource eks:DescribeNodegroup",
    ],
    // StringLike "…Tag/CSIVolumeName": "*" scopes nothing (every tagged volume, whatever the value); issue 20, class 7.
    "ebs-csi": [
        "mandatory iam-no-star-resource Statement[1].Resource ec2:CreateSnapshot",
        "mandatory iam-no-star-resource Statement[1].Resource ec2:ModifyVolume",
        "mandatory iam-no-star-resource Statement[3].Resource ec2:AttachVolume",
        "mandatory iam-no-star-resource Statement[3].Resource ec2:AttachVolume",
        "mandatory iam-no-star-resource Statement[3].Resource ec2:DetachVolume",
        "mandatory iam-no-star-resource Statement[3].Resource ec2:DetachVolume",
        "mandatory iam-no-star-resource Statement[4].Resource ec2:CreateVolume",
        "mandatory iam-no-star-resource Statement[4].Resource ec2:EnableFastSnapshotRestores",
        "mandatory iam-no-star-resource Statement[6].Resource ec2:DeleteTags",
        "mandatory iam-no-star-resource Statement[6].Resource ec2:DeleteTags",
        "mandatory iam-no-star-resource Statement[8].Resource ec2:CreateVolume",
        "mandatory iam-no-star-resource Statement[8].Resource ec2:CopyVolumes",
        "mandatory iam-no-star-resource Statement[10].Resource ec2:DeleteVolume",
        "mandatory iam-no-star-resource Statement[11].Resource ec2:DeleteVolume",
        "mandatory iam-no-star-resource Statement[12].Resource ec2:CreateSnapshot",
        "mandatory iam-no-star-resource Statement[14].Resource ec2:DeleteSnapshot",
    ],
    "efs-csi": [],
    "external-dns": ["mandatory iam-no-star-resource Statement[0].Resource route53:ChangeResourceRecordSets"],
    "external-secrets": [],
    // TagResource on every dev-* secret lets it tag any of them managed-by=external-secrets, then delete it (issue 20, class 7).
    "external-secrets-push": ["mandatory iam-tag-scope-writable Statement[1].Condition secretsmanager:DeleteSecret"],
    karpenter: ["mandatory iam-no-privilege-escalation Statement[10].Action iam:PassRole"],
    velero: [
        "mandatory iam-no-star-resource Statement[0].Resource ec2:CreateTags",
        "mandatory iam-no-star-resource Statement[0].Resource ec2:CreateVolume",
        "mandatory iam-no-star-resource Statement[0].Resource ec2:CreateSnapshot",
        "mandatory iam-no-star-resource Statement[0].Resource ec2:DeleteSnapshot",
    ],
    "velero-trust": [],
    "vpc-cni": [
        ...[
            "AssignPrivateIpAddresses",
            "AttachNetworkInterface",
            "CreateNetworkInterface",
            "DeleteNetworkInterface",
            "DetachNetworkInterface",
            "ModifyNetworkInterfaceAttribute",
            "UnassignPrivateIpAddresses",
        ].map((a) => `mandatory iam-no-star-resource Statement[0].Resource ec2:${a}`),
        "mandatory iam-no-star-resource Statement[1].Resource ec2:CreateTags",
    ],
};

describe("published add-on and AWS policies against the whole pack", () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".json"));

    it("has an expectation for every fixture, and every fixture names its source", () => {
        assert.deepEqual(files.map((f) => f.replace(/\.json$/, "")).sort(), Object.keys(EXPECTED).sort());
        for (const f of files) {
            const { source } = JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Fixture;
            assert.match(source.repo, /^[\w.-]+\/[\w.-]+$/, f);
            assert.match(source.commit, /^[0-9a-f]{40}$/, f);
            assert.ok(source.path.length > 0, f);
        }
    });

    for (const f of fs.readdirSync(DIR).filter((x) => x.endsWith(".json"))) {
        const name = f.replace(/\.json$/, "");
        it(`${name}: ${EXPECTED[name]?.length === 0 ? "passes" : "reports exactly the listed findings"}`, async () => {
            const fixture = JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Fixture;
            assert.deepEqual(await findings(fixture), EXPECTED[name]);
        });
    }
});
