/**
 * A large config's workloads register their resources in batches (components/workloadBatches.ts): the same resources
 * with the same inputs and dependencies as at once, outputs that carry their resources as dependencies, and
 * `dependsOn` a workload or the cluster waiting for the last batch.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { IrsaClusterArgs, WorkloadSpec } from "../../components";
import { Batches, WORKLOAD_BATCH } from "../../components/workloadBatches";
import { FakeCloud, installFakeCloud } from "../../synth/fakeCloud";

/** What the Node.js language host awaits before the program ends: internal to the SDK (no type declaration). */
const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;

/** Three batches: a full first one, a full second one, and three workloads in the last. */
const WORKLOADS = WORKLOAD_BATCH * 2 + 3;
const LAST = WORKLOADS - 1;

function workload(i: number): WorkloadSpec {
    return {
        name: `svc-${i}`,
        namespace: `team-${i % 4}`,
        serviceAccount: `svc-${i}`,
        statements: [{ actions: ["sqs:ReceiveMessage"], resources: [`arn:aws:sqs:us-west-2:123456789012:queue-${i}`] }],
        // Every third workload has no Deployment (its `deploymentName` is undefined); LAST has one.
        deployment: i % 3 === 0 ? false : { image: "public.ecr.aws/aws-cli/aws-cli:2.17.0" },
    };
}

const args: IrsaClusterArgs = {
    cluster: { mode: "create", name: "prod", version: "1.31" },
    workloads: Array.from({ length: WORKLOADS }, (_, i) => workload(i)),
};

/** A resource the test program registers (a custom resource of a package the fake cloud accepts). */
class Consumer extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super("aws:sqs/queue:Queue", name, props, opts);
    }
}

/** An output's value and the URNs of every resource it depends on. */
async function settled(output: pulumi.Output<string>): Promise<{ value: string; resources: string[] }> {
    const o = output as unknown as { promise(): Promise<string>; allResources(): Promise<Set<pulumi.Resource>> };
    const urns = await Promise.all([...(await o.allResources())].map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));
    return { value: await o.promise(), resources: urns.sort() };
}

function urnOf(cloud: FakeCloud, type: string, name: string): string {
    const found = cloud.resources.find((r) => r.type === type && r.name === name);
    assert.ok(found, `no ${type} ${name}`);
    return found.urn;
}

describe("workloads registered in batches (components/workloadBatches.ts)", () => {
    describe("Batches", () => {
        it("runs the first batch at once, each next one after a turn of the event loop, in order", async () => {
            const order: string[] = [];
            const batches = new Batches(3);
            const results = [1, 2, 3, 4, 5, 6, 7].map((n) => batches.run(() => (order.push(`run ${n}`), n * 10)));
            order.push("returned");
            await new Promise((resolve) => process.nextTick(resolve));
            order.push("microtasks ran");
            assert.deepEqual(await Promise.all(results), [10, 20, 30, 40, 50, 60, 70]);
            assert.deepEqual(results.slice(0, 3), [10, 20, 30]);
            assert.deepEqual(order, ["run 1", "run 2", "run 3", "returned", "microtasks ran", "run 4", "run 5", "run 6", "run 7"]);
        });

        it("throws an error of the first batch to the caller, and rejects only the failing task of a later one", async () => {
            const batches = new Batches(1);
            assert.throws(() => batches.run(() => { throw new Error("first"); }), /first/);
            const later = [1, 2, 3].map((n) => Promise.resolve(batches.run(() => { if (n === 2) throw new Error("two"); return n; })));
            assert.deepEqual((await Promise.allSettled(later)).map((r) => r.status), ["fulfilled", "rejected", "fulfilled"]);
        });

        it("keeps the program from ending while tasks are queued (what the language host waits on)", async () => {
            const ran: number[] = [];
            const batches = new Batches(1);
            [1, 2, 3].forEach((n) => void batches.run(() => ran.push(n)));
            await waitForRPCs();
            assert.deepEqual(ran, [1, 2, 3]);
        });

        it("refuses a batch size that is not a positive integer", () => {
            assert.throws(() => new Batches(0), /batchSize 0 is not a positive integer/);
        });
    });

    describe(`an IrsaCluster of ${WORKLOADS} workloads (three batches)`, () => {
        let cloud: FakeCloud;
        let cluster: import("../../components").IrsaCluster;
        before(async () => {
            cloud = await installFakeCloud({ stack: "dev" });
            const { IrsaCluster } = await import("../../components");
            cluster = new IrsaCluster("platform", args);
            // A resource of the program that takes the last workload's role ARN, and one that depends on the cluster.
            new Consumer("consumer", { name: cluster.workloads[`svc-${LAST}`]!.roleArn });
            new Consumer("after", { name: "after" }, { dependsOn: [cluster] });
            await cloud.settle();
        });

        it("registers every workload's resources, a last batch's with the same shape of inputs and dependencies as a first batch's", () => {
            const components = cloud.resources.filter((r) => r.type === "eks-irsa:index:IrsaWorkload").map((r) => r.name);
            assert.deepEqual([...components].sort(), args.workloads.map((w) => `platform-${w.name}`).sort());
            // Workloads i and j (same namespace modulo 4 and the same Deployment choice modulo 3) differ only by name.
            const shape = (i: number): unknown =>
                JSON.parse(
                    JSON.stringify(
                        cloud.resources
                            .filter((r) => r.name.startsWith(`platform-svc-${i}-`) || r.name === `platform-svc-${i}`)
                            .map((r) => ({ type: r.type, name: r.name, parent: r.parent, dependencies: r.dependencies, propertyDependencies: r.propertyDependencies, inputs: r.inputs }))
                            .sort((a, b) => (a.name < b.name ? -1 : 1)),
                    ).replace(new RegExp(`svc-${i}\\b`, "g"), "svc-N").replace(new RegExp(`queue-${i}\\b`, "g"), "queue-N"),
                );
            assert.deepEqual(shape(LAST), shape(LAST - 12 * 4));
            assert.deepEqual(shape(LAST - 1), shape(LAST - 1 - 12 * 4));
        });

        it("gives a later batch's workload outputs with its values and its resources as dependencies", async () => {
            const last = cluster.workloads[`svc-${LAST}`]!;
            const role = urnOf(cloud, "aws:iam/role:Role", `platform-svc-${LAST}-role`);
            assert.deepEqual(await settled(last.roleArn), { value: `arn:aws:iam::123456789012:role/platform-svc-${LAST}`, resources: [role] });
            assert.equal((await settled(last.roleName)).value, `platform-svc-${LAST}`);
            assert.equal((await settled(last.serviceAccountName)).value, `svc-${LAST}`);
            assert.equal((await settled(last.deploymentName!)).value, `svc-${LAST}`);
            assert.equal(cluster.workloads[`svc-${LAST - 1}`]!.deploymentName, undefined);
            const consumer = cloud.resources.find((r) => r.name === "consumer")!;
            assert.deepEqual(consumer.propertyDependencies.name, [role]);
        });

        it("makes a resource that dependsOn the cluster wait for every workload's resources, the last batch's too", () => {
            const after = cloud.resources.find((r) => r.name === "after")!;
            const workloadResources = cloud.resources.filter((r) => r.custom && /^platform-svc-\d+-/.test(r.name)).map((r) => `${r.type} ${r.name}`);
            const waitedFor = new Set(after.dependencies);
            const missing = cloud.resources.filter((r) => r.custom && /^platform-svc-\d+-/.test(r.name) && !waitedFor.has(r.urn)).map((r) => r.name);
            assert.ok(workloadResources.length >= WORKLOADS * 3, `${workloadResources.length} workload resources`);
            assert.deepEqual(missing, []);
        });
    });
});
