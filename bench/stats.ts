/** The figures the benchmark scripts report. */

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `x` to the millisecond (three decimals), as the table and results.json show seconds. */
export function round(x: number): number {
    return Math.round(x * 1000) / 1000;
}
