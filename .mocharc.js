// Mocha's configuration for `npm run test:unit` (and so `npm test`): every `*.spec.ts` under tests/, run in
// parallel, one spec file at a time per worker process, as many workers as the machine has cores
// (https://mochajs.org/features/parallel-mode/). Workers are reused from file to file: a spec sets up the global
// state it needs (`installFakeCloud` calls `setMocks` for each build) and never relies on what another file left.
//
// TypeScript loads through scripts/register-ts.js (Sucrase: types stripped, line numbers kept, no source maps), the
// loader of the offline commands: ts-node's source-map-support mapped the stack trace the Pulumi SDK takes for every
// resource and promise, which made the specs that build components about twice as slow.
//
// The files known to be slow go first, so that no worker starts a long file while the other is nearly done
// (docs/performance.md, "The test suite", has the figures); every other spec follows in name order, new ones included.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { removeOnExit } = require("./tests/helpers/removeOnExit");

/**
 * Spec files by decreasing cost, measured (the rest take a few seconds at most). The runner spec and the dispatch
 * spec go first, one per worker: neither waits on a shared synth run (tests/helpers/sharedSynth.ts) at its start,
 * and whichever ends first takes synth/cli.spec, which makes the shared runs that cliRunner.spec then finds done.
 */
const SLOW_FIRST = [
    "tests/runners/stackProgram.spec.ts", // a type-checked `cmd/run` child (ts-node): the longest wall time
    "tests/policy-pack/dispatch.spec.ts", // runs the 1,000-workload program, then every reply twice
    "tests/synth/cli.spec.ts",
    "tests/policy-pack/cliRunner.spec.ts",
    "tests/security/fuzzConfigs.spec.ts",
    "tests/synth/diff/cli.spec.ts",
    "tests/components/stability.spec.ts",
    "tests/synth/strictWorld.spec.ts",
    "tests/synth/preview.spec.ts",
    "tests/security/multiClusterExchange.spec.ts",
    "tests/examples/examples.spec.ts",
    "tests/synth/podIdentity.spec.ts",
    "tests/provider/schema.spec.ts",
    "tests/components/stackProgram.spec.ts",
    "tests/security/tokenExchange.spec.ts",
    "tests/provider/construct.spec.ts",
];

// The `eks-irsa synth` runs several spec files share (tests/helpers/sharedSynth.ts), and each worker's temporary
// folders (tests/helpers/tempDir.ts), go in one folder per mocha run, named in the environment the parallel workers
// inherit and removed when mocha exits. (Mocha starts itself again for "node-option" below and reads this file again
// there: the folder is made once, by the first, and removed by either, whichever ends first.) A run killed by a
// signal removes it too: with no listener, SIGTERM or SIGHUP ends node without its "exit" event, and mocha's
// parallel runner ends itself on SIGINT by raising it again.
const SHARED_OWNER = "EKS_IRSA_SHARED_SYNTH_OWNER";
if (!process.env.EKS_IRSA_SHARED_SYNTH) {
    process.env.EKS_IRSA_SHARED_SYNTH = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-shared-synth-"));
    process.env[SHARED_OWNER] = String(process.pid);
    removeOnExit(process.env.EKS_IRSA_SHARED_SYNTH);
} else if (process.env[SHARED_OWNER] === String(process.ppid)) {
    removeOnExit(process.env.EKS_IRSA_SHARED_SYNTH); // mocha started again by the process that made the folder
}

// No spec makes a TLS connection (everything runs against local fakes), so no process of the run needs the extra CA
// certificates NODE_EXTRA_CA_CERTS names; with it set, node reads and parses that bundle at every start, before any
// code runs (https://nodejs.org/api/cli.html#node_extra_ca_certsfile). `node -e 0` took 0.09 CPU-s with this
// machine's 144-certificate bundle and 0.05 without; an example `synth` (three node processes: the CLI, the CLI
// again with its V8 flags, the pack) 1.39 and 1.30. Removed here, it is absent for the mocha that mocha starts
// again, for its workers and for the ~120 node processes the specs start.
delete process.env.NODE_EXTRA_CA_CERTS;

const specs = fs
    .readdirSync(path.join(__dirname, "tests"), { recursive: true })
    .filter((f) => f.endsWith(".spec.ts"))
    .map((f) => path.posix.join("tests", f.split(path.sep).join("/")))
    .sort();

module.exports = {
    // tests/helpers/promiseTraces.ts: the SDK's per-promise stack traces off, as synth runs programs (the specs that
    // build components under mocks took ~40 % less CPU: stability + fuzzConfigs + irsaCluster, 19.5 → 11.5 CPU-s).
    require: ["./scripts/register-ts.js", "./tests/helpers/fuzz.ts", "./tests/helpers/promiseTraces.ts"],
    extension: ["ts"],
    spec: [...SLOW_FIRST.filter((f) => specs.includes(f)), ...specs.filter((f) => !SLOW_FIRST.includes(f))],
    timeout: 60000,
    parallel: true,
    jobs: Math.max(2, os.availableParallelism()),
    // The V8 flag the offline commands run with (scripts/node-flags.js): a larger young generation, so the
    // allocation-heavy specs (component builds under mocks, the pack's requests) scavenge less often. Mocha starts
    // itself again with it, and its parallel workers inherit it (mocha's buffered-worker-pool.js forks them with
    // `execArgv: process.execArgv`). Measured on stability.spec + fuzzConfigs.spec, one process, alternating runs:
    // 18.3 and 17.5 CPU-s without, 16.2 and 17.0 with.
    "node-option": ["max-semi-space-size=64"],
};
