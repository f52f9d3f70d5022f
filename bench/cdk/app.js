// AWS CDK beside `eks-irsa synth` in `npm run bench`: the same workloads, in the shape a CDK user deploys them.
//
// The cluster's IAM OIDC provider (`OidcProviderNative`, an AWS::IAM::OIDCProvider as eks-irsa registers one) in a
// stack of its own, and the workloads in stacks of 90 (CloudFormation takes at most 500 resources a stack), each
// importing the cluster (`Cluster.fromClusterAttributes`, with the role kubectl runs as and the kubectl layer) and
// the provider by its ARN; per workload
// `cluster.addServiceAccount` (aws-eks/lib/service-account.ts: an IAM role trusting the provider with StringEquals
// on `:sub` and `:aud`, and the ServiceAccount manifest annotated with the role), the workload's inline statement
// and its two grants through CDK's own grant methods (`grantConsumeMessages` on an imported queue, `grantReadData`
// on an imported table: CDK's grant expansion, as eks-irsa expands its typed grants), and its Deployment through
// `cluster.addManifest`, after the ServiceAccount. `app.synth()` writes the cloud assembly (templates and assets)
// to the output folder, as `cdk synth` does.
//
// Usage: node app.js WORKLOADS.json OUTDIR → prints {"resources", "synthSeconds", "cpuSeconds", "peakRssBytes"}.
"use strict";
const fs = require("node:fs");
const t0 = process.hrtime.bigint();
const cdk = require("aws-cdk-lib");
const dynamodb = require("aws-cdk-lib/aws-dynamodb");
const eks = require("aws-cdk-lib/aws-eks");
const iam = require("aws-cdk-lib/aws-iam");
const sqs = require("aws-cdk-lib/aws-sqs");
const { KubectlV33Layer } = require("@aws-cdk/lambda-layer-kubectl-v33");

const [workloadsFile, outdir] = process.argv.slice(2);
const workloads = JSON.parse(fs.readFileSync(workloadsFile, "utf8"));
const ACCOUNT = "111122223333";
const REGION = "us-west-2";
const ISSUER = "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

/** CloudFormation's limit is 500 resources a stack: workloads go 90 to a stack (5 resources each, and a few per stack). */
const PER_STACK = 90;
const app = new cdk.App({ outdir });
const env = { account: ACCOUNT, region: REGION };
const base = new cdk.Stack(app, "EksIrsaBench", { env });
const provider = new eks.OidcProviderNative(base, "Oidc", { url: ISSUER });

for (let first = 0; first < workloads.length; first += PER_STACK) {
    const stack = new cdk.Stack(app, `EksIrsaBench${first / PER_STACK}`, { env });
    stack.addStackDependency(base);
    const cluster = eks.Cluster.fromClusterAttributes(stack, "Cluster", {
        clusterName: "bench",
        openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, "Oidc", provider.openIdConnectProviderArn),
        kubectlRoleArn: `arn:aws:iam::${ACCOUNT}:role/bench-kubectl`,
        kubectlLayer: new KubectlV33Layer(stack, "Kubectl"),
    });
    for (const w of workloads.slice(first, first + PER_STACK)) addWorkload(stack, cluster, w);
}

function addWorkload(stack, cluster, w) {
    const sa = cluster.addServiceAccount(`${w.name}-sa`, { name: w.serviceAccount, namespace: w.namespace });
    for (const s of w.statements ?? []) sa.addToPrincipalPolicy(new iam.PolicyStatement({ actions: s.actions, resources: s.resources }));
    for (const g of w.grants ?? []) {
        if (g.service === "sqs") sqs.Queue.fromQueueArn(stack, `${w.name}-${g.queue}`, `arn:aws:sqs:${REGION}:${ACCOUNT}:${g.queue}`).grantConsumeMessages(sa);
        else dynamodb.Table.fromTableName(stack, `${w.name}-${g.table}`, g.table).grantReadData(sa);
    }
    // The Deployment eks-irsa registers for the workload (bench/floor/index.ts writes out the same one).
    const labels = { "app.kubernetes.io/name": w.name };
    const container = { name: w.name, image: w.deployment.image, env: [{ name: "HOME", value: "/tmp" }] };
    const podSpec = {
        serviceAccountName: sa.serviceAccountName,
        securityContext: { fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
        containers: [{ ...container, ports: [{ containerPort: w.deployment.port ?? 8080 }], securityContext: { allowPrivilegeEscalation: false } }],
    };
    const spec = { replicas: w.deployment.replicas ?? 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } };
    const deployment = cluster.addManifest(`${w.name}-deploy`, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: w.name, namespace: w.namespace, labels }, spec });
    deployment.node.addDependency(sa);
}

const assembly = app.synth();
const resources = assembly.stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
const cpu = process.cpuUsage();
const rss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ resources, synthSeconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssBytes: rss }));
