/**
 * The diff for people: a table for the terminal, and Markdown for a pull-request comment (one collapsible block
 * per workload, broadening first).
 */
import type { Violation } from "../analyzer/violations";
import { urnName } from "../analyzer/requests";
import type { DiffReport, RoleChange } from "./diff";
import type { PermissionEntry } from "./permissions";

/** One change of a role, as printed. */
export interface Row {
    broadening: boolean;
    /** `+ allow`, `- principal`, `~ boundary`, `? unknown`, … */
    change: string;
    /** The change in words; `code` marks the parts Markdown shows as code. */
    detail: { text: string; code: boolean }[];
    /** The "new role" / "role deleted" row: it heads the rows it introduces and is not a change of its own. */
    marker?: boolean;
}

function conditionWords(condition: PermissionEntry["condition"]): string {
    if (condition === undefined) return "";
    const parts = Object.entries(condition).flatMap(([op, block]) => Object.entries(block).map(([key, values]) => `${key} ${op} ${values.length === 1 ? values[0]! : `[${values.join(", ")}]`}`));
    return parts.join(" and ");
}

function permissionRow(sign: string, e: PermissionEntry): Row {
    const detail: Row["detail"] = [{ text: e.action, code: true }, { text: " on ", code: false }, { text: e.resource, code: true }];
    if (e.condition !== undefined) detail.push({ text: " if ", code: false }, { text: conditionWords(e.condition), code: true });
    return { broadening: e.broadening, change: `${sign} ${e.effect.toLowerCase()}`, detail };
}

const plain = (text: string): Row["detail"] => [{ text, code: false }];

/**
 * Every change of a role, broadening first (then in the order: principals, permissions, policies, bindings), under
 * the "new role" / "role deleted" marker row of a role added or removed whole: the marker says what the rows
 * below it are, so it stays on top.
 */
export function roleRows(r: RoleChange): Row[] {
    const rows: Row[] = [];
    for (const l of r.principals.added) rows.push({ broadening: l.broadening, change: "+ principal", detail: plain(l.text) });
    for (const l of r.principals.removed) rows.push({ broadening: l.broadening, change: "- principal", detail: plain(l.text) });
    for (const e of r.permissions.added) rows.push(permissionRow("+", e));
    for (const e of r.permissions.removed) rows.push(permissionRow("-", e));
    for (const l of r.managedPolicies.attached) rows.push({ broadening: l.broadening, change: "+ managed policy", detail: [{ text: l.text, code: true }] });
    for (const l of r.managedPolicies.detached) rows.push({ broadening: l.broadening, change: "- managed policy", detail: [{ text: l.text, code: true }] });
    if (r.permissionsBoundary !== undefined) {
        const { before, after } = r.permissionsBoundary;
        rows.push({ broadening: r.permissionsBoundary.broadening, change: "~ boundary", detail: [{ text: before ?? "none", code: before !== undefined }, { text: " → ", code: false }, { text: after ?? "none", code: after !== undefined }] });
    }
    for (const l of r.bindings.added) rows.push({ broadening: l.broadening, change: "+ binding", detail: plain(l.text) });
    for (const l of r.bindings.removed) rows.push({ broadening: l.broadening, change: "- binding", detail: plain(l.text) });
    for (const u of r.unknown) rows.push({ broadening: false, change: "? unknown", detail: plain(u) });
    const sorted = rows.map((row, i) => ({ row, i })).sort((a, b) => Number(b.row.broadening) - Number(a.row.broadening) || a.i - b.i).map((x) => x.row);
    if (r.status === "changed") return sorted;
    const added = r.status === "added";
    return [{ broadening: false, marker: true, change: added ? "+ role" : "- role", detail: plain(added ? "new role: everything below is new" : "role deleted: everything below is gone") }, ...sorted];
}

function table(rows: string[][]): string {
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    return rows.map((r, j) => {
        const line = r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
        return j === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    }).join("\n");
}

function violationLine(v: Violation): string {
    return `[${v.enforcementLevel}] ${v.policyName}${v.urn !== "" ? ` (${urnName(v.urn)})` : ""}: ${v.message}`;
}

function summary(report: DiffReport): string {
    const n = report.broadening;
    return n === 0 ? "No broadening change." : `${n} broadening change${n === 1 ? "" : "s"}: review before merging.`;
}

/** The terminal report: one table of every change (`!` marks broadening), then the policy findings. */
export function renderText(report: DiffReport, labels: { base: string; head: string }): string {
    const lines = [`Security diff ${labels.base} → ${labels.head}`, ""];
    if (report.roles.length === 0) lines.push("No change to any IAM role, its principals, permissions, policies or bindings.");
    else {
        const rows = [["", "WORKLOAD", "ROLE", "CHANGE", "DETAIL"]];
        for (const r of report.roles) {
            for (const row of roleRows(r)) rows.push([row.broadening ? "!" : "", r.workload ?? "-", r.name, row.change, row.detail.map((d) => d.text).join("")]);
        }
        lines.push(table(rows));
    }
    const { new: added, resolved } = report.violations;
    lines.push("", `Policy findings: ${added.length} new in ${labels.head}, ${resolved.length} resolved since ${labels.base}`);
    for (const v of added) lines.push(`  new       ${violationLine(v)}`);
    for (const v of resolved) lines.push(`  resolved  ${violationLine(v)}`);
    lines.push("", summary(report));
    return lines.join("\n");
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
    const fence = text.includes("`") ? "``" : "`";
    return `${fence}${fence.length > 1 ? " " : ""}${cell(text)}${fence.length > 1 ? " " : ""}${fence}`;
}

function html(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** GitHub's limit on a comment's body is 65,536 characters; the report stays under this, with room to spare. */
export const MARKDOWN_LIMIT = 60_000;

function roleBlock(r: RoleChange): string {
    const rows = roleRows(r);
    // The marker row is not a change: the count is of the changes it introduces.
    const changes = rows.filter((row) => row.marker !== true).length;
    const title = `${r.broadening > 0 ? "⚠️ " : ""}<b>${html(r.workload ?? r.name)}</b> (role <code>${html(r.name)}</code>${r.status !== "changed" ? `, ${r.status}` : ""}): ${r.broadening > 0 ? `${r.broadening} broadening, ` : ""}${changes} change${changes === 1 ? "" : "s"}`;
    const out = [`<details${r.broadening > 0 ? " open" : ""}>`, `<summary>${title}</summary>`, "", "| | change | detail |", "|---|---|---|"];
    for (const row of rows) out.push(`| ${row.broadening ? "⚠️" : ""} | ${row.change} | ${row.detail.map((d) => (d.code ? code(d.text) : cell(d.text))).join("")} |`);
    out.push("", "</details>", "", "");
    return out.join("\n");
}

function findingsBlock(violations: DiffReport["violations"], budget: number): string {
    const { new: added, resolved } = violations;
    if (added.length + resolved.length === 0) return "";
    const head = [`<details${added.length > 0 ? " open" : ""}>`, `<summary>Policy findings: ${added.length} new, ${resolved.length} resolved</summary>`, "", "| | level | policy | resource | message |", "|---|---|---|---|---|"].join("\n") + "\n";
    const tail = "\n</details>\n\n";
    let body = "";
    const rows = [...added.map((v) => ["new", v] as const), ...resolved.map((v) => ["resolved", v] as const)];
    for (let i = 0; i < rows.length; i++) {
        const [what, v] = rows[i]!;
        const line = `| ${what} | ${v.enforcementLevel} | ${code(v.policyName)} | ${v.urn !== "" ? code(urnName(v.urn)) : ""} | ${cell(v.message)} |\n`;
        if (head.length + body.length + line.length + tail.length + 200 > budget) {
            body += `\n… ${rows.length - i} more findings not shown: run \`eks-irsa diff --json\` for all of them.\n`;
            break;
        }
        body += line;
    }
    return head + body + tail;
}

/**
 * The Markdown report for a pull-request comment: a summary, one `<details>` per workload (broadening first, open),
 * the findings. Kept under `limit` characters: the roles that do not fit (the non-broadening ones go first) are
 * counted instead of shown.
 */
export function renderMarkdown(report: DiffReport, labels: { base: string; head: string }, limit = MARKDOWN_LIMIT): string {
    const broadeningRoles = report.roles.filter((r) => r.broadening > 0).length;
    let out = [
        "### eks-irsa security diff",
        "",
        report.broadening > 0
            ? `**⚠️ ${report.broadening} broadening change${report.broadening === 1 ? "" : "s"}** in ${broadeningRoles} role${broadeningRoles === 1 ? "" : "s"}: review before merging.`
            : "✅ No broadening change.",
        "",
        `${report.roles.length} role${report.roles.length === 1 ? "" : "s"} changed between \`${labels.base}\` and \`${labels.head}\`; policy findings: ${report.violations.new.length} new, ${report.violations.resolved.length} resolved.`,
        "",
        "",
    ].join("\n");
    const findings = findingsBlock(report.violations, Math.floor(limit / 4));
    const roles = [...report.roles].sort((a, b) => Number(b.broadening > 0) - Number(a.broadening > 0));
    for (let i = 0; i < roles.length; i++) {
        const block = roleBlock(roles[i]!);
        if (out.length + block.length + findings.length + 300 > limit) {
            const rest = roles.slice(i);
            const hidden = rest.reduce((n, r) => n + r.broadening, 0);
            out += `… ${rest.length} more role${rest.length === 1 ? "" : "s"} not shown (${hidden} broadening change${hidden === 1 ? "" : "s"} among them): run \`eks-irsa diff --json\` for everything.\n\n`;
            break;
        }
        out += block;
    }
    return (out + findings).trimEnd() + "\n";
}
