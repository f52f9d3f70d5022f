/**
 * A deterministic fake AWS + Kubernetes for running a Pulumi program offline.
 *
 * It is Pulumi's own in-process mocks engine (`pulumi.runtime.setMocks`) with:
 * - well-formed, stable cloud values: one account id, one region, ARNs in AWS's formats, an EKS issuer URL
 *   derived from the cluster name, `<name>-<7 hex>` auto-names derived from the resource's name (never random,
 *   so two runs of the same config produce the same plan);
 * - answers for `@pulumi/eks`'s remote components and for the invokes an IRSA program makes;
 * - a recorder around the mock monitor that keeps what the engine would store for each resource (parent,
 *   provider, dependencies, property dependencies, inputs, outputs), so a run can be written out in the format
 *   of `pulumi stack export`.
 *
 * Used by `synth`, the benchmarks and the unit tests. Nothing here touches the network. One module per service
 * (`eks.ts`, `iam.ts`, `kubernetes.ts`, `aws.ts`), dispatched by `mocks.ts`; this one records.
 */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { stableHex } from "../stableHex";
import { engineUrn } from "../urn";
import { FakeCloudMocks } from "./mocks";
import { type CredentialChain, stackChain } from "./identity";
import { type State, wireState } from "./values";
import type { World } from "./world";

/** `waitForRPCs` is internal to the SDK (no type declaration) but it is what the language host waits on. */
const waitForRPCs = (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;

/** Options of {@link installFakeCloud}. */
export interface FakeCloudOptions {
    /** Project name the URNs carry. @default "eks-irsa" */
    project?: string;
    /** Stack name the URNs carry. @default "dev" */
    stack?: string;
    /** 12-digit AWS account id of every ARN. @default "123456789012" */
    accountId?: string;
    /** AWS region of every regional ARN and of the EKS issuer. @default "us-west-2" */
    region?: string;
    /** Run as `pulumi preview` (true) or `pulumi up` (false). @default false */
    preview?: boolean;
    /**
     * With `preview`: answer as the engine's preview of a new stack does (`synth --preview`): every resource the
     * program registers is one to create, its outputs are its inputs and everything the cloud would assign is unknown
     * (see `previewAnswer`); reads and lookups of what exists before the update are answered as in `up`. Without it a
     * preview still gets the cloud's values (what tests of unknown inputs rely on). @default false
     */
    unknownOutputs?: boolean;
    /**
     * EKS clusters that already exist in the fake account, by name, with their OIDC issuer URL: what an adopted
     * cluster's `aws.eks.getCluster` answers (an adopted OIDC provider's ARN names its cluster's issuer). Other
     * clusters get an issuer derived from their name. @default {}
     */
    existingClusters?: Record<string, { issuerUrl: string }>;
}

/** One resource as the engine would hold it after the run. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** false for component resources (including remote components such as `eks:index:Cluster`). */
    custom: boolean;
    /**
     * A resource the program read (`ServiceAccount.get`, `aws.iam.Role.get`): the engine keeps it in the state with
     * `external: true` and never creates, updates or deletes it.
     */
    external?: boolean;
    id?: string;
    parent?: string;
    /** Provider reference `<provider urn>::<provider id>`, when one was given explicitly. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

/** The fake cloud a program ran against: what it registered and what it asked. */
export interface FakeCloud {
    /** Every registered resource, in registration order. Component outputs are filled in by `settle()`. */
    readonly resources: RecordedResource[];
    /** Every invoke (data source call), in call order. */
    readonly invokes: { token: string; inputs: Record<string, unknown> }[];
    readonly accountId: string;
    readonly region: string;
    /** The OIDC issuer URL the fake gives the EKS cluster `clusterName`. */
    issuerFor(clusterName: string): string;
    /**
     * Calls `listener` with each resource as it registers, in registration order (component outputs are filled
     * in later, by `settle()`). Lets a caller start on a resource while the program is still running.
     */
    onRegister(listener: (r: RecordedResource) => void): void;
    /**
     * Resolves when every registration, invoke and output the program started has completed; then rejects if the
     * run would fail against the real cloud (see `world.ts`): a lookup of what the program creates, a Kubernetes
     * object sent without cluster access. The error lists every such problem.
     */
    settle(): Promise<void>;
    /** The strict world's record of the run: dependencies, destroy order, the chain each resource acts with. */
    readonly world: World;
    /** The default AWS provider's credential chain: the stack's `aws:*` config (read when called). */
    stackChain(): CredentialChain;
}

/** The FakeCloudMocks the SDK's invoke hook reports to (the one installed last). */
let activeMocks: FakeCloudMocks | undefined;
let invokeHookInstalled = false;

/**
 * Tells the fake which invokes wait for a resource of the program: the SDK's output-form invokes serialize their
 * arguments with their dependencies (`runtime/invoke.js`) before the request; the request itself has none.
 */
function installInvokeHook(): void {
    if (invokeHookInstalled) return;
    invokeHookInstalled = true;
    type Serialize = (label: string, props: unknown, opts?: unknown) => Promise<[Record<string, unknown>, Map<string, Set<unknown>>]>;
    // Internal to the SDK (no type declaration), read by invoke.js at each call.
    const module = rpc as unknown as { serializePropertiesReturnDeps: Serialize };
    const original = module.serializePropertiesReturnDeps;
    module.serializePropertiesReturnDeps = async (label: string, props: unknown, opts?: unknown) => {
        const result = await original(label, props, opts);
        const [serialized, dependencies] = result;
        if (label.startsWith("invoke:") && [...dependencies.values()].some((set) => set.size > 0)) {
            activeMocks?.noteDependentInvoke(label.slice("invoke:".length), serialized as State);
        }
        return result;
    };
}

export { stableHex, FakeCloudMocks };
export type { CredentialChain } from "./identity";
export { principalOf, showChain } from "./identity";

/** The parts of the gRPC request objects the recorder reads. */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getObject(): Struct;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getImportid(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
}
/** The parts of a `RegisterResourceResponse` the SDK reads (runtime/resource.js). */
interface RegisterAnswer {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): State };
    getPropertydependenciesMap(): undefined;
    /** `Result.SUCCESS`. */
    getResult(): 0;
}
/** The SDK MockMonitor's own members that the registration above keeps using (its URN scheme, its resource table). */
interface MockMonitorInternals {
    newUrn(parent: string, type: string, name: string): string;
    resources: Map<string, { urn: string; id: string | null; state: unknown }>;
}
/** The parts of a `ReadResourceRequest` the recorder reads. */
interface ReadRequest {
    getType(): string;
    getName(): string;
    getId(): string;
    getParent(): string;
    getProperties(): Struct | undefined;
    getProvider(): string;
    getDependenciesList(): string[];
}
interface MonitorLike {
    readResource(req: ReadRequest, cb: (err: unknown, resp?: { getUrn(): string; getProperties(): Struct | undefined }) => void): Promise<void>;
    registerResource(req: RegisterRequest, cb: (err: Error | null, resp?: RegisterAnswer) => void): Promise<void>;
    registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): State } }, cb: (err: unknown, resp?: unknown) => void): void;
    invoke(req: { getTok(): string; getArgs(): Struct }, cb: (err: unknown, resp?: unknown) => void): Promise<void>;
}

/** The engine's placeholder for a value known only after the update (`computedValuePlaceholder`). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * What `pulumi preview` knows of a resource it will create: the inputs the program gave it and nothing the cloud
 * assigns. A custom resource's outputs are its inputs (every other output, its ARN and id among them, is unknown:
 * absent, which the SDK reads as unknown in a preview); an explicit provider's id is the unknown placeholder, as
 * the engine's `providers.UnknownID`; a component's outputs (a remote one's, such as `eks:index:Cluster`) are all
 * unknown. Unknown inputs stay the unknown placeholder they came as.
 */
function previewAnswer(type: string, custom: boolean, inputs: State): { id: string | undefined; state: State } {
    if (!custom) return { id: undefined, state: {} };
    return { id: type.startsWith("pulumi:providers:") ? UNKNOWN : undefined, state: inputs };
}

/**
 * Points the Pulumi runtime of this process at a fresh fake cloud and starts recording.
 * Call it before the program under test creates its first resource.
 */
export async function installFakeCloud(opts: FakeCloudOptions = {}): Promise<FakeCloud> {
    const accountId = opts.accountId ?? "123456789012";
    const region = opts.region ?? "us-west-2";
    const mocks = new FakeCloudMocks(accountId, region, opts.existingClusters);
    const project = opts.project ?? "eks-irsa";
    const stack = opts.stack ?? "dev";
    activeMocks = mocks;
    installInvokeHook();
    await pulumi.runtime.setMocks(mocks, project, stack, opts.preview ?? false);

    const resources: RecordedResource[] = [];
    const listeners: ((r: RecordedResource) => void)[] = [];
    const byUrn = new Map<string, RecordedResource>();
    const invokes: { token: string; inputs: State }[] = [];
    const monitor = settings.getMonitor() as unknown as MonitorLike;

    // Registration, answered here rather than by the SDK's MockMonitor.registerResource. That one decodes the
    // request into runtime values (a Resource object rebuilt for each reference), hands them to `newResource`,
    // re-serializes the state property by property (a promise per value) and encodes it into a protobuf Struct
    // that the SDK decodes again. The fake's state is built from the request's own wire values (secrets and
    // references keep their signature objects, exactly as the round trip would re-encode them), so the answer is
    // that state as is: one decode per registration instead of four conversions. Same URNs, ids, states and
    // records; on a 1,000-workload plan the program took 4.5–4.9 s instead of 5.3–5.9 s.
    const fakeMonitor = monitor as unknown as MockMonitorInternals;
    /** Registrations the fake refused, and who waits to hear of one (a refused registration never settles). */
    const failures: Error[] = [];
    const stoppers: ((err: Error) => void)[] = [];
    // The engine's URNs (whole parent chain, no root stack type), for registrations and reads alike.
    fakeMonitor.newUrn = (parent, type, name) => engineUrn(stack, project, parent, type, name);
    monitor.registerResource = async (req, cb) => {
        let answer: RegisterAnswer;
        try {
            // Raw wire values, as the engine stores them: secrets and resource references keep their signature objects.
            const inputs = req.getObject().toJavaScript() as State;
            const type = req.getType();
            const name = req.getName();
            const custom = req.getCustom();
            const created = mocks.newResource({ type, name, inputs, provider: req.getProvider(), custom, id: req.getImportid() });
            const result = opts.preview === true && opts.unknownOutputs === true ? previewAnswer(type, custom, inputs) : created;
            const urn = fakeMonitor.newUrn(req.getParent(), type, name);
            mocks.noteProvider(urn, type, inputs);
            const state = wireState(result.state);
            fakeMonitor.resources.set(urn, { urn, id: result.id ?? null, state });
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((v, k) => {
                propertyDependencies[k] = v.getUrnsList();
            });
            const rec: RecordedResource = {
                urn,
                type,
                name,
                custom,
                ...(result.id ? { id: result.id } : {}),
                ...(req.getParent() ? { parent: req.getParent() } : {}),
                ...(req.getProvider() ? { provider: req.getProvider() } : {}),
                dependencies: req.getDependenciesList(),
                propertyDependencies,
                inputs,
                outputs: state,
            };
            resources.push(rec);
            byUrn.set(urn, rec);
            mocks.noteRegistered(rec);
            for (const listener of listeners) listener(rec);
            answer = { getUrn: () => urn, getId: () => result.id ?? "", getObject: () => ({ toJavaScript: () => state }), getPropertydependenciesMap: () => undefined, getResult: () => 0 };
        } catch (err) {
            // The cloud refused it (or the fake could not answer): the update stops here, as `pulumi up` would.
            failures.push(err as Error);
            for (const stop of stoppers) stop(err as Error);
            cb(err as Error);
            return;
        }
        cb(null, answer);
    };

    // Reads: answered by the SDK's mock (the fake's `newResource` with the id asked for), recorded as the engine
    // stores a read: `external`, its id, the properties it was read with as inputs, the state read as outputs.
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req, cb) =>
        read(req, (err, resp) => {
            if ((err === null || err === undefined) && resp !== undefined) {
                const urn = resp.getUrn();
                const rec: RecordedResource = {
                    urn,
                    type: req.getType(),
                    name: req.getName(),
                    custom: true,
                    external: true,
                    id: req.getId(),
                    ...(req.getParent() ? { parent: req.getParent() } : {}),
                    ...(req.getProvider() ? { provider: req.getProvider() } : {}),
                    dependencies: req.getDependenciesList(),
                    propertyDependencies: {},
                    inputs: (req.getProperties()?.toJavaScript() ?? {}) as State,
                    outputs: (resp.getProperties()?.toJavaScript() ?? {}) as State,
                };
                resources.push(rec);
                byUrn.set(urn, rec);
                for (const listener of listeners) listener(rec);
            }
            cb(err, resp);
        });

    // A component's outputs, kept as the engine keeps them: as the resource's state (what `getResource` returns),
    // decoded once. The SDK's MockMonitor.registerResourceOutputs stored the protobuf Struct itself as the state,
    // which its own `getResource` would then encode again as if it were a plain object, and which kept 1,002 Structs
    // (2.5 MB) alive at 1,000 workloads.
    monitor.registerResourceOutputs = (req, cb) => {
        const urn = req.getUrn();
        const registered = fakeMonitor.resources.get(urn);
        if (registered === undefined) {
            cb(new Error(`unknown resource ${urn}`));
            return;
        }
        registered.state = req.getOutputs().toJavaScript();
        const rec = byUrn.get(urn);
        if (rec) rec.outputs = registered.state as State;
        cb(null, {});
    };

    const invoke = monitor.invoke.bind(monitor);
    monitor.invoke = (req, cb) => {
        invokes.push({ token: req.getTok(), inputs: req.getArgs().toJavaScript() as State });
        return invoke(req, cb);
    };

    return {
        resources,
        invokes,
        accountId,
        region,
        issuerFor: (clusterName) => mocks.issuerFor(clusterName),
        onRegister: (listener) => {
            listeners.push(listener);
        },
        settle: async () => {
            // Outputs resolve over several turns of the event loop; wait until the runtime's RPC queue stays empty.
            const refused = new Promise<never>((_, reject) => {
                if (failures[0] !== undefined) reject(failures[0]);
                stoppers.push(reject);
            });
            for (let quiet = 0; quiet < 3; ) {
                const before = resources.length + invokes.length;
                await Promise.race([waitForRPCs(), refused]);
                await new Promise((r) => setImmediate(r));
                quiet = resources.length + invokes.length === before ? quiet + 1 : 0;
            }
            const problems = mocks.world.problems(stackChainOfConfig());
            if (problems.length > 0) throw new Error(problems.join("\n"));
        },
        world: mocks.world,
        stackChain: stackChainOfConfig,
    };
}

/** The stack's credential chain from the `aws:*` config the runtime holds now. */
function stackChainOfConfig(): CredentialChain {
    return stackChain((key) => pulumi.runtime.getConfig(`aws:${key}`));
}
