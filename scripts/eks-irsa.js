#!/usr/bin/env node
// Entry point of `eks-irsa synth|check`: the compiled CLI when the package is built, else the TypeScript
// sources through ./register-ts.js.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const compiled = path.join(__dirname, "..", "dist", "synth", "cli.js");
let cli;
if (fs.existsSync(compiled)) {
    cli = require(compiled);
} else {
    require("./register-ts");
    cli = require(path.join(__dirname, "..", "synth", "cli.ts"));
}
cli.main(process.argv.slice(2)).then((code) => process.exit(code));
