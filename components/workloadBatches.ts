/**
 * A large config's workloads register their resources in batches, with a turn of the event loop between two batches.
 *
 * Why: the Pulumi Node.js SDK starts a resource's registration (awaiting its inputs, gathering its dependencies,
 * serializing it, sending it) in promise callbacks, which run only once the code that created the resource returns
 * to the event loop; until the engine answers, the registration's promises and outputs stay alive. Created in one
 * synchronous loop, every workload's resources wait at once: at 1,000 workloads the offline `synth` process peaked
 * at 650–700 MiB and spent about a third of its CPU in garbage collection, copying those live objects from one
 * generation to the next. With a turn between batches of {@link WORKLOAD_BATCH} workloads, each batch is sent (and,
 * offline, answered) before the next is built (figures in docs/performance.md).
 *
 * What a user sees does not change: every `IrsaWorkload` component is created in `IrsaCluster`'s constructor, as
 * before, and `IrsaCluster.workloads` holds them; the first {@link WORKLOAD_BATCH} create their resources there too
 * (so a config of at most that many workloads is created exactly as before), the others right after, in order, with
 * the same names, parents, inputs and dependencies. Their outputs resolve to their resources' (with those resources
 * as dependencies: the SDK lifts an `Output` a promise resolves to). The program stays connected while batches remain
 * (`pulumi.runtime.rpcKeepAlive`, the SDK's own hold for work in flight), and a resource that `dependsOn` a workload
 * (or the cluster) waits for its resources: the SDK reads a component's children only once its `initialize` promise
 * settles (`addTransitivelyReferencedChildResourcesOfComponentResources`,
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/nodejs/runtime/dependsOn.ts), and `IrsaWorkload` settles it once
 * its resources exist.
 */
import * as pulumi from "@pulumi/pulumi";

/** Workloads per batch: the first batch registers at once, each next one after a turn of the event loop. */
export const WORKLOAD_BATCH = 25;

/** Runs tasks in order: the first `batchSize` at once, the rest `batchSize` at a time, a turn of the event loop apart. */
export class Batches {
    private readonly queue: (() => void)[] = [];
    private ranAtOnce = 0;
    private release: (() => void) | undefined;

    constructor(private readonly batchSize: number = WORKLOAD_BATCH) {
        if (!Number.isInteger(batchSize) || batchSize < 1) {
            throw new RangeError(`batchSize ${batchSize} is not a positive integer`);
        }
    }

    /**
     * Runs `task` now while the first batch has room (its error is thrown to the caller, as from a plain loop), else
     * queues it after the tasks queued before it and returns a promise of its result.
     */
    run<R>(task: () => R): R | Promise<R> {
        if (this.ranAtOnce < this.batchSize && this.queue.length === 0 && this.release === undefined) {
            this.ranAtOnce++;
            return task();
        }
        return new Promise<R>((resolve, reject) => {
            this.queue.push(() => {
                try {
                    resolve(task());
                } catch (error) {
                    reject(error);
                }
            });
            if (this.release === undefined) {
                this.release = pulumi.runtime.rpcKeepAlive();
                setImmediate(() => this.flush());
            }
        });
    }

    private flush(): void {
        for (const task of this.queue.splice(0, this.batchSize)) {
            task();
        }
        if (this.queue.length > 0) {
            setImmediate(() => this.flush());
        } else {
            const release = this.release;
            this.release = undefined;
            release?.();
        }
    }
}

const byParent = new WeakMap<pulumi.Resource, Batches>();

/** Makes the `IrsaWorkload`s created with `parent` as their parent register their resources in `parent`'s batches. */
export function batchWorkloadsOf(parent: pulumi.Resource, batches: Batches = new Batches()): void {
    byParent.set(parent, batches);
}

/** The batches of `parent` (see {@link batchWorkloadsOf}), if it has any: a workload without them registers at once. */
export function workloadBatchesOf(parent: pulumi.Resource | undefined): Batches | undefined {
    return parent === undefined ? undefined : byParent.get(parent);
}
