import * as assert from "node:assert/strict";
import { AnalyzedResource } from "../../synth/analyzer/requests";
import { k8sKind, renderManifests } from "../../synth/render/manifests";

function k8s(type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = inputs): AnalyzedResource {
    return { urn: `urn:pulumi:dev::p::${type}::${name}`, type, name, custom: true, inputs, outputs, dependencies: [], propertyDependencies: {} };
}

describe("k8sKind", () => {
    it("maps Pulumi Kubernetes type tokens to apiVersion and kind", () => {
        assert.deepEqual(k8sKind("kubernetes:core/v1:ServiceAccount"), { apiVersion: "v1", kind: "ServiceAccount", patch: false });
        assert.deepEqual(k8sKind("kubernetes:apps/v1:Deployment"), { apiVersion: "apps/v1", kind: "Deployment", patch: false });
        assert.deepEqual(k8sKind("kubernetes:core/v1:ServiceAccountPatch"), { apiVersion: "v1", kind: "ServiceAccount", patch: true });
        assert.equal(k8sKind("aws:iam/role:Role"), undefined);
    });
});

describe("renderManifests", () => {
    it("renders a ServiceAccount under its namespace with the name the plan resolved", () => {
        const [m] = renderManifests([
            k8s(
                "kubernetes:core/v1:ServiceAccount",
                "sa",
                { apiVersion: "v1", kind: "ServiceAccount", metadata: { namespace: "apps", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/r" } } },
                { metadata: { name: "reader", namespace: "apps", uid: "x" } },
            ),
        ]);
        assert.equal(m!.file, "k8s/apps/serviceaccount-reader.yaml");
        assert.equal(
            m!.yaml,
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reader\n  namespace: apps\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/r\n",
        );
        assert.deepEqual(m!.problems, []);
    });

    it("quotes the strings kubectl's YAML 1.1 would read as booleans, numbers or dates", () => {
        const [m] = renderManifests([
            k8s("kubernetes:core/v1:ServiceAccount", "sa", {
                apiVersion: "v1",
                kind: "ServiceAccount",
                metadata: { name: "reader", namespace: "apps", labels: { a: "yes", b: "on", c: "y", d: "2024-01-01", e: "0777", f: "plain" } },
            }),
        ]);
        assert.match(m!.yaml, /\n {4}a: "yes"\n {4}b: "on"\n {4}c: "y"\n {4}d: "2024-01-01"\n {4}e: "0777"\n {4}f: plain\n/);
    });

    it("reports a manifest that breaks the Kubernetes schema", () => {
        const [m] = renderManifests([
            k8s("kubernetes:apps/v1:Deployment", "d", { metadata: { name: "web", namespace: "apps" }, spec: { replicas: "two", selector: {}, template: {} } }),
        ]);
        assert.deepEqual(m!.problems, ["k8s/apps/deployment-web.yaml data/spec/replicas must be integer: fix the field so the object matches the apps/v1 Deployment schema."]);
    });

    it("puts cluster-scoped objects under _cluster", () => {
        const [m] = renderManifests([k8s("kubernetes:core/v1:Namespace", "ns", { metadata: { name: "apps" } })]);
        assert.equal(m!.file, "k8s/_cluster/namespace-apps.yaml");
    });
});
