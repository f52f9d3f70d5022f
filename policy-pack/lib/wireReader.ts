/**
 * Protobuf's wire format read from a Buffer, for ./wireRequests.ts: a cursor with the primitive readings, and
 * `google.protobuf.Struct` read straight into the plain object its `toJavaScript()` returns. Gives up (throws
 * {@link GIVE_UP}) on anything an encoder does not write, so that google-protobuf's own reader has the last word
 * there: see ./wireRequests.ts.
 *
 * Field numbers: `google/protobuf/struct.proto`.
 */
import { proxy } from "./sdkInternals";

/** A Struct as the SDK's `deserializeProperties` reads it: only `toJavaScript()`. */
export interface StructLike {
    toJavaScript(): Record<string, unknown>;
}

/** Thrown inside the reader when a request is not in the shape it handles: google-protobuf decodes it instead. */
class GiveUp extends Error {}
/** The one {@link GiveUp} thrown. */
export const GIVE_UP = new GiveUp();
/** Gives up reading the request (see the module comment). */
export function giveUp(): never {
    throw GIVE_UP;
}

/** Wire types. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
const FIXED32 = 5;

/** A cursor over one request's bytes. */
export class Reader {
    pos: number;
    constructor(
        readonly buf: Buffer,
        start: number,
        /** Where the message being read ends. */
        public end: number,
    ) {
        this.pos = start;
    }

    varint(): number {
        const buf = this.buf;
        let result = 0;
        let shift = 0;
        for (;;) {
            if (this.pos >= this.end || shift > 28) giveUp(); // lengths, tags and bools fit in 32 bits
            const b = buf[this.pos++]!;
            result += (b & 0x7f) * 2 ** shift;
            if (b < 0x80) return result;
            shift += 7;
        }
    }

    /** The next field's tag, or -1 at the end of the message. */
    tag(): number {
        return this.pos < this.end ? this.varint() : -1;
    }

    /** The end of the length-delimited field that starts here. */
    delimited(): number {
        const length = this.varint();
        const end = this.pos + length;
        if (end > this.end) giveUp();
        return end;
    }

    string(): string {
        const end = this.delimited();
        const s = this.buf.toString("utf8", this.pos, end);
        this.pos = end;
        // Node replaces invalid UTF-8 by U+FFFD, google-protobuf decodes it its own way: let it.
        if (s.includes("\ufffd")) giveUp();
        return s;
    }

    double(): number {
        if (this.pos + 8 > this.end) giveUp();
        const v = this.buf.readDoubleLE(this.pos);
        this.pos += 8;
        return v;
    }

    /** Skips an unknown field of wire type `wire`. */
    skip(wire: number): void {
        if (wire === VARINT) this.varint();
        else if (wire === FIXED64) this.pos += 8;
        else if (wire === LEN) this.pos = this.delimited();
        else if (wire === FIXED32) this.pos += 4;
        else giveUp(); // groups: never written by proto3 encoders
        if (this.pos > this.end) giveUp();
    }

    /** Runs `read` over the nested message that starts here, then continues after it. */
    nested<T>(read: (r: Reader) => T): T {
        const end = this.delimited();
        const outer = this.end;
        this.end = end;
        const value = read(this);
        this.pos = end;
        this.end = outer;
        return value;
    }
}

/** A field's tag must carry the field's declared wire type. */
export function expect(tag: number, wire: number): void {
    if ((tag & 7) !== wire) giveUp();
}

/** The field numbers `fields` as a bit set, for {@link readFields}. */
export function fieldBits(...fields: readonly number[]): number {
    return fields.reduce((bits, f) => bits | (1 << f), 0);
}

/**
 * Reads the fields of the message at `r` with `read(field, tag)`, which returns false for a field it does not know:
 * that one is skipped, as google-protobuf skips unknown fields. A field of `singular` (see {@link fieldBits}) that
 * comes twice makes the reader give up (google-protobuf keeps the last, or merges a message).
 */
export function readFields(r: Reader, singular: number, read: (field: number, tag: number) => boolean): void {
    let seen = 0;
    for (let tag = r.tag(); tag !== -1; tag = r.tag()) {
        const field = tag >>> 3;
        if (field < 31 && singular & (1 << field)) {
            if (seen & (1 << field)) giveUp();
            seen |= 1 << field;
        }
        if (!read(field, tag)) r.skip(tag & 7);
    }
}

/** A repeated string field (number 1) and nothing else: `AnalyzerPropertyDependencies.urns`. */
export function readStrings(r: Reader): string[] {
    const list: string[] = [];
    readFields(r, 0, (field, tag) => {
        if (field !== 1) return false;
        expect(tag, LEN);
        list.push(r.string());
        return true;
    });
    return list;
}

/** A map entry: `key` (1, a string) and `value` (2, a message read by `readValue`), each exactly once. */
export function readEntry<T>(r: Reader, readValue: (r: Reader) => T): [string, T] {
    let key: string | undefined;
    let value: T | undefined;
    let fields = 0;
    readFields(r, fieldBits(1, 2), (field, tag) => {
        if (field !== 1 && field !== 2) return false;
        expect(tag, LEN);
        if (field === 1) key = r.string();
        else value = r.nested(readValue);
        fields++;
        return true;
    });
    if (key === undefined || fields !== 2) giveUp();
    return [key, value as T];
}

// google.protobuf.Value: exactly one kind.
function readValue(r: Reader): unknown {
    let value: unknown;
    let kinds = 0;
    readFields(r, 0, (field, tag) => {
        if (field < 1 || field > 6) return false;
        kinds++;
        if (field === 1) {
            expect(tag, VARINT); // null_value
            r.varint();
            value = null;
        } else if (field === 2) {
            expect(tag, FIXED64); // number_value
            value = r.double();
        } else if (field === 3) {
            expect(tag, LEN); // string_value
            const s = r.string();
            if (UNKNOWNS.has(s)) special = true;
            value = s;
        } else if (field === 4) {
            expect(tag, VARINT); // bool_value
            value = r.varint() !== 0;
        } else {
            expect(tag, LEN); // struct_value (5), list_value (6)
            value = field === 5 ? r.nested(readStruct) : r.nested(readList);
        }
        return true;
    });
    if (kinds !== 1) giveUp();
    return value;
}

/** A repeated message field (number 1) and nothing else, each read by `read`: `ListValue.values`, `AnalyzeStackRequest.resources`. */
export function readMessages<T>(r: Reader, read: (r: Reader) => T): T[] {
    const list: T[] = [];
    readFields(r, 0, (field, tag) => {
        if (field !== 1) return false;
        expect(tag, LEN);
        list.push(r.nested(read));
        return true;
    });
    return list;
}

const readList = (r: Reader): unknown[] => readMessages(r, readValue);

/** An entry of a Struct's `fields` map. */
const readStructEntry = (r: Reader): [string, unknown] => readEntry(r, readValue);

/**
 * A Struct's `toJavaScript()`: keys in sorted order, as google-protobuf lists a map's keys. Encoders usually write
 * them sorted already (Go's deterministic encoding, synth/analyzer/wire.ts): then the object is filled as they come;
 * else they are sorted first. Either way the keys are assigned in sorted order, as google-protobuf assigns them.
 */
function readStruct(r: Reader): Record<string, unknown> {
    let object: Record<string, unknown> = {};
    let last: string | undefined;
    /** Every entry, once the keys came out of order. */
    let unsorted: Map<string, unknown> | undefined;
    readFields(r, 0, (field, tag) => {
        if (field !== 1) return false;
        expect(tag, LEN);
        const [key, value] = r.nested(readStructEntry);
        // `__proto__` would set the object's prototype, as it does in google-protobuf's `toJavaScript()`: let it.
        if (key === "__proto__") giveUp();
        if (key === SIG_KEY) special = true;
        if (unsorted === undefined && (last === undefined || key > last)) {
            object[key] = value;
            last = key;
            return true;
        }
        unsorted ??= new Map(Object.keys(object).map((k) => [k, object[k]]));
        if (unsorted.has(key)) giveUp();
        unsorted.set(key, value);
        return true;
    });
    if (unsorted !== undefined) {
        object = {};
        for (const key of [...unsorted.keys()].sort()) object[key] = unsorted.get(key);
    }
    return object;
}

/**
 * The engine's unknown values (`unknownStringValue` and the others of @pulumi/policy's `proxy.js`), which make the
 * SDK's proxy throw `UnknownValueError`.
 */
const UNKNOWNS: ReadonlySet<unknown> = new Set(
    (["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"] as const).map((k) => proxy[k]),
);
/** The key of a secret, asset, archive or resource reference (`specialSigKey` of @pulumi/pulumi's `runtime/rpc.js`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Whether the Struct being read holds an unknown value or a signature key. */
let special = false;

/** A Struct read from the wire: its plain value, and whether it is {@link DecodedStruct.plain}. */
export class DecodedStruct implements StructLike {
    private constructor(
        private readonly value: Record<string, unknown>,
        /**
         * True when the value holds no unknown value and no signature key: then the SDK's
         * `deserializeProperties` would give a copy equal to it, and its unknown-checking proxy would read exactly
         * what it holds.
         */
        readonly plain: boolean,
    ) {}

    /** Reads the Struct that starts at `r` (a field of a request). */
    static read(r: Reader): DecodedStruct {
        special = false;
        const value = r.nested(readStruct);
        return new DecodedStruct(value, !special);
    }

    toJavaScript(): Record<string, unknown> {
        return this.value;
    }
}

