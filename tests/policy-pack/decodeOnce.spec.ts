import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** One line of decodeOnce.child.js: a case decoded by google-protobuf's code and by the patched process. */
interface Decoded {
    readonly name: string;
    readonly expected?: string;
    readonly actual?: string;
    readonly shared?: boolean;
    readonly remediateOwnCopy?: boolean;
    readonly proxyExpected?: string;
    readonly proxyActual?: string;
    readonly proxyAgain?: string;
    readonly sameTop?: boolean;
    readonly primitive?: boolean;
}

describe("policy-pack/runtime/decodeOnce.js (the pack process's request decoding)", function () {
    this.timeout(60000);
    // The patches change the process they are loaded into: the cases run in a process of their own.
    const lines = execFileSync(process.execPath, [path.join(__dirname, "decodeOnce.child.js")], {
        cwd: path.resolve(__dirname, "..", "..", "policy-pack"),
        encoding: "utf8",
    })
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Decoded);
    const cases = lines.filter((c) => c.expected !== undefined);

    it("decodes 15 kinds of Structs and requests", () => {
        assert.equal(cases.length, 15);
    });

    for (const c of cases) {
        it(`decodes ${c.name} as google-protobuf does`, () => {
            assert.equal(c.actual, c.expected);
        });
    }

    it("shares one deserialized copy of a Struct among policies, and gives Remediate its own", () => {
        assert.deepEqual(
            lines.find((c) => c.name === "deserializeProperties"),
            { name: "deserializeProperties", shared: true, remediateOwnCopy: true },
        );
    });

    const proxyCases = lines.filter((c) => c.proxyExpected !== undefined);

    it("reads 10 kinds of props through the shared unknown-checking proxy", () => {
        assert.equal(proxyCases.length, 10);
    });

    for (const c of proxyCases) {
        it(`${c.name}: reads as the SDK's own proxy does, and again the same`, () => {
            assert.equal(c.proxyActual, c.proxyExpected);
            assert.equal(c.proxyAgain, c.proxyExpected);
        });
    }

    it("hands out one proxy per props object and property, and primitives as they are", () => {
        assert.deepEqual(
            lines.find((c) => c.name === "proxy sharing"),
            { name: "proxy sharing", sameTop: true, primitive: true },
        );
    });
});
