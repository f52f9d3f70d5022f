import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzedResource, analyzeRequest, analyzeStackRequest, fromStackExport, isAnalyzed } from "../../synth/analyzer/requests";
import { encodeAnalyzeRequest, encodeAnalyzeStackRequest } from "../../synth/analyzer/wire";
import { readStackExport, SIG_KEY } from "../../synth/stackExport";

const REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const stackUrn = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const long = "x".repeat(20_000);

/** A resource whose values cover every JSON shape and every length class of the encoding. */
const edgy: AnalyzedResource = {
    urn: "urn:pulumi:dev::proj::kubernetes:apps/v1:Deployment::déploiement-✓",
    type: "kubernetes:apps/v1:Deployment",
    name: "déploiement-✓",
    custom: true,
    inputs: {
        zeta: 1,
        alpha: { nested: [true, false, null, 0, -0, -1.5, 2 ** 40, Number.NaN, Number.POSITIVE_INFINITY, undefined, "", "ünïcødé 🚀"] },
        empty: {},
        emptyList: [],
        skipped: undefined,
        long,
        medium: "m".repeat(200),
        ref: { [SIG_KEY]: REF_SIG, urn: "urn:pulumi:dev::proj::aws:iam/role:Role::r", id: "r-1" },
        componentRef: { [SIG_KEY]: REF_SIG, urn: "urn:pulumi:dev::proj::eks-irsa:index:IrsaWorkload::w", id: "" },
        "10": "numeric key",
        B: "upper case sorts first",
    },
    outputs: { status: { replicas: 2 }, big: Array.from({ length: 300 }, (_, i) => ({ i, s: `item-${i}` })) },
    parent: stackUrn,
    dependencies: ["urn:a", "urn:b"],
    propertyDependencies: { zeta: ["urn:z"], alpha: [], metadata: ["urn:m1", "urn:m2"] },
    provider: { urn: "urn:pulumi:dev::proj::pulumi:providers:kubernetes::k8s", type: "pulumi:providers:kubernetes", name: "k8s", inputs: { kubeconfig: "{}" } },
};

const bare: AnalyzedResource = {
    urn: "urn:pulumi:dev::proj::aws:iam/role:Role::r",
    type: "aws:iam/role:Role",
    name: "r",
    custom: true,
    inputs: {},
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
};

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("encodeAnalyzeRequest", () => {
    it("writes the bytes google-protobuf writes for the request analyzeRequest builds", () => {
        assert.equal(hex(encodeAnalyzeRequest(edgy)), hex(analyzeRequest(edgy).serializeBinary()));
    });

    it("writes the bytes google-protobuf writes for a resource with no inputs, parent or provider", () => {
        assert.equal(hex(encodeAnalyzeRequest(bare)), hex(analyzeRequest(bare).serializeBinary()));
    });

    it("decodes to the inputs with references downgraded to the id, else the URN", () => {
        const props = analyzerpb.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(edgy)).getProperties()!.toJavaScript();
        assert.deepEqual([props.ref, props.componentRef], ["r-1", "urn:pulumi:dev::proj::eks-irsa:index:IrsaWorkload::w"]);
    });
});

describe("encodeAnalyzeStackRequest", () => {
    it("writes the bytes google-protobuf writes for the request analyzeStackRequest builds", () => {
        const resources = [edgy, bare];
        assert.equal(hex(encodeAnalyzeStackRequest(resources)), hex(analyzeStackRequest(resources).serializeBinary()));
    });

    it("writes the bytes google-protobuf writes for a hand-written stack export", () => {
        const file = path.join(__dirname, "..", "fixtures", "synth", "aud-only-trust.stack.json");
        const resources = fromStackExport(readStackExport(file).deployment.resources);
        assert.equal(hex(encodeAnalyzeStackRequest(resources.filter(isAnalyzed))), hex(analyzeStackRequest(resources).serializeBinary()));
        for (const r of resources.filter(isAnalyzed)) {
            assert.equal(hex(encodeAnalyzeRequest(r)), hex(analyzeRequest(r).serializeBinary()), r.urn);
        }
    });
});
