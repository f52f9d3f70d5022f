#!/usr/bin/env node
// Entry point of `eks-irsa synth|check`: the compiled CLI when the package is built, else its TypeScript sources.
// TypeScript loading (./register-ts.js) is set up either way: the stack program synth runs is TypeScript.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// Runs itself again with the V8 flags of ./node-flags.js unless they are already set (by `node FLAGS eks-irsa.js`).
const flags = require("./node-flags");
if (!flags.every((f) => process.execArgv.includes(f))) {
    const { spawnSync } = require("node:child_process");
    const r = spawnSync(process.execPath, [...process.execArgv, ...flags, __filename, ...process.argv.slice(2)], { stdio: "inherit" });
    if (r.signal) process.kill(process.pid, r.signal);
    process.exit(r.status ?? 1);
}

require("./register-ts");
const compiled = path.join(__dirname, "..", "dist", "synth", "cli.js");
const cli = require(fs.existsSync(compiled) ? compiled : path.join(__dirname, "..", "synth", "cli.ts"));
cli.main(process.argv.slice(2)).then((code) => process.exit(code));
