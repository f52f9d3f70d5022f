/**
 * The EKS clusters the `IrsaCluster`s of one program create, and the ones they look up by name
 * (`trustedClusters[].clusterName`). A lookup runs as soon as the program reaches it, in a preview too, and finds
 * only what exists before the update: a cluster created by the same program is not there on its first `pulumi up`
 * ("couldn't find resource"). Such a reference is refused, whichever of the two components comes first.
 */
import * as pulumi from "@pulumi/pulumi";
import { IrsaConfigError } from "./validation";

interface Registry {
    /** Cluster name → the component that creates it. */
    created: Map<string, string>;
    /** Cluster name → the components that look it up, with the config path. */
    lookedUp: Map<string, { component: string; path: string }[]>;
}

/** One registry per program run (per resource monitor): tests run many programs in one process. */
const registries = new WeakMap<object, Registry>();
const noMonitor = {};

function registry(): Registry {
    const key = (pulumi.runtime.getMonitor() as object | undefined) ?? noMonitor;
    let found = registries.get(key);
    if (found === undefined) {
        found = { created: new Map(), lookedUp: new Map() };
        registries.set(key, found);
    }
    return found;
}

function problem(path: string, clusterName: string, creator: string, referrer: string): string {
    return (
        `${path} ${JSON.stringify(clusterName)} is the cluster that IrsaCluster ${JSON.stringify(creator)} of this program creates, which a lookup does not find before it exists (IrsaCluster ${JSON.stringify(referrer)}): ` +
        `give its outputs instead, { name, issuerUrl: ${creator}.oidcIssuer, providerArn: ${creator}.oidcProviderArn } (a provider of the role's account).`
    );
}

/**
 * Records what the component `component` creates (`createdCluster`) and looks up (`lookups`: cluster name → config
 * path); throws an {@link IrsaConfigError} when a lookup names a cluster another component of the program creates.
 */
export function noteProgramClusters(component: string, createdCluster: string | undefined, lookups: ReadonlyMap<string, string>): void {
    const { created, lookedUp } = registry();
    const problems: string[] = [];
    for (const [clusterName, path] of lookups) {
        const creator = created.get(clusterName);
        if (creator !== undefined) problems.push(problem(path, clusterName, creator, component));
    }
    if (createdCluster !== undefined) {
        for (const ref of lookedUp.get(createdCluster) ?? []) problems.push(problem(ref.path, createdCluster, component, ref.component));
    }
    if (problems.length > 0) throw new IrsaConfigError(problems);
    if (createdCluster !== undefined) created.set(createdCluster, component);
    for (const [clusterName, path] of lookups) lookedUp.set(clusterName, [...(lookedUp.get(clusterName) ?? []), { component, path }]);
}
