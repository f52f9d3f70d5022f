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

/** Marks field `field` seen in `seen` (a bit set), giving up on a second occurrence. */
export function once(seen: number, field: number): number {
    const bit = 1 << field;
    if (seen & bit) giveUp();
    return seen | bit;
}

/** A field's tag must carry the field's declared wire type. */
export function expect(tag: number, wire: number): void {
    if ((tag & 7) !== wire) giveUp();
}

// google.protobuf.Value: exactly one kind.
function readValue(r: Reader): unknown {
    let value: unknown;
    let kinds = 0;
    for (let tag = r.tag(); tag !== -1; tag = r.tag()) {
        const field = tag >>> 3;
        kinds++;
        switch (field) {
            case 1: // null_value
                expect(tag, VARINT);
                r.varint();
                value = null;
                break;
            case 2: // number_value
                expect(tag, FIXED64);
                value = r.double();
                break;
            case 3: // string_value
                expect(tag, LEN);
                value = r.string();
                if (UNKNOWNS.has(value as string)) special = true;
                break;
            case 4: // bool_value
                expect(tag, VARINT);
                value = r.varint() !== 0;
                break;
            case 5: // struct_value
                expect(tag, LEN);
                value = r.nested(readStruct);
                break;
            case 6: // list_value
                expect(tag, LEN);
                value = r.nested(readList);
                break;
            default:
                kinds--;
                r.skip(tag & 7);
        }
    }
    if (kinds !== 1) giveUp();
    return value;
}

function readList(r: Reader): unknown[] {
    const list: unknown[] = [];
    for (let tag = r.tag(); tag !== -1; tag = r.tag()) {
        if (tag >>> 3 === 1) {
            expect(tag, LEN);
            list.push(r.nested(readValue));
        } else {
            r.skip(tag & 7);
        }
    }
    return list;
}

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
    for (let tag = r.tag(); tag !== -1; tag = r.tag()) {
        if (tag >>> 3 !== 1) {
            r.skip(tag & 7);
            continue;
        }
        expect(tag, LEN);
        const end = r.delimited();
        const outer = r.end;
        r.end = end;
        let key: string | undefined;
        let value: unknown;
        let seen = 0;
        for (let t = r.tag(); t !== -1; t = r.tag()) {
            const field = t >>> 3;
            if (field === 1) {
                expect(t, LEN);
                seen = once(seen, 1);
                key = r.string();
            } else if (field === 2) {
                expect(t, LEN);
                seen = once(seen, 2);
                value = r.nested(readValue);
            } else {
                r.skip(t & 7);
            }
        }
        r.pos = end;
        r.end = outer;
        // `__proto__` would set the object's prototype, as it does in google-protobuf's `toJavaScript()`: let it.
        if (key === undefined || seen !== 0b110 || key === "__proto__") giveUp();
        if (key === SIG_KEY) special = true;
        if (unsorted === undefined && (last === undefined || key > last)) {
            object[key] = value;
            last = key;
            continue;
        }
        unsorted ??= new Map(Object.keys(object).map((k) => [k, object[k]]));
        if (unsorted.has(key)) giveUp();
        unsorted.set(key, value);
    }
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

