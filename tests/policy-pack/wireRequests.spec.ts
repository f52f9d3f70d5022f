/**
 * policy-pack/lib/wireRequests.ts against google-protobuf's own decoding of the same bytes: every getter the
 * dispatcher reads, on the requests of a benchmark plan (with property dependencies, parents and providers) and on
 * hand-written requests in shapes no encoder writes, which it must hand to google-protobuf's reader.
 */
import * as assert from "node:assert/strict";
import { inspect } from "node:util";
import { BinaryWriter } from "google-protobuf";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { DecodedStruct } from "../../policy-pack/lib/wireReader";
import { decodeAnalyzeRequest, decodeAnalyzeStackRequest, ResourceLike, StackResourceLike } from "../../policy-pack/lib/wireRequests";
import { AnalyzedResource, analyzeRequest, analyzeStackRequest } from "../../synth/analyzer/requests";

/** Everything the dispatcher reads of a resource, in full (key order, -0 shown), or the error a getter throws. */
function snapshot(r: ResourceLike | StackResourceLike): string {
    const read = (f: () => unknown): unknown => {
        try {
            return f();
        } catch (e) {
            return `throws ${(e as Error).message}`;
        }
    };
    const o = r.getOptions();
    const t = o?.getCustomtimeouts();
    const p = r.getProvider();
    const value: Record<string, unknown> = {
        type: r.getType(),
        props: read(() => r.getProperties()?.toJavaScript()),
        urn: r.getUrn(),
        name: r.getName(),
        options: o && [o.getProtect(), o.getIgnorechangesList(), o.getDeletebeforereplace(), o.getDeletebeforereplacedefined(), o.getAdditionalsecretoutputsList(), o.getAliasesList(), t && [t.getCreate(), t.getUpdate(), t.getDelete()], o.getParent()],
        provider: p && [p.getType(), read(() => p.getProperties()?.toJavaScript()), p.getUrn(), p.getName()],
    };
    if ("getParent" in r) {
        value.parent = r.getParent();
        value.dependencies = r.getDependenciesList();
        value.propertyDependencies = [...r.getPropertydependenciesMap().entries()].map(([k, d]) => [k, d.getUrnsList()]);
    }
    return inspect(value, { depth: Infinity, sorted: false, breakLength: Infinity });
}

const analyzeFallback = (b: Buffer): ResourceLike => analyzerpb.AnalyzeRequest.deserializeBinary(b);
const stackFallback = (b: Buffer): analyzerpb.AnalyzeStackRequest => analyzerpb.AnalyzeStackRequest.deserializeBinary(b);

/** Both readings of an `AnalyzeRequest`'s bytes (or the error each throws), and whether the fast reader kept it. */
function readBoth(bytes: Uint8Array): { expected: string; actual: string; fast: boolean } {
    const outcome = (decode: () => ResourceLike): { text: string; fast: boolean } => {
        try {
            const decoded = decode();
            return { text: snapshot(decoded), fast: !(decoded instanceof analyzerpb.AnalyzeRequest) };
        } catch (e) {
            return { text: `throws ${(e as Error).message}`, fast: false };
        }
    };
    const actual = outcome(() => decodeAnalyzeRequest(Buffer.from(bytes), analyzeFallback));
    return { expected: outcome(() => analyzerpb.AnalyzeRequest.deserializeBinary(bytes)).text, actual: actual.text, fast: actual.fast };
}

/** Bytes written field by field, for the shapes google-protobuf's messages never write. */
function bytesOf(write: (w: BinaryWriter) => void): Uint8Array {
    const w = new BinaryWriter();
    write(w);
    return w.getResultBuffer();
}
/** A Struct of one entry `key` whose Value is written by `value`. */
const structEntry = (w: BinaryWriter, key: string, value: (v: BinaryWriter) => void): void => w.writeMessage(1, {}, (_: unknown, e: BinaryWriter) => {
    e.writeString(1, key);
    e.writeMessage(2, {}, (__: unknown, v: BinaryWriter) => value(v));
});

const role: AnalyzedResource = {
    urn: "urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaWorkload$aws:iam/role:Role::svc-1",
    type: "aws:iam/role:Role",
    name: "svc-1",
    custom: true,
    inputs: { name: "svc-1", tags: { "é€😀": "x", b: [1.5, -0, null, true, "", { z: 1, a: [] }] }, assumeRolePolicy: "{\"Version\":\"2012-10-17\"}" },
    outputs: { arn: "arn:aws:iam::123456789012:role/svc-1", name: "svc-1" },
    parent: "urn:pulumi:dev::eks-irsa::eks-irsa:index:IrsaWorkload::svc-1",
    dependencies: ["urn:b", "urn:a"],
    propertyDependencies: { tags: ["urn:b"], name: ["urn:a", "urn:b"], assumeRolePolicy: [] },
    provider: { urn: "urn:pulumi:dev::eks-irsa::pulumi:providers:kubernetes::k8s", type: "pulumi:providers:kubernetes", name: "k8s", inputs: { kubeconfig: "apiVersion: v1\n".repeat(40), version: "4.34.0" } },
};

/** An AnalyzeRequest with every option set. */
function withEveryOption(): analyzerpb.AnalyzeRequest {
    const req = analyzeRequest(role);
    const o = new analyzerpb.AnalyzerResourceOptions();
    o.setProtect(true);
    o.setIgnorechangesList(["tags", "name"]);
    o.setDeletebeforereplace(true);
    o.setDeletebeforereplacedefined(true);
    o.setAdditionalsecretoutputsList(["arn"]);
    o.setAliasesList(["urn:old", "urn:older"]);
    const t = new analyzerpb.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(60);
    t.setUpdate(2);
    t.setDelete(1.5);
    o.setCustomtimeouts(t);
    o.setParent("urn:parent");
    req.setOptions(o);
    return req;
}

describe("policy-pack/lib/wireRequests.ts (Analyze and AnalyzeStack requests read from their bytes)", () => {
    it("reads an AnalyzeRequest as google-protobuf does, and shares its provider with the next request", () => {
        const bytes = analyzeRequest(role).serializeBinary();
        const { expected, actual, fast } = readBoth(bytes);
        assert.equal(actual, expected);
        assert.equal(fast, true);
        const first = decodeAnalyzeRequest(Buffer.from(bytes), analyzeFallback);
        const again = decodeAnalyzeRequest(Buffer.from(bytes), analyzeFallback);
        assert.equal(snapshot(again), expected);
        assert.equal(again.getProvider(), first.getProvider());
        assert.notEqual(again.getProperties(), first.getProperties());
    });

    it("reads every resource option as google-protobuf does", () => {
        const { expected, actual, fast } = readBoth(withEveryOption().serializeBinary());
        assert.equal(actual, expected);
        assert.equal(fast, true);
        assert.match(actual, /options: \[ true, \[ 'tags', 'name' \], true, true, \[ 'arn' \], \[ 'urn:old', 'urn:older' \], \[ 60, 2, 1\.5 \], 'urn:parent' \]/);
    });

    it("reads an empty AnalyzeRequest as google-protobuf does", () => {
        const { expected, actual, fast } = readBoth(new Uint8Array(0));
        assert.equal(actual, expected);
        assert.equal(fast, true);
    });

    it("reads an AnalyzeStackRequest as google-protobuf does, property dependencies sorted by key", () => {
        const bytes = analyzeStackRequest([role, { ...role, urn: "urn:2", parent: undefined, dependencies: [], propertyDependencies: {} }]).serializeBinary();
        const decoded = decodeAnalyzeStackRequest(Buffer.from(bytes), stackFallback);
        assert.equal(decoded instanceof analyzerpb.AnalyzeStackRequest, false);
        assert.deepEqual(decoded.getResourcesList().map(snapshot), stackFallback(Buffer.from(bytes)).getResourcesList().map(snapshot));
        assert.match(snapshot(decoded.getResourcesList()[0]!), /propertyDependencies: \[ \[ 'assumeRolePolicy', \[\] \], \[ 'name', \[ 'urn:a', 'urn:b' \] \], \[ 'tags', \[ 'urn:b' \] \] \]/);
    });

    it("skips unknown fields in the request, its options and its Structs, as google-protobuf does", () => {
        const bytes = bytesOf((w) => {
            w.writeString(1, "t");
            w.writeInt32(40, 7);
            w.writeMessage(2, {}, (_: unknown, s: BinaryWriter) => {
                s.writeDouble(9, 1);
                structEntry(s, "k", (v) => {
                    v.writeFixed32(12, 3);
                    v.writeString(3, "v");
                });
            });
            w.writeMessage(5, {}, (_: unknown, o: BinaryWriter) => {
                o.writeString(99, "x");
                o.writeMessage(7, {}, (__: unknown, t: BinaryWriter) => [1, 2, 3, 4].forEach((f) => t.writeDouble(f, f * 1.5)));
                o.writeBool(4, true);
            });
        });
        const { expected, actual, fast } = readBoth(bytes);
        assert.equal(actual, expected);
        assert.equal(fast, true);
    });

    const handedOver: [string, Uint8Array][] = [
        ["a field that comes twice (google-protobuf keeps the last)", bytesOf((w) => [w.writeString(1, "first"), w.writeString(1, "second")])],
        ["a Struct key that comes twice", bytesOf((w) => w.writeMessage(2, {}, (_: unknown, s: BinaryWriter) => ["a", "b"].forEach((v) => structEntry(s, "k", (x) => x.writeString(3, v)))))],
        ["a Struct key that comes twice, out of order", bytesOf((w) => w.writeMessage(2, {}, (_: unknown, s: BinaryWriter) => ["k", "a", "k"].forEach((k, i) => structEntry(s, k, (x) => x.writeDouble(2, i))))) ],
        ["a Value without kind (its toJavaScript throws)", bytesOf((w) => w.writeMessage(2, {}, (_: unknown, s: BinaryWriter) => structEntry(s, "k", () => undefined)))],
        ["a Value with two kinds", bytesOf((w) => w.writeMessage(2, {}, (_: unknown, s: BinaryWriter) => structEntry(s, "k", (v) => [v.writeString(3, "s"), v.writeBool(4, true)])))],
        ["a __proto__ key", bytesOf((w) => w.writeMessage(2, {}, (_: unknown, s: BinaryWriter) => ["a", "__proto__"].forEach((k) => structEntry(s, k, (v) => v.writeString(3, k)))))],
        ["keys out of order with a __proto__ key", bytesOf((w) => w.writeMessage(2, {}, (_: unknown, s: BinaryWriter) => ["b", "a", "__proto__"].forEach((k) => structEntry(s, k, (v) => v.writeString(3, k)))))],
        ["invalid UTF-8 in a string", bytesOf((w) => w.writeBytes(3, Uint8Array.from([0x75, 0xed, 0xa0, 0x80, 0xff])))],
        ["a known field with another wire type (google-protobuf fails)", bytesOf((w) => w.writeInt32(3, 5))],
    ];
    for (const [name, bytes] of handedOver) {
        it(`hands ${name} to google-protobuf`, () => {
            const { expected, actual, fast } = readBoth(bytes);
            assert.equal(fast, false);
            assert.equal(actual, expected);
        });
    }

    it("marks plain only the props that hold no unknown value and no signature key", () => {
        const plainness = (props: Record<string, unknown> | Uint8Array): boolean => {
            const req = new analyzerpb.AnalyzeRequest();
            if (!(props instanceof Uint8Array)) req.setProperties(Struct.fromJavaScript(props as never));
            const bytes = props instanceof Uint8Array ? props : req.serializeBinary();
            const struct = decodeAnalyzeRequest(Buffer.from(bytes), analyzeFallback).getProperties();
            assert.ok(struct instanceof DecodedStruct);
            return struct.plain;
        };
        assert.equal(plainness({ a: { b: ["x", 1, null] } }), true);
        assert.equal(plainness({ a: { b: ["x", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"] } }), false); // unknown string
        assert.equal(plainness({ a: [{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" }] }), false); // a secret
    });

    it("reads a Struct whose keys come out of order with its keys sorted, as google-protobuf does", () => {
        const bytes = bytesOf((w) => w.writeMessage(2, {}, (_: unknown, s: BinaryWriter) => ["b", "10", "a", "2", "c"].forEach((k) => structEntry(s, k, (v) => v.writeString(3, k)))));
        const { expected, actual, fast } = readBoth(bytes);
        assert.equal(actual, expected);
        assert.equal(fast, true);
    });

    it("reads a Struct of every kind of value with its keys sorted", () => {
        const props = { b: 1, a: [true, false, null, 0, 1.5e308, "", "é€😀".repeat(40), { z: 1, y: [[]] }], 10: "ten", 2: "two", nested: { empty: {}, list: [] } };
        const req = new analyzerpb.AnalyzeRequest();
        req.setProperties(Struct.fromJavaScript(props));
        const { expected, actual, fast } = readBoth(req.serializeBinary());
        assert.equal(actual, expected);
        assert.equal(fast, true);
    });
});
