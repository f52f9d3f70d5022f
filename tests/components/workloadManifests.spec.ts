import * as assert from "node:assert/strict";
import { deploymentArgs, serviceAccountMetadata } from "../../components/workloadManifests";

describe("serviceAccountMetadata", () => {
    it("carries the role ARN and regional STS annotations, and no labels unless given", () => {
        assert.deepEqual(serviceAccountMetadata({ name: "sa", namespace: "ns", roleArn: "arn:aws:iam::123456789012:role/r" }), {
            name: "sa",
            namespace: "ns",
            annotations: {
                "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/r",
                "eks.amazonaws.com/sts-regional-endpoints": "true",
            },
        });
    });
});

describe("deploymentArgs", () => {
    it("writes replicas, command, args, resources and labels, and selects pods by app.kubernetes.io/name", () => {
        assert.deepEqual(
            deploymentArgs({
                workloadName: "api",
                namespace: "web",
                serviceAccountName: "api-sa",
                labels: { team: "web" },
                spec: {
                    image: "api:1",
                    command: ["/bin/api"],
                    args: ["--port", "8080"],
                    replicas: 3,
                    resources: { requests: { cpu: "100m" }, limits: { memory: "256Mi" } },
                },
            }),
            {
                metadata: { name: "api", namespace: "web", labels: { team: "web", "app.kubernetes.io/name": "api" } },
                spec: {
                    replicas: 3,
                    selector: { matchLabels: { "app.kubernetes.io/name": "api" } },
                    template: {
                        metadata: { labels: { team: "web", "app.kubernetes.io/name": "api" } },
                        spec: {
                            serviceAccountName: "api-sa",
                            securityContext: { fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
                            containers: [
                                {
                                    name: "api",
                                    image: "api:1",
                                    command: ["/bin/api"],
                                    args: ["--port", "8080"],
                                    env: [{ name: "HOME", value: "/tmp" }],
                                    resources: { requests: { cpu: "100m" }, limits: { memory: "256Mi" } },
                                    securityContext: { allowPrivilegeEscalation: false },
                                },
                            ],
                        },
                    },
                },
            },
        );
    });

    it("gives HOME=/tmp only when the component picks the user and env sets no HOME", () => {
        const env = (spec: Parameters<typeof deploymentArgs>[0]["spec"]) =>
            (deploymentArgs({ workloadName: "w", namespace: "n", serviceAccountName: "s", spec }).spec as { template: { spec: { containers: { env?: unknown }[] } } })
                .template.spec.containers[0]!.env;
        assert.deepEqual(env({ image: "i", env: { A: "1" } }), [{ name: "HOME", value: "/tmp" }, { name: "A", value: "1" }]);
        assert.deepEqual(env({ image: "i", env: { HOME: "/data" } }), [{ name: "HOME", value: "/data" }]);
        assert.equal(env({ image: "i", runAsUser: 1000 }), undefined);
        assert.equal(env({ image: "i", runAsNonRoot: false }), undefined);
    });

    it("annotates the Deployment pulumi.com/skipAwait only when the workload asks not to be awaited", () => {
        const metadata = (skipAwait?: boolean) =>
            deploymentArgs({ workloadName: "w", namespace: "n", serviceAccountName: "s", spec: { image: "i", ...(skipAwait !== undefined ? { skipAwait } : {}) } }).metadata;
        assert.deepEqual(metadata(true), { name: "w", namespace: "n", labels: { "app.kubernetes.io/name": "w" }, annotations: { "pulumi.com/skipAwait": "true" } });
        assert.deepEqual(metadata(false), { name: "w", namespace: "n", labels: { "app.kubernetes.io/name": "w" } });
        assert.deepEqual(metadata(), { name: "w", namespace: "n", labels: { "app.kubernetes.io/name": "w" } });
    });

    it("sets no user when runAsNonRoot is off, so an image that needs root keeps its own", () => {
        const args = deploymentArgs({ workloadName: "w", namespace: "n", serviceAccountName: "s", spec: { image: "i", runAsNonRoot: false, fsGroup: 1000 } });
        assert.deepEqual((args.spec as { template: { spec: { securityContext: unknown } } }).template.spec.securityContext, {
            fsGroup: 1000,
            runAsNonRoot: false,
        });
    });
});
