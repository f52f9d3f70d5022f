/**
 * One seed for every fast-check property of the suite, so that a run's generated cases (and the counts the fuzz
 * specs print) are the same from run to run, and a failure replays.
 *
 * - By default every property runs from {@link DEFAULT_FUZZ_SEED}.
 * - `FUZZ_SEED=<integer>` runs every property from that seed instead (another corner, or the seed a failure printed);
 *   `FUZZ_SEED=random` draws one, and the run prints it.
 *
 * `.mocharc.json` requires this module in every process of a run (the main one and each parallel worker): importing
 * it sets fast-check's global parameters (`fc.configureGlobal`, https://fast-check.dev/docs/configuration/global-settings/),
 * and {@link mochaGlobalSetup} prints the seed once, before the first spec. A spec that fuzzes imports it too, so that
 * it keeps the seed when run alone with `--no-config`. A property that passes its own `seed` would leave the run's:
 * none does.
 */
import fc from "fast-check";

/** The seed of a run that sets no `FUZZ_SEED`. */
export const DEFAULT_FUZZ_SEED = 20261206;

/**
 * The seed `FUZZ_SEED` asks for: unset or empty gives {@link DEFAULT_FUZZ_SEED}, `random` a fresh 31-bit one,
 * else an integer. Throws on anything else, naming the variable, its value and the fix.
 */
export function parseFuzzSeed(value: string | undefined, random: () => number = Math.random): number {
    if (value === undefined || value.trim() === "") return DEFAULT_FUZZ_SEED;
    if (value.trim() === "random") return Math.floor(random() * 0x7fffffff);
    const seed = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(seed)) {
        throw new Error(`FUZZ_SEED ${JSON.stringify(value)} is not an integer: set FUZZ_SEED=<integer> (e.g. the seed a run printed) or FUZZ_SEED=random.`);
    }
    return seed;
}

/** This run's seed. */
export const FUZZ_SEED = parseFuzzSeed(process.env.FUZZ_SEED);
// Parallel workers start from the main process's environment: a drawn seed is passed on, not drawn again.
process.env.FUZZ_SEED = String(FUZZ_SEED);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FUZZ_SEED });

/** The line a run prints: the seed, and how to replay it or try another. */
export function fuzzSeedLine(seed: number = FUZZ_SEED): string {
    return `fast-check seed ${seed} (replay: FUZZ_SEED=${seed}; another: FUZZ_SEED=<integer> or FUZZ_SEED=random)`;
}

/** Mocha's global fixture (main process only, once per run): prints the seed before the first spec. */
export function mochaGlobalSetup(): void {
    console.log(fuzzSeedLine());
}
