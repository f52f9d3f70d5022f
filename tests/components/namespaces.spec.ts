import * as assert from "node:assert/strict";
import type { WorkloadSpec } from "../../components";
import { createsNamespace, SYSTEM_NAMESPACES } from "../../components/defaults";
import { namespacesToCreate } from "../../components/namespaces";
import { buildCluster as build } from "../helpers/fakeCloudBuild";
import { configProblems } from "../helpers/configProblems";

const NAMESPACE = "kubernetes:core/v1:Namespace";

function workload(name: string, namespace: string, extra: Partial<WorkloadSpec> = {}): WorkloadSpec {
    return {
        name,
        namespace,
        serviceAccount: name,
        statements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${name}/*`] }],
        deployment: false,
        ...extra,
    };
}

const problemsOf = (config: unknown): string[] => configProblems(config);

describe("namespaces the stack owns", () => {
    it("never creates default, kube-system, kube-public or kube-node-lease, on a created cluster", async () => {
        const cloud = await build({
            cluster: { mode: "create", name: "sandbox" },
            workloads: [...SYSTEM_NAMESPACES.map((ns) => workload(`in-${ns}`, ns)), workload("app", "apps")],
        });
        assert.deepEqual(
            cloud.resources.filter((r) => r.type === NAMESPACE).map((r) => r.inputs.metadata),
            [{ name: "apps" }],
        );
        // The ServiceAccounts in system namespaces are still created, in the namespace that exists.
        assert.deepEqual(
            cloud.resources.filter((r) => r.type === "kubernetes:core/v1:ServiceAccount").map((r) => (r.inputs.metadata as { namespace: string }).namespace),
            [...SYSTEM_NAMESPACES, "apps"],
        );
    });

    it("creates no namespace on an adopted cluster unless a workload asks for it", async () => {
        const cloud = await build({
            cluster: { mode: "adopt", name: "sandbox" },
            oidcProvider: { mode: "lookup" },
            workloads: [workload("existing", "payments"), workload("fresh", "reports", { createNamespace: true })],
        });
        assert.deepEqual(
            cloud.resources.filter((r) => r.type === NAMESPACE).map((r) => `${r.name} ${JSON.stringify(r.inputs.metadata)}`),
            ['platform-ns-reports {"name":"reports"}'],
        );
    });

    it("refuses createNamespace: true on a system namespace, naming the namespace and the rule", () => {
        assert.deepEqual(
            problemsOf({ cluster: { mode: "create", name: "sandbox" }, workloads: [workload("dns", "kube-system", { createNamespace: true })] }),
            [
                'workloads[0].createNamespace true would create namespace "kube-system", which every Kubernetes cluster has: remove createNamespace: the stack never creates nor deletes default, kube-system, kube-public, kube-node-lease.',
            ],
        );
    });

    it("asks workloads of one namespace to agree, with the adopted cluster's default", () => {
        assert.deepEqual(
            problemsOf({
                cluster: { mode: "adopt", name: "sandbox" },
                workloads: [workload("a", "payments"), workload("b", "payments", { createNamespace: true })],
            }),
            [
                'workloads[1].createNamespace true disagrees with workloads[0].createNamespace false for namespace "payments": set the same createNamespace on every workload of a namespace (it defaults to true on a created cluster with serviceAccountMode "create", else to false).',
            ],
        );
    });

    it("defaults by cluster mode and ServiceAccount mode (pure)", () => {
        const spec = (extra: Partial<WorkloadSpec> = {}) => ({ namespace: "apps", ...extra });
        assert.deepEqual(
            [
                createsNamespace(spec(), "create"),
                createsNamespace(spec({ serviceAccountMode: "adopt" }), "create"),
                createsNamespace(spec({ serviceAccountMode: "role-only" }), "create"),
                createsNamespace(spec(), "adopt"),
                createsNamespace(spec({ createNamespace: true }), "adopt"),
                createsNamespace({ namespace: "default" }, "create"),
            ],
            [true, false, false, false, true, false],
        );
        assert.deepEqual(namespacesToCreate([workload("a", "apps"), workload("b", "apps"), workload("c", "kube-system")], "create"), ["apps"]);
    });
});
