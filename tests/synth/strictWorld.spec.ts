/**
 * `eks-irsa synth` on the configs of issue 21's defects: each refusal exits 2 with the message naming the field and
 * the fix, and writes nothing; the CI set-up with an access-entry identity plans clean.
 */
import * as assert from "node:assert/strict";
import { SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { eksIrsa } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "synth");

function synth(fixture: string, out: string): SpawnSyncReturns<string> {
    return eksIrsa(["synth", "--config", path.join(FIXTURES, fixture), "--out", out, "--json", "--in-process"], { timeout: 180_000 });
}

const refusal = (problem: string): string => `error: Invalid eks-irsa configuration (1 problem):\n  - ${problem}\n`;

const OWN_ACCOUNT = (source: string): string =>
    `accounts[0].accountId "123456789012" is the stack's own account (${source}), where the component already registers the cluster's IAM OIDC provider: ` +
    `remove the entry and the workloads' account "data": their roles belong in the stack's account (a second provider for the same issuer fails with EntityAlreadyExists).`;

const CASES: [fixture: string, problem: string][] = [
    ["Pulumi.own-account.yaml", OWN_ACCOUNT("the account of the last role of aws:assumeRoles")],
    ["Pulumi.own-account-asked.yaml", OWN_ACCOUNT("the account aws sts get-caller-identity reports")],
    [
        "Pulumi.both-cross-account.yaml",
        `workloads[0].account "data" is set on a workload with identity "both", whose EKS Pod Identity association needs its role in the cluster's account: ` +
            `use identity "irsa" for a role in another account, or keep the role in the cluster's account and set podIdentity.targetRoleArn to the role in the other account.`,
    ],
    [
        "Pulumi.external-id.yaml",
        `aws:assumeRoles[0].externalId (value hidden) cannot reach the kubeconfig: aws eks get-token assumes "arn:aws:iam::123456789012:role/deploy" with --role-arn only, so every Kubernetes call would fail with AccessDenied: ` +
            "set cluster.kubeconfigProfile to an AWS CLI profile that assumes the role with it (role_arn, external_id, role_session_name in ~/.aws/config).",
    ],
    [
        "Pulumi.undeclared-account.yaml",
        `workloads[0].trustedClusters[0] "east" names a provider of account "999988887777", which no entry of accounts declares, but the role lives in the stack's own account "123456789012" (the account of the last role of aws:assumeRoles): ` +
            "IAM only accepts web identities through a provider in the role's own account: register the cluster's issuer in the stack's account and give that provider's ARN (or use clusterName to look it up).",
    ],
];

describe("eks-irsa synth under the strict world (issue 21)", function () {
    this.timeout(600_000);

    for (const [fixture, problem] of CASES) {
        it(`exits 2 with the refusal and writes nothing (${fixture})`, () => {
            const out = path.join(tempDir("synth-strict-"), "out");
            const r = synth(fixture, out);
            assert.equal(r.status, 2);
            assert.equal(r.stderr.replace(/^… .*\n/gm, ""), refusal(problem));
            assert.equal(fs.existsSync(out), false);
        });
    }

    it("plans a CI identity with an access-entry Kubernetes identity and another account: exit 0, the account's provider starts from the stack's identity", () => {
        const out = tempDir("synth-strict-ci-");
        const r = synth("Pulumi.ci-access.yaml", out);
        assert.equal(r.status, 0, r.stderr);
        const exported = JSON.parse(fs.readFileSync(path.join(out, "stack.json"), "utf8")) as { deployment: { resources: { urn: string; inputs?: Record<string, unknown> }[] } };
        const provider = exported.deployment.resources.find((res) => res.urn.endsWith("pulumi:providers:aws::eks-irsa-ci-access-account-data"));
        assert.ok(provider?.inputs);
        assert.deepEqual(
            { profile: provider.inputs.profile, assumeRoles: JSON.parse(provider.inputs.assumeRoles as string) as unknown, defaultTags: JSON.parse(provider.inputs.defaultTags as string) as unknown },
            {
                profile: "ci",
                assumeRoles: [{ roleArn: "arn:aws:iam::123456789012:role/deploy" }, { roleArn: "arn:aws:iam::444455556666:role/deploy-irsa", sessionName: "eks-irsa-ci-access-irsa" }],
                defaultTags: { tags: { costCenter: "42" } },
            },
        );
    });
});
