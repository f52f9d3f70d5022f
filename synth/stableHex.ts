/** The fake cloud's only source of "randomness": stable, so that two runs of the same config give the same plan. */
import { createHash } from "node:crypto";

/** First `n` hex characters of the SHA-256 of `text`. */
export function stableHex(text: string, n: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, n);
}
