/**
 * `eks-irsa diff BASE HEAD`: reads each side (a `synth` output folder or a `pulumi stack export` file), builds
 * the security diff, runs the policy pack on both sides for the findings new in HEAD and resolved since BASE.
 *
 * Exit codes: 0 no broadening change, 1 at least one (so CI can require a review), 2 invalid input.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalyzedResource, fromStackExport } from "../analyzer/requests";
import type { Violation } from "../analyzer/violations";
import { readStackExport } from "../stackExport";
import { DiffReport, diffStacks, toJson } from "./diff";
import { renderMarkdown, renderText } from "./render";
import { stackView } from "./roleView";

/** One side of the diff, read. */
export interface Side {
    /** How the side is named in reports: the argument as given. */
    label: string;
    resources: AnalyzedResource[];
}

/**
 * Reads a side: a folder is a `synth` output (its `stack.json`), anything else a `pulumi stack export` file.
 * Errors name the argument and what to pass instead.
 */
export function readSide(arg: string): Side {
    let file = arg;
    if (fs.existsSync(arg) && fs.statSync(arg).isDirectory()) {
        file = path.join(arg, "stack.json");
        if (!fs.existsSync(file)) throw new Error(`${arg} has no stack.json: pass a folder written by "eks-irsa synth --out DIR" or a "pulumi stack export" file.`);
    } else if (!fs.existsSync(arg)) {
        throw new Error(`${arg} does not exist: pass a folder written by "eks-irsa synth --out DIR" or a "pulumi stack export" file.`);
    }
    return { label: arg, resources: fromStackExport(readStackExport(file).deployment.resources) };
}

/** The diff of two sides read, with each side's violations. */
export function diffSides(base: Side, head: Side, violations?: { base: readonly Violation[]; head: readonly Violation[] }): DiffReport {
    return diffStacks(stackView(base.resources), stackView(head.resources), violations);
}

/** Output format. */
export type DiffFormat = "text" | "markdown" | "json";

/** Prints the report in `format`; returns the exit code (0 no broadening, 1 broadening). */
export function printDiff(report: DiffReport, format: DiffFormat, labels: { base: string; head: string }, print: (s: string) => void): number {
    if (format === "json") print(JSON.stringify(toJson(report), null, 2));
    else if (format === "markdown") print(renderMarkdown(report, labels).trimEnd());
    else print(renderText(report, labels));
    return report.broadening > 0 ? 1 : 0;
}
