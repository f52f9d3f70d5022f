/**
 * The fake cloud's answers, without the SDK's mock engine: what `newResource` and `call` return for each resource
 * type and invoke, dispatched to the module of each service.
 */
import type * as pulumi from "@pulumi/pulumi";
import { stableHex } from "../stableHex";
import { sortedJson } from "../stackConfig";
import { accountCall, ec2Resource, genericResource } from "./aws";
import { eksCall, eksCluster, eksResource, kubeconfig } from "./eks";
import { iamCall, iamResource } from "./iam";
import { isKubernetesObject, kubernetesObject } from "./kubernetes";
import { Scope } from "./scope";
import { type Answer, record, type State, str } from "./values";
import { World, type WorldResource } from "./world";

/**
 * The fake cloud's answers. {@link installFakeCloud} wires it into this process's Pulumi runtime; a test can also
 * serve it as the resource monitor of a separate program process (see `tests/helpers/languageHost.ts`).
 */
export class FakeCloudMocks implements pulumi.runtime.Mocks {
    /** Account of each explicit `aws.Provider` (by URN) that assumes a role in another account. */
    private readonly providerAccounts = new Map<string, string>();
    private readonly scope: Scope;
    /** What the program created and looked up, and the order the real engine would allow (see world.ts). */
    readonly world = new World();
    /** `<token> <args as sorted JSON>` of the invokes whose arguments depend on a resource of the program. */
    private readonly dependentInvokes = new Set<string>();

    constructor(accountId: string, region: string, existingClusters: Readonly<Record<string, { issuerUrl: string }>> = {}) {
        this.scope = new Scope(accountId, region, existingClusters);
    }

    /** Notes that the next invoke of `token` with `args` waits for a resource of the program (its arguments depend on it). */
    noteDependentInvoke(token: string, args: State): void {
        this.dependentInvokes.add(invokeKey(token, args));
    }

    /** Records a registered resource in the {@link world}, in the account of its provider. */
    noteRegistered(r: WorldResource): void {
        this.world.register(r, this.accountOf(r.provider), (name) => this.scope.issuerFor(name).replace(/^https:\/\//, ""));
    }

    /**
     * Records an `aws.Provider`: one that assumes roles acts in the account of the last (`assumeRoles[-1].roleArn`), so
     * a second account behaves as the first (its roles, policies and OIDC providers get ARNs in it).
     */
    noteProvider(urn: string, type: string, inputs: State): void {
        if (type !== "pulumi:providers:aws") return;
        let roles: unknown = inputs.assumeRoles;
        if (typeof roles === "string") {
            try {
                roles = JSON.parse(roles) as unknown;
            } catch {
                roles = undefined;
            }
        }
        const roleArn = Array.isArray(roles) ? str(record(roles[roles.length - 1]).roleArn) : undefined;
        const account = roleArn?.split(":")[4];
        if (account !== undefined && /^\d{12}$/.test(account)) this.providerAccounts.set(urn, account);
    }

    /** The account a provider reference (`<urn>::<id>`) acts in. */
    private accountOf(provider: string | undefined): string {
        // The URN itself contains "::": the id follows the last one.
        return (provider !== undefined ? this.providerAccounts.get(provider.slice(0, provider.lastIndexOf("::"))) : undefined) ?? this.scope.stackAccount;
    }

    /** The OIDC issuer URL the fake gives the EKS cluster `clusterName`. */
    issuerFor(clusterName: string): string {
        return this.scope.issuerFor(clusterName);
    }

    /** The attributes of an EKS cluster called `name`, shaped like `aws.eks.Cluster`'s outputs. */
    eksCluster(name: string, version?: string): State {
        return eksCluster(this.scope, name, version);
    }

    /** What `eks.Cluster` gives as its kubeconfig: the same `aws eks get-token` kubeconfig the component builds. */
    kubeconfig(cluster: State): State {
        return kubeconfig(this.scope.region, cluster);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): Answer {
        const inputs = record(args.inputs);
        const scope = this.scope;
        scope.account = this.accountOf(args.provider);
        const { type, name } = args;
        if (args.id !== undefined && args.id !== "" && args.custom !== false) {
            // A read (`.get`): only what existed before the update is there.
            const failure = this.world.read(type, args.id, false);
            if (failure !== undefined) throw new Error(failure);
        }
        const answer = eksResource(scope, type, name, inputs) ?? iamResource(scope, type, name, inputs) ?? ec2Resource(scope, type, name, inputs);
        if (answer !== undefined) return answer;
        if (args.custom === false) return { id: undefined, state: { ...inputs } };
        if (isKubernetesObject(type)) return kubernetesObject(type, name, inputs);
        if (type.startsWith("pulumi:providers:")) return { id: stableHex(`provider:${name}`, 8) + "-" + stableHex(name, 4), state: { ...inputs } };
        return genericResource(scope, type, name, inputs);
    }

    call(args: pulumi.runtime.MockCallArgs): State {
        const inputs = record(args.inputs);
        this.scope.account = this.accountOf(args.provider);
        const failure = this.world.lookup(args.token, inputs, this.scope.account, this.dependentInvokes.has(invokeKey(args.token, inputs)));
        if (failure !== undefined) throw new Error(failure);
        return accountCall(this.scope, args.token) ?? eksCall(this.scope, args.token, inputs) ?? iamCall(this.scope, args.token, inputs) ?? { ...inputs };
    }
}

function invokeKey(token: string, args: State): string {
    return `${token} ${sortedJson(args)}`;
}
