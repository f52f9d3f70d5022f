// Run by decodeOnce.spec.ts in a process of its own, in policy-pack/ (policy-pack/runtime/decodeOnce.js patches the
// process it is loaded into): decodes the same bytes with google-protobuf's own code and with the patches of
// policy-pack/runtime/decodeOnce.js, and prints both results of every case as JSON lines for the spec to compare.
// A CommonJS program that node runs directly (not through the TypeScript loader), hence require().
/* eslint-disable @typescript-eslint/no-require-imports */
"use strict";
const path = require("node:path");
const { inspect } = require("node:util");

const fromPack = { paths: [process.cwd()] };
const pulumiProto = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb", fromPack));
const { BinaryWriter } = require(require.resolve("google-protobuf", { paths: [pulumiProto] }));
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiProto] }));
const analyzer = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", fromPack));

// google-protobuf's own functions, before the patches replace them.
const swapped = () => ({ deserialize: Struct.deserializeBinaryFromReader, toJavaScript: Struct.prototype.toJavaScript });
const original = swapped();
const proxyModule = require(require.resolve("@pulumi/policy/proxy", fromPack));
const originalProxy = proxyModule.unknownCheckingProxy;
require(path.resolve(__dirname, "..", "..", "policy-pack", "runtime", "decodeOnce.js"));
const patched = swapped();
if (patched.toJavaScript === original.toJavaScript) {
    throw new Error("policy-pack/runtime/decodeOnce.js did not patch google-protobuf");
}
function use(fns) {
    Struct.deserializeBinaryFromReader = fns.deserialize;
    Struct.prototype.toJavaScript = fns.toJavaScript;
}

/** What decoding `bytes` gives: the value in full (key order, -0, NaN shown) or the error thrown. */
function outcome(decode) {
    try {
        return inspect(decode(), { depth: Infinity, sorted: false, breakLength: Infinity });
    } catch (e) {
        return `throws ${e.message}`;
    }
}
function compare(name, bytes, decode) {
    use(original);
    const expected = outcome(() => decode(bytes));
    use(patched);
    const actual = outcome(() => decode(bytes));
    console.log(JSON.stringify({ name, expected, actual }));
}
const structOf = (bytes) => Struct.deserializeBinary(bytes).toJavaScript();

// Hand-written Structs, for what Struct.fromJavaScript never writes.
function bytesOf(write) {
    const w = new BinaryWriter();
    write(w);
    return w.getResultBuffer();
}
const entry = (key, writeValue) => (w) =>
    w.writeMessage(1, {}, (_, e) => {
        if (key !== undefined) e.writeString(1, key);
        if (writeValue !== undefined) e.writeMessage(2, {}, (__, v) => writeValue(v));
    });
const str = (s) => (v) => v.writeString(3, s);
const long = "é€😀".repeat(30) + "x".repeat(70);

const rich = JSON.parse(
    JSON.stringify({
        b: 1,
        a: [true, false, null, 0, 1.5e308, "", long, { z: 1, y: [[]] }],
        10: "ten",
        2: "two",
        "\ufeffbom": "\ufeff" + long,
        nested: { kubeconfig: "apiVersion: v1\n".repeat(20), empty: {}, list: [] },
    }),
);
rich.negativeZero = -0;
compare("a Struct of every kind of value, keys out of order", Struct.fromJavaScript(rich).serializeBinary(), structOf);
compare("an empty Struct", new Uint8Array(0), structOf);
compare("duplicate keys (the last wins)", bytesOf((w) => [entry("k", str("first")), entry("j", str("j")), entry("k", str("second"))].forEach((f) => f(w))), structOf);
compare("an entry without key", bytesOf(entry(undefined, str("v"))), structOf);
compare("an entry without value", bytesOf(entry("k", undefined)), structOf);
compare("a value without kind", bytesOf(entry("k", () => {})), structOf);
compare("a value without kind, replaced by a later duplicate key", bytesOf((w) => [entry("k", () => {}), entry("k", str("v"))].forEach((f) => f(w))), structOf);
compare(
    "a value with two kinds (the last wins)",
    bytesOf(
        entry("k", (v) => {
            v.writeString(3, "s");
            v.writeDouble(2, 2);
        }),
    ),
    structOf,
);
compare(
    "an entry whose value comes twice (merged)",
    bytesOf((w) =>
        w.writeMessage(1, {}, (_, e) => {
            e.writeString(1, "k");
            e.writeMessage(2, {}, (__, v) => v.writeString(3, "kept"));
            e.writeMessage(2, {}, () => {});
        }),
    ),
    structOf,
);
compare(
    "a nested value without kind, inside a kind that a later one replaces",
    bytesOf(
        entry("k", (v) => {
            v.writeMessage(5, {}, (_, s) => entry("inner", () => {})(s));
            v.writeBool(4, true);
        }),
    ),
    structOf,
);
compare(
    "a list with an element without kind",
    bytesOf(entry("k", (v) => v.writeMessage(6, {}, (_, l) => [str("a"), () => {}].forEach((el) => l.writeMessage(1, {}, (__, x) => el(x)))))),
    structOf,
);
compare(
    "unknown fields in a Struct and in a Value",
    bytesOf((w) => {
        w.writeString(7, "unknown");
        entry("k", (v) => {
            v.writeInt32(9, 5);
            v.writeString(3, "v");
        })(w);
    }),
    structOf,
);
const invalidUtf8 = Uint8Array.from([...Buffer.from("x".repeat(70)), 0xed, 0xa0, 0x80, 0xc0, 0x80, 0xff]);
compare("invalid UTF-8 (a CESU-8 surrogate, an overlong, a stray byte)", bytesOf(entry("k", (v) => v.writeBytes(3, invalidUtf8))), structOf);

// Requests as the engine sends them: the Structs inside, and the provider's.
const request = new analyzer.AnalyzeRequest();
request.setType("aws:iam/role:Role");
request.setUrn("urn:pulumi:s::p::aws:iam/role:Role::r");
request.setProperties(Struct.fromJavaScript(rich));
const provider = new analyzer.AnalyzerProviderResource();
provider.setType("pulumi:providers:kubernetes");
provider.setProperties(Struct.fromJavaScript({ kubeconfig: long, version: "4.34.0" }));
request.setProvider(provider);
compare("an AnalyzeRequest", request.serializeBinary(), (bytes) => {
    const decoded = analyzer.AnalyzeRequest.deserializeBinary(bytes);
    return [decoded.getType(), decoded.getUrn(), decoded.getProperties().toJavaScript(), decoded.getProvider().getProperties().toJavaScript()];
});
const stack = new analyzer.AnalyzeStackRequest();
for (let i = 0; i < 3; i++) {
    const r = new analyzer.AnalyzerResource();
    r.setType("kubernetes:core/v1:ServiceAccount");
    r.setUrn(`urn:${i}`);
    r.setProperties(Struct.fromJavaScript({ metadata: { name: `sa-${i}`, annotations: { "eks.amazonaws.com/role-arn": long } } }));
    r.setProvider(provider);
    stack.addResources(r);
}
compare("an AnalyzeStackRequest", stack.serializeBinary(), (bytes) =>
    analyzer.AnalyzeStackRequest.deserializeBinary(bytes)
        .getResourcesList()
        .map((r) => [r.getUrn(), r.getProperties().toJavaScript(), r.getProvider().getProperties().toJavaScript()]),
);

// The SDK's deserializeProperties: one shared copy per Struct for policies, a copy of its own for Remediate.
const { deserializeProperties } = require(require.resolve("@pulumi/policy/deserialize", fromPack));
const props = Struct.deserializeBinary(Struct.fromJavaScript({ a: { b: 1 } }).serializeBinary());
console.log(
    JSON.stringify({
        name: "deserializeProperties",
        shared: deserializeProperties(props, false) === deserializeProperties(props, false),
        remediateOwnCopy: deserializeProperties(props, true) !== deserializeProperties(props, true),
    }),
);

// The SDK's unknown-checking proxy: the shared one reads as the SDK's own does, unknowns and special keys included.
const patchedProxy = proxyModule.unknownCheckingProxy;
const unknown = { s: proxyModule.unknownStringValue, o: proxyModule.unknownObjectValue, a: proxyModule.unknownArrayValue };
const propsWithUnknowns = () => ({
    name: "r",
    tags: { team: "a", owner: unknown.s },
    list: [{ policy: "{}" }, { policy: unknown.s }],
    nested: { deeper: { value: 1, gone: unknown.o } },
    items: unknown.a,
    fn: Array,
});
const reads = {
    "a plain value": (p) => p.name,
    "a nested object, read twice": (p) => [p.nested.deeper.value, p.nested.deeper.value, JSON.stringify(p.nested)],
    "an unknown string deep in a list": (p) => p.list[1].policy,
    "an unknown object": (p) => p.nested.deeper.gone,
    "an unknown array": (p) => p.items,
    "a known entry next to an unknown one": (p) => p.tags.team,
    "the unknown's error path": (p) => {
        try {
            return p.tags.owner;
        } catch (e) {
            return [e.constructor.name, e.message, e.props, e instanceof proxyModule.UnknownValueError];
        }
    },
    "array methods through the proxy (the SDK's non-configurable case)": (p) => p.list.filter((x) => typeof x.policy === "string").length,
    "Object.keys and spreading": (p) => [Object.keys(p), Object.keys({ ...p.tags })],
    "the special keys": (p) => [p[proxyModule.isSpecialProxy], p[proxyModule.getSpecialProxyTarget] !== p, typeof p.fn.prototype],
    };
for (const [name, read] of Object.entries(reads)) {
    const proxyExpected = outcome(() => read(originalProxy(propsWithUnknowns())));
    const shared = patchedProxy(propsWithUnknowns());
    const proxyActual = outcome(() => read(shared));
    const proxyAgain = outcome(() => read(shared));
    console.log(JSON.stringify({ name: `proxy: ${name}`, proxyExpected, proxyActual, proxyAgain }));
}
console.log(JSON.stringify({ name: "proxy sharing", sameTop: (() => { const t = { a: { b: 1 } }; const p = patchedProxy(t); return p === patchedProxy(t) && p.a === p.a; })(), primitive: patchedProxy(5) === 5 && originalProxy(5) === 5 }));
