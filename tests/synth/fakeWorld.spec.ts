/**
 * The strict fake world's rules, on hand-built registrations: lookups of what the program creates, cluster access of
 * Kubernetes objects (create and destroy), credential chains.
 */
import * as assert from "node:assert/strict";
import { awsProviderChain, kubeconfigUse, stackChain } from "../../synth/fakeCloud/identity";
import { World, type WorldResource } from "../../synth/fakeCloud/world";

const STACK = { base: "profile:ci", roles: ["arn:aws:iam::123456789012:role/deploy"] };
const ADMINS = "arn:aws:iam::123456789012:role/platform-admins";
const urn = (type: string, name: string): string => `urn:pulumi:dev::p::${type}::${name}`;

function resource(type: string, name: string, extra: Partial<WorldResource> = {}): WorldResource {
    return { urn: urn(type, name), type, custom: true, dependencies: [], propertyDependencies: {}, inputs: {}, outputs: {}, ...extra };
}

function kubeconfig(cluster: string, roleArn?: string): string {
    const args = ["eks", "get-token", "--cluster-name", cluster, "--output", "json", ...(roleArn !== undefined ? ["--role-arn", roleArn] : []), "--profile", "ci"];
    return JSON.stringify({ users: [{ name: cluster, user: { exec: { command: "aws", args } } }] });
}

/** A world with a created cluster `apps`, a Kubernetes provider as `role`, and one Namespace depending on `deps`. */
function clusterWorld(role: string | undefined, deps: (world: World, grants: WorldResource[]) => string[], grant = true): { world: World; namespace: WorldResource; grants: WorldResource[] } {
    const world = new World();
    const host = (name: string): string => `oidc.eks.us-west-2.amazonaws.com/id/${name.toUpperCase()}`;
    world.register(resource("eks:index:Cluster", "apps", { custom: false, outputs: { eksCluster: { name: "apps" } } }), "123456789012", host);
    const grants = grant
        ? [
              resource("aws:eks/accessEntry:AccessEntry", "entry", { inputs: { clusterName: "apps", principalArn: ADMINS } }),
              resource("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "policy", { inputs: { clusterName: "apps", principalArn: ADMINS } }),
          ]
        : [];
    for (const g of grants) world.register(g, "123456789012", host);
    const provider = resource("pulumi:providers:kubernetes", "k8s", { inputs: { kubeconfig: kubeconfig("apps", role) } });
    world.register(provider, "123456789012", host);
    const namespace = resource("kubernetes:core/v1:Namespace", "ns", { provider: `${provider.urn}::id`, dependencies: deps(world, grants), outputs: { metadata: { name: "orders" } } });
    world.register(namespace, "123456789012", host);
    return { world, namespace, grants };
}

describe("the strict fake world", () => {
    describe("lookups", () => {
        it("fails a lookup of a cluster the program creates, unless it waits for it", () => {
            const world = new World();
            world.register(resource("eks:index:Cluster", "apps", { custom: false, outputs: { eksCluster: { name: "apps" } } }), "123456789012", () => "oidc.eks.us-west-2.amazonaws.com/id/A");
            assert.equal(
                world.lookup("aws:eks/getCluster:getCluster", { name: "apps" }, "123456789012", false),
                "reading EKS Cluster (apps): couldn't find resource (urn:pulumi:dev::p::eks:index:Cluster::apps creates it in this same update, and the lookup does not wait for it).",
            );
            assert.equal(world.lookup("aws:eks/getCluster:getCluster", { name: "apps" }, "123456789012", true), undefined);
            assert.equal(world.lookup("aws:eks/getCluster:getCluster", { name: "adopted" }, "123456789012", false), undefined);
        });

        it("finds no IAM OIDC provider for the issuer of a cluster the program creates, unless the program creates it", () => {
            const world = new World();
            world.register(resource("eks:index:Cluster", "apps", { custom: false, outputs: { eksCluster: { name: "apps" } } }), "123456789012", () => "oidc.eks.us-west-2.amazonaws.com/id/A");
            const url = "https://oidc.eks.us-west-2.amazonaws.com/id/A";
            assert.equal(
                world.lookup("aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider", { url }, "444455556666", true),
                "reading IAM OIDC Provider (oidc.eks.us-west-2.amazonaws.com/id/A) in account 444455556666: couldn't find resource (it belongs to a cluster this same update creates).",
            );
            world.register(resource("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "oidc", { inputs: { url } }), "444455556666", () => "");
            assert.equal(world.lookup("aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider", { url }, "444455556666", true), undefined);
        });

        it("refuses a second IAM OIDC provider for one issuer in one account", () => {
            const world = new World();
            const url = "https://oidc.eks.us-west-2.amazonaws.com/id/A";
            world.register(resource("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "one", { inputs: { url } }), "123456789012", () => "");
            assert.throws(() => world.register(resource("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "two", { inputs: { url } }), "123456789012", () => ""), {
                message: `creating IAM OIDC Provider (${urn("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "two")}): EntityAlreadyExists: Provider with url ${url} already exists in account 123456789012 (${urn("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "one")}).`,
            });
            assert.doesNotThrow(() => world.register(resource("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "three", { inputs: { url } }), "444455556666", () => ""));
        });
    });

    describe("cluster access of Kubernetes objects", () => {
        it("lets the cluster's creator (the stack's identity) send objects at once", () => {
            assert.deepEqual(clusterWorld(STACK.roles[0], () => [], false).world.problems(STACK), []);
        });

        it("refuses an object of another identity that does not wait for its access entry and association", () => {
            const { world, namespace } = clusterWorld(ADMINS, () => []);
            assert.deepEqual(world.problems(STACK), [
                `Unauthorized: ${namespace.urn} is sent to cluster apps as profile:ci → ${ADMINS}, which has no access to it before an EKS access entry and an access policy association for ${ADMINS} that the object does not wait for (created after it, or deleted before it on destroy).`,
            ]);
        });

        it("accepts it when both are among its dependencies, and deletes it before them", () => {
            const { world, namespace, grants } = clusterWorld(ADMINS, (_, g) => g.map((r) => r.urn));
            assert.deepEqual(world.problems(STACK), []);
            const order = world.destroyOrder();
            for (const g of grants) assert.ok(order.indexOf(namespace.urn) < order.indexOf(g.urn));
        });

        it("names the missing half when only the entry is waited for", () => {
            const { world, namespace } = clusterWorld(ADMINS, (_, g) => [g[0]!.urn]);
            assert.deepEqual(world.problems(STACK), [
                `Unauthorized: ${namespace.urn} is sent to cluster apps as profile:ci → ${ADMINS}, which has no access to it before an access policy association for ${ADMINS} that the object does not wait for (created after it, or deleted before it on destroy).`,
            ]);
        });
    });

    describe("credential chains", () => {
        it("reads the stack's chain from its aws config, and an explicit provider's from its arguments only", () => {
            const config: Record<string, string> = { profile: "ci", assumeRoles: JSON.stringify([{ roleArn: "arn:aws:iam::1:role/hub" }, { roleArn: "arn:aws:iam::2:role/deploy" }]) };
            assert.deepEqual(stackChain((key) => config[key]), { base: "profile:ci", roles: ["arn:aws:iam::1:role/hub", "arn:aws:iam::2:role/deploy"] });
            assert.deepEqual(awsProviderChain({ assumeRoles: JSON.stringify([{ roleArn: "arn:aws:iam::3:role/x" }]) }), { base: "environment", roles: ["arn:aws:iam::3:role/x"] });
            assert.deepEqual(awsProviderChain({ accessKey: "AKIA", region: "us-west-2" }), { base: "static-keys", roles: [] });
        });

        it("reads a kubeconfig's cluster and chain from its aws eks get-token arguments", () => {
            assert.deepEqual(kubeconfigUse({ kubeconfig: kubeconfig("apps", ADMINS) }), { clusterName: "apps", chain: { base: "profile:ci", roles: [ADMINS] } });
            assert.equal(kubeconfigUse({ kubeconfig: "{}" }), undefined);
        });
    });
});
