/**
 * `Analyze` and `AnalyzeStack` requests read straight from their bytes, in place of google-protobuf's
 * `deserializeBinary` for the two requests the dispatcher (./dispatch.ts) serves.
 *
 * google-protobuf 3.21 builds a message object per field group (options, provider, each stack resource, each
 * property-dependency entry, a `jspb.Map` per map) and decodes every string byte by byte in JavaScript
 * (`BinaryDecoder.readString`): even with the Structs read straight from the wire (as runtime/decodeOnce.js did then), decoding the 5,005 `Analyze`
 * requests and the `AnalyzeStack` request of the 1,000-workload plan still took about 0.6 s of the pack's CPU under
 * the CLI's runner (a server that only decoded them: 1.25 s of CPU against 0.67 s for the same calls undecoded;
 * see docs/performance.md, "Issue 23, second round"). Here strings are sliced with Node's native UTF-8 decoder, each message is one small
 * object with the getters the dispatcher reads, and a provider that comes with many requests (the Kubernetes
 * provider and its kubeconfig with every Kubernetes resource) is read once and shared, as its decoded props
 * already were in runtime/decodeOnce.js.
 *
 * What the dispatcher gets is what google-protobuf gives, getter for getter (tests/policy-pack/wireRequests.spec.ts
 * compares both on the 1,000-workload plan and on hand-written edge cases). This reader handles the requests as a
 * protobuf encoder writes them: each field with its declared wire type, at most once for a singular field, no
 * duplicate Struct keys, every Struct value with exactly one kind, valid UTF-8 (Go's encoder, the engine's, refuses
 * invalid UTF-8 in a `string` field). Anything else (where google-protobuf has its own answer: the last of
 * duplicate fields, merged values, its own reading of invalid UTF-8, an error) makes it give up and the request is
 * decoded by google-protobuf's own code, as before. Unknown fields are skipped, as google-protobuf skips them.
 *
 * Field numbers: `pulumi/proto/analyzer.proto` (@pulumi/pulumi 3.248, pinned by the pack) and
 * `google/protobuf/struct.proto`.
 */

import { DecodedStruct, expect, fieldBits, FIXED64, GIVE_UP, giveUp, LEN, Reader, readEntry, readFields, readMessages, readStrings, StructLike, VARINT } from "./wireReader";

export type { StructLike } from "./wireReader";

/** `AnalyzerResourceOptions` as the dispatcher reads it. */
export interface OptionsLike {
    getProtect(): boolean;
    getIgnorechangesList(): string[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getAdditionalsecretoutputsList(): string[];
    getAliasesList(): string[];
    getCustomtimeouts(): { getCreate(): number; getUpdate(): number; getDelete(): number } | undefined;
    getParent(): string;
}

/** `AnalyzerProviderResource` as the dispatcher reads it. */
export interface ProviderLike {
    getType(): string;
    getProperties(): StructLike | undefined;
    getUrn(): string;
    getName(): string;
}

/** An `AnalyzeRequest` (or the common part of an `AnalyzerResource`) as the dispatcher reads it. */
export interface ResourceLike {
    getType(): string;
    getProperties(): StructLike | undefined;
    getUrn(): string;
    getName(): string;
    getOptions(): OptionsLike | undefined;
    getProvider(): ProviderLike | undefined;
}

/** An `AnalyzerResource` of `AnalyzeStack` as the dispatcher reads it. */
export interface StackResourceLike extends ResourceLike {
    getParent(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
}

/** An `AnalyzeStackRequest` as the dispatcher reads it. */
export interface StackRequestLike {
    getResourcesList(): StackResourceLike[];
}

class Timeouts {
    create = 0;
    update = 0;
    delete = 0;
    getCreate(): number {
        return this.create;
    }
    getUpdate(): number {
        return this.update;
    }
    getDelete(): number {
        return this.delete;
    }
}

/** `AnalyzerResourceOptions`: an absent list reads as a new empty one, as google-protobuf's getters give. */
class Options implements OptionsLike {
    protect = false;
    ignoreChanges: string[] | undefined;
    deleteBeforeReplace = false;
    deleteBeforeReplaceDefined = false;
    additionalSecretOutputs: string[] | undefined;
    aliases: string[] | undefined;
    timeouts: Timeouts | undefined;
    parent = "";
    getProtect(): boolean {
        return this.protect;
    }
    getIgnorechangesList(): string[] {
        return (this.ignoreChanges ??= []);
    }
    getDeletebeforereplace(): boolean {
        return this.deleteBeforeReplace;
    }
    getDeletebeforereplacedefined(): boolean {
        return this.deleteBeforeReplaceDefined;
    }
    getAdditionalsecretoutputsList(): string[] {
        return (this.additionalSecretOutputs ??= []);
    }
    getAliasesList(): string[] {
        return (this.aliases ??= []);
    }
    getCustomtimeouts(): Timeouts | undefined {
        return this.timeouts;
    }
    getParent(): string {
        return this.parent;
    }
}

function readTimeouts(r: Reader): Timeouts {
    const t = new Timeouts();
    readFields(r, fieldBits(1, 2, 3, 4), (field, tag) => {
        if (field < 1 || field > 4) return false;
        expect(tag, FIXED64);
        const v = r.double();
        if (field === 1) t.create = v;
        else if (field === 2) t.update = v;
        else if (field === 3) t.delete = v; // 4: read, which the SDK does not hand to policies
        return true;
    });
    return t;
}

function readOptions(r: Reader): Options {
    const o = new Options();
    readFields(r, fieldBits(1, 3, 4, 7, 8), (field, tag) => {
        if (field === 1 || field === 3 || field === 4) {
            expect(tag, VARINT);
            const v = r.varint() !== 0;
            if (field === 1) o.protect = v;
            else if (field === 3) o.deleteBeforeReplace = v;
            else o.deleteBeforeReplaceDefined = v;
            return true;
        }
        if (field < 2 || field > 8) return false;
        expect(tag, LEN);
        if (field === 2) (o.ignoreChanges ??= []).push(r.string());
        else if (field === 5) (o.additionalSecretOutputs ??= []).push(r.string());
        else if (field === 6) (o.aliases ??= []).push(r.string());
        else if (field === 7) o.timeouts = r.nested(readTimeouts);
        else o.parent = r.string();
        return true;
    });
    return o;
}

/** Fields 1 to 4 of `AnalyzerProviderResource`, `AnalyzeRequest` and `AnalyzerResource`: the provider itself. */
class Named implements ProviderLike {
    type = "";
    properties: StructLike | undefined;
    urn = "";
    name = "";
    getType(): string {
        return this.type;
    }
    getProperties(): StructLike | undefined {
        return this.properties;
    }
    getUrn(): string {
        return this.urn;
    }
    getName(): string {
        return this.name;
    }
}

/** Reads field `field` (1 to 4, else false) of a {@link Named} message. */
function readNamedField(r: Reader, named: Named, field: number, tag: number): boolean {
    if (field < 1 || field > 4) return false;
    expect(tag, LEN);
    if (field === 1) named.type = r.string();
    else if (field === 2) named.properties = DecodedStruct.read(r);
    else if (field === 3) named.urn = r.string();
    else named.name = r.string();
    return true;
}

function readProvider(r: Reader): Named {
    const p = new Named();
    readFields(r, fieldBits(1, 2, 3, 4), (field, tag) => readNamedField(r, p, field, tag));
    return p;
}

/**
 * Providers read lately, by their bytes: a provider comes with every request of the resources it manages, the same
 * bytes each time. Shared like the props of one request (policies only read them; see runtime/decodeOnce.js).
 * A handful of entries: a plan has few providers, and a stale entry is only memory.
 */
const providers: { readonly bytes: Buffer; readonly provider: Named }[] = [];
const PROVIDERS_KEPT = 16;

function sharedProvider(r: Reader): Named {
    const end = r.delimited();
    const length = end - r.pos;
    let provider = providers.find((p) => p.bytes.length === length && r.buf.compare(p.bytes, 0, length, r.pos, end) === 0)?.provider;
    if (provider === undefined) {
        const bytes = Buffer.from(r.buf.subarray(r.pos, end)); // a copy: the request's buffer is gRPC's
        const outer = r.end;
        r.end = end;
        provider = readProvider(r);
        r.end = outer;
        if (providers.length >= PROVIDERS_KEPT) providers.shift();
        providers.push({ bytes, provider });
    }
    r.pos = end;
    return provider;
}

/** Fields 1 to 6 of `AnalyzeRequest` and `AnalyzerResource`. */
class Resource extends Named implements ResourceLike {
    options: OptionsLike | undefined;
    provider: ProviderLike | undefined;
    getOptions(): OptionsLike | undefined {
        return this.options;
    }
    getProvider(): ProviderLike | undefined {
        return this.provider;
    }
}

/** `AnalyzerPropertyDependencies`. */
class Urns {
    constructor(private readonly urns: string[]) {}
    getUrnsList(): string[] {
        return this.urns;
    }
}

class StackResource extends Resource implements StackResourceLike {
    parent = "";
    dependencies: string[] | undefined;
    propertyDependencies: Map<string, Urns> | undefined;
    getParent(): string {
        return this.parent;
    }
    getDependenciesList(): string[] {
        return (this.dependencies ??= []);
    }
    /** As `jspb.Map.entries()`: sorted by key. */
    getPropertydependenciesMap(): { entries(): Iterable<[string, Urns]> } {
        const map = this.propertyDependencies;
        return { entries: () => (map === undefined ? [] : [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    }
}

/** Reads field `field` (1 to 6, else false) of a resource into `res`. */
function readResourceField(r: Reader, res: Resource, field: number, tag: number): boolean {
    if (field === 5 || field === 6) {
        expect(tag, LEN);
        if (field === 5) res.options = r.nested(readOptions);
        else res.provider = sharedProvider(r);
        return true;
    }
    return readNamedField(r, res, field, tag);
}

function analyzeRequestOf(r: Reader): Resource {
    const res = new Resource();
    readFields(r, fieldBits(1, 2, 3, 4, 5, 6), (field, tag) => readResourceField(r, res, field, tag));
    return res;
}

/** An entry of `AnalyzerResource.propertyDependencies`. */
const readPropertyDependencies = (r: Reader): [string, string[]] => readEntry(r, readStrings);

function readStackResource(r: Reader): StackResource {
    const res = new StackResource();
    readFields(r, fieldBits(1, 2, 3, 4, 5, 6, 7), (field, tag) => {
        if (field < 7 || field > 9) return readResourceField(r, res, field, tag);
        expect(tag, LEN);
        if (field === 7) {
            res.parent = r.string();
        } else if (field === 8) {
            (res.dependencies ??= []).push(r.string());
        } else {
            const [key, urns] = r.nested(readPropertyDependencies);
            const map = (res.propertyDependencies ??= new Map());
            if (map.has(key)) giveUp();
            map.set(key, new Urns(urns));
        }
        return true;
    });
    return res;
}

function analyzeStackRequestOf(r: Reader): StackRequestLike {
    const resources = readMessages(r, readStackResource);
    return { getResourcesList: () => resources };
}

/** `read` over all of `bytes`, or `undefined` where google-protobuf must decode them (see above). */
function readAll<T>(bytes: Buffer, read: (r: Reader) => T): T | undefined {
    try {
        return read(new Reader(bytes, 0, bytes.length));
    } catch (e) {
        if (e === GIVE_UP) return undefined;
        throw e;
    }
}

/** An `AnalyzeRequest`'s bytes read as the dispatcher reads them, else by `fallback` (google-protobuf's). */
export function decodeAnalyzeRequest(bytes: Buffer, fallback: (bytes: Buffer) => ResourceLike): ResourceLike {
    return readAll(bytes, analyzeRequestOf) ?? fallback(bytes);
}

/** An `AnalyzeStackRequest`'s bytes read as the dispatcher reads them, else by `fallback` (google-protobuf's). */
export function decodeAnalyzeStackRequest(bytes: Buffer, fallback: (bytes: Buffer) => StackRequestLike): StackRequestLike {
    return readAll(bytes, analyzeStackRequestOf) ?? fallback(bytes);
}
