import * as assert from "node:assert/strict";
import { TextCache } from "../../../policy-pack/lib/textCache";

describe("TextCache", () => {
    const cost = (key: string): number => key.length + TextCache.ENTRY_COST;

    it("computes a key's value once and answers later calls from the cache", () => {
        const cache = new TextCache<{ n: number }>(10_000);
        let calls = 0;
        const first = cache.get("abc", (k) => ({ n: k.length + calls++ }));
        assert.equal(cache.get("abc", () => ({ n: -1 })), first);
        assert.deepEqual(first, { n: 3 });
        assert.equal(calls, 1);
        assert.equal(cache.cost, cost("abc"));
    });

    it("evicts the oldest entries when a new one would exceed the budget", () => {
        const cache = new TextCache<string>(cost("aa") + cost("bb"));
        cache.get("aa", (k) => k);
        cache.get("bb", (k) => k);
        cache.get("cc", (k) => k);
        assert.equal(cache.size, 2);
        assert.equal(cache.cost, cost("bb") + cost("cc"));
        assert.equal(
            cache.get("aa", () => "computed again"),
            "computed again",
        );
    });

    it("computes but never stores a key that alone exceeds the budget", () => {
        const cache = new TextCache<string>(cost("short"));
        cache.get("short", (k) => k);
        assert.equal(cache.get("much longer", (k) => k.toUpperCase()), "MUCH LONGER");
        assert.equal(cache.size, 1);
        assert.equal(cache.get("short", () => "not cached"), "short");
    });

    it("stores nothing when the computation throws, or gives undefined", () => {
        const cache = new TextCache<string | undefined>(10_000);
        assert.throws(
            () =>
                cache.get("k", () => {
                    throw new Error("boom");
                }),
            { message: "boom" },
        );
        assert.equal(cache.get("u", () => undefined), undefined);
        assert.equal(cache.size, 0);
        assert.equal(cache.cost, 0);
    });

    it("forgets a deleted key and its cost", () => {
        const cache = new TextCache<string>(10_000);
        cache.get("k", () => "v");
        cache.delete("k");
        cache.delete("never stored");
        assert.equal(cache.size, 0);
        assert.equal(cache.cost, 0);
        assert.equal(cache.get("k", () => "v2"), "v2");
    });
});
