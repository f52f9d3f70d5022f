/**
 * The IAM policy grammar that IAM enforces when the document is created (`MalformedPolicyDocument`): what would
 * fail `pulumi up`, reported at preview instead.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 */
import { isResourceValue } from "./arn";
import { PolicyDocument, Statement } from "./document";
import { show } from "./format";

/** Which kind of document: a role's trust (resource-based, needs `Principal`) or a permission policy. */
export type DocumentKind = "trust" | "permissions";

const VERSIONS = ["2012-10-17", "2008-10-17"];
/** IAM accepts only ASCII letters and digits in an identity policy's `Sid`. */
const SID = /^[A-Za-z0-9]+$/;
const ACTION = /^([A-Za-z0-9-]+:[A-Za-z0-9*?-]+|\*)$/;

/** Every grammar error of a document, as `<field> <element> <value> <what is wrong>: <fix>.` */
export function checkGrammar(doc: PolicyDocument, field: string, kind: DocumentKind): string[] {
    const problems: string[] = [];
    if (doc.version !== undefined && !VERSIONS.includes(doc.version as string)) {
        problems.push(`${field} Version ${show(doc.version)} is not an IAM policy language version: use "2012-10-17".`);
    }
    if (!doc.hasStatement) {
        problems.push(`${field} has no Statement: IAM rejects the document; add "Statement": [{"Effect", "Action", ${kind === "trust" ? `"Principal"` : `"Resource"`}}].`);
    }
    const sids = new Map<string, number>();
    for (const statement of doc.statements) {
        problems.push(...statementProblems(statement, `${field} Statement[${statement.index}]`, kind));
        if (typeof statement.sid === "string" && statement.sid !== "") {
            const first = sids.get(statement.sid);
            if (first !== undefined) {
                problems.push(`${field} Statement[${statement.index}].Sid ${show(statement.sid)} repeats the Sid of Statement[${first}]: give each statement its own Sid.`);
            } else {
                sids.set(statement.sid, statement.index);
            }
        }
    }
    return problems;
}

function statementProblems(statement: Statement, at: string, kind: DocumentKind): string[] {
    const problems: string[] = [];
    if (statement.sid !== undefined && typeof statement.sid !== "string") {
        problems.push(`${at}.Sid ${show(statement.sid)} is not a string: write the Sid as a string of ASCII letters and digits, e.g. "ReadReports".`);
    } else if (kind === "permissions" && typeof statement.sid === "string" && statement.sid !== "" && !SID.test(statement.sid)) {
        // An empty Sid is no Sid (IAM accepts it; @pulumi/aws's own aws.iam.Role example writes one). A trust policy
        // is a resource-based policy, whose Sid IAM takes as written: AWS's console writes Pod Identity trusts with
        // "Sid": "Allow EKS Auth service to assume this role for Pod Identities".
        problems.push(`${at}.Sid ${show(statement.sid)} is not a valid Sid: IAM accepts only ASCII letters and digits, e.g. "ReadReports".`);
    }
    if (statement.effect !== "Allow" && statement.effect !== "Deny") {
        problems.push(`${at}.Effect ${show(statement.effect)} is not "Allow" or "Deny": IAM rejects the statement; use one of them (case-sensitive).`);
    }
    if (statement.actions === undefined && statement.notActions === undefined) {
        problems.push(`${at} has no Action: IAM rejects the statement; list the actions, e.g. "Action": ["s3:GetObject"].`);
    }
    if (statement.actions !== undefined && statement.notActions !== undefined) {
        problems.push(`${at} has both Action and NotAction: IAM rejects the statement; keep one.`);
    }
    for (const [element, list] of [
        ["Action", statement.actions],
        ["NotAction", statement.notActions],
    ] as const) {
        for (const action of list ?? []) {
            if (!ACTION.test(action)) {
                problems.push(`${at}.${element} ${show(action)} is not of the form "service:Action": IAM rejects the statement; write the service prefix, e.g. "s3:GetObject".`);
            }
        }
    }
    for (const [element, list] of [
        ["Resource", statement.resources],
        ["NotResource", statement.notResources],
    ] as const) {
        for (const resource of list ?? []) {
            if (!isResourceValue(resource)) {
                problems.push(`${at}.${element} ${show(resource)} is not an ARN or "*": IAM rejects the statement; write the resource's ARN, e.g. "arn:aws:s3:::my-bucket/*".`);
            }
        }
    }
    if (kind === "permissions") {
        if (statement.resources === undefined && statement.notResources === undefined) {
            problems.push(`${at} has no Resource: IAM rejects a permission statement without one; list the resources' ARNs.`);
        }
        if (statement.principal !== undefined || statement.hasNotPrincipal) {
            problems.push(`${at} has a Principal: a permission policy applies to the role it is attached to and IAM rejects a Principal in it; remove it.`);
        }
    } else {
        if (statement.principal === undefined && !statement.hasNotPrincipal) {
            problems.push(`${at} has no Principal: IAM rejects a trust statement without one; name who may assume the role, e.g. {"Service": "ec2.amazonaws.com"}.`);
        }
        if (statement.resources !== undefined || statement.notResources !== undefined) {
            problems.push(`${at} has a Resource: IAM rejects it in a trust policy (the role is the resource); remove it.`);
        }
    }
    return problems;
}
