/**
 * The analyzer requests of {@link ./requests}, encoded straight to protobuf bytes.
 *
 * `analyzeRequest(r).serializeBinary()` goes through google-protobuf's object model: a message object per JSON
 * value, then a writer that keeps bytes in JavaScript arrays. On a 1,000-workload plan that was about two seconds
 * (most of it the one `AnalyzeStack` request of every resource's outputs, 8 MB). This writer produces the same
 * bytes (same fields, same order, map keys sorted as google-protobuf sorts them; the tests compare the buffers)
 * in a fraction of the time. The pack process decodes them with the SDK's own code, as it decodes the engine's.
 *
 * Field numbers: `pulumi/proto/analyzer.proto` (@pulumi/pulumi 3.248) and `google/protobuf/struct.proto`.
 */
import { AnalyzedResource, downgradeReference, isAnalyzed } from "./requests";

/** Wire types. */
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;

function varintSize(v: number): number {
    let n = 1;
    while (v >= 0x80) {
        v = Math.floor(v / 128);
        n++;
    }
    return n;
}

/** Scratch space shared by every encoding (one at a time: encoding is synchronous); grown as needed. */
let scratch = Buffer.allocUnsafe(256 * 1024);

/** A growable buffer with protobuf's primitive encodings. */
class Writer {
    private buf = scratch;
    private pos = 0;

    private ensure(n: number): void {
        if (this.pos + n <= this.buf.length) return;
        let size = this.buf.length * 2;
        while (size < this.pos + n) size *= 2;
        const next = Buffer.allocUnsafe(size);
        this.buf.copy(next, 0, 0, this.pos);
        this.buf = next;
        scratch = next;
    }

    private varint(v: number): void {
        this.ensure(10);
        while (v >= 0x80) {
            this.buf[this.pos++] = (v & 0x7f) | 0x80;
            v = Math.floor(v / 128);
        }
        this.buf[this.pos++] = v;
    }

    private tag(field: number, wire: number): void {
        this.varint((field << 3) | wire);
    }

    string(field: number, s: string): void {
        const len = Buffer.byteLength(s, "utf8");
        this.tag(field, LEN);
        this.varint(len);
        this.ensure(len);
        this.pos += this.buf.write(s, this.pos, len, "utf8");
    }

    double(field: number, v: number): void {
        this.tag(field, FIXED64);
        this.ensure(8);
        this.pos = this.buf.writeDoubleLE(v, this.pos);
    }

    bool(field: number, v: boolean): void {
        this.tag(field, VARINT);
        this.varint(v ? 1 : 0);
    }

    enumValue(field: number, v: number): void {
        this.tag(field, VARINT);
        this.varint(v);
    }

    /** A length-delimited sub-message: `body` writes its fields. */
    message(field: number, body: () => void): void {
        this.tag(field, LEN);
        this.ensure(1);
        const mark = this.pos++;
        body();
        const len = this.pos - mark - 1;
        const size = varintSize(len);
        if (size > 1) {
            this.ensure(size - 1);
            this.buf.copyWithin(mark + size, mark + 1, this.pos);
            this.pos += size - 1;
        }
        let v = len;
        let at = mark;
        while (v >= 0x80) {
            this.buf[at++] = (v & 0x7f) | 0x80;
            v = Math.floor(v / 128);
        }
        this.buf[at] = v;
    }

    /** A copy of the bytes written (the scratch space is reused by the next encoding). */
    finish(): Buffer {
        return Buffer.from(this.buf.subarray(0, this.pos));
    }
}

/**
 * A `google.protobuf.Value` of a JSON value, as `Value.fromJavaScript(JSON.parse(JSON.stringify(v)))` encodes it
 * (resource references downgraded to their id or URN, as in {@link ./requests}).
 */
function writeValue(w: Writer, value: unknown): void {
    const v = downgradeReference(value);
    switch (typeof v) {
        case "string":
            w.string(3, v);
            return;
        case "number":
            // JSON has no -0, NaN or Infinity: -0 is 0, the others null.
            if (Number.isFinite(v)) w.double(2, v === 0 ? 0 : v);
            else w.enumValue(1, 0);
            return;
        case "boolean":
            w.bool(4, v);
            return;
        case "object":
            if (v === null) w.enumValue(1, 0);
            else if (Array.isArray(v)) w.message(6, () => writeList(w, v));
            else if (typeof (v as { toJSON?: unknown }).toJSON === "function") writeValue(w, JSON.parse(JSON.stringify(v)));
            else w.message(5, () => writeStruct(w, v as Record<string, unknown>));
            return;
        default:
            // undefined, functions, symbols: JSON.stringify writes null in an array (objects skip them).
            w.enumValue(1, 0);
    }
}

/** Whether JSON.stringify keeps an object member with this value. */
function kept(v: unknown): boolean {
    return v !== undefined && typeof v !== "function" && typeof v !== "symbol";
}

function writeList(w: Writer, list: readonly unknown[]): void {
    for (const x of list) w.message(1, () => writeValue(w, x));
}

/** `google.protobuf.Struct`: `map<string, Value> fields = 1`, entries in sorted key order. */
function writeStruct(w: Writer, o: Record<string, unknown>): void {
    for (const key of Object.keys(o).sort()) {
        const v = downgradeReference(o[key]);
        if (!kept(v)) continue;
        w.message(1, () => {
            w.string(1, key);
            w.message(2, () => writeValue(w, v));
        });
    }
}

/** `AnalyzerResourceOptions` as {@link ./requests} sets it: nothing protected, no timeouts, the parent. */
function writeOptions(w: Writer, r: AnalyzedResource): void {
    w.message(7, () => undefined);
    if (r.parent !== undefined && r.parent !== "") w.string(8, r.parent);
}

/** `AnalyzerProviderResource`: type 1, properties 2, urn 3, name 4. */
function writeProvider(w: Writer, field: number, r: AnalyzedResource): void {
    const p = r.provider;
    if (p === undefined) return;
    w.message(field, () => {
        if (p.type !== "") w.string(1, p.type);
        w.message(2, () => writeStruct(w, p.inputs));
        if (p.urn !== "") w.string(3, p.urn);
        if (p.name !== "") w.string(4, p.name);
    });
}

/** The `Analyze` request for one resource (its inputs), as bytes: type 1, properties 2, urn 3, name 4, options 5, provider 6. */
export function encodeAnalyzeRequest(r: AnalyzedResource): Buffer {
    const w = new Writer();
    if (r.type !== "") w.string(1, r.type);
    w.message(2, () => writeStruct(w, r.inputs));
    if (r.urn !== "") w.string(3, r.urn);
    if (r.name !== "") w.string(4, r.name);
    w.message(5, () => writeOptions(w, r));
    writeProvider(w, 6, r);
    return w.finish();
}

/**
 * The `AnalyzeStack` request (every resource with its outputs) as bytes: `repeated AnalyzerResource resources = 1`,
 * each type 1, properties 2, urn 3, name 4, options 5, provider 6, parent 7, dependencies 8, property dependencies 9.
 * Only the resources the engine analyzes are included (see `isAnalyzed`), as in `analyzeStackRequest`.
 */
export function encodeAnalyzeStackRequest(resources: readonly AnalyzedResource[]): Buffer {
    const w = new Writer();
    for (const r of resources.filter(isAnalyzed)) {
        w.message(1, () => {
            if (r.type !== "") w.string(1, r.type);
            w.message(2, () => writeStruct(w, r.outputs));
            if (r.urn !== "") w.string(3, r.urn);
            if (r.name !== "") w.string(4, r.name);
            w.message(5, () => writeOptions(w, r));
            writeProvider(w, 6, r);
            if (r.parent !== undefined && r.parent !== "") w.string(7, r.parent);
            for (const d of r.dependencies) w.string(8, d);
            for (const key of Object.keys(r.propertyDependencies).sort()) {
                const urns = r.propertyDependencies[key]!;
                w.message(9, () => {
                    w.string(1, key);
                    w.message(2, () => {
                        for (const u of urns) w.string(1, u);
                    });
                });
            }
        });
    }
    return w.finish();
}
