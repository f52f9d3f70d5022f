/**
 * A bounded memo of values computed from strings, for work that several policies repeat on the same
 * text: the SDK runs every policy on its own copy of a resource, so the pack cannot see a request's
 * boundaries and share results per request; the text itself is the only safe key.
 */

/**
 * Values computed from a string key, kept while the keys' total cost fits a budget; the oldest
 * entries are evicted first. The cost of an entry is its key's length plus a fixed
 * {@link TextCache.ENTRY_COST}, so the budget also bounds the number of entries, and a key that alone
 * exceeds the budget is computed and never stored.
 *
 * Cached values are shared by every caller: store only values nobody mutates (frozen, or typed
 * read-only and documented so).
 */
export class TextCache<V> {
    /** The cost of an entry on top of its key's length, for the value and the bookkeeping. */
    static readonly ENTRY_COST = 256;

    private readonly entries = new Map<string, V>();
    private used = 0;

    /**
     * @param budget the largest total cost (characters of keys plus {@link TextCache.ENTRY_COST} per
     * entry) the cache keeps.
     */
    constructor(private readonly budget: number) {}

    /** The number of cached entries. */
    get size(): number {
        return this.entries.size;
    }

    /** The total cost of the cached entries (never more than the budget). */
    get cost(): number {
        return this.used;
    }

    /**
     * The value cached for `key`, or `compute(key)`, stored when it fits the budget. If `compute`
     * throws, nothing is stored and the error propagates; an `undefined` value is not stored either.
     */
    get(key: string, compute: (key: string) => V): V {
        // One lookup per hit: this runs for every document a policy reads.
        const cached = this.entries.get(key);
        if (cached !== undefined) {
            return cached;
        }
        const value = compute(key);
        const cost = key.length + TextCache.ENTRY_COST;
        if (value === undefined || cost > this.budget) {
            return value;
        }
        for (const oldest of this.entries.keys()) {
            if (this.used + cost <= this.budget) {
                break;
            }
            this.delete(oldest);
        }
        this.entries.set(key, value);
        this.used += cost;
        return value;
    }

    /** The value cached for `key`, if any (nothing is computed). */
    peek(key: string): V | undefined {
        return this.entries.get(key);
    }

    /** Forgets `key`, e.g. a failed asynchronous result that a later call should retry. */
    delete(key: string): void {
        if (this.entries.delete(key)) {
            this.used -= key.length + TextCache.ENTRY_COST;
        }
    }
}
