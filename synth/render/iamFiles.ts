/**
 * IAM documents from the plan: per role, the trust policy and the effective inline permissions,
 * pretty-printed as a reviewer would read them in the console.
 */
import { RoleAudit } from "../audit";

/** One rendered IAM document. */
export interface IamFile {
    /**
     * `iam/<workload>.trust.json`, `.permissions.json` (the inline statements, when there are any) or
     * `.managed-policies.json` (attached ARNs).
     */
    file: string;
    document: unknown;
}

/** A file-name-safe form of a workload or role name. */
function slug(name: string): string {
    return name.replace(/[^A-Za-z0-9._-]+/g, "_");
}

/** The trust and permission documents of every audited role. */
export function renderIamFiles(audits: readonly RoleAudit[]): IamFile[] {
    const out: IamFile[] = [];
    const seen = new Map<string, number>();
    for (const a of audits) {
        let key = slug(a.workload);
        const n = seen.get(key) ?? 0;
        seen.set(key, n + 1);
        if (n > 0) key = `${key}-${n + 1}`;
        if (a.trust !== undefined) out.push({ file: `iam/${key}.trust.json`, document: a.trust });
        // No inline statements, no document: a policy with an empty `Statement` is not valid IAM (and no RolePolicy exists).
        if (a.statements.length > 0) out.push({ file: `iam/${key}.permissions.json`, document: { Version: "2012-10-17", Statement: a.statements } });
        if (a.managedPolicyArns.length > 0) out.push({ file: `iam/${key}.managed-policies.json`, document: a.managedPolicyArns });
    }
    return out;
}
