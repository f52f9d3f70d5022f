/**
 * Trust policies of any role (not only those that trust an OIDC provider): who may assume it. Each check is its own
 * function over the parsed trust, so that further trust rules (several clusters' issuers, …) can sit beside them.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
import { ConditionEntry, PolicyDocument, Principal, Statement } from "./document";
import { show } from "./format";
import { pinsExternalId, restrictsCaller } from "./pins";
import { podIdentityStatements } from "./podIdentity";

export { CALLER_KEYS, restrictsCaller } from "./pins";

/** The values of `AWS` in a principal (`["*"]` for `Principal: "*"`). */
function awsPrincipals(principal: Principal | undefined): readonly string[] {
    if (principal === undefined) {
        return [];
    }
    return principal === "*" ? ["*"] : (principal.get("AWS") ?? []);
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
            // Presence tests, all-wildcard patterns and keys that do not name the caller hold for anyone: no condition on the caller.
            problems.push(
                `${at}.${written} without a condition on the caller lets anyone in any AWS account assume this role: ` +
                    `name the trusted account or role ARNs, or add a condition such as StringEquals "aws:PrincipalOrgID" or "aws:PrincipalAccount".`,
            );
        }
    }
    problems.push(...podIdentityForeignRoots(doc, field));
    return problems;
}

/**
 * A Pod Identity role (its trust names `pods.eks.amazonaws.com`) that also trusts an account root other than its own
 * (the account its Pod Identity statement names in `aws:RequestTag/eks-cluster-arn`, `aws:SourceAccount` or
 * `aws:SourceArn`; every root when it names none) without a condition pinning the caller: every principal of that
 * account its own policies allow sts:AssumeRole gets the workload's permissions, past the session-tag pins. The same
 * public-trust finding as for any other role.
 */
function podIdentityForeignRoots(doc: PolicyDocument, field: string): string[] {
    const pods = podIdentityStatements(doc.statements);
    if (pods.length === 0) {
        return [];
    }
    const own = new Set(
        pods.flatMap((s) =>
            s.conditions
                .filter((c) => ["aws:requesttag/eks-cluster-arn", "aws:sourceaccount", "aws:sourcearn"].includes(c.key.toLowerCase()) && restrictsCallerOrTag(c))
                .flatMap((c) => c.values.map((v) => (/^\d{12}$/.test(v) ? v : (v.split(":")[4] ?? "")))),
        ),
    );
    return unconditionedRoots(doc)
        .filter(({ account }) => !own.has(account))
        .map(
            ({ index, principal, account }) =>
                `${field} Statement[${index}].Principal.AWS ${show(principal)} lets every principal of account ${account} assume this Pod Identity role ` +
                `without a condition on the caller, past the session tags that pin its ServiceAccount: remove it, or name the role ARNs that need it ` +
                `and pin them with StringEquals "aws:PrincipalArn".`,
        );
}

/** An exact `aws:SourceAccount`/`aws:SourceArn` (caller keys) or `eks-cluster-arn` request tag. */
function restrictsCallerOrTag(entry: ConditionEntry): boolean {
    return restrictsCaller(entry) || (entry.key.toLowerCase() === "aws:requesttag/eks-cluster-arn" && entry.values.every((v) => /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\//.test(v)));
}

const ROOT = /^(arn:aws[a-z-]*:iam::(\d{12}):root|(\d{12}))$/;

/**
 * A trust that names an account root (`arn:aws:iam::111122223333:root` or `111122223333`) without a condition that
 * pins the caller or an external ID (any other condition holds for every principal of the account).
 */
export function checkAccountRootTrust(doc: PolicyDocument, field: string): string[] {
    return unconditionedRoots(doc).map(
        ({ index, principal, account }) =>
            `${field} Statement[${index}].Principal.AWS ${show(principal)} trusts every user and role of account ${account} that its own policies allow sts:AssumeRole: ` +
            `name the role ARNs that need this role (arn:aws:iam::${account}:role/<name>), or add a condition such as "aws:PrincipalArn" or "sts:ExternalId".`,
    );
}

/**
 * The account roots (`arn:aws:iam::111122223333:root` or `111122223333`) that `Allow` statements trust without a
 * condition pinning the caller or an external ID, in document order.
 */
function unconditionedRoots(doc: PolicyDocument): { index: number; principal: string; account: string }[] {
    return doc.statements
        .filter((statement) => statement.effect === "Allow" && !statement.conditions.some((c) => restrictsCaller(c) || pinsExternalId(c)))
        .flatMap((statement) =>
            awsPrincipals(statement.principal).flatMap((principal) => {
                const root = ROOT.exec(principal);
                return root === null ? [] : [{ index: statement.index, principal, account: root[2] ?? root[3] ?? "" }];
            }),
        );
}
