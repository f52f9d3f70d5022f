#!/usr/bin/env node
// Entry point of `eks-irsa synth|check`: the compiled CLI when the package is built, else its TypeScript sources.
// TypeScript loading (./register-ts.js) is set up either way: the stack program synth runs is TypeScript.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

require("./register-ts");
const compiled = path.join(__dirname, "..", "dist", "synth", "cli.js");
const cli = require(fs.existsSync(compiled) ? compiled : path.join(__dirname, "..", "synth", "cli.ts"));
cli.main(process.argv.slice(2)).then((code) => process.exit(code));
