/**
 * Tag conditions that scope nothing because the role writes the tag itself (AWS's ABAC guidance: permission to tag
 * is access control). Judged over one resource's documents, and across every document of a role in a stack: inline
 * policies, `RolePolicy` resources and attached `Policy` resources.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html
 */
import { actionInfos, conditionKeyMatches } from "./catalog";
import { operatorParts, requiresKey } from "./conditions";
import { ClusterResourceView, UnknownKeeper } from "./clusterRules";
import { parsePolicyDocument, PolicyDocument } from "./document";
import { show } from "./format";
import { asList, permissionDocuments, TYPES } from "./resources";
import { StackProblem } from "./stackRules";
import { resourceTagKey, TagWriter, tagWriters, writerOf } from "./tagScope";

/** A parsed permission document, where it comes from. */
export interface ScopedDocument {
    /** The field path in messages, e.g. `policy`, `inlinePolicies[0].policy`. */
    readonly field: string;
    readonly document: PolicyDocument;
    /** The resource it belongs to (for stack problems). */
    readonly urn?: string;
}

/** One resource-tag scope some grant of `documents` can defeat: where it is, and the writer. */
interface Defeated {
    readonly scope: ScopedDocument;
    readonly message: string;
    readonly writer: TagWriter;
}

async function defeatedScopes(documents: readonly ScopedDocument[], writers: readonly TagWriter[]): Promise<Defeated[]> {
    const found: Defeated[] = [];
    for (const scope of documents) {
        for (const statement of scope.document.statements) {
            // A tag condition narrows a wildcard resource set; on exact ARNs the grant already names what it reaches.
            if (statement.effect !== "Allow" || !(statement.resources ?? ["*"]).some((r) => /[*?]/.test(r))) continue;
            for (const entry of statement.conditions) {
                const key = resourceTagKey(entry.key);
                if (key === undefined || !requiresKey(entry) || operatorParts(entry.operator).base === "Null") continue;
                const actions: string[] = [];
                let writer: TagWriter | undefined;
                for (const action of statement.actions ?? []) {
                    for (const info of await actionInfos(action)) {
                        if (!info.conditionKeys.some((k) => conditionKeyMatches(k, entry.key))) continue;
                        const w = writerOf(writers, info.name.split(":")[0] ?? "", key, entry.values, statement.resources ?? ["*"]);
                        if (w !== undefined && !(w.urn === scope.urn && w.where === `${scope.field} Statement[${statement.index}]` && w.action === info.name)) {
                            writer ??= w;
                            if (!actions.includes(action)) actions.push(action);
                        }
                    }
                }
                if (writer === undefined) continue;
                found.push({
                    scope,
                    writer,
                    message:
                        `${scope.field} Statement[${statement.index}].Condition.${entry.operator}[${show(entry.key)}] ${show(entry.values.length === 1 ? entry.values[0] : entry.values)} ` +
                        `scopes ${show(actions)} to resources carrying that tag, but ${writer.where} lets the role write the tag ${show(key)} on ${writer.service} resources (${show(writer.action)}), ` +
                        `so it can tag any resource into this grant: remove that tagging grant, limit it with ForAllValues:StringEquals "aws:TagKeys" to other keys ` +
                        `or with "aws:ResourceTag/${key}" to resources already in scope, or scope the grant by resource ARNs.`,
                });
            }
        }
    }
    return found;
}

/** One resource's documents (a Role's inline policies together, or a policy): scopes its own tagging grants defeat. */
export async function checkWritableTagScopes(documents: readonly ScopedDocument[]): Promise<string[]> {
    const writers = await tagWriters(documents);
    return writers.length === 0 ? [] : (await defeatedScopes(documents, writers)).map((d) => d.message);
}

/**
 * Across the stack: for each role, its inline policies, `RolePolicy` resources and attached `Policy` resources; scopes
 * defeated by a tagging grant of ANOTHER resource of the same role (one resource's own are reported by
 * `iam-tag-scope-writable`).
 */
export async function checkRoleWritableTagScopes(resources: readonly ClusterResourceView[], unknowns: UnknownKeeper): Promise<StackProblem[]> {
    const byRole = new Map<string, ScopedDocument[]>();
    const policies = new Map<string, ScopedDocument[]>();
    const attachments: { role: string; policyArn: string }[] = [];
    const add = (role: unknown, docs: ScopedDocument[]) => {
        if (typeof role === "string" && docs.length > 0) byRole.set(role, [...(byRole.get(role) ?? []), ...docs]);
    };
    const parsed = (type: string, r: ClusterResourceView): ScopedDocument[] =>
        permissionDocuments(type, r.props).flatMap((d) => {
            const p = parsePolicyDocument(d.raw);
            return p.ok ? [{ field: d.field, document: p.document, urn: r.urn }] : [];
        });
    for (const r of resources) {
        unknowns.read(() => {
            if (r.type === TYPES.role) add(r.props["name"], parsed(r.type, r));
            else if (r.type === TYPES.rolePolicy) add(r.props["role"], parsed(r.type, r));
            else if (r.type === TYPES.policy && typeof r.props["arn"] === "string") policies.set(r.props["arn"], parsed(r.type, r));
            else if (r.type === TYPES.rolePolicyAttachment && typeof r.props["role"] === "string" && typeof r.props["policyArn"] === "string") {
                attachments.push({ role: r.props["role"], policyArn: r.props["policyArn"] });
            }
            if (r.type === TYPES.role) {
                for (const arn of asList(r.props["managedPolicyArns"])) if (typeof arn === "string") attachments.push({ role: String(r.props["name"]), policyArn: arn });
            }
        });
    }
    for (const { role, policyArn } of attachments) add(role, policies.get(policyArn) ?? []);
    const problems: StackProblem[] = [];
    for (const [role, documents] of byRole) {
        const writers = await tagWriters(documents);
        if (writers.length === 0) continue;
        for (const d of await defeatedScopes(documents, writers)) {
            if (d.writer.urn === d.scope.urn) continue; // one resource: reported by iam-tag-scope-writable
            problems.push({ urn: d.scope.urn ?? "", message: `role ${show(role)}: ${d.message}` });
        }
    }
    return problems;
}
