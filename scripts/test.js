#!/usr/bin/env node
// `npm test`: the lint, the type check and the specs, at once. The specs (`npm run test:unit`, mocha in parallel
// over every core: ../.mocharc.js) run in the foreground and print as they go; the type check and ESLint run beside
// them, so they take the cores the specs leave idle (while the workers start, and while the last spec files finish)
// instead of running before them, and their output is printed whole once the specs are done. They keep the same
// priority: at a lower one, on a machine others keep busy, they waited for everyone else and finished last.
// The two run in one process over one TypeScript program (./lint-typecheck.js: the same output and statuses as
// `npm run typecheck` and `npm run lint`, ~15 CPU-s less than building the program in each).
// Exits 0 when all pass, else 1; the last line says how each one ended and how long it took.
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

function run({ script, command, args }, buffered) {
    const started = Date.now();
    const child = spawn(command, args, { stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit" });
    const output = [];
    if (buffered) {
        child.stdout.on("data", (d) => output.push(d));
        child.stderr.on("data", (d) => output.push(d));
    }
    return new Promise((resolve) => {
        child.on("error", (error) => resolve({ script, code: 1, seconds: 0, output: [Buffer.from(`${error.message}\n`)] }));
        child.on("close", (code, signal) => resolve({ script, code: code ?? 1, signal, seconds: (Date.now() - started) / 1000, output }));
    });
}

async function main() {
    const beside = BESIDE.map((b) => run(b, true));
    const specs = await run({ script: "test:unit", command: npm, args: ["run", "--silent", "test:unit"] }, false);
    const results = [...(await Promise.all(beside)), specs];
    for (const r of results.slice(0, BESIDE.length)) {
        const text = Buffer.concat(r.output).toString();
        if (text.trim() !== "") process.stdout.write(`\n> ${r.script}\n${text}${text.endsWith("\n") ? "" : "\n"}`);
    }
    const line = results.map((r) => `${r.script} ${r.code === 0 ? "passed" : `failed (${r.signal ?? `exit ${r.code}`})`} in ${r.seconds.toFixed(1)} s`).join(", ");
    process.stdout.write(`\n${line}\n`);
    process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}

void main();
