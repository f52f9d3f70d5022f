/**
 * The rules that make the fake cloud as strict as a real `pulumi up`:
 *
 * - **What exists before the update.** A lookup (`aws.eks.getCluster`, `aws.iam.getOpenIdConnectProvider`, a read of
 *   a Kubernetes object) finds only what existed before the program ran. It fails as AWS does ("couldn't find
 *   resource") for what this same program creates, unless the lookup's arguments depend on the resource that creates
 *   it (the engine then runs it afterwards; in a preview it is skipped). The IAM OIDC provider of a cluster this
 *   program creates exists only if the program creates it too. Anything else the program looks up is taken as
 *   existing: the config declares it by adopting it.
 * - **Order.** The engine creates a resource once its dependencies exist (its inputs' resources, `dependsOn`, its
 *   provider, and its parent's dependencies) and in any order otherwise; it deletes in the reverse order. A
 *   Kubernetes object is sent with its provider's identity: on a cluster this program creates, only the creator
 *   (the stack's identity, who created the cluster) has access until an EKS access entry and an access policy
 *   association for the identity exist. On any cluster, an access entry this program creates for the identity says
 *   it has no access before. Such an object is Unauthorized unless the entry and the association are among its
 *   dependencies: then they are created before it and deleted after it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 * @see https://www.pulumi.com/docs/iac/concepts/options/dependson/
 */
import { awsProviderChain, type CredentialChain, kubeconfigUse, principalOf, showChain } from "./identity";
import { isKubernetesObject } from "./kubernetes";
import { record, type State, str } from "./values";

/** What the world needs of a registered resource. */
export interface WorldResource {
    urn: string;
    type: string;
    custom: boolean;
    parent?: string;
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    inputs: State;
    outputs: State;
}

/** A lookup the program made. */
interface Lookup {
    what: string;
    /** Whether its arguments depend on a resource of the program (it runs after that resource). */
    dependent: boolean;
    /** The key of what it looks for in {@link World.created}. */
    key: string;
}

const ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry";
const ACCESS_POLICY = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

/** The URN part of a provider reference `<urn>::<id>`. */
export function providerUrn(reference: string): string {
    return reference.slice(0, reference.lastIndexOf("::"));
}

/** The fake world's memory of one program run: what it created and looked up, and the order it allows. */
export class World {
    private readonly resources = new Map<string, WorldResource>();
    private readonly children = new Map<string, string[]>();
    /** `cluster:<name>`, `oidc:<account>:<host>`, `k8s:<type>:<ns>/<name>` of what the program creates, with the URN. */
    private readonly created = new Map<string, string>();
    /** Issuer hosts of the clusters the program creates. */
    private readonly newIssuers = new Set<string>();
    private readonly lookups: Lookup[] = [];

    /**
     * Records a registered resource (`account`: its provider's); `issuerHostOf` gives the issuer of an EKS cluster it
     * creates. Throws as AWS does for a second IAM OIDC provider of one issuer in one account.
     */
    register(r: WorldResource, account: string, issuerHostOf: (clusterName: string) => string): void {
        this.resources.set(r.urn, r);
        if (r.parent !== undefined) {
            // Appended in place: a copy per child made the 1,000 workloads of one IrsaCluster quadratic.
            const siblings = this.children.get(r.parent);
            if (siblings === undefined) this.children.set(r.parent, [r.urn]);
            else siblings.push(r.urn);
        }
        const cluster = r.type === "eks:index:Cluster" ? str(record(r.outputs.eksCluster).name) : r.type === "aws:eks/cluster:Cluster" ? str(r.outputs.name) : undefined;
        if (cluster !== undefined) {
            this.created.set(`cluster:${cluster}`, r.urn);
            this.newIssuers.add(issuerHostOf(cluster));
        }
        if (r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider") {
            const key = `oidc:${account}:${String(r.inputs.url ?? "").replace(/^https:\/\//, "")}`;
            const first = this.created.get(key);
            // IAM holds one provider per issuer URL in an account.
            if (first !== undefined) throw new Error(`creating IAM OIDC Provider (${r.urn}): EntityAlreadyExists: Provider with url ${String(r.inputs.url)} already exists in account ${account} (${first}).`);
            this.created.set(key, r.urn);
        }
        if (r.custom && isKubernetesObject(r.type)) this.created.set(k8sKey(r.type, record(r.outputs.metadata)), r.urn);
    }

    /**
     * Records a lookup and answers whether it fails now (the message), as far as what is registered so far tells;
     * {@link problems} judges every lookup again once the program is done.
     */
    lookup(token: string, inputs: State, account: string, dependent: boolean): string | undefined {
        let lookup: Lookup | undefined;
        if (token === "aws:eks/getCluster:getCluster") {
            const name = str(inputs.name) ?? "";
            lookup = { what: `reading EKS Cluster (${name})`, key: `cluster:${name}`, dependent };
        } else if (token === "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider") {
            const host = (str(inputs.url) ?? str(inputs.arn)?.replace(/^.*:oidc-provider\//, "") ?? "").replace(/^https:\/\//, "");
            const account2 = str(inputs.arn)?.split(":")[4] ?? account;
            lookup = { what: `reading IAM OIDC Provider (${host}) in account ${account2}`, key: `oidc:${account2}:${host}`, dependent };
        }
        if (lookup === undefined) return undefined;
        this.lookups.push(lookup);
        return this.fails(lookup);
    }

    /** Records a read (`.get`) of a Kubernetes object; the message when it fails. */
    read(type: string, id: string, dependent: boolean): string | undefined {
        if (!isKubernetesObject(type)) return undefined;
        const [namespace, name] = id.includes("/") ? id.split("/", 2) : [undefined, id];
        const lookup = { what: `reading ${type} ${id}`, key: k8sKey(type, { name, ...(namespace !== undefined ? { namespace } : {}) }), dependent };
        this.lookups.push(lookup);
        return this.fails(lookup);
    }

    private fails(lookup: Lookup): string | undefined {
        const createdBy = this.created.get(lookup.key);
        const host = lookup.key.startsWith("oidc:") ? lookup.key.slice(lookup.key.indexOf(":", 5) + 1) : undefined;
        const neverExisted = host !== undefined && this.newIssuers.has(host) && createdBy === undefined;
        if (neverExisted || (createdBy !== undefined && !lookup.dependent)) {
            const why = createdBy !== undefined ? `${createdBy} creates it in this same update, and the lookup does not wait for it` : "it belongs to a cluster this same update creates";
            return `${lookup.what}: couldn't find resource (${why}).`;
        }
        return undefined;
    }

    /**
     * Every way the run would fail against the real cloud: lookups of what the program creates, and Kubernetes
     * objects sent (or deleted) while their identity has no access to the cluster. `stack` is the default AWS
     * provider's chain: the identity that creates the clusters.
     */
    problems(stack: CredentialChain): string[] {
        const problems = this.lookups.map((l) => this.fails(l)).filter((p): p is string => p !== undefined);
        return [...new Set(problems), ...this.accessProblems(stack)];
    }

    /**
     * The credential chain resource `urn` is created with: a Kubernetes object's kubeconfig's, an AWS resource's
     * explicit provider's (its arguments only), else the default provider's (`stack`). Undefined for components and
     * providers.
     */
    chainOf(urn: string, stack: CredentialChain): CredentialChain | undefined {
        const r = this.resources.get(urn);
        if (r === undefined || !r.custom || r.type.startsWith("pulumi:providers:")) return undefined;
        const provider = r.provider !== undefined && r.provider !== "" ? this.resources.get(providerUrn(r.provider)) : undefined;
        if (isKubernetesObject(r.type)) return provider !== undefined ? kubeconfigUse(provider.inputs)?.chain : undefined;
        if (provider?.type === "pulumi:providers:aws") return awsProviderChain(provider.inputs);
        return r.type.startsWith("aws:") ? stack : undefined;
    }

    /** The URNs of every registered resource, in registration order. */
    urns(): string[] {
        return [...this.resources.keys()];
    }

    /** Every URN `urn` waits for: its dependencies, property dependencies, provider and parent's, transitively. */
    dependenciesOf(urn: string): Set<string> {
        const seen = new Set<string>();
        const queue = [urn];
        while (queue.length > 0) {
            const r = this.resources.get(queue.pop()!);
            if (r === undefined) continue;
            const next = [...r.dependencies, ...Object.values(r.propertyDependencies).flat()];
            if (r.provider !== undefined && r.provider !== "") next.push(providerUrn(r.provider));
            if (r.parent !== undefined) next.push(...this.parentDependencies(r.parent));
            for (const dep of next) {
                // A dependency on a component is one on everything in it.
                for (const u of [dep, ...this.descendants(dep)]) {
                    if (!seen.has(u)) {
                        seen.add(u);
                        queue.push(u);
                    }
                }
            }
        }
        return seen;
    }

    /** The dependencies a parent passes on to its children (its own `dependsOn` and its parent's). */
    private parentDependencies(urn: string): string[] {
        const r = this.resources.get(urn);
        return r === undefined ? [] : [...r.dependencies, ...(r.parent !== undefined ? this.parentDependencies(r.parent) : [])];
    }

    private descendants(urn: string): string[] {
        const direct = this.children.get(urn) ?? [];
        return [...direct, ...direct.flatMap((c) => this.descendants(c))];
    }

    /**
     * The order a `pulumi destroy` may take: every resource before what it depends on. Any other order the engine
     * may choose deletes each resource before its dependencies too.
     */
    destroyOrder(): string[] {
        const order: string[] = [];
        const done = new Set<string>();
        const visit = (urn: string): void => {
            if (done.has(urn)) return;
            done.add(urn);
            for (const dep of this.dependenciesOf(urn)) visit(dep);
            order.push(urn);
        };
        for (const urn of this.resources.keys()) visit(urn);
        return order.reverse();
    }

    private accessProblems(stack: CredentialChain): string[] {
        const problems: string[] = [];
        // Each cluster and principal's grants, found once: a scan of every resource per Kubernetes object was
        // quadratic (2 objects × 5 resources per workload: 10 M comparisons at 1,000 workloads, 250 M at 5,000).
        const grantsOf = new Map<string, WorldResource[]>();
        const grantsFor = (clusterName: string, principal: string): WorldResource[] => {
            const key = `${clusterName}\0${principal}`;
            let found = grantsOf.get(key);
            if (found === undefined) grantsOf.set(key, (found = this.grantsFor(clusterName, principal)));
            return found;
        };
        for (const r of this.resources.values()) {
            if (!r.custom || !isKubernetesObject(r.type) || r.provider === undefined) continue;
            const provider = this.resources.get(providerUrn(r.provider));
            const use = provider !== undefined ? kubeconfigUse(provider.inputs) : undefined;
            if (use === undefined) continue;
            const principal = principalOf(use.chain);
            const createdHere = this.created.has(`cluster:${use.clusterName}`);
            const grants = grantsFor(use.clusterName, principal);
            const creator = createdHere && principal === principalOf(stack);
            if (creator || (!createdHere && grants.length === 0)) continue;
            const deps = this.dependenciesOf(r.urn);
            const entry = grants.find((g) => g.type === ACCESS_ENTRY && deps.has(g.urn));
            const association = grants.find((g) => g.type === ACCESS_POLICY && deps.has(g.urn));
            if (entry !== undefined && association !== undefined) continue;
            const missing = entry === undefined && association === undefined ? "an EKS access entry and an access policy association" : entry === undefined ? "an EKS access entry" : "an access policy association";
            problems.push(
                `Unauthorized: ${r.urn} is sent to cluster ${use.clusterName} as ${showChain(use.chain)}, which has no access to it before ${missing} for ${principal} that the object does not wait for ` +
                    `(created after it, or deleted before it on destroy).`,
            );
        }
        return problems;
    }

    /** The access entries and policy associations the program creates for `principal` on `clusterName`. */
    private grantsFor(clusterName: string, principal: string): WorldResource[] {
        return [...this.resources.values()].filter(
            (g) => (g.type === ACCESS_ENTRY || g.type === ACCESS_POLICY) && str(g.inputs.clusterName) === clusterName && str(g.inputs.principalArn) === principal,
        );
    }
}

function k8sKey(type: string, metadata: State): string {
    const namespaced = !/:core\/v1:Namespace$/.test(type);
    return `k8s:${type}:${namespaced ? (str(metadata.namespace) ?? "default") : ""}/${str(metadata.name) ?? ""}`;
}
