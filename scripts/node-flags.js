// V8 flags for the offline processes (`synth` and the pack process `synth`/`check` start), and which commands need them.
//
// A 1,000-workload plan allocates a few GB of short-lived objects (the Pulumi SDK's outputs and promises, request
// decoding): with V8's default 16 MB semi-spaces the young generation is collected thousands of times and about a
// third of the program's time was garbage collection. With 64 MB ones the program alone took 4.2–4.4 s instead of
// 5.0–5.2 s at 1,000 workloads, for up to ~100 MB more peak memory (`npm run bench` measures both). `--expose-gc` lets `synth` collect once between the program and what
// follows (synth/cli.ts): about 100 MB less at the peak. `pulumi up` / `pulumi preview` start their own processes
// and are unaffected.
"use strict";

/** The flags, as given on node's command line. */
const NODE_FLAGS = ["--max-semi-space-size=64", "--expose-gc"];

/**
 * The words of a `NODE_OPTIONS` value as node splits it (spaces, double quotes around a word with spaces). Node 20
 * accepts both flags there and applies them at start-up as if given on the command line (checked with
 * `v8.getHeapSpaceStatistics()`: a 128 MB new space, and `gc` defined).
 */
function nodeOptionWords(value) {
    return [...(value ?? "").matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/**
 * `synth`'s flags that take a value, and below those that take none, as synth/cli.ts `parseArgs` reads them
 * (tests/scripts/nodeFlags.spec.ts checks both against the flags `eks-irsa synth --help` lists: synth/help.ts).
 */
const SYNTH_VALUE_FLAGS = new Set(["--stack", "--config", "--out", "--policy-pack-config", "--policy-pack", "--project"]);
/** `synth`'s flags that take no value. */
const SYNTH_SWITCHES = new Set(["--json", "--timings", "--in-process", "--preview"]);

/**
 * Whether synth/cli.ts `parseArgs` refuses `args` (the words after `synth`) word by word: an argument it does not
 * know, or a flag without its value. Then synth prints the usage error at once and runs no program, so a second
 * process with the V8 flags would buy nothing. (The refusals that need every argument, such as `--stack` and
 * `--config` both given, come from the second process, as before.)
 */
function refusedSynthArgs(args) {
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (SYNTH_SWITCHES.has(a)) continue;
        if (!SYNTH_VALUE_FLAGS.has(a)) return true;
        const value = args[++i];
        if (value === undefined || value.startsWith("--")) return true;
    }
    return false;
}

/**
 * The flags of {@link NODE_FLAGS} that `eks-irsa <argv>` needs and this process was not started with (in
 * `execArgv` or `NODE_OPTIONS`): the CLI starts itself again with them when there are any.
 *
 * Only `synth` runs a program (the only allocation-heavy work in the process, and the only `gc()` call); `check`,
 * `diff`, `--help`, `<command> --help` and a `synth` whose arguments `parseArgs` refuses ({@link refusedSynthArgs})
 * never need them: starting a second node process (~0.07 CPU-s and a node start-up) bought them nothing.
 * `--max-semi-space-size` takes effect only at start-up (V8 sizes the young generation when the heap is made), hence
 * the second process rather than `v8.setFlagsFromString`.
 */
function missingFlags(argv, execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS) {
    const [command, ...rest] = argv;
    if (command !== "synth" || rest.some((a) => a === "--help" || a === "-h") || refusedSynthArgs(rest)) return [];
    const given = new Set([...execArgv, ...nodeOptionWords(nodeOptions)]);
    return NODE_FLAGS.filter((f) => !given.has(f));
}

module.exports = { NODE_FLAGS, SYNTH_SWITCHES, SYNTH_VALUE_FLAGS, missingFlags };
