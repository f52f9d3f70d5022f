/**
 * The benchmark floor: registers the custom resources the IrsaCluster component registers for the benchmark's
 * generated config (OIDC provider, Kubernetes provider, namespaces, per workload a role, a role policy, a
 * ServiceAccount and a Deployment), with the same inputs and the same dependencies, as directly as Pulumi allows:
 * no validation, no component resources, no grant expansion (the two grants the generated config uses are
 * written out below), no policy pack. The component's program time is compared to this one's, and `bench/run.ts`
 * checks that both programs registered the same custom resources with the same inputs before it compares them.
 *
 * Each workload's resources are created in the component's batches (components/workloadBatches.ts: 25 workloads at a
 * time, a turn of the event loop between two), the cheapest way through the SDK: in one synchronous loop this floor
 * used about 40 % more CPU and 600 MiB instead of 425 MiB at 1,000 workloads (docs/performance.md).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { execKubeconfig } from "../../components/kubeconfig";
import { Batches } from "../../components/workloadBatches";

interface FloorGrant {
    service: string;
    queue?: string;
    table?: string;
    access: string;
}
interface FloorWorkload {
    name: string;
    namespace: string;
    serviceAccount: string;
    statements?: { actions: string[]; resources: string[] }[];
    grants?: FloorGrant[];
    deployment: { image: string; replicas?: number; port?: number };
}

const config = new pulumi.Config("eks-irsa");
const clusterName = config.requireObject<{ name: string }>("cluster").name;
const workloads = config.requireObject<FloorWorkload[]>("workloads");
// The names the component derives from its own name, `<project>-<stack>` of the eks-irsa project.
const prefix = `eks-irsa-${pulumi.getStack()}`;

const cluster = aws.eks.getClusterOutput({ name: clusterName });
const region = aws.getRegionOutput().region;
const accountId = aws.getCallerIdentityOutput().accountId;
const issuer = cluster.identities.apply((ids) => ids[0]!.oidcs[0]!.issuer);
const oidc = new aws.iam.OpenIdConnectProvider(`${prefix}-oidc`, { url: issuer, clientIdLists: ["sts.amazonaws.com"] });
const kubeconfig = pulumi.all([cluster.endpoint, cluster.certificateAuthorities, region]).apply(([endpoint, cas, r]) =>
    JSON.stringify(execKubeconfig({ clusterName, endpoint, certificateAuthorityData: cas[0]?.data ?? "", region: r })),
);
const provider = new k8s.Provider(`${prefix}-k8s`, { kubeconfig: pulumi.secret(kubeconfig) });

// The bench adopts its cluster, and on an adopted cluster the component owns no namespace (they exist already).

/** The statements of the generated config's two grants: SQS consume and DynamoDB read. */
function grantStatement(g: FloorGrant, r: string, account: string): { Effect: string; Action: string[]; Resource: string[] } {
    if (g.service === "sqs") {
        const actions = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"];
        return { Effect: "Allow", Action: actions, Resource: [`arn:aws:sqs:${r}:${account}:${g.queue}`] };
    }
    const actions = ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"];
    return { Effect: "Allow", Action: actions, Resource: [`arn:aws:dynamodb:${r}:${account}:table/${g.table}`] };
}

const batches = new Batches();
for (const w of workloads) void batches.run(() => {
    const base = `${prefix}-${w.name}`;
    const namespace = w.namespace;
    const role = new aws.iam.Role(`${base}-role`, {
        name: base,
        assumeRolePolicy: pulumi.all([oidc.arn, issuer]).apply(([arn, url]) => {
            const host = url.replace(/^https:\/\//, "");
            return JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: arn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: { StringEquals: { [`${host}:sub`]: `system:serviceaccount:${w.namespace}:${w.serviceAccount}`, [`${host}:aud`]: "sts.amazonaws.com" } },
                    },
                ],
            });
        }),
        description: `IRSA role for ${w.namespace}/${w.serviceAccount}`,
    });
    const policy = new aws.iam.RolePolicy(`${base}-policy`, {
        role: role.name,
        name: `${w.name}-permissions`,
        policy: pulumi.all([region, accountId]).apply(([r, account]) => {
            const statements = [
                ...(w.statements ?? []).map((s) => ({ Effect: "Allow", Action: s.actions, Resource: s.resources })),
                ...(w.grants ?? []).map((g) => grantStatement(g, r, account)),
            ].sort((a, b) => (a.Action[0]! < b.Action[0]! ? -1 : 1));
            return JSON.stringify({ Version: "2012-10-17", Statement: statements });
        }),
    });
    const sa = new k8s.core.v1.ServiceAccount(
        `${base}-sa`,
        {
            metadata: {
                name: w.serviceAccount,
                namespace,
                annotations: { "eks.amazonaws.com/role-arn": role.arn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
            },
        },
        { provider },
    );
    const labels = { "app.kubernetes.io/name": w.name };
    new k8s.apps.v1.Deployment(
        `${base}-deploy`,
        {
            metadata: { name: w.name, namespace, labels },
            spec: {
                replicas: w.deployment.replicas ?? 1,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        serviceAccountName: sa.metadata.name,
                        securityContext: { fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
                        containers: [
                            {
                                name: w.name,
                                image: w.deployment.image,
                                // The component's default for uid 65534: a writable HOME for the AWS SDKs and CLI.
                                env: [{ name: "HOME", value: "/tmp" }],
                                ports: [{ containerPort: w.deployment.port ?? 8080 }],
                                securityContext: { allowPrivilegeEscalation: false },
                            },
                        ],
                    },
                },
            },
        },
        { provider, dependsOn: [policy] },
    );
});
