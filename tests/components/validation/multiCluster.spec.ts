import * as assert from "node:assert/strict";
import { configProblems } from "../../helpers/configProblems";

type Json = Record<string, unknown>;

const GREEN_ISSUER = "https://oidc.eks.us-west-2.amazonaws.com/id/AF8A2116F5A5BD52B49CCBF964FDFAE5";
const GREEN_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/AF8A2116F5A5BD52B49CCBF964FDFAE5";
const EAST_ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/5C1E9D3B7A2F4E6081C3D5E7F9A1B3C5";
const EAST_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C1E9D3B7A2F4E6081C3D5E7F9A1B3C5";

/** A valid multi-cluster config: blue built, green looked up, us-east by ARN, a data account. One change per test. */
function valid(): Json {
    return {
        cluster: { mode: "create", name: "apps-blue" },
        trustedClusters: [
            { name: "green", clusterName: "apps-green" },
            { name: "us-east", issuerUrl: EAST_ISSUER, providerArn: EAST_ARN },
        ],
        accounts: [{ name: "data", accountId: "444455556666", assumeRoleArn: "arn:aws:iam::444455556666:role/deploy-irsa" }],
        workloads: [
            { name: "orders", namespace: "orders", serviceAccount: "orders-api", trustedClusters: ["green", "us-east"], deployment: false },
            { name: "reports", namespace: "analytics", serviceAccount: "reports", account: "data", trustedClusters: ["green"], deployment: false },
        ],
    };
}

function workload(config: Json, index = 0): Json {
    return (config.workloads as Json[])[index] as Json;
}

const problemsOf = (config: unknown, accountProviders?: string[]): string[] =>
    configProblems(config, accountProviders !== undefined ? { accountProviders } : {});

/** `count` trusted clusters by ARN, `c1` … `c<count>`, with distinct issuers in us-west-2. */
function manyClusters(count: number): Json[] {
    return Array.from({ length: count }, (_, i) => {
        const id = String(i + 1).padStart(32, "A");
        return {
            name: `c${i + 1}`,
            issuerUrl: `https://oidc.eks.us-west-2.amazonaws.com/id/${id}`,
            providerArn: `arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/${id}`,
        };
    });
}

describe("validateIrsaClusterArgs: several clusters and accounts", () => {
    it("accepts blue/green, a regional cluster and a cross-account role", () => {
        assert.deepEqual(problemsOf(valid()), []);
    });

    it("refuses a workload naming a cluster trustedClusters does not list", () => {
        const config = valid();
        workload(config).trustedClusters = ["green", "purple"];
        assert.deepEqual(problemsOf(config), [
            'workloads[0].trustedClusters[1] "purple" names no entry of trustedClusters: add the cluster to trustedClusters ({ name, issuerUrl, providerArn } or { name, clusterName }) or fix the name.',
        ]);
    });

    it("refuses a cluster listed twice by a workload", () => {
        const config = valid();
        workload(config).trustedClusters = ["green", "green"];
        assert.deepEqual(problemsOf(config), ['workloads[0].trustedClusters[1] "green" is listed twice: list each cluster once (one trust statement per cluster).']);
    });

    it("refuses two entries with the same provider, and two with the same issuer", () => {
        const config = valid();
        (config.trustedClusters as Json[]).push({ name: "east-again", issuerUrl: EAST_ISSUER, providerArn: EAST_ARN });
        assert.deepEqual(problemsOf(config), [`trustedClusters[2].providerArn "${EAST_ARN}" is already the provider of trustedClusters[1]: list each provider once.`]);
        (config.trustedClusters as Json[])[2] = { name: "east-again", issuerUrl: EAST_ISSUER, providerArn: EAST_ARN.replace("123456789012", "444455556666") };
        assert.deepEqual(problemsOf(config), [
            `trustedClusters[2].issuerUrl "${EAST_ISSUER}" is already the issuer of trustedClusters[1]: list each cluster once (a role trusts one provider per issuer, in its own account).`,
        ]);
    });

    it("refuses an issuer URL that is not an EKS issuer", () => {
        const config = valid();
        (config.trustedClusters as Json[])[1] = { name: "us-east", issuerUrl: "https://token.actions.githubusercontent.com", providerArn: EAST_ARN };
        assert.deepEqual(problemsOf(config), [
            'trustedClusters[1].issuerUrl "https://token.actions.githubusercontent.com" is not an EKS OIDC issuer URL: use the cluster\'s issuer "https://oidc.eks.<region>.amazonaws.com/id/<ID>" (aws eks describe-cluster --query cluster.identity.oidc.issuer).',
        ]);
    });

    it("refuses a provider ARN that is not the issuer's provider", () => {
        const config = valid();
        (config.trustedClusters as Json[])[1] = { name: "us-east", issuerUrl: EAST_ISSUER, providerArn: GREEN_ARN };
        assert.deepEqual(problemsOf(config), [
            `trustedClusters[1].providerArn "${GREEN_ARN}" is not the provider of issuerUrl "${EAST_ISSUER}": use the ARN that ends in "oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C1E9D3B7A2F4E6081C3D5E7F9A1B3C5", or the issuerUrl of this provider.`,
        ]);
    });

    it("refuses an entry with both clusterName and an issuer, and one with neither", () => {
        const config = valid();
        (config.trustedClusters as Json[])[0] = { name: "green", clusterName: "apps-green", issuerUrl: GREEN_ISSUER, providerArn: GREEN_ARN };
        (config.trustedClusters as Json[]).push({ name: "empty" });
        const problems = problemsOf(config);
        assert.equal(problems.length, 2);
        assert.match(problems[0]!, /^trustedClusters\[0\] \{"name":"green",.* gives both clusterName and issuerUrl\/providerArn: give either clusterName \(looked up\) or issuerUrl and providerArn\.$/);
        assert.equal(problems[1], "trustedClusters[2].issuerUrl is missing: give issuerUrl and providerArn, or clusterName to look the cluster up.");
    });

    it("refuses the built cluster as a trusted cluster", () => {
        const config = valid();
        (config.trustedClusters as Json[])[0] = { name: "green", clusterName: "apps-blue" };
        assert.deepEqual(problemsOf(config), [
            'trustedClusters[0].clusterName "apps-blue" is the cluster this component builds, which every role trusts already: remove this entry.',
        ]);
    });

    it("refuses an account id that is not 12 digits, and one written as a YAML number", () => {
        const config = valid();
        (config.accounts as Json[])[0]!.accountId = "4444-5555-6666";
        assert.deepEqual(problemsOf(config), ['accounts[0].accountId "4444-5555-6666" is not a 12-digit AWS account id: use the account\'s 12 digits.']);
        (config.accounts as Json[])[0]!.accountId = 44445555666;
        assert.deepEqual(problemsOf(config), [
            'accounts[0].accountId 44445555666 is not a 12-digit AWS account id: quote it in YAML ("012345678901"): as a number it loses leading zeros.',
        ]);
    });

    it("refuses a workload naming an account accounts does not list", () => {
        const config = valid();
        workload(config, 1).account = "finance";
        assert.deepEqual(problemsOf(config), [
            'workloads[1].account "finance" names no entry of accounts: add the account to accounts ({ name, accountId, assumeRoleArn }) or fix the name.',
        ]);
    });

    it("refuses an account without assumeRoleArn unless the caller passes its provider", () => {
        const config = valid();
        delete (config.accounts as Json[])[0]!.assumeRoleArn;
        assert.deepEqual(problemsOf(config), [
            "accounts[0].assumeRoleArn is missing: give the role the deployment assumes in that account, or pass an aws.Provider for it in the IrsaCluster option accountProviders.",
        ]);
        assert.deepEqual(problemsOf(config, ["data"]), []);
    });

    it("refuses an assumeRoleArn of another account", () => {
        const config = valid();
        (config.accounts as Json[])[0]!.assumeRoleArn = "arn:aws:iam::123456789012:role/deploy-irsa";
        assert.deepEqual(problemsOf(config), [
            'accounts[0].assumeRoleArn "arn:aws:iam::123456789012:role/deploy-irsa" is not a role of account "444455556666": give a role of that account to deploy with.',
        ]);
    });

    it("refuses a cross-account role trusting a provider of another account", () => {
        const config = valid();
        workload(config, 1).trustedClusters = ["us-east"];
        assert.deepEqual(problemsOf(config), [
            'workloads[1].trustedClusters[0] "us-east" names a provider of account "123456789012", but the role lives in account "444455556666": IAM only accepts web identities through a provider in the role\'s own account: register the cluster\'s issuer there and give that provider\'s ARN (or use clusterName to look it up).',
        ]);
    });

    it("refuses cross-account and other clusters on an EKS Pod Identity workload", () => {
        const config = valid();
        workload(config, 1).identity = "pod-identity";
        assert.deepEqual(problemsOf(config), [
            'workloads[1].account "data" is set on an EKS Pod Identity workload (identity "pod-identity"): keep the role in the cluster\'s account and set podIdentity.targetRoleArn to the role in the other account.',
            'workloads[1].trustedClusters ["green"] is set on an EKS Pod Identity workload (identity "pod-identity"), whose trust names no cluster issuer: use identity "irsa" (or "both"), or remove trustedClusters.',
        ]);
    });

    it("refuses role fields on a workload using a shared role", () => {
        const config = valid();
        config.workloads = [
            {
                name: "orders",
                namespace: "orders",
                serviceAccount: "orders-api",
                sharedRoleArn: "arn:aws:iam::123456789012:role/orders",
                statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }],
                deployment: false,
            },
        ];
        assert.deepEqual(problemsOf(config), [
            'workloads[0].statements [{"actions":["s3:GetObject"],"resources":["arn:aws:s3:::b/*"]}] is set on a workload with sharedRoleArn, which creates no role: remove it (set it on the workload that owns the shared role), or remove sharedRoleArn.',
        ]);
        delete workload(config).statements;
        workload(config).sharedRoleArn = "orders";
        assert.deepEqual(problemsOf(config), ['workloads[0].sharedRoleArn "orders" is not an IAM role ARN: write "arn:aws:iam::<account>:role/<name>".']);
    });

    it("refuses a trust over the quota, saying how many clusters fit and which quota to raise", () => {
        const config = valid();
        config.trustedClusters = manyClusters(6);
        config.accounts = [];
        config.workloads = [{ name: "orders", namespace: "orders", serviceAccount: "orders-api", trustedClusters: ["c1", "c2", "c3", "c4", "c5", "c6"], deployment: false }];
        const problems = problemsOf(config);
        assert.equal(problems.length, 1);
        assert.match(
            problems[0]!,
            /^workloads\[0\]\.trustedClusters \["c1","c2","c3","c4","c5","c6"\] makes a trust policy of up to 3,140 characters, over the 2,048-character quota \(maxTrustPolicyLength\): 2,048 characters hold this cluster and 3 of the 6 trusted clusters: list at most 3, or raise the accounts' "Role trust policy length" quota \(Service Quotas, L-C07B4B0D; at most 8,192\) and set maxTrustPolicyLength\.$/,
        );
        config.maxTrustPolicyLength = 4096;
        assert.deepEqual(problemsOf(config), []);
    });

    it("counts the Pod Identity statement of a workload in both modes against the quota", () => {
        const config = valid();
        config.trustedClusters = manyClusters(3);
        config.accounts = [];
        config.workloads = [{ name: "orders", namespace: "orders", serviceAccount: "orders-api", trustedClusters: ["c1", "c2", "c3"], deployment: false }];
        assert.deepEqual(problemsOf(config), []);
        workload(config).identity = "both";
        assert.match(problemsOf(config)[0] ?? "", /hold this cluster and 2 of the 3 trusted clusters: list at most 2/);
    });

    it("refuses a maxTrustPolicyLength outside IAM's range", () => {
        const config = valid();
        config.maxTrustPolicyLength = 10000;
        assert.deepEqual(problemsOf(config), [
            'maxTrustPolicyLength 10000 is not a trust policy quota IAM allows: use an integer from 2048 (the default) to 8192 (AWS\'s maximum), the value of your accounts\' "Role trust policy length" quota.',
        ]);
    });

    it("says so when the roles of one account would trust more than 100 OIDC providers", () => {
        const config = valid();
        config.trustedClusters = manyClusters(100);
        config.accounts = [];
        config.maxTrustPolicyLength = 8192;
        config.workloads = Array.from({ length: 20 }, (_, w) => ({
            name: `w${w}`,
            namespace: "apps",
            serviceAccount: `w${w}`,
            trustedClusters: Array.from({ length: 5 }, (_, i) => `c${w * 5 + i + 1}`),
            deployment: false,
        }));
        assert.deepEqual(problemsOf(config), [
            'trustedClusters 101 IAM OIDC providers are trusted by roles of the stack\'s own account, over IAM\'s default quota of 100 per account: raise "OpenId connect providers per account" (Service Quotas, L-858F3967) before deploying, or split the roles over accounts.',
        ]);
    });
});
