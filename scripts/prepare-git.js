#!/usr/bin/env node
// package.json "prepare": builds dist/ when npm prepares this package for another project, which is how an install
// from git (`npm install github:<org>/eks-irsa#v0.1.0`) gets the compiled library: npm clones the repository,
// installs its dependencies and runs `prepare` (not `prepack`) before packing it. In this repository's own
// `npm ci` / `npm install` (npm's INIT_CWD is the package itself) it does nothing: the checkout runs the TypeScript
// sources, and `npm pack` builds through `prepack`.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const from = process.env.INIT_CWD === undefined ? root : path.resolve(process.env.INIT_CWD);
if (from !== root) {
    const npm = process.env.npm_execpath;
    const r = npm !== undefined ? spawnSync(process.execPath, [npm, "run", "build"], { cwd: root, stdio: "inherit" }) : spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", shell: true });
    process.exit(r.status ?? 1);
}
