/**
 * `serviceAccountMode: "adopt"` on an adopted cluster: the ServiceAccount is read before it is patched, so a missing
 * one fails the preview with Kubernetes' "not found" (install the chart first) instead of being created by the
 * server-side-apply patch (pulumi-kubernetes' Patch resources create what is missing).
 */
import * as assert from "node:assert/strict";
import * as settings from "@pulumi/pulumi/runtime/settings";
import type { IrsaClusterArgs } from "../../components";
import { FakeCloud, installFakeCloud } from "../../synth/fakeCloud";
import { findResource as find } from "../helpers/fakeCloudBuild";

interface ReadRequest {
    getType(): string;
    getName(): string;
    getId(): string;
    getParent(): string;
    getProvider(): string;
}
interface Monitor {
    readResource(req: ReadRequest, cb: (err: Error | null, resp?: unknown) => void): Promise<void>;
}

/** The SDK's mock monitor names a read by its parent's type only. */
const WORKLOAD_URN = "urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload";

function config(mode: "create" | "adopt"): IrsaClusterArgs {
    return {
        cluster: { mode, name: "sandbox" },
        ...(mode === "adopt" ? { oidcProvider: { mode: "lookup" as const } } : {}),
        workloads: [
            {
                name: "chart-app",
                namespace: "tools",
                serviceAccount: "chart-app",
                serviceAccountMode: "adopt",
                statements: [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:us-west-2:123456789012:table/scores"] }],
                deployment: false,
            },
        ],
    };
}

/** Builds `args`, recording every read the program issues. */
async function buildRecordingReads(args: IrsaClusterArgs): Promise<{ cloud: FakeCloud; reads: { type: string; name: string; id: string }[] }> {
    const cloud = await installFakeCloud();
    const monitor = settings.getMonitor() as unknown as Monitor;
    const read = monitor.readResource.bind(monitor);
    const reads: { type: string; name: string; id: string }[] = [];
    monitor.readResource = async (req, cb) => {
        reads.push({ type: req.getType(), name: req.getName(), id: req.getId() });
        return read(req, cb);
    };
    const { IrsaCluster } = await import("../../components");
    new IrsaCluster("platform", args);
    await cloud.settle();
    return { cloud, reads };
}

describe("adopting a ServiceAccount", () => {
    it("reads it on an adopted cluster, and patches it only after the read", async () => {
        const { cloud, reads } = await buildRecordingReads(config("adopt"));
        assert.deepEqual(reads, [{ type: "kubernetes:core/v1:ServiceAccount", name: "platform-chart-app-sa-must-exist", id: "tools/chart-app" }]);
        // The engine reads first: a missing ServiceAccount ("not found") fails the preview before any patch.
        const patch = find(cloud, "kubernetes:core/v1:ServiceAccountPatch", "platform-chart-app-sa");
        assert.deepEqual([...patch.dependencies].sort(), [
            `${WORKLOAD_URN}$aws:iam/role:Role::platform-chart-app-role`,
            `${WORKLOAD_URN}$kubernetes:core/v1:ServiceAccount::platform-chart-app-sa-must-exist`,
        ]);
    });

    it("reads nothing on a cluster this stack creates (nothing exists at preview; a chart of the same program may create it)", async () => {
        const { reads } = await buildRecordingReads(config("create"));
        assert.deepEqual(reads, []);
    });
});
