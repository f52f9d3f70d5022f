/**
 * Checks of who the Kubernetes provider is and who else may use the cluster: `cluster.kubeconfigProfile`,
 * `cluster.kubeconfigRoleArn` and `cluster.accessEntries` (EKS access entries).
 */
import { ACCESS_POLICIES, CLUSTER_ACCESS_FIELDS } from "../clusterAccessConfig";
import { isDnsLabel } from "./formats";
import { isRecord, ProblemList } from "./problems";
import { CONFIG_FIELDS } from "../configFields";

const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;
const PRINCIPAL_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:(?:role|user)\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;
/** AWS CLI profile names: what `aws configure --profile` accepts in practice (no spaces, brackets or quotes). */
const PROFILE = /^[\w.@+=,/-]{1,128}$/;
const ENTRY_FIELDS = CONFIG_FIELDS.AccessEntrySpec;
const POLICY_FIX = `use one of ${Object.keys(ACCESS_POLICIES).map((p) => `"${p}"`).join(", ")}`;

export { CLUSTER_ACCESS_FIELDS };

/** Checks the access fields of `cluster` (created or adopted). */
export function checkClusterAccess(cluster: Record<string, unknown>, problems: ProblemList): void {
    const { kubeconfigProfile, kubeconfigRoleArn, accessEntries } = cluster;
    if (kubeconfigProfile !== undefined && (typeof kubeconfigProfile !== "string" || !PROFILE.test(kubeconfigProfile))) {
        problems.invalid("cluster.kubeconfigProfile", kubeconfigProfile, "is not an AWS CLI profile name", "give the profile's name as in ~/.aws/config, e.g. \"platform-admin\"");
    }
    if (kubeconfigRoleArn !== undefined && (typeof kubeconfigRoleArn !== "string" || !ROLE_ARN.test(kubeconfigRoleArn))) {
        problems.invalid("cluster.kubeconfigRoleArn", kubeconfigRoleArn, "is not an IAM role ARN", 'write "arn:aws:iam::<account>:role/<name>"');
    }
    if (accessEntries === undefined) {
        return;
    }
    if (!Array.isArray(accessEntries)) {
        problems.invalid("cluster.accessEntries", accessEntries, "is not a list", 'give [{ principalArn: "arn:aws:iam::<account>:role/<name>", accessPolicy: "cluster-admin" }]');
        return;
    }
    const seen = new Map<string, number>();
    accessEntries.forEach((entry: unknown, index) => checkEntry(entry, `cluster.accessEntries[${index}]`, index, seen, problems));
}

function checkEntry(entry: unknown, path: string, index: number, seen: Map<string, number>, problems: ProblemList): void {
    if (!isRecord(entry)) {
        problems.invalid(path, entry, "is not an object", 'give { principalArn, accessPolicy?, namespaces? }');
        return;
    }
    const { principalArn, accessPolicy, namespaces } = entry;
    if (principalArn === undefined) {
        problems.missing(`${path}.principalArn`, 'give the ARN of the IAM role or user, e.g. "arn:aws:iam::111122223333:role/platform-admins"');
    } else if (typeof principalArn !== "string" || !PRINCIPAL_ARN.test(principalArn)) {
        problems.invalid(`${path}.principalArn`, principalArn, "is not an IAM role or user ARN", 'write "arn:aws:iam::<account>:role/<name>" (for an SSO session, its role\'s ARN)');
    } else {
        const first = seen.get(principalArn);
        if (first !== undefined) {
            problems.invalid(`${path}.principalArn`, principalArn, `is already cluster.accessEntries[${first}]`, "EKS allows one access entry per principal: list each principal once");
        } else {
            seen.set(principalArn, index);
        }
    }
    if (accessPolicy !== undefined && (typeof accessPolicy !== "string" || !Object.hasOwn(ACCESS_POLICIES, accessPolicy))) {
        problems.invalid(`${path}.accessPolicy`, accessPolicy, "is not an EKS access policy", POLICY_FIX);
    }
    if (namespaces !== undefined) {
        if (!Array.isArray(namespaces) || namespaces.length === 0) {
            problems.invalid(`${path}.namespaces`, namespaces, "is not a non-empty list", "list the namespaces, or leave namespaces out for the whole cluster");
        } else {
            namespaces.forEach((ns: unknown, i) => {
                if (!isDnsLabel(ns)) {
                    problems.invalid(`${path}.namespaces[${i}]`, ns, "is not a valid Kubernetes namespace", 'use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)');
                }
            });
        }
    }
    for (const key of Object.keys(entry)) {
        if (!(ENTRY_FIELDS as readonly string[]).includes(key)) {
            problems.invalid(`${path}.${key}`, entry[key], "is not a known field", `use one of ${ENTRY_FIELDS.join(", ")}`);
        }
    }
}
