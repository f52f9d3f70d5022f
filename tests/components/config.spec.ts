import * as assert from "node:assert/strict";
import { validateIrsaClusterArgs } from "../../components/validation";
import { configProblems } from "../helpers/configProblems";

type Json = Record<string, unknown>;

/** A valid config: a created cluster and one workload with a Deployment. Each test changes one thing. */
function valid(): Json {
    return {
        cluster: { mode: "create", name: "sandbox", version: "1.31" },
        workloads: [
            {
                name: "s3-reader",
                namespace: "ns-utils",
                serviceAccount: "s3-reader",
                statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-s3-bucket/*"] }],
                deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
            },
        ],
    };
}

function workload(config: Json, index = 0): Json {
    return (config.workloads as Json[])[index] as Json;
}

/** The problems `validateIrsaClusterArgs` reports for `config`; [] when it passes. */
const problemsOf = (config: unknown, componentName?: string): string[] =>
    configProblems(config, componentName !== undefined ? { componentName } : {});

const LABEL_RULE = 'use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)';

describe("validateIrsaClusterArgs", () => {
    it("returns a plain-data copy of a valid config, equal to it", () => {
        const config = valid();
        const checked = validateIrsaClusterArgs(config);
        assert.deepEqual(checked, config);
        assert.notEqual(checked, config);
    });

    it("copies a map made with a null prototype into a plain object", () => {
        const config = valid();
        const tags = Object.create(null) as Record<string, string>;
        tags.team = "payments";
        config.tags = tags;
        assert.equal(Object.getPrototypeOf((validateIrsaClusterArgs(config) as unknown as Json).tags), Object.prototype);
    });

    it("reports tag keys and values with characters IAM refuses", () => {
        const config = valid();
        config.tags = { "team#1": "payments", owner: "a;b", "cost center": "ok: 42/+=@-_." };
        assert.deepEqual(problemsOf(config), [
            'tags.team#1 "payments" has a key with characters IAM refuses: use letters, digits, spaces and "_ . : / = + - @".',
            'tags.owner "a;b" has characters IAM refuses: use letters, digits, spaces and "_ . : / = + - @".',
        ]);
    });

    it("refuses verify on a workload whose Pod Identity chains to another role", () => {
        const config = valid();
        Object.assign(workload(config), { identity: "pod-identity", podIdentity: { targetRoleArn: "arn:aws:iam::210987654321:role/reports" }, verify: true });
        assert.deepEqual(problemsOf(config), [
            "workloads[0].verify true cannot prove a workload whose Pod Identity chains to podIdentity.targetRoleArn: the pod's caller is the target role, not the workload's: remove verify, or remove targetRoleArn.",
        ]);
    });

    it("accepts an adopted cluster with an adopted provider, and an empty list of workloads", () => {
        assert.deepEqual(
            problemsOf({
                cluster: { mode: "adopt", name: "sandbox" },
                oidcProvider: { mode: "adopt", arn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-southeast-2.amazonaws.com/id/ABC" },
                workloads: [],
            }),
            [],
        );
    });

    it("throws one error whose message lists every problem, one per line", () => {
        const config = valid();
        workload(config).namespace = "Payments";
        workload(config).serviceAccount = "Reader";
        assert.throws(() => validateIrsaClusterArgs(config), {
            name: "IrsaConfigError",
            message:
                "Invalid eks-irsa configuration (2 problems):\n" +
                `  - workloads[0].namespace "Payments" is not a valid Kubernetes namespace: ${LABEL_RULE}.\n` +
                `  - workloads[0].serviceAccount "Reader" is not a valid ServiceAccount name: ${LABEL_RULE}.`,
        });
    });

    describe("the top level", () => {
        it("reports a config that is not an object", () => {
            assert.deepEqual(problemsOf("cluster"), ['config "cluster" is not an object: give { cluster, workloads, oidcProvider?, tags? }.']);
        });

        it("reports missing cluster and workloads", () => {
            assert.deepEqual(problemsOf({}), [
                'cluster is missing: give { mode: "create" | "adopt", name }.',
                "workloads is missing: give a list of workloads (it may be empty).",
            ]);
        });

        it("reports an unknown key", () => {
            const config = valid();
            config.workload = [];
            assert.deepEqual(problemsOf(config), ["workload [] is not a known field: use workloads (one of cluster, oidcProvider, workloads, tags, identity, roleNamePrefix, trustedClusters, accounts, maxTrustPolicyLength)."]);
        });

        it("reports workloads that are not a list", () => {
            const config = valid();
            config.workloads = { a: 1 };
            assert.deepEqual(problemsOf(config), ['workloads {"a":1} is not a list: give a list of workloads (it may be empty).']);
        });

        it("reports tags IAM refuses", () => {
            const config = valid();
            config.tags = { "aws:owner": "me", team: 3, long: "x".repeat(257) };
            assert.deepEqual(problemsOf(config), [
                'tags.aws:owner "me" uses the reserved "aws:" prefix: rename the tag.',
                "tags.team 3 is not a string: quote the tag value.",
                `tags.long "${"x".repeat(118)}… is longer than 256 characters: shorten the value.`,
            ]);
        });

        it("reports more than 50 tags", () => {
            const config = valid();
            const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "v"]));
            config.tags = tags;
            assert.deepEqual(problemsOf(config), [`tags ${JSON.stringify(tags).slice(0, 119)}… has 51 tags: use at most 50 (IAM's limit).`]);
        });

        it("reports a role whose own tags and the config's tags make more than 50 once merged", () => {
            const config = valid();
            config.tags = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`stack${i}`, "v"]));
            const roleTags = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`role${i}`, "v"]));
            workload(config).role = { tags: roleTags };
            assert.deepEqual(problemsOf(config), [
                `workloads[0].role.tags ${JSON.stringify(roleTags).slice(0, 119)}… makes 60 tags on the role once merged with the 30 tags of the config's tags: IAM allows at most 50 tags per role: remove 10 tags from role.tags or tags.`,
            ]);
        });

        it("counts a key in both maps once (the role's value wins)", () => {
            const config = valid();
            const shared = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`t${i}`, "v"]));
            config.tags = shared;
            workload(config).role = { tags: { ...shared, ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`own${i}`, "v"])) } };
            assert.deepEqual(problemsOf(config), []);
        });
    });

    describe("cluster", () => {
        it("reports a missing mode and an invalid name", () => {
            const config = valid();
            config.cluster = { name: "my cluster" };
            assert.deepEqual(problemsOf(config), [
                'cluster.mode is missing: use "create" to create the cluster or "adopt" to use an existing one.',
                'cluster.name "my cluster" is not a valid EKS cluster name: use 1 to 100 letters, digits, "-" and "_", starting with a letter or digit.',
            ]);
        });

        it("reports an unknown mode and a missing name", () => {
            const config = valid();
            config.cluster = { mode: "new" };
            assert.deepEqual(problemsOf(config), [
                'cluster.mode "new" is not a cluster mode: use "create" to create the cluster or "adopt" to use an existing one.',
                'cluster.name is missing: give the EKS cluster\'s name: use 1 to 100 letters, digits, "-" and "_", starting with a letter or digit.',
            ]);
        });

        it("reports a cluster that is not an object", () => {
            const config = valid();
            config.cluster = "sandbox";
            assert.deepEqual(problemsOf(config), ['cluster "sandbox" is not an object: give { mode: "create" | "adopt", name }.']);
        });

        it("reports a version written as a YAML number", () => {
            const config = valid();
            (config.cluster as Json).version = 1.3;
            assert.deepEqual(problemsOf(config), ['cluster.version 1.3 is not a Kubernetes version: write "1.<minor>" as a quoted string, e.g. "1.31".']);
        });

        it("reports creation settings on an adopted cluster, and unknown fields", () => {
            const config = valid();
            config.cluster = { mode: "adopt", name: "sandbox", version: "1.31", region: "us-east-1" };
            assert.deepEqual(problemsOf(config), [
                'cluster.version "1.31" is not used with an adopted cluster: remove it (an adopted cluster is used as it is).',
                'cluster.region "us-east-1" is not a known field: use one of mode, name, podIdentityAgent, fargateOnly, kubeconfigProfile, kubeconfigRoleArn, accessEntries.',
            ]);
        });

        it("reports node counts that are not integers in range", () => {
            const config = valid();
            (config.cluster as Json).nodeGroup = { instanceType: "large", minSize: -1, maxSize: 0, desiredSize: 1.5 };
            assert.deepEqual(problemsOf(config), [
                'cluster.nodeGroup.instanceType "large" is not an EC2 instance type: write "<family>.<size>", e.g. "t3.medium".',
                "cluster.nodeGroup.minSize -1 is not a node count: use an integer from 0 to 1000.",
                "cluster.nodeGroup.maxSize 0 is not a node count: use an integer from 1 to 1000.",
                "cluster.nodeGroup.desiredSize 1.5 is not a node count: use an integer from 0 to 1000.",
            ]);
        });

        it("reports minSize above maxSize", () => {
            const config = valid();
            (config.cluster as Json).nodeGroup = { minSize: 3, maxSize: 2 };
            assert.deepEqual(problemsOf(config), ["cluster.nodeGroup.minSize 3 is greater than maxSize 2: make minSize at most maxSize."]);
        });

        it("reports a desired size outside the defaults' range", () => {
            const config = valid();
            (config.cluster as Json).nodeGroup = { desiredSize: 5 };
            assert.deepEqual(problemsOf(config), ["cluster.nodeGroup.desiredSize 5 is outside minSize 1 and maxSize 2: use a number from minSize to maxSize."]);
        });

        it("reports both endpoints turned off", () => {
            const config = valid();
            Object.assign(config.cluster as Json, { endpointPrivateAccess: false, endpointPublicAccess: false });
            assert.deepEqual(problemsOf(config), [
                "cluster.endpointPublicAccess false leaves the API server unreachable with endpointPrivateAccess false: turn on at least one of the two endpoints.",
            ]);
        });

        it("reports malformed network ids and a single subnet", () => {
            const config = valid();
            Object.assign(config.cluster as Json, { vpcId: "vpc-1", subnetIds: ["subnet-0123abcd"] });
            assert.deepEqual(problemsOf(config), [
                'cluster.vpcId "vpc-1" is not a VPC id: use "vpc-" followed by 8 or 17 hex digits.',
                'cluster.subnetIds ["subnet-0123abcd"] has fewer than two subnets: give subnets in at least two availability zones.',
            ]);
        });

        it("reports subnets without a VPC", () => {
            const config = valid();
            Object.assign(config.cluster as Json, { subnetIds: ["subnet-0123abcd", "subnet-4567ef01"] });
            assert.deepEqual(problemsOf(config), [
                'cluster.subnetIds ["subnet-0123abcd","subnet-4567ef01"] needs cluster.vpcId: give the VPC the subnets belong to.',
            ]);
        });
    });

    describe("oidcProvider", () => {
        it("reports a malformed provider ARN", () => {
            const config = valid();
            config.cluster = { mode: "adopt", name: "sandbox" };
            config.oidcProvider = { mode: "adopt", arn: "arn:aws:iam::123456789012:role/oidc" };
            assert.deepEqual(problemsOf(config), [
                'oidcProvider.arn "arn:aws:iam::123456789012:role/oidc" is not an IAM OIDC provider ARN: use "arn:aws:iam::<account>:oidc-provider/<issuer host>", e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE".',
            ]);
        });

        it("reports adopt without an ARN", () => {
            const config = valid();
            config.cluster = { mode: "adopt", name: "sandbox" };
            config.oidcProvider = { mode: "adopt" };
            assert.deepEqual(problemsOf(config), [
                'oidcProvider.arn is missing: use "arn:aws:iam::<account>:oidc-provider/<issuer host>", e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE".',
            ]);
        });

        it("reports a lookup for a cluster the stack creates", () => {
            const config = valid();
            config.oidcProvider = { mode: "lookup" };
            assert.deepEqual(problemsOf(config), [
                'oidcProvider.mode "lookup" needs an adopted cluster: a cluster this stack creates has no provider yet, use mode "create".',
            ]);
        });

        it("reports an unknown mode", () => {
            const config = valid();
            config.oidcProvider = { mode: "import" };
            assert.deepEqual(problemsOf(config), ['oidcProvider.mode "import" is not a provider mode: use "create", "adopt" (with arn) or "lookup".']);
        });

        it("reports an ARN given with mode create", () => {
            const config = valid();
            config.oidcProvider = { mode: "create", arn: "x" };
            assert.deepEqual(problemsOf(config), ['oidcProvider.arn "x" is not a known field: use one of mode.']);
        });
    });

    describe("workload identity", () => {
        it("reports a workload that is not an object", () => {
            const config = valid();
            config.workloads = ["api"];
            assert.deepEqual(problemsOf(config), ['workloads[0] "api" is not an object: give { name, namespace, serviceAccount, deployment, ... }.']);
        });

        it("reports missing name, namespace and serviceAccount", () => {
            const config = valid();
            config.workloads = [{ deployment: false }];
            assert.deepEqual(problemsOf(config), [
                `workloads[0].name is missing: give the workload name: ${LABEL_RULE}.`,
                `workloads[0].namespace is missing: give the Kubernetes namespace: ${LABEL_RULE}.`,
                `workloads[0].serviceAccount is missing: give the ServiceAccount name: ${LABEL_RULE}.`,
            ]);
        });

        it("reports a namespace that is not an RFC 1123 label", () => {
            const config = valid();
            workload(config).namespace = "Payments";
            assert.deepEqual(problemsOf(config), [`workloads[0].namespace "Payments" is not a valid Kubernetes namespace: ${LABEL_RULE}.`]);
        });

        it("reports a 64-character ServiceAccount name and accepts 63", () => {
            const config = valid();
            workload(config).serviceAccount = "a".repeat(63);
            assert.deepEqual(problemsOf(config), []);
            workload(config).serviceAccount = "a".repeat(64);
            assert.deepEqual(problemsOf(config), [`workloads[0].serviceAccount "${"a".repeat(64)}" is not a valid ServiceAccount name: ${LABEL_RULE}.`]);
        });

        it("reports a workload name with an underscore", () => {
            const config = valid();
            workload(config).name = "s3_reader";
            assert.deepEqual(problemsOf(config), [`workloads[0].name "s3_reader" is not a valid workload name: ${LABEL_RULE}.`]);
        });

        it("reports the default ServiceAccount", () => {
            const config = valid();
            workload(config).serviceAccount = "default";
            assert.deepEqual(problemsOf(config), [
                'workloads[0].serviceAccount "default" is the namespace\'s default ServiceAccount, used by every pod that names no other: give the workload its own ServiceAccount.',
            ]);
        });

        it("reports an unknown ServiceAccount mode and a createNamespace that is not a boolean", () => {
            const config = valid();
            Object.assign(workload(config), { serviceAccountMode: "override", createNamespace: "yes" });
            assert.deepEqual(problemsOf(config), [
                'workloads[0].createNamespace "yes" is not a boolean: use true to create the namespace or false when it exists.',
                'workloads[0].serviceAccountMode "override" is not a ServiceAccount mode: use "create", "adopt" (annotate an existing ServiceAccount) or "role-only" (the ServiceAccount is managed elsewhere).',
            ]);
        });

        it("reports createNamespace true with an adopted ServiceAccount", () => {
            const config = valid();
            Object.assign(workload(config), { serviceAccountMode: "adopt", createNamespace: true });
            assert.deepEqual(problemsOf(config), [
                'workloads[0].createNamespace true contradicts serviceAccountMode "adopt": an adopted ServiceAccount lives in a namespace that exists: remove createNamespace or set it to false.',
            ]);
        });

        it("reports invalid label keys and values", () => {
            const config = valid();
            workload(config).labels = { "-team": "data", tier: "back end" };
            assert.deepEqual(problemsOf(config), [
                'workloads[0].labels.-team "data" has an invalid label key: use [prefix/]name, the name at most 63 characters of a-z, A-Z, 0-9, "-", "_", ".", alphanumeric at both ends.',
                'workloads[0].labels.tier "back end" is not a valid label value: use at most 63 characters of a-z, A-Z, 0-9, "-", "_", ".", alphanumeric at both ends, or "".',
            ]);
        });

        it("reports a field no validator knows", () => {
            const config = valid();
            workload(config).serviceaccount = "x";
            assert.deepEqual(problemsOf(config), [
                'workloads[0].serviceaccount "x" is not a known field: use serviceAccount (one of name, previousNames, namespace, serviceAccount, createNamespace, serviceAccountMode, labels, statements, grants, addon, managedPolicyArns, role, deployment, identity, podIdentity, verify, trustedClusters, account, sharedRoleArn).',
            ]);
        });
    });

    describe("workloads together", () => {
        it("reports a duplicate workload name and a duplicate namespace/serviceAccount pair", () => {
            const config = valid();
            (config.workloads as Json[]).push({ ...workload(config) });
            assert.deepEqual(problemsOf(config), [
                'workloads[1].name "s3-reader" is already used by workloads[0]: give each workload a unique name.',
                'workloads[1].serviceAccount "ns-utils/s3-reader" is already the ServiceAccount of workloads[0]: give each workload its own ServiceAccount (one role per namespace/serviceAccount pair).',
            ]);
        });

        it("accepts the same ServiceAccount name in two namespaces", () => {
            const config = valid();
            (config.workloads as Json[]).push({ ...workload(config), name: "other", namespace: "other" });
            assert.deepEqual(problemsOf(config), []);
        });

        it("reports workloads of one namespace that disagree on creating it", () => {
            const config = valid();
            (config.workloads as Json[]).push({ ...workload(config), name: "helm-app", serviceAccount: "helm-app", serviceAccountMode: "adopt" });
            assert.deepEqual(problemsOf(config), [
                'workloads[1].createNamespace false disagrees with workloads[0].createNamespace true for namespace "ns-utils": set the same createNamespace on every workload of a namespace (it defaults to true on a created cluster with serviceAccountMode "create", else to false).',
            ]);
        });

        it("reports two workloads with the same explicit role name", () => {
            const config = valid();
            workload(config).role = { name: "shared" };
            (config.workloads as Json[]).push({ ...workload(config), name: "other", serviceAccount: "other" });
            assert.deepEqual(problemsOf(config), [
                'workloads[1].role.name "shared" is already the role name of workloads[0]: give each workload its own role name.',
            ]);
        });

        it("reports an explicit role name equal to another workload's derived one", () => {
            const config = valid();
            (config.workloads as Json[]).push({ ...workload(config), name: "other", serviceAccount: "other", role: { name: "platform-s3-reader" } });
            assert.deepEqual(problemsOf(config, "platform"), [
                'workloads[1].role.name "platform-s3-reader" is already the role name of workloads[0]: give each workload its own role name.',
            ]);
        });
    });

    describe("statements", () => {
        function withActions(actions: unknown): Json {
            const config = valid();
            workload(config).statements = [{ actions, resources: ["arn:aws:s3:::my-s3-bucket/*"] }];
            return config;
        }

        it("reports the * action", () => {
            assert.deepEqual(problemsOf(withActions(["*"])), [
                'workloads[0].statements[0].actions[0] "*" grants every action of every service: list the actions the workload calls, e.g. "s3:GetObject".',
            ]);
        });

        it("reports a service:* action", () => {
            assert.deepEqual(problemsOf(withActions(["s3:GetObject", "s3:*"])), [
                'workloads[0].statements[0].actions[1] "s3:*" grants every action of s3: list the s3 actions the workload calls.',
            ]);
        });

        it("reports a wildcard pattern action", () => {
            assert.deepEqual(problemsOf(withActions(["s3:Get*"])), [
                'workloads[0].statements[0].actions[0] "s3:Get*" is a wildcard pattern that also matches actions AWS adds later: list each action the workload calls.',
            ]);
        });

        it("reports an action without a service prefix", () => {
            assert.deepEqual(problemsOf(withActions(["GetObject", 3])), [
                'workloads[0].statements[0].actions[0] "GetObject" is not an IAM action: write it as "service:Action", e.g. "s3:GetObject".',
                'workloads[0].statements[0].actions[1] 3 is not an IAM action: write it as "service:Action", e.g. "s3:GetObject".',
            ]);
        });

        it("reports an empty action list", () => {
            assert.deepEqual(problemsOf(withActions([])), [
                'workloads[0].statements[0].actions [] is empty: list the actions as "service:Action", e.g. "s3:GetObject".',
            ]);
        });

        it("reports missing resources and a resource that is not an ARN", () => {
            const config = valid();
            workload(config).statements = [{ actions: ["s3:GetObject"] }, { actions: ["s3:GetObject"], resources: ["my-s3-bucket", "*"] }];
            assert.deepEqual(problemsOf(config), [
                'workloads[0].statements[0].resources is missing: list the ARNs the actions apply to, e.g. "arn:aws:s3:::my-bucket/*".',
                'workloads[0].statements[1].resources[0] "my-s3-bucket" is not an ARN: write the resource\'s ARN, e.g. "arn:aws:s3:::my-bucket/*", or "*" for actions without resource-level permissions.',
            ]);
        });

        it("reports statements written in IAM's own spelling", () => {
            const config = valid();
            workload(config).statements = [{ Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }];
            assert.deepEqual(problemsOf(config), [
                'workloads[0].statements[0].actions is missing: list the actions as "service:Action", e.g. "s3:GetObject".',
                'workloads[0].statements[0].resources is missing: list the ARNs the actions apply to, e.g. "arn:aws:s3:::my-bucket/*".',
                'workloads[0].statements[0].Action ["s3:GetObject"] is not a known field: use actions (one of actions, resources, conditions).',
                'workloads[0].statements[0].Resource ["arn:aws:s3:::b/*"] is not a known field: use resources (one of actions, resources, conditions).',
            ]);
        });

        it("reports an unknown condition operator and a value that is not a string, list or boolean", () => {
            const config = valid();
            workload(config).statements = [
                {
                    actions: ["s3:ListBucket"],
                    resources: ["arn:aws:s3:::b"],
                    conditions: { StringEqual: { "s3:prefix": "a/" }, StringLike: { "s3:prefix": 3 } },
                },
            ];
            assert.deepEqual(problemsOf(config), [
                'workloads[0].statements[0].conditions.StringEqual {"s3:prefix":"a/"} is not an IAM condition operator: use an operator IAM documents, e.g. StringEquals, StringLike, ArnLike, Bool.',
                "workloads[0].statements[0].conditions.StringLike.s3:prefix 3 is not a condition value: use a string, a non-empty list of strings or a boolean.",
            ]);
        });

        it("accepts ForAnyValue: and IfExists operators", () => {
            const config = valid();
            workload(config).statements = [
                {
                    actions: ["s3:ListBucket"],
                    resources: ["arn:aws:s3:::b"],
                    conditions: { "ForAnyValue:StringLike": { "aws:TagKeys": ["a*"] }, StringEqualsIfExists: { "s3:prefix": "a/" }, Bool: { "aws:SecureTransport": true } },
                },
            ];
            assert.deepEqual(problemsOf(config), []);
        });

        it("reports statements that make an inline policy over IAM's 10,240 characters", () => {
            const config = valid();
            const resources = Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`);
            workload(config).statements = [{ actions: ["s3:GetObject"], resources }];
            const document = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":[${[...resources]
                .sort()
                .map((r) => JSON.stringify(r))
                .join(",")}]}]}`;
            assert.deepEqual(problemsOf(config), [
                `workloads[0].statements ${JSON.stringify(workload(config).statements).slice(0, 119)}… make an inline policy of ${document.length} characters: IAM allows 10240 per role; move statements into a managed policy or merge their resources.`,
            ]);
        });
    });

    describe("managedPolicyArns", () => {
        it("reports a policy name that is not an ARN and a duplicate", () => {
            const config = valid();
            workload(config).managedPolicyArns = ["AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"];
            assert.deepEqual(problemsOf(config), [
                'workloads[0].managedPolicyArns[0] "AmazonS3ReadOnlyAccess" is not a managed policy ARN: write "arn:aws:iam::aws:policy/<name>" or "arn:aws:iam::<account>:policy/<path><name>".',
                'workloads[0].managedPolicyArns[2] "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" is listed twice: remove the duplicate.',
            ]);
        });

        it("accepts 10 policies and reports 11", () => {
            const config = valid();
            const arns = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`);
            workload(config).managedPolicyArns = arns.slice(0, 10);
            assert.deepEqual(problemsOf(config), []);
            workload(config).managedPolicyArns = arns;
            assert.deepEqual(problemsOf(config), [
                `workloads[0].managedPolicyArns ${JSON.stringify(arns).slice(0, 119)}… has 11 policies: attach at most 10 (IAM's default quota per role), or move permissions into statements.`,
            ]);
        });
    });

    describe("role", () => {
        it("accepts every option in range", () => {
            const config = valid();
            workload(config).role = {
                name: "reader",
                permissionsBoundary: "arn:aws:iam::123456789012:policy/boundaries/workloads",
                path: "/irsa/",
                maxSessionDuration: 43200,
                tags: { team: "data" },
                description: "Reads reports",
            };
            assert.deepEqual(problemsOf(config), []);
        });

        it("reports every option out of range", () => {
            const config = valid();
            workload(config).role = {
                name: "reader role",
                permissionsBoundary: "boundary",
                path: "irsa",
                maxSessionDuration: 3599,
                tags: { "aws:x": "y" },
                description: "tab\u0001",
                arn: "x",
            };
            assert.deepEqual(problemsOf(config), [
                'workloads[0].role.name "reader role" is not a valid IAM role name: use 1 to 64 letters, digits and "+=,.@_-".',
                'workloads[0].role.permissionsBoundary "boundary" is not a managed policy ARN: write "arn:aws:iam::<account>:policy/<name>".',
                'workloads[0].role.path "irsa" is not an IAM path: start and end it with "/", e.g. "/irsa/" (printable ASCII, at most 512 characters).',
                "workloads[0].role.maxSessionDuration 3599 is not a valid session duration: use an integer number of seconds from 3600 (1 hour) to 43200 (12 hours).",
                'workloads[0].role.tags.aws:x "y" uses the reserved "aws:" prefix: rename the tag.',
                'workloads[0].role.description "tab\\u0001" is not a valid role description: use at most 1000 characters without control characters.',
                'workloads[0].role.arn "x" is not a known field: use one of name, permissionsBoundary, path, maxSessionDuration, tags, description.',
            ]);
        });

        it("reports a session of 43201 seconds", () => {
            const config = valid();
            workload(config).role = { maxSessionDuration: 43201 };
            assert.deepEqual(problemsOf(config), [
                "workloads[0].role.maxSessionDuration 43201 is not a valid session duration: use an integer number of seconds from 3600 (1 hour) to 43200 (12 hours).",
            ]);
        });
    });

    describe("deployment", () => {
        it("reports a missing deployment", () => {
            const config = valid();
            delete workload(config).deployment;
            assert.deepEqual(problemsOf(config), [
                "workloads[0].deployment is missing: give { image, ... } or set false when the workload has no Deployment.",
            ]);
        });

        it("reports deployment: true", () => {
            const config = valid();
            workload(config).deployment = true;
            assert.deepEqual(problemsOf(config), [
                "workloads[0].deployment true is not a Deployment: give { image, ... } or set false when the workload has no Deployment.",
            ]);
        });

        it("reports every field out of range", () => {
            const config = valid();
            workload(config).deployment = {
                image: "my image",
                command: "sleep",
                replicas: -1,
                port: 70000,
                env: { "1BAD": "x", PORT: 8080 },
                resources: { limits: { cpu: "1 core", memory: 256 } },
                fsGroup: -5,
                runAsNonRoot: "yes",
                runAsUser: 1.5,
            };
            assert.deepEqual(problemsOf(config), [
                'workloads[0].deployment.image "my image" is not a container image: give an image reference without spaces, at most 1,024 characters, e.g. "public.ecr.aws/aws-cli/aws-cli:2.17.0".',
                'workloads[0].deployment.command "sleep" is not a list of strings: give e.g. ["sh", "-c", "exec my-server"].',
                "workloads[0].deployment.replicas -1 is not a replica count: use an integer ≥ 0.",
                "workloads[0].deployment.port 70000 is not a port: use an integer from 1 to 65535.",
                'workloads[0].deployment.env.1BAD "x" is not a valid environment variable name: use letters, digits, "_", "-" and ".", not starting with a digit.',
                "workloads[0].deployment.env.PORT 8080 is not a string: quote the value.",
                'workloads[0].deployment.resources.limits.cpu "1 core" is not a Kubernetes quantity: write e.g. "500m" for CPU or "256Mi" for memory, as a quoted string.',
                'workloads[0].deployment.resources.limits.memory 256 is not a Kubernetes quantity: write e.g. "500m" for CPU or "256Mi" for memory, as a quoted string.',
                "workloads[0].deployment.fsGroup -5 is not a group id: use an integer from 0 to 2147483647.",
                'workloads[0].deployment.runAsNonRoot "yes" is not a boolean: use true or false.',
                "workloads[0].deployment.runAsUser 1.5 is not a user id: use an integer from 0 to 2147483647.",
            ]);
        });

        it("reports static AWS credentials without showing their values", () => {
            const config = valid();
            workload(config).deployment = { image: "app:1", env: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" } };
            assert.deepEqual(problemsOf(config), [
                "workloads[0].deployment.env.AWS_ACCESS_KEY_ID (value hidden) is a static AWS credential: remove it; the pod gets temporary credentials from its IRSA role.",
                "workloads[0].deployment.env.AWS_SECRET_ACCESS_KEY (value hidden) is a static AWS credential: remove it; the pod gets temporary credentials from its IRSA role.",
            ]);
        });

        it("reports user 0 with runAsNonRoot", () => {
            const config = valid();
            workload(config).deployment = { image: "app:1", runAsUser: 0 };
            assert.deepEqual(problemsOf(config), [
                "workloads[0].deployment.runAsUser 0 is root, which runAsNonRoot refuses: use a non-zero user id, e.g. 65534.",
            ]);
        });

        it("accepts user 0 when runAsNonRoot is false", () => {
            const config = valid();
            workload(config).deployment = { image: "app:1", runAsUser: 0, runAsNonRoot: false };
            assert.deepEqual(problemsOf(config), []);
        });
    });
});
