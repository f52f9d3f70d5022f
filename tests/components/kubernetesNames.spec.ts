/**
 * Every Kubernetes object the component makes has a name Kubernetes accepts (a DNS label of at most 63 characters),
 * whatever the project and stack are called: Pulumi allows uppercase letters and `_` in both, and the component's
 * name is `<project>-<stack>` in the stack program.
 */
import * as assert from "node:assert/strict";
import type { IrsaClusterArgs } from "../../components";
import { dnsLabel, MAX_DNS_LABEL_LENGTH, verifyJobObjectName } from "../../components/naming";
import { buildCluster } from "../helpers/fakeCloudBuild";

/** RFC 1123 label, as Kubernetes checks it for Namespaces, Jobs and the other objects named by a DNS label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe("dnsLabel", () => {
    it("lowercases, replaces what a label cannot hold and trims dashes", () => {
        assert.equal(dnsLabel("My_Project-Prod_EU"), "my-project-prod-eu");
        assert.equal(dnsLabel("-a..b-"), "a-b");
    });

    it("cuts a name over 63 characters to 54, a dash and 8 hex characters of its hash", () => {
        const long = `${"a".repeat(60)}-verify`;
        const label = dnsLabel(long);
        assert.equal(label.length, MAX_DNS_LABEL_LENGTH);
        assert.match(label, /^a{54}-[0-9a-f]{8}$/);
        assert.equal(dnsLabel(long), label);
        assert.notEqual(dnsLabel(`${"a".repeat(60)}-verifz`), label);
    });

    it("names the proof Job <workload>-verify", () => {
        assert.equal(verifyJobObjectName("s3-reader"), "s3-reader-verify");
        assert.equal(verifyJobObjectName("x".repeat(63)).length, MAX_DNS_LABEL_LENGTH);
    });
});

describe("Kubernetes names of a stack called with uppercase letters and underscores", () => {
    it("are DNS labels of at most 63 characters, the verify Job's included", async () => {
        const workload = "payments-ledger-reconciliation-worker";
        const args: IrsaClusterArgs = {
            cluster: { mode: "adopt", name: "sandbox" },
            oidcProvider: { mode: "lookup" },
            workloads: [
                {
                    name: workload,
                    namespace: "payments",
                    serviceAccount: "ledger",
                    // Adopted clusters own no namespace by default: ask for it, so its name is checked too.
                    createNamespace: true,
                    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::ledger/*"] }],
                    deployment: { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
                    verify: true,
                },
            ],
        };
        // The stack program's component name for project "Payments_Platform", stack "Prod_EU-West-1_Blue".
        const cloud = await buildCluster(args, "Payments_Platform-Prod_EU-West-1_Blue");
        const objects = cloud.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers:"));
        assert.deepEqual(objects.map((r) => r.type).sort(), [
            "kubernetes:apps/v1:Deployment",
            "kubernetes:batch/v1:Job",
            "kubernetes:core/v1:Namespace",
            "kubernetes:core/v1:ServiceAccount",
        ]);
        for (const r of objects) {
            const name = String((r.outputs.metadata as { name?: unknown }).name);
            assert.ok(DNS_LABEL.test(name) && name.length <= MAX_DNS_LABEL_LENGTH, `${r.type} ${r.name} is named ${JSON.stringify(name)}`);
        }
        const job = objects.find((r) => r.type === "kubernetes:batch/v1:Job")!;
        assert.equal((job.inputs.metadata as { name?: unknown }).name, `${workload}-verify`);
    });
});
