/**
 * Reads what `eks-irsa synth --out DIR` wrote (`DIR/stack.json`, `DIR/iam/<workload>.trust.json`) into the
 * roles the token-exchange spec attacks: each role's trust document, the ServiceAccount the stack annotates
 * with the role's ARN (the workload whose token must be accepted), and the IAM OIDC provider the trust names.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { issuerUrlOfProviderArn } from "../helpers/stsExchange";
import { Workload } from "./tokenCases";

/** The annotation IRSA's pod identity webhook reads. */
const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

/** One role of the synthesized stack, ready to attack. */
export interface StackRole {
    /** The workload name (the `iam/<workload>.trust.json` file name). */
    workload: string;
    /** The role's URN in `stack.json`. */
    urn: string;
    /** The role's ARN (its `arn` output). */
    arn: string;
    /** The trust document, parsed. */
    trust: Record<string, unknown>;
    /** The ServiceAccount whose token must get the role. */
    identity: Workload;
    /** Where {@link identity} comes from: the annotated ServiceAccount's URN, or `trust :sub` (role-only workloads). */
    identitySource: string;
    /** The `Federated` provider ARN of the statement that should allow the workload. */
    providerArn: string;
    /** `https://` + the issuer in the provider ARN. */
    issuerUrl: string;
    /** The provider's client ids: its `clientIdLists` in the stack, or `["sts.amazonaws.com"]` for an adopted provider. */
    clientIds: string[];
    /** The name of the allowing statement, as the exchange names it (`Statement 0`, `Statement 0 (Sid)`). */
    allowedBy: string;
}

/** A role that trusts no IAM OIDC provider (e.g. the node role, trusted by `ec2.amazonaws.com`). */
export interface OtherRole {
    workload: string;
    urn: string;
    arn: string;
    trust: Record<string, unknown>;
}

/** What was read, with every inconsistency between the files. */
export interface SynthPlan {
    /** Roles trusting an IAM OIDC provider: each has a workload whose token must be accepted. */
    roles: StackRole[];
    /** Roles no web identity token may assume. */
    otherRoles: OtherRole[];
    /** Trust files with no role in `stack.json`, roles with no trust file, and similar problems. */
    problems: string[];
}

interface Resource {
    urn: string;
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

function asList(value: unknown): unknown[] {
    if (value === undefined) return [];
    return Array.isArray(value) ? (value as unknown[]) : [value];
}

function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A trust policy input as the stack export holds it (a JSON string, or already an object). */
function parseDocument(value: unknown): unknown {
    return typeof value === "string" ? JSON.parse(value) : value;
}

/** The first Allow statement trusting an IAM OIDC provider, with its name as the exchange reports it. */
function allowingStatement(trust: Record<string, unknown>): { providerArn: string; allowedBy: string; sub?: string } | undefined {
    for (const [i, s] of asList(trust.Statement).entries()) {
        const st = record(s);
        const federated = asList(record(st.Principal).Federated).find((f): f is string => typeof f === "string" && f.includes(":oidc-provider/"));
        if (st.Effect !== "Allow" || federated === undefined) continue;
        const sid = typeof st.Sid === "string" && st.Sid !== "" ? ` (${st.Sid})` : "";
        const equals = record(record(st.Condition).StringEquals);
        const subKey = Object.keys(equals).find((k) => k.toLowerCase().endsWith(":sub"));
        const sub = subKey === undefined ? undefined : equals[subKey];
        return { providerArn: federated, allowedBy: `Statement ${i}${sid}`, ...(typeof sub === "string" ? { sub } : {}) };
    }
    return undefined;
}

/** `system:serviceaccount:<ns>:<sa>` → the workload. */
function workloadOfSubject(sub: string): Workload | undefined {
    const m = /^system:serviceaccount:([^:]*):([^:]*)$/.exec(sub);
    return m?.[1] === undefined || m[2] === undefined ? undefined : { namespace: m[1], serviceAccount: m[2] };
}

/** Reads `dir/stack.json` and `dir/iam/*.trust.json`. */
export function readSynthPlan(dir: string): SynthPlan {
    const exported = JSON.parse(fs.readFileSync(path.join(dir, "stack.json"), "utf8")) as { deployment: { resources: Resource[] } };
    const resources = exported.deployment.resources;
    const roles = resources.filter((r) => r.type === "aws:iam/role:Role");
    const serviceAccounts = resources.filter((r) => r.type === "kubernetes:core/v1:ServiceAccount" || r.type === "kubernetes:core/v1:ServiceAccountPatch");
    const providers = resources.filter((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    const iamDir = path.join(dir, "iam");
    const trustFiles = fs.existsSync(iamDir) ? fs.readdirSync(iamDir).filter((f) => f.endsWith(".trust.json")).sort() : [];

    const problems: string[] = [];
    const out: StackRole[] = [];
    const otherRoles: OtherRole[] = [];
    const matched = new Set<string>();
    for (const file of trustFiles) {
        const workload = file.replace(/\.trust\.json$/, "");
        const trust = record(JSON.parse(fs.readFileSync(path.join(iamDir, file), "utf8")));
        const role = roles.find((r) => !matched.has(r.urn) && isDeepStrictEqual(parseDocument(r.inputs?.assumeRolePolicy), trust));
        if (role === undefined) {
            problems.push(`iam/${file} matches the assumeRolePolicy of no aws:iam/role:Role in stack.json.`);
            continue;
        }
        matched.add(role.urn);
        const arn = role.outputs?.arn;
        const allow = allowingStatement(trust);
        if (typeof arn !== "string") {
            problems.push(`${role.urn} has no arn output.`);
            continue;
        }
        if (allow === undefined) {
            otherRoles.push({ workload, urn: role.urn, arn, trust });
            continue;
        }
        const annotated = serviceAccounts.find((sa) => record(record(sa.inputs?.metadata).annotations)[ROLE_ARN_ANNOTATION] === arn);
        const meta = record(annotated?.inputs?.metadata);
        const fromSa = annotated !== undefined && typeof meta.name === "string" ? { namespace: typeof meta.namespace === "string" ? meta.namespace : "default", serviceAccount: meta.name } : undefined;
        const identity = fromSa ?? (allow.sub !== undefined ? workloadOfSubject(allow.sub) : undefined);
        if (identity === undefined) {
            problems.push(`${role.urn} is annotated on no ServiceAccount and its trust names no ServiceAccount subject.`);
            continue;
        }
        const provider = providers.find((p) => p.outputs?.arn === allow.providerArn);
        const clientIds = asList(provider?.inputs?.clientIdLists).filter((c): c is string => typeof c === "string");
        out.push({
            workload,
            urn: role.urn,
            arn,
            trust,
            identity,
            identitySource: annotated !== undefined ? annotated.urn : "trust :sub",
            providerArn: allow.providerArn,
            issuerUrl: issuerUrlOfProviderArn(allow.providerArn),
            clientIds: provider !== undefined ? clientIds : ["sts.amazonaws.com"],
            allowedBy: allow.allowedBy,
        });
    }
    for (const r of roles) {
        if (!matched.has(r.urn)) problems.push(`${r.urn} has no iam/<workload>.trust.json equal to its assumeRolePolicy.`);
    }
    return { roles: out, otherRoles, problems };
}
