// The policy SDK's request decoding, done once per request instead of once per policy, in the pack's own process
// (under `pulumi preview` as under the offline `synth`/`check`). Tested against the pinned SDK versions by
// tests/policy-pack/decodeOnce.spec.ts.
//
// 1. The SDK decodes a request's properties (`Struct.toJavaScript()`) again for every policy that looks at the
//    resource: in `Analyze` once per applicable resource policy, in `AnalyzeStack` once per stack policy for
//    every resource of the stack (9 stack policies × 5,000 resources on a 1,000-workload plan). The decoded object
//    is only read, by the SDK's `deserializeProperties`, which copies it before any policy sees it; so each
//    request's Struct is decoded once here and the result reused. A Struct's fields are never changed after the
//    request arrives (requests are read-only in the SDK; `Configure` amends its decoded config, once).
// 2. The SDK then copies those decoded properties into plain objects (`deserializeProperties`) again for every
//    policy, as it does the provider's properties: once per applicable resource policy, and per stack policy for
//    every resource of the stack. Here each Struct is deserialized once and the copy shared by all policies.
//    That is safe because nothing writes to them: the pack's policies only read `props` (its unknown-checking
//    proxy would not stop a write, so keep policies read-only), the SDK only reads them, and `Remediate`, whose
//    remediations may change props, asks for `proxySecrets` and still gets its own copy.
// 3. google-protobuf decodes a request's Structs into a message object per value, syncing each nested message
//    into its parent as it goes, only for `toJavaScript()` to turn them into plain objects (1 above). Here each
//    Struct of a request is read from the wire straight into the plain object `toJavaScript()` returns, with
//    google-protobuf's own reader and the same result: keys in sorted order, the last of duplicate keys or
//    fields winning, and "Unexpected struct type" thrown by `toJavaScript()` when a value has no kind
//    (tests/policy-pack/decodeOnce.spec.ts compares both on such cases; only a map entry with a field that
//    struct.proto does not define, which no encoder writes, would be read differently: skipped here). The
//    Struct message itself is left empty: `toJavaScript()` is all the SDK (and this process) asks of it.
// 4. The SDK wraps a resource's props in an unknown-checking Proxy (`unknownCheckingProxy`) for every policy that
//    reads them, and that Proxy makes a new Proxy and a new path array for every object it hands out, on every read
//    (garbage collection was a fifth of the pack's CPU under the CLI's runner). With one shared copy of the props
//    (2 above) the proxies are shared too: one Proxy per object and path, made on its first read and handed out
//    again after. Everything else is the SDK's: the same values, the same UnknownValueError with the same path, the
//    same special keys, the same exception for non-configurable read-only properties (compared with the SDK's own
//    proxy in tests/policy-pack/decodeOnce.spec.ts).
"use strict";

// 1. The Struct class of the google-protobuf that the pack's @pulumi/pulumi decodes requests with.
const path = require("node:path");
const fromPack = { paths: [path.join(__dirname, "..")] };
const pulumiProto = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb", fromPack));
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiProto] }));
const toJavaScript = Struct.prototype.toJavaScript;
/** Struct → its `toJavaScript()` value, or HAS_NO_KIND when that throws. */
const decoded = new WeakMap();
const HAS_NO_KIND = Symbol("a value without kind");
Struct.prototype.toJavaScript = function toJavaScriptOnce() {
    let value = decoded.get(this);
    if (value === undefined) {
        value = toJavaScript.call(this);
        decoded.set(this, value);
    }
    if (value === HAS_NO_KIND) {
        throw new Error("Unexpected struct type"); // google-protobuf's message for a Value without kind
    }
    return value;
};

// 3. Structs read straight into plain values (field numbers from google/protobuf/struct.proto).
/** A Value without kind while it is read; `sawNoKind` tells whether one was met in the current Struct. */
const NO_KIND = Symbol("no kind");
let sawNoKind = false;
/** Reads a nested message with `read`, as google-protobuf's generated code does with `readMessage`. */
function readNested(reader, read, initial) {
    const box = { value: initial };
    reader.readMessage(box, (b, r) => {
        b.value = read(r, b.value);
    });
    return box.value;
}
/** google.protobuf.Value: the last kind field wins; `value` is what an earlier occurrence of the message set. */
function readValue(reader, value) {
    while (reader.nextField() && !reader.isEndGroup()) {
        switch (reader.getFieldNumber()) {
            case 1: // null_value
                reader.readEnum();
                value = null;
                break;
            case 2: // number_value
                value = reader.readDouble();
                break;
            case 3: // string_value
                value = reader.readString();
                break;
            case 4: // bool_value
                value = reader.readBool();
                break;
            case 5: // struct_value: a new Struct each time, as google-protobuf does (no merge)
                value = readNested(reader, readStruct);
                break;
            case 6: // list_value: likewise
                value = readNested(reader, readList);
                break;
            default:
                reader.skipField();
        }
    }
    if (value === NO_KIND) {
        sawNoKind = true;
    }
    return value;
}
/** google.protobuf.ListValue: `values` (1), each a new Value. */
function readList(reader) {
    const list = [];
    while (reader.nextField() && !reader.isEndGroup()) {
        if (reader.getFieldNumber() === 1) {
            list.push(readNested(reader, readValue, NO_KIND));
        } else {
            reader.skipField();
        }
    }
    return list;
}
/** google.protobuf.Struct: map entries `fields` (1) of key (1) and Value (2); `toJavaScript` lists keys sorted. */
function readStruct(reader) {
    const fields = new Map();
    while (reader.nextField() && !reader.isEndGroup()) {
        if (reader.getFieldNumber() !== 1) {
            reader.skipField();
            continue;
        }
        // As jspb.Map.deserializeBinary: key "" and a new Value by default; a repeated value merges into it.
        const entry = readNested(reader, (r) => {
            let key = "";
            let value = NO_KIND;
            while (r.nextField() && !r.isEndGroup()) {
                const field = r.getFieldNumber();
                if (field === 1) {
                    key = r.readString();
                } else if (field === 2) {
                    value = readNested(r, readValue, value);
                } else {
                    r.skipField();
                }
            }
            if (value === NO_KIND) {
                sawNoKind = true;
            }
            return { key, value };
        });
        fields.set(entry.key, entry.value);
    }
    const object = {};
    for (const key of [...fields.keys()].sort()) {
        object[key] = fields.get(key);
    }
    return object;
}
/** Whether a value read above still holds a Value without kind (only then does `toJavaScript()` throw). */
function holdsNoKind(value) {
    if (value === NO_KIND) {
        return true;
    }
    return typeof value === "object" && value !== null && Object.values(value).some(holdsNoKind);
}
Struct.deserializeBinaryFromReader = function deserializeToJavaScript(msg, reader) {
    sawNoKind = false;
    const value = readStruct(reader);
    decoded.set(msg, sawNoKind && holdsNoKind(value) ? HAS_NO_KIND : value);
    return msg;
};
// 2. The deserialize module of the pack's @pulumi/policy: server.js calls it through the module object, so
// replacing the export takes effect.
const policyDeserialize = require(require.resolve("@pulumi/policy/deserialize", fromPack));
const deserializeProperties = policyDeserialize.deserializeProperties;
const deserialized = new WeakMap();
policyDeserialize.deserializeProperties = function deserializePropertiesOnce(outputsStruct, proxySecrets) {
    if (proxySecrets) {
        return deserializeProperties(outputsStruct, proxySecrets);
    }
    let props = deserialized.get(outputsStruct);
    if (props === undefined) {
        props = deserializeProperties(outputsStruct, proxySecrets);
        deserialized.set(outputsStruct, props);
    }
    return props;
};

// 4. Shared unknown-checking proxies, in the pack's @pulumi/policy (server.js calls it through the module object).
const policyProxy = require(require.resolve("@pulumi/policy/proxy", fromPack));
const UNKNOWNS = new Set(
    ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"].map(
        (k) => policyProxy[k],
    ),
);
/** Props object → its top-level proxy. */
const sharedProxies = new WeakMap();
policyProxy.unknownCheckingProxy = function unknownCheckingProxyShared(target) {
    if (!(target instanceof Object)) {
        return target;
    }
    let proxy = sharedProxies.get(target);
    if (proxy === undefined) {
        proxy = sharedProxy(target, []);
        sharedProxies.set(target, proxy);
    }
    return proxy;
};
/** The SDK's `proxyHelper`, handing out one proxy per property instead of a new one per read. */
function sharedProxy(target, path) {
    /** Property → the value last read there and the proxy handed out for it. */
    const children = new Map();
    return new Proxy(target, {
        get: (obj, prop) => {
            if (prop === policyProxy.isSpecialProxy) {
                return true;
            } else if (prop === policyProxy.getSpecialProxyTarget) {
                return obj;
            }
            const field = obj[prop];
            if (typeof field === "string" && UNKNOWNS.has(field)) {
                throw new policyProxy.UnknownValueError(field, path.concat([prop]));
            }
            const desc = Object.getOwnPropertyDescriptor(obj, prop);
            if (desc && "value" in desc && desc.configurable === false && desc.writable === false) {
                return field;
            }
            if (!(field instanceof Object)) {
                return field;
            }
            let child = children.get(prop);
            if (child === undefined || child.field !== field) {
                child = { field, proxy: sharedProxy(field, path.concat([prop])) };
                children.set(prop, child);
            }
            return child.proxy;
        },
    });
}
