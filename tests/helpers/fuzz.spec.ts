import * as assert from "node:assert/strict";
import fc from "fast-check";
import { DEFAULT_FUZZ_SEED, FUZZ_SEED, fuzzSeedLine, parseFuzzSeed } from "./fuzz";

describe("the fuzz seed (tests/helpers/fuzz.ts)", () => {
    it("is the default seed when FUZZ_SEED is unset or empty", () => {
        assert.equal(parseFuzzSeed(undefined), DEFAULT_FUZZ_SEED);
        assert.equal(parseFuzzSeed(""), DEFAULT_FUZZ_SEED);
        assert.equal(parseFuzzSeed("  "), DEFAULT_FUZZ_SEED);
    });

    it("is the integer FUZZ_SEED gives", () => {
        assert.equal(parseFuzzSeed("123"), 123);
        assert.equal(parseFuzzSeed("-7"), -7);
        assert.equal(parseFuzzSeed(" 4294967295 "), 4294967295);
    });

    it("is drawn when FUZZ_SEED is random", () => {
        assert.equal(parseFuzzSeed("random", () => 0.5), 1073741823);
        assert.equal(parseFuzzSeed("random", () => 0), 0);
    });

    it("refuses a FUZZ_SEED that is not an integer, naming the value and the fix", () => {
        for (const value of ["abc", "1.5", "12abc", "1e3", "9007199254740993"]) {
            assert.throws(() => parseFuzzSeed(value), {
                message: `FUZZ_SEED ${JSON.stringify(value)} is not an integer: set FUZZ_SEED=<integer> (e.g. the seed a run printed) or FUZZ_SEED=random.`,
            });
        }
    });

    it("is fast-check's global seed in this process", () => {
        assert.equal(fc.readConfigureGlobal().seed, FUZZ_SEED);
        assert.equal(process.env.FUZZ_SEED, String(FUZZ_SEED));
    });

    it("makes a property see the same cases on every run", () => {
        const cases = (): number[][] => {
            const seen: number[][] = [];
            fc.assert(
                fc.property(fc.array(fc.integer()), (xs) => {
                    seen.push(xs);
                }),
                { numRuns: 20 },
            );
            return seen;
        };
        const first = cases();
        assert.equal(first.length, 20);
        assert.deepEqual(cases(), first);
    });

    it("prints how to replay the run and how to try another", () => {
        assert.equal(fuzzSeedLine(42), "fast-check seed 42 (replay: FUZZ_SEED=42; another: FUZZ_SEED=<integer> or FUZZ_SEED=random)");
    });
});
