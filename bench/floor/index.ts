/**
 * The benchmark floor: registers the resources the IrsaCluster component registers for the same config
 * (OIDC provider, Kubernetes provider, per workload a role, a role policy, a ServiceAccount, a Deployment,
 * and the namespaces) as directly as Pulumi allows: no validation, no component resources, no policy pack.
 * The component's program time is compared to this one's.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";

interface FloorWorkload {
    name: string;
    namespace: string;
    serviceAccount: string;
    createNamespace?: boolean;
    statements?: { actions: string[]; resources: string[] }[];
    deployment: { image: string; replicas?: number; port?: number };
}

const config = new pulumi.Config("eks-irsa");
const clusterName = config.requireObject<{ name: string }>("cluster").name;
const workloads = config.requireObject<FloorWorkload[]>("workloads");

const cluster = aws.eks.getClusterOutput({ name: clusterName });
const issuer = cluster.identities.apply((ids) => ids[0]!.oidcs[0]!.issuer);
const host = issuer.apply((u) => u.replace(/^https:\/\//, ""));
const oidc = new aws.iam.OpenIdConnectProvider("oidc", { url: issuer, clientIdLists: ["sts.amazonaws.com"] });
const provider = new k8s.Provider("k8s", {
    kubeconfig: pulumi.jsonStringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: clusterName, cluster: { server: cluster.endpoint } }] }),
});

// Each namespace once, created unless the workload says it exists (the component's default).
const namespaces = new Set(workloads.filter((w) => w.createNamespace !== false).map((w) => w.namespace));
for (const ns of namespaces) new k8s.core.v1.Namespace(`${ns}-ns`, { metadata: { name: ns } }, { provider });

for (const w of workloads) {
    const role = new aws.iam.Role(w.name, {
        assumeRolePolicy: pulumi.all([oidc.arn, host]).apply(([arn, h]) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: arn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: { StringEquals: { [`${h}:sub`]: `system:serviceaccount:${w.namespace}:${w.serviceAccount}`, [`${h}:aud`]: "sts.amazonaws.com" } },
                    },
                ],
            }),
        ),
    });
    new aws.iam.RolePolicy(w.name, {
        role: role.name,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: (w.statements ?? []).map((s) => ({ Effect: "Allow", Action: s.actions, Resource: s.resources })) }),
    });
    const sa = new k8s.core.v1.ServiceAccount(
        w.name,
        { metadata: { name: w.serviceAccount, namespace: w.namespace, annotations: { "eks.amazonaws.com/role-arn": role.arn } } },
        { provider },
    );
    new k8s.apps.v1.Deployment(
        w.name,
        {
            metadata: { name: w.name, namespace: w.namespace },
            spec: {
                replicas: w.deployment.replicas ?? 1,
                selector: { matchLabels: { app: w.name } },
                template: {
                    metadata: { labels: { app: w.name } },
                    spec: {
                        serviceAccountName: sa.metadata.name,
                        containers: [{ name: w.name, image: w.deployment.image, ports: [{ containerPort: w.deployment.port ?? 8080 }] }],
                    },
                },
            },
        },
        { provider },
    );
}
