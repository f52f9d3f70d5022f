import { IrsaCluster } from "eks-irsa";

// One new EKS cluster; each workload gets an IAM role that only its own ServiceAccount can assume.
const platform = new IrsaCluster("platform", {
    cluster: { mode: "create", name: "irsa-example" },
    workloads: [
        {
            // Reads the objects of one bucket, nothing else.
            name: "s3-reader",
            namespace: "my-cluster-namespace",
            serviceAccount: "my-serviceaccount",
            statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-s3-bucket/*"] }],
            deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
        },
        {
            // Reads one DynamoDB table: a typed grant expands to the read actions on that table's ARN.
            name: "table-reader",
            namespace: "data",
            serviceAccount: "table-reader",
            grants: [{ service: "dynamodb", table: "orders", access: "read" }],
            deployment: false,
        },
    ],
});

export const clusterName = platform.clusterName;
export const roleArns = Object.fromEntries(Object.entries(platform.workloads).map(([name, w]) => [name, w.roleArn]));
