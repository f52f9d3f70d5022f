/**
 * Trust policies of any role (not only those that trust an OIDC provider): who may assume it. Each check is its own
 * function over the parsed trust, so that further trust rules (several clusters' issuers, …) can sit beside them.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
import { requiresKey } from "./conditions";
import { ConditionEntry, PolicyDocument, Principal, Statement } from "./document";
import { show } from "./format";

/**
 * Global condition keys that name the caller (its account, organization, ARN) or the resource acting for it: a
 * test on one of them limits who can use a statement whose principal is everyone.
 */
export const CALLER_KEYS: readonly string[] = [
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:userid",
];

/** The values of `AWS` in a principal (`["*"]` for `Principal: "*"`). */
function awsPrincipals(principal: Principal | undefined): readonly string[] {
    if (principal === undefined) {
        return [];
    }
    return principal === "*" ? ["*"] : (principal.get("AWS") ?? []);
}

/** Whether a condition test limits the caller: it requires a {@link CALLER_KEYS} key to have listed values. */
export function restrictsCaller(entry: ConditionEntry): boolean {
    return requiresKey(entry) && CALLER_KEYS.some((k) => k.toLowerCase() === entry.key.toLowerCase()) && !entry.values.some((v) => v === "*");
}

function isPublic(statement: Statement): boolean {
    return awsPrincipals(statement.principal).includes("*") || (statement.principal === "*");
}

/**
 * A trust that lets anyone assume the role: `Principal: "*"`, `{"AWS": "*"}` or `{"AWS": ["*"]}` without a condition
 * that restricts the caller, or `NotPrincipal` with `Allow` (everyone but the listed principals).
 */
export function checkPublicTrust(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const at = `${field} Statement[${statement.index}]`;
        if (statement.hasNotPrincipal) {
            problems.push(
                `${at}.NotPrincipal with Effect "Allow" lets every principal of every AWS account except those listed assume this role: ` +
                    `name the trusted principals in Principal instead.`,
            );
            continue;
        }
        if (isPublic(statement) && !statement.conditions.some(restrictsCaller)) {
            const written = statement.principal === "*" ? `Principal "*"` : `Principal.AWS ${show(awsPrincipals(statement.principal))}`;
            problems.push(
                `${at}.${written} without a condition on the caller lets anyone in any AWS account assume this role: ` +
                    `name the trusted account or role ARNs, or add a condition such as StringEquals "aws:PrincipalOrgID" or "aws:PrincipalAccount".`,
            );
        }
    }
    return problems;
}

const ROOT = /^(arn:aws[a-z-]*:iam::(\d{12}):root|(\d{12}))$/;

/** A trust that names an account root (`arn:aws:iam::111122223333:root` or `111122223333`) without any condition. */
export function checkAccountRootTrust(doc: PolicyDocument, field: string): string[] {
    const problems: string[] = [];
    for (const statement of doc.statements) {
        if (statement.effect !== "Allow" || statement.hasCondition) {
            continue;
        }
        for (const principal of awsPrincipals(statement.principal)) {
            const root = ROOT.exec(principal);
            if (root !== null) {
                const account = root[2] ?? root[3] ?? "";
                problems.push(
                    `${field} Statement[${statement.index}].Principal.AWS ${show(principal)} trusts every user and role of account ${account} that its own policies allow sts:AssumeRole: ` +
                        `name the role ARNs that need this role (arn:aws:iam::${account}:role/<name>), or add a condition such as "aws:PrincipalArn" or "sts:ExternalId".`,
                );
            }
        }
    }
    return problems;
}
