#!/usr/bin/env node
// `npm test`'s type check and lint in one process, over one TypeScript program: `tsc --noEmit -p tsconfig.json`
// builds the program and prints its diagnostics exactly as `npm run typecheck` does, then ESLint lints the
// repository as `npm run lint` does, its type-aware rules reading that same program instead of building it again
// through the project service (typescript-eslint's `parserOptions.programs`:
// https://typescript-eslint.io/packages/parser#programs). Run apart, the two built the same program twice:
// ESLint 20.6 CPU-s and tsc 13.6 CPU-s; here both take ~22 CPU-s (docs/performance.md, "Second round of issue 23", has the figures).
//
// The type check is TypeScript's own command line (`ts.executeCommandLine`, what node_modules/.bin/tsc runs,
// typescript/lib/tsc.js), given a `sys` whose `exit` records the status instead of ending the process, and a
// callback that receives the program it built: same diagnostics, same format, same exit status as `tsc`.
// The ESLint run is `eslint .` through ESLint's Node.js API with the same config file (eslint.config.mjs), the
// `.ts` files' `projectService` replaced by the program, and the CLI's default "stylish" formatter.
//
// `npm run lint` and `npm run typecheck` stay as they were: this script is only how `npm test` runs the two.
// Prints `typecheck passed|failed (exit N) in S s, lint passed|failed (exit N) in S s` last; exits 0 when both
// pass, else 1.
"use strict";
const path = require("node:path");
const ts = require("typescript");
const { ESLint } = require("eslint");

const ROOT = path.resolve(__dirname, "..");

/** `tsc --noEmit -p tsconfig.json` in this process: its exit status and the program it checked. */
function typecheck() {
    let status;
    let program;
    const sys = { ...ts.sys, exit: (code) => void (status ??= code ?? 0) };
    ts.executeCommandLine(sys, (p) => void (program = p), ["--noEmit", "-p", path.join(ROOT, "tsconfig.json")]);
    return { status: status ?? 0, program };
}

/** `eslint .` with type information from `program` (or, without one, from the config's own project service). */
async function lint(program) {
    const eslint = new ESLint({
        cwd: ROOT,
        overrideConfig: program === undefined ? [] : [{ files: ["**/*.ts"], languageOptions: { parserOptions: { projectService: false, programs: [program] } } }],
    });
    const results = await eslint.lintFiles(["."]);
    const formatter = await eslint.loadFormatter("stylish");
    const text = await formatter.format(results, { cwd: ROOT, rulesMeta: eslint.getRulesMetaForResults(results) });
    if (text !== "") process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    return results.some((r) => r.errorCount > 0 || r.fatalErrorCount > 0) ? 1 : 0;
}

async function main() {
    const line = (name, code, started) => `${name} ${code === 0 ? "passed" : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
    let started = Date.now();
    const checked = typecheck();
    const typecheckLine = line("typecheck", checked.status, started);
    started = Date.now();
    let lintStatus;
    try {
        lintStatus = await lint(checked.program);
    } catch (error) {
        process.stdout.write(`${error instanceof Error ? error.stack : String(error)}\n`);
        lintStatus = 2;
    }
    process.stdout.write(`${typecheckLine}, ${line("lint", lintStatus, started)}\n`);
    process.exit(checked.status === 0 && lintStatus === 0 ? 0 : 1);
}

void main();
