import * as assert from "node:assert/strict";
import { podIdentityTargetRoleStatement, podIdentityTrustStatement, workloadTrustDocument } from "../../components/iamDocuments";
import { identityServiceAccountMetadata, podIdentityAssociationArgs, resolveIdentity } from "../../components/podIdentity";
import { configProblems } from "../helpers/configProblems";

type Json = Record<string, unknown>;

const CLUSTER_ARN = "arn:aws:eks:us-west-2:111122223333:cluster/dev";

/** A valid config: an adopted cluster and one Pod Identity workload. Each test changes one thing. */
function valid(): Json {
    return {
        cluster: { mode: "adopt", name: "dev" },
        workloads: [
            {
                name: "reader",
                namespace: "apps",
                serviceAccount: "reader",
                identity: "pod-identity",
                statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] }],
                deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
            },
        ],
    };
}

function first(config: Json): Json {
    return (config.workloads as Json[])[0] as Json;
}

const problemsOf = (config: unknown): string[] => configProblems(config);

const FARGATE =
    'cannot work on a Fargate-only cluster (cluster.fargateOnly true): EKS Pod Identity is not available to pods on Fargate (its agent is a DaemonSet on EC2 nodes); use identity "irsa".';
const NO_AGENT =
    'needs the eks-pod-identity-agent add-on, which cluster.podIdentityAgent "none" says the cluster lacks and this stack must not install: set cluster.podIdentityAgent to "install" (this stack installs it) or "existing" (it runs already), or use identity "irsa".';

describe("Pod Identity config", () => {
    describe("validateIrsaClusterArgs", () => {
        it("accepts every mode, the default and the agent modes", () => {
            assert.deepEqual(problemsOf(valid()), []);
            for (const identity of ["irsa", "pod-identity", "both"]) {
                const config = valid();
                first(config).identity = identity;
                config.identity = identity;
                assert.deepEqual(problemsOf(config), [], identity);
            }
            for (const podIdentityAgent of ["install", "existing"]) {
                const config = valid();
                (config.cluster as Json).podIdentityAgent = podIdentityAgent;
                assert.deepEqual(problemsOf(config), [], podIdentityAgent);
            }
        });

        it("reports an unknown identity mode, on a workload and as the default", () => {
            const config = valid();
            first(config).identity = "pod";
            config.identity = "IRSA";
            const fix = 'use "irsa" (IAM roles for service accounts), "pod-identity" (EKS Pod Identity) or "both" (the migration between them).';
            assert.deepEqual(problemsOf(config), [
                `workloads[0].identity "pod" is not an identity mode: ${fix}`,
                `identity "IRSA" is not an identity mode: ${fix}`,
            ]);
        });

        it("refuses Pod Identity on a Fargate-only cluster, for a workload and for the default", () => {
            const config = valid();
            (config.cluster as Json).fargateOnly = true;
            assert.deepEqual(problemsOf(config), [`workloads[0].identity "pod-identity" ${FARGATE}`]);
            first(config).identity = "both";
            assert.deepEqual(problemsOf(config), [`workloads[0].identity "both" ${FARGATE}`]);
            delete first(config).identity;
            config.identity = "pod-identity";
            assert.deepEqual(problemsOf(config), [`identity "pod-identity" ${FARGATE}`]);
        });

        it("accepts IRSA on a Fargate-only cluster", () => {
            const config = valid();
            (config.cluster as Json).fargateOnly = true;
            first(config).identity = "irsa";
            assert.deepEqual(problemsOf(config), []);
        });

        it("refuses Pod Identity when the cluster has no agent and the config says not to install it", () => {
            const config = valid();
            (config.cluster as Json).podIdentityAgent = "none";
            assert.deepEqual(problemsOf(config), [`workloads[0].identity "pod-identity" ${NO_AGENT}`]);
            (config.cluster as Json).mode = "create";
            assert.deepEqual(problemsOf(config), [`workloads[0].identity "pod-identity" ${NO_AGENT}`]);
        });

        it("reports agent and Fargate fields that do not fit the cluster", () => {
            const config = valid();
            (config.cluster as Json).podIdentityAgent = "yes";
            (config.cluster as Json).fargateOnly = "no";
            assert.deepEqual(problemsOf(config), [
                'cluster.podIdentityAgent "yes" is not a Pod Identity Agent mode: use "install" (this stack installs the eks-pod-identity-agent add-on), "existing" (the cluster runs it already) or "none" (no agent: Pod Identity is refused).',
                'cluster.fargateOnly "no" is not a boolean: use true when every pod of the adopted cluster runs on Fargate, else leave it out.',
            ]);
            const created = valid();
            created.cluster = { mode: "create", name: "dev", podIdentityAgent: "existing", fargateOnly: false };
            assert.deepEqual(problemsOf(created), [
                'cluster.podIdentityAgent "existing" is not possible on a cluster this stack creates: a new cluster has no add-ons yet: use "install" (the default) or "none".',
                "cluster.fargateOnly false is not used with a created cluster: a cluster this stack creates runs its pods on a managed node group: remove it.",
            ]);
        });

        it("reports podIdentity options on a workload that resolves to irsa", () => {
            const config = valid();
            first(config).identity = "irsa";
            first(config).podIdentity = { disableSessionTags: true };
            assert.deepEqual(problemsOf(config), [
                'workloads[0].podIdentity {"disableSessionTags":true} is not used with identity "irsa": remove it, or set identity "pod-identity" or "both".',
            ]);
            delete first(config).identity;
            config.identity = "pod-identity";
            assert.deepEqual(problemsOf(config), []);
        });

        it("checks each association option", () => {
            const config = valid();
            first(config).podIdentity = { targetRoleArn: "arn:aws:iam::4444:role/x", disableSessionTags: "yes", ttl: 3 };
            assert.deepEqual(problemsOf(config), [
                'workloads[0].podIdentity.targetRoleArn "arn:aws:iam::4444:role/x" is not an IAM role ARN: write "arn:aws:iam::<account>:role/<name>".',
                'workloads[0].podIdentity.disableSessionTags "yes" is not a boolean: use true or false.',
                'workloads[0].podIdentity.ttl 3 is not a known field: use one of targetRoleArn, disableSessionTags, sessionPolicy.',
            ]);
        });

        it("requires disableSessionTags true with a session policy, as EKS does", () => {
            const config = valid();
            const sessionPolicy = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/2024/*"] }];
            first(config).podIdentity = { sessionPolicy };
            const fix = "EKS accepts a session policy only on an association without session tags: set disableSessionTags to true.";
            assert.deepEqual(problemsOf(config), [`workloads[0].podIdentity.disableSessionTags is missing: sessionPolicy needs it: ${fix}`]);
            first(config).podIdentity = { sessionPolicy, disableSessionTags: false };
            assert.deepEqual(problemsOf(config), [`workloads[0].podIdentity.disableSessionTags false contradicts sessionPolicy: ${fix}`]);
            first(config).podIdentity = { sessionPolicy, disableSessionTags: true };
            assert.deepEqual(problemsOf(config), []);
        });

        it("checks the session policy's statements and its 2,048-character limit", () => {
            const config = valid();
            first(config).podIdentity = { disableSessionTags: true, sessionPolicy: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::reports/*"] }] };
            assert.deepEqual(problemsOf(config), [
                'workloads[0].podIdentity.sessionPolicy[0].actions[0] "s3:*" grants every action of s3: list the s3 actions the workload calls.',
            ]);
            const resources = Array.from({ length: 70 }, (_, i) => `arn:aws:s3:::reports/${String(i).padStart(4, "0")}/*`);
            const big = [{ actions: ["s3:GetObject"], resources }];
            first(config).podIdentity = { disableSessionTags: true, sessionPolicy: big };
            const [problem] = problemsOf(config);
            const size = JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [...resources].sort() }],
            }).length;
            assert.equal(
                problem,
                `workloads[0].podIdentity.sessionPolicy ${JSON.stringify(big).slice(0, 119)}… makes a session policy of ${size} characters: EKS allows 2048; narrow it to the statements this association needs, or put the permissions on the role.`,
            );
        });
    });

    describe("trust documents", () => {
        it("pins the cluster, namespace and ServiceAccount with the session tags EKS sets", () => {
            assert.deepEqual(podIdentityTrustStatement({ clusterArn: CLUSTER_ARN, namespace: "apps", serviceAccount: "reader" }), {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
                        "aws:RequestTag/kubernetes-namespace": "apps",
                        "aws:RequestTag/kubernetes-service-account": "reader",
                    },
                },
            });
        });

        it("is AWS's bare documented trust when the association disables session tags (no tag would ever match)", () => {
            assert.deepEqual(podIdentityTrustStatement({ clusterArn: CLUSTER_ARN, namespace: "apps", serviceAccount: "reader", sessionTagsDisabled: true }), {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
            });
        });

        it("grants sts:AssumeRole and sts:TagSession on a target role", () => {
            assert.deepEqual(podIdentityTargetRoleStatement("arn:aws:iam::444455556666:role/data"), {
                actions: ["sts:AssumeRole", "sts:TagSession"],
                resources: ["arn:aws:iam::444455556666:role/data"],
            });
        });

        it("puts the IRSA statement first in both mode", () => {
            const irsa = { providerArn: "arn:aws:iam::111122223333:oidc-provider/oidc.example/id/A", issuerHost: "oidc.example/id/A", namespace: "apps", serviceAccount: "reader" };
            const podIdentity = { namespace: "apps", serviceAccount: "reader" };
            const both = workloadTrustDocument({ mode: "both", irsa, clusterArn: CLUSTER_ARN, podIdentity });
            assert.deepEqual(both.Statement.map((s) => s.Principal), [{ Federated: irsa.providerArn }, { Service: "pods.eks.amazonaws.com" }]);
            assert.deepEqual(workloadTrustDocument({ mode: "pod-identity", clusterArn: CLUSTER_ARN, podIdentity }).Statement, both.Statement.slice(1));
            assert.deepEqual(workloadTrustDocument({ mode: "irsa", irsa }).Statement, both.Statement.slice(0, 1));
        });
    });

    describe("pure helpers", () => {
        it("resolves a workload's mode from its own identity, then the default, then irsa", () => {
            assert.deepEqual(
                [resolveIdentity({ identity: "both" }, "pod-identity"), resolveIdentity({}, "pod-identity"), resolveIdentity({}, undefined)],
                ["both", "pod-identity", "irsa"],
            );
        });

        it("keeps other annotations of the ServiceAccount in pod-identity mode", () => {
            const metadata = {
                name: "reader",
                annotations: { "eks.amazonaws.com/role-arn": "arn", "eks.amazonaws.com/sts-regional-endpoints": "true", "team.example/owner": "data" },
            };
            assert.deepEqual(identityServiceAccountMetadata(metadata, "pod-identity"), { name: "reader", annotations: { "team.example/owner": "data" } });
            assert.equal(identityServiceAccountMetadata(metadata, "irsa"), metadata);
        });

        it("leaves out the options an association does not set", () => {
            assert.deepEqual(podIdentityAssociationArgs({ clusterName: "dev", namespace: "apps", serviceAccount: "reader", roleArn: "arn", options: {}, tags: {} }), {
                clusterName: "dev",
                namespace: "apps",
                serviceAccount: "reader",
                roleArn: "arn",
            });
        });
    });
});
