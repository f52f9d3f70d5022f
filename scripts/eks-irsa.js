#!/usr/bin/env node
// Entry point of `eks-irsa synth|check|diff`: the TypeScript sources in a checkout, the compiled CLI (dist/) in the
// npm package (which ships no synth/ sources), so a dist/ left by `npm pack` never runs stale code in a checkout.
// TypeScript loading (./register-ts.js) is set up either way: the stack program synth runs is TypeScript.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// `synth` runs itself again with the V8 flags of ./node-flags.js unless they are already set (`node FLAGS eks-irsa.js`
// or NODE_OPTIONS) or its arguments are refused (the usage error then comes from this process); the other commands
// run in this process.
const missing = require("./node-flags").missingFlags(process.argv.slice(2));
if (missing.length > 0) {
    const { spawnSync } = require("node:child_process");
    const r = spawnSync(process.execPath, [...process.execArgv, ...missing, __filename, ...process.argv.slice(2)], { stdio: "inherit" });
    if (r.signal) process.kill(process.pid, r.signal);
    process.exit(r.status ?? 1);
}

require("./register-ts");
const source = path.join(__dirname, "..", "synth", "cli.ts");
const cli = require(fs.existsSync(source) ? source : path.join(__dirname, "..", "dist", "synth", "cli.js"));
cli.main(process.argv.slice(2)).then(cli.exitWhenFlushed);
