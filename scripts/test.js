#!/usr/bin/env node
// `npm test`: the lint, the type check and the specs, at once. The specs (`npm run test:unit`, mocha in parallel
// over every core: ../.mocharc.js) run in the foreground and print as they go; the type check and ESLint run beside
// them, so they take the cores the specs leave idle (while the workers start, and while the last spec files finish)
// instead of running before them, and their output is printed whole once the specs are done. They keep the same
// priority: at a lower one, on a machine others keep busy, they waited for everyone else and finished last.
// The two run in one process over one TypeScript program (./lint-typecheck.js: the same output and statuses as
// `npm run typecheck` and `npm run lint`, ~15 CPU-s less than building the program in each).
// Exits 0 when all pass, else 1; the last line says how each one ended and how long it took.
// Stopped by SIGINT, SIGTERM or SIGHUP, it stops everything it started (see `stop`), waits for it, and then ends by
// the same signal.
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/**
 * What runs beside the specs: the type check and the lint, in one process. With 64 MB semi-spaces, as the offline
 * commands and mocha run (./node-flags.js): building and checking the TypeScript program (4,200 files, most of them
 * @pulumi/aws's declarations) allocates far more than the default 16 MB young generation holds. Alternating runs at
 * load 8–12: 22.6–24.6 CPU-s (median 23.6) with the default, 21.4–23.0 (median 21.7) with 64 MB; peak RSS the same
 * (1.23–1.39 GB either way).
 */
const BESIDE = [{ script: "typecheck + lint", command: process.execPath, args: ["--max-semi-space-size=64", path.join(__dirname, "lint-typecheck.js")] }];

/** The specs: mocha over every spec file (../.mocharc.js), in the foreground. */
const SPECS = { script: "test:unit", command: npm, args: ["run", "--silent", "test:unit"] };

/**
 * What runs: `{ specs, beside }`, as above unless EKS_IRSA_TEST_COMMANDS holds another as JSON (the same shape), which
 * tests/scripts/test.spec.ts sets to stop small stand-ins instead of the whole suite.
 */
const COMMANDS = process.env.EKS_IRSA_TEST_COMMANDS ? JSON.parse(process.env.EKS_IRSA_TEST_COMMANDS) : { specs: SPECS, beside: BESIDE };

/** The signals `npm test` passes on to what it started. */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
/** The children still running. */
const running = new Set();
/** The first signal received, once one is. */
let stoppedBy;

/**
 * Passes `signal` on to every child's process group, and remembers to end by the first such signal once they are all
 * done. Each child leads its own process group (`detached`, below), which holds everything it starts that does not
 * start a group of its own: `npm run test:unit`, its shell, mocha, the mocha mocha starts again with the V8 flag
 * (.mocharc.js "node-option") and its parallel workers, or the lint and type-check process. Signalling the child
 * alone would not do: npm passes SIGINT and SIGTERM to its script, but mocha's bin/mocha.js passes only SIGINT on to
 * the mocha it started, which kept running with its workers, orphaned. A negative pid signals the whole group
 * (https://nodejs.org/api/process.html#processkillpid-signal, kill(2)). With a listener, node no longer ends on
 * the signal (https://nodejs.org/api/process.html#signal-events): this process ends once its children have.
 */
function stop(signal) {
    stoppedBy ??= signal;
    for (const child of running) {
        try {
            process.kill(process.platform === "win32" ? child.pid : -child.pid, signal);
        } catch (e) {
            if (e.code !== "ESRCH") throw e; // the group is already gone
        }
    }
}

function run({ script, command, args }, buffered) {
    const started = Date.now();
    // `detached`: on POSIX the child leads a new session and process group (setsid(2)), so that `stop` can signal
    // everything it started at once (https://nodejs.org/api/child_process.html#optionsdetached). It is still waited
    // for, and its output still comes here. Out of the terminal's foreground group, a Ctrl-C at the terminal or its
    // hangup reaches only this process, which passes it on.
    const child = spawn(command, args, { stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit", detached: process.platform !== "win32" });
    if (child.pid !== undefined) running.add(child);
    const output = [];
    if (buffered) {
        child.stdout.on("data", (d) => output.push(d));
        child.stderr.on("data", (d) => output.push(d));
    }
    return new Promise((resolve) => {
        child.on("error", (error) => {
            running.delete(child);
            resolve({ script, code: 1, seconds: 0, output: [Buffer.from(`${error.message}\n`)] });
        });
        child.on("close", (code, signal) => {
            running.delete(child);
            resolve({ script, code: code ?? 1, signal, seconds: (Date.now() - started) / 1000, output });
        });
    });
}

/**
 * Calls `stop("SIGHUP")` once the process that started this one has ended, as a hangup would: `npm test` starts this
 * script through a shell (`sh -c "node scripts/test.js"`), and when npm is sent SIGTERM it passes the signal to that
 * shell alone (@npmcli/run-script's signal-manager.js), which ends without passing it on. An orphan is adopted by
 * another process (init or a subreaper), so a changed `process.ppid` (read afresh each time) tells. Checked every
 * second, on a timer that keeps nothing alive, and only under npm (which names the script in `npm_lifecycle_event`):
 * `nohup node scripts/test.js &` from a shell that then exits is meant to go on.
 */
function stopWhenOrphaned() {
    const parent = process.ppid;
    const timer = setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(timer);
        stop("SIGHUP");
    }, 1000);
    timer.unref();
}

async function main() {
    for (const signal of SIGNALS) process.on(signal, stop);
    if (process.platform !== "win32" && process.env.npm_lifecycle_event !== undefined) stopWhenOrphaned();
    const beside = COMMANDS.beside.map((b) => run(b, true));
    const specs = await run(COMMANDS.specs, false);
    const results = [...(await Promise.all(beside)), specs];
    for (const r of results.slice(0, beside.length)) {
        const text = Buffer.concat(r.output).toString();
        if (text.trim() !== "") process.stdout.write(`\n> ${r.script}\n${text}${text.endsWith("\n") ? "" : "\n"}`);
    }
    const line = results.map((r) => `${r.script} ${r.code === 0 ? "passed" : `failed (${r.signal ?? `exit ${r.code}`})`} in ${r.seconds.toFixed(1)} s`).join(", ");
    process.stdout.write(`\n${line}\n`);
    if (stoppedBy !== undefined) {
        // Ended as the signal ends a process that does not handle it (the shell sees 128 + its number): the default
        // action back (https://nodejs.org/api/process.html#signal-events), then the signal raised again.
        for (const signal of SIGNALS) process.removeAllListeners(signal);
        process.kill(process.pid, stoppedBy);
        return;
    }
    process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}

void main();
