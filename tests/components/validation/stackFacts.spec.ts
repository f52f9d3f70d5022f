/**
 * Checks that need the stack's own identity (defects of issue 21): an `accounts` entry that is the stack's own
 * account, a trust in an account nobody declared, `aws:assumeRoles` details the kubeconfig cannot carry, and a
 * cross-account role with identity "both".
 */
import * as assert from "node:assert/strict";
import type { IrsaClusterArgs, WorkloadSpec } from "../../../components";
import { IrsaConfigError, validateIrsaClusterArgs } from "../../../components/validation";
import type { StackFacts } from "../../../components/validation/stackFacts";

const STACK = "123456789012";
const DATA = "444455556666";
const DEPLOY = `arn:aws:iam::${STACK}:role/deploy`;
const EAST = "oidc.eks.us-east-1.amazonaws.com/id/5C1E9D3B7A2F4E6081C3D5E7F9A1B3C5";

const reports: WorkloadSpec = { name: "reports", namespace: "analytics", serviceAccount: "reports", account: "data", managedPolicyArns: [], deployment: false };

function problems(args: IrsaClusterArgs, stack: StackFacts = {}): string[] {
    try {
        validateIrsaClusterArgs(args, { componentName: "platform", stack });
        return [];
    } catch (e) {
        assert.ok(e instanceof IrsaConfigError);
        return e.problems;
    }
}

const viaRole: StackFacts = { assumeRoles: [{ roleArn: DEPLOY }], accountId: STACK, accountSource: "the account of the last role of aws:assumeRoles" };

describe("validation against the stack's identity", () => {
    describe("an accounts entry that is the stack's own account", () => {
        const args: IrsaClusterArgs = {
            cluster: { mode: "create", name: "apps" },
            accounts: [{ name: "data", accountId: STACK, assumeRoleArn: `arn:aws:iam::${STACK}:role/deploy-irsa` }],
            workloads: [reports],
        };

        it("is refused when the config states the stack's account", () => {
            assert.deepEqual(problems(args, viaRole), [
                `accounts[0].accountId "${STACK}" is the stack's own account (the account of the last role of aws:assumeRoles), where the component already registers the cluster's IAM OIDC provider: ` +
                    `remove the entry and the workloads' account "data": their roles belong in the stack's account (a second provider for the same issuer fails with EntityAlreadyExists).`,
            ]);
        });

        it("passes validation when the stack's account is not stated (it is asked of AWS at deployment)", () => {
            assert.deepEqual(problems(args), []);
        });
    });

    describe("a role that trusts a provider of an account nobody declared", () => {
        const args: IrsaClusterArgs = {
            cluster: { mode: "create", name: "apps" },
            trustedClusters: [{ name: "east", issuerUrl: `https://${EAST}`, providerArn: `arn:aws:iam::999988887777:oidc-provider/${EAST}` }],
            workloads: [{ name: "orders", namespace: "orders", serviceAccount: "orders", trustedClusters: ["east"], managedPolicyArns: [], deployment: false }],
        };

        it("is refused: IAM accepts a web identity only through a provider of the role's own account", () => {
            assert.deepEqual(problems(args, viaRole), [
                `workloads[0].trustedClusters[0] "east" names a provider of account "999988887777", which no entry of accounts declares, but the role lives in the stack's own account "${STACK}" (the account of the last role of aws:assumeRoles): ` +
                    "IAM only accepts web identities through a provider in the role's own account: register the cluster's issuer in the stack's account and give that provider's ARN (or use clusterName to look it up).",
            ]);
        });

        it("passes with a provider of the stack's own account", () => {
            const own = { ...args, trustedClusters: [{ name: "east", issuerUrl: `https://${EAST}`, providerArn: `arn:aws:iam::${STACK}:oidc-provider/${EAST}` }] };
            assert.deepEqual(problems(own, viaRole), []);
        });
    });

    describe("aws:assumeRoles details that aws eks get-token cannot pass", () => {
        const args: IrsaClusterArgs = { cluster: { mode: "adopt", name: "apps" }, workloads: [] };
        const chain = { assumeRoles: [{ roleArn: "arn:aws:iam::111111111111:role/hub" }, { roleArn: DEPLOY, externalId: "s3cr3t", sessionName: "ci" }] };

        it("are refused without a kubeconfigProfile, naming the fix and hiding the value", () => {
            const fix = "set cluster.kubeconfigProfile to an AWS CLI profile that assumes the role with it (role_arn, external_id, role_session_name in ~/.aws/config)";
            const what = `cannot reach the kubeconfig: aws eks get-token assumes "${DEPLOY}" with --role-arn only, so every Kubernetes call would fail with AccessDenied`;
            assert.deepEqual(problems(args, chain), [`aws:assumeRoles[1].externalId (value hidden) ${what}: ${fix}.`, `aws:assumeRoles[1].sessionName (value hidden) ${what}: ${fix}.`]);
        });

        it("pass with a kubeconfigProfile, or when the kubeconfig assumes another role", () => {
            assert.deepEqual(problems({ ...args, cluster: { mode: "adopt", name: "apps", kubeconfigProfile: "deploy" } }, chain), []);
            assert.deepEqual(problems({ ...args, cluster: { mode: "adopt", name: "apps", kubeconfigRoleArn: `arn:aws:iam::${STACK}:role/k8s` } }, chain), []);
        });
    });

    describe("a kubeconfigRoleArn on a cluster the stack creates", () => {
        const role = `arn:aws:iam::${STACK}:role/platform-admins`;

        it("is refused without an access entry when the stack's identity is another role", () => {
            assert.deepEqual(problems({ cluster: { mode: "create", name: "apps", kubeconfigRoleArn: role }, workloads: [] }, viaRole), [
                `cluster.kubeconfigRoleArn "${role}" has no access to the cluster this stack creates, where EKS gives cluster admin only to its creator (the stack's identity, "${DEPLOY}"): ` +
                    `add { principalArn: "${role}" } to cluster.accessEntries, or remove kubeconfigRoleArn.`,
            ]);
        });

        it("passes with its access entry, on an adopted cluster, or as the stack's own role", () => {
            assert.deepEqual(problems({ cluster: { mode: "create", name: "apps", kubeconfigRoleArn: role, accessEntries: [{ principalArn: role }] }, workloads: [] }, viaRole), []);
            assert.deepEqual(problems({ cluster: { mode: "adopt", name: "apps", kubeconfigRoleArn: role }, workloads: [] }, viaRole), []);
            assert.deepEqual(problems({ cluster: { mode: "create", name: "apps", kubeconfigRoleArn: DEPLOY }, workloads: [] }, viaRole), []);
        });
    });

    describe('a role in another account with identity "both"', () => {
        it("is refused, naming identity irsa and podIdentity.targetRoleArn", () => {
            const args: IrsaClusterArgs = {
                cluster: { mode: "create", name: "apps" },
                accounts: [{ name: "data", accountId: DATA, assumeRoleArn: `arn:aws:iam::${DATA}:role/deploy-irsa` }],
                workloads: [{ ...reports, identity: "both" }],
            };
            assert.deepEqual(problems(args), [
                `workloads[0].account "data" is set on a workload with identity "both", whose EKS Pod Identity association needs its role in the cluster's account: ` +
                    "use identity \"irsa\" for a role in another account, or keep the role in the cluster's account and set podIdentity.targetRoleArn to the role in the other account.",
            ]);
        });
    });
});
