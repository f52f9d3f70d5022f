#!/usr/bin/env node
// `npm test`: the lint, the type check and the specs, at once. The specs (`npm run test:unit`, mocha in parallel
// over every core: ../.mocharc.js) run in the foreground and print as they go; ESLint and tsc run beside them, so
// they take the cores the specs leave idle (while the workers start, and while the last spec files finish) instead
// of running before them, and their output is printed whole once the specs are done. They keep the same priority:
// at a lower one, on a machine others keep busy, they waited for everyone else and finished last.
// Exits 0 when all three pass, else 1; the last line says how each one ended and how long it took.
"use strict";
const { spawn } = require("node:child_process");

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/** The package.json scripts run beside the specs. */
const BESIDE = ["lint", "typecheck"];

function run(script, buffered) {
    const started = Date.now();
    const child = spawn(npm, ["run", "--silent", script], { stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit" });
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
    const beside = BESIDE.map((script) => run(script, true));
    const specs = await run("test:unit", false);
    const results = [...(await Promise.all(beside)), specs];
    for (const r of results.slice(0, BESIDE.length)) {
        const text = Buffer.concat(r.output).toString();
        if (text.trim() !== "") process.stdout.write(`\n> npm run ${r.script}\n${text}${text.endsWith("\n") ? "" : "\n"}`);
    }
    const line = results.map((r) => `${r.script} ${r.code === 0 ? "passed" : `failed (${r.signal ?? `exit ${r.code}`})`} in ${r.seconds.toFixed(1)} s`).join(", ");
    process.stdout.write(`\n${line}\n`);
    process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}

void main();
