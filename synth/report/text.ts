/**
 * The human summary `synth` and `check` print: the resources of each workload as a tree, the audit table,
 * and the violations grouped by enforcement level.
 */
import { actionsOf, asList, k8sMeta, RoleAudit } from "../audit";
import { Violation } from "../analyzer/grpcAnalyzer";

function table(rows: string[][]): string {
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    return rows.map((r, j) => {
        const line = r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
        return j === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    }).join("\n");
}

/** role → policies → ServiceAccount → Deployment, one block per workload. */
export function renderTree(audits: readonly RoleAudit[]): string {
    const lines: string[] = [];
    for (const a of audits) {
        lines.push(`${a.workload} [${a.mode}]`);
        lines.push(`└─ Role ${a.roleName}${a.account !== "" ? ` (account ${a.account})` : ""}`);
        const children: string[] = [
            ...a.trustedClusters.map((c) => `trusts ${c.issuer} (provider in account ${c.account})`),
            ...a.policyResources.map((p) => `${p.type.split(":").pop()} ${p.name}`),
            ...a.managedPolicyArns.filter((arn) => !a.policyResources.some((p) => p.inputs.policyArn === arn)).map((arn) => `managed ${arn}`),
        ];
        for (const pia of a.associations) children.push(`PodIdentityAssociation ${String(pia.inputs.namespace)}/${String(pia.inputs.serviceAccount)}`);
        for (const sa of a.serviceAccounts) {
            const m = k8sMeta(sa);
            children.push(`${sa.type.endsWith("Patch") ? "ServiceAccountPatch" : "ServiceAccount"} ${m.namespace}/${m.name}`);
        }
        for (const [kind, list] of [["Deployment", a.deployments], ["Job", a.jobs]] as const) {
            for (const d of list) {
                const m = k8sMeta(d);
                children.push(`${kind} ${m.namespace}/${m.name}`);
            }
        }
        children.forEach((c, i) => lines.push(`   ${i === children.length - 1 ? "└─" : "├─"} ${c}`));
    }
    return lines.join("\n");
}

/** A trusted cluster as the audit table shows it: `<region>/<issuer id> @<provider account>`. */
function clusterCell(c: { issuer: string; account: string }): string {
    const m = /^oidc\.eks\.([^.]+)\.amazonaws\.com(?:\.cn)?\/id\/(.+)$/.exec(c.issuer);
    return `${m !== null ? `${m[1]}/${m[2]}` : c.issuer} @${c.account}`;
}


/**
 * A statement's conditions as the audit table shows them, ` if <operator> <key>=<value>|<value> and …`, so two
 * statements that differ only in their conditions read as two rows, not as a duplicate.
 */
export function conditionText(condition: unknown): string {
    if (condition === null || typeof condition !== "object") return "";
    const parts: string[] = [];
    for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
        if (block === null || typeof block !== "object") continue;
        for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
            parts.push(`${operator} ${key}=${asList(values as unknown[]).map(String).join("|")}`);
        }
    }
    return parts.length > 0 ? ` if ${parts.join(" and ")}` : "";
}

/** workload, ServiceAccount, role, trusted subject, every trusted cluster and account, allowed actions on which resources (and when). */
export function renderAuditTable(audits: readonly RoleAudit[]): string {
    const rows: string[][] = [["WORKLOAD", "MODE", "SERVICEACCOUNT", "ROLE", "ACCOUNT", "TRUSTED SUBJECT", "TRUSTED CLUSTERS", "ALLOWS"]];
    for (const a of audits) {
        const sas = a.serviceAccounts.map((sa) => {
            const m = k8sMeta(sa);
            return `${m.namespace}/${m.name}`;
        });
        const allows = [
            ...a.statements.map((s) => `${actionsOf(s).join(",")} on ${asList(s.Resource).join(",") || "(no resource)"}${conditionText(s.Condition)}`),
            ...a.managedPolicyArns.map((arn) => `managed ${arn.replace(/^arn:[^:]+:iam::(aws|\d+):policy\//, "")}`),
        ];
        if (allows.length === 0) allows.push("(nothing)");
        const clusters = a.trustedClusters.map(clusterCell);
        if (clusters.length === 0) clusters.push("-");
        for (let i = 0; i < Math.max(allows.length, clusters.length); i++) {
            rows.push(
                i === 0
                    ? [a.workload, a.mode, sas.join(",") || "-", a.roleName, a.account || "-", a.trustedSubjects.join(",") || "(none)", clusters[0]!, allows[0]!]
                    : ["", "", "", "", "", "", clusters[i] ?? "", allows[i] ?? ""],
            );
        }
    }
    return table(rows);
}

/** Violations grouped mandatory first, then advisory; `No violations.` when clean. */
export function renderViolations(violations: readonly Violation[]): string {
    if (violations.length === 0) return "No policy violations.";
    const out: string[] = [];
    for (const level of ["mandatory", "advisory"] as const) {
        const vs = violations.filter((v) => v.enforcementLevel === level || (level === "mandatory" && v.enforcementLevel === "remediate"));
        if (vs.length === 0) continue;
        out.push(`${level.toUpperCase()} (${vs.length})`);
        for (const v of vs) out.push(`  [${v.policyName}] ${v.urn || "(stack)"}\n      ${v.message.replace(/\n/g, "\n      ")}`);
    }
    return out.join("\n");
}
