/**
 * Typed IAM policy documents: the shapes every document builder in this package returns.
 *
 * Kept apart from the builders so that trust documents (iamDocuments.ts), typed grants (grants/)
 * and the add-on catalog (addons/) share one vocabulary.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

/** IAM condition block: operator → condition key → value(s), e.g. `{ StringEquals: { "s3:prefix": ["logs/"] } }`. */
export type PolicyConditions = Record<string, Record<string, string | string[] | boolean>>;

/** One statement of an identity-based (permission) policy. Always `Allow`: this package never writes `Deny`/`NotAction`. */
export interface PolicyStatement {
    /** Statement id: letters and digits only (IAM's rule for `Sid`). */
    Sid?: string;
    Effect: "Allow";
    /** `service:Action` names, each present in AWS's service authorization reference. */
    Action: string[];
    /** Resource ARNs the actions are scoped to. `*` only for actions without resource-level permissions. */
    Resource: string[];
    Condition?: PolicyConditions;
}

/** A permission policy document. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** One statement of a role trust policy. */
export interface TrustStatement {
    Sid?: string;
    Effect: "Allow";
    Principal: { Federated: string } | { Service: string | string[] };
    Action: string | string[];
    Condition?: PolicyConditions;
}

/** A role trust (assume-role) policy document. */
export interface TrustDocument {
    Version: "2012-10-17";
    Statement: TrustStatement[];
}
