/**
 * Generated stack configs for the benchmarks: N workloads, each with an inline statement, typed grants,
 * a ServiceAccount and a Deployment, the shape platform teams put on one cluster.
 */
import { dump } from "js-yaml";

/** The `eks-irsa:workloads` entry of workload `i`. */
export function workload(i: number): Record<string, unknown> {
    const ns = `team-${i % 20}`;
    return {
        name: `svc-${i}`,
        namespace: ns,
        serviceAccount: `svc-${i}`,
        statements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::bench-data-${i}/*`] }],
        grants: [
            { service: "sqs", queue: `bench-queue-${i}`, access: "consume" },
            { service: "dynamodb", table: `bench-table-${i}`, access: "read" },
        ],
        deployment: { image: `registry.example.com/svc-${i}:1.0.0`, replicas: 2, port: 8080 },
    };
}

/** A whole `Pulumi.<stack>.yaml` document with `n` workloads on an adopted cluster. */
export function stackConfigYaml(n: number): string {
    return dump({
        config: {
            "aws:region": "us-west-2",
            "eks-irsa:cluster": { mode: "adopt", name: "bench" },
            "eks-irsa:workloads": Array.from({ length: n }, (_, i) => workload(i)),
        },
    });
}
