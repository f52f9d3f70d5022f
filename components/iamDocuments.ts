/**
 * Pure builders of the IAM documents a workload needs: its role's trust policy and its inline
 * permission policy. No Pulumi types here: callers `apply` them to resolved values.
 */
import { PolicyConditions, PolicyDocument, PolicyStatement, TrustDocument, TrustStatement } from "./policyDocument";
import { serviceAccountSubject, STS_AUDIENCE } from "./naming";

/** One cluster a role trusts: its IAM OIDC provider (in the role's account) and its issuer. */
export interface TrustedProvider {
    /** ARN of the cluster's IAM OIDC provider, e.g. `arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC`. */
    providerArn: string;
    /** The issuer without `https://` (see `naming.issuerHost`). */
    issuerHost: string;
}

/** Inputs of {@link irsaTrustDocument}. */
export interface IrsaTrustInputs extends TrustedProvider {
    /** Namespace of the ServiceAccount allowed to assume the role. */
    namespace: string;
    /** Name of the ServiceAccount allowed to assume the role. */
    serviceAccount: string;
    /**
     * Other clusters whose ServiceAccount of the same namespace and name may assume the role (blue/green, regions):
     * one more statement each, after the first cluster's, in this order.
     * @default []
     */
    otherClusters?: readonly TrustedProvider[];
}

/**
 * The statement that lets one ServiceAccount of ONE cluster assume a role: that cluster's provider as the only
 * `Federated` principal, `StringEquals` on that issuer's `:sub` and `:aud`. Two clusters never share a statement:
 * a token carries one issuer, so keys of two issuers in one statement could never all match.
 */
export function irsaTrustStatement(provider: TrustedProvider, namespace: string, serviceAccount: string): TrustStatement {
    return {
        Effect: "Allow",
        Principal: { Federated: provider.providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: {
                [`${provider.issuerHost}:sub`]: serviceAccountSubject(namespace, serviceAccount),
                [`${provider.issuerHost}:aud`]: STS_AUDIENCE,
            },
        },
    };
}

/**
 * The trust policy that lets exactly one ServiceAccount of one cluster assume a role through IRSA.
 *
 * Both conditions are `StringEquals` (no wildcards) and both are required:
 * - `<issuer>:sub` pins the ServiceAccount. Without it any pod of the cluster, under any
 *   ServiceAccount, could exchange its token for this role (the "aud-only" trust of some guides).
 * - `<issuer>:aud` pins the audience to STS, so a token minted for another audience (another
 *   service that trusts the same issuer) cannot be replayed to STS.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaTrustDocument(inputs: IrsaTrustInputs): TrustDocument {
    const clusters = [inputs, ...(inputs.otherClusters ?? [])];
    const seen = new Set<string>();
    for (const cluster of clusters) {
        // IAM compares issuers case-insensitively; one provider twice would be a duplicate statement.
        const key = cluster.issuerHost.toLowerCase();
        if (seen.has(key)) {
            throw new Error(`the trust of ${inputs.namespace}/${inputs.serviceAccount} names the issuer ${JSON.stringify(cluster.issuerHost)} twice: list each cluster once.`);
        }
        seen.add(key);
    }
    return {
        Version: "2012-10-17",
        Statement: clusters.map((cluster) => irsaTrustStatement(cluster, inputs.namespace, inputs.serviceAccount)),
    };
}

/** One permission statement as the config writes it. */
export interface StatementInput {
    /** `service:Action` names. */
    actions: readonly string[];
    /** Resource ARNs. */
    resources: readonly string[];
    /** Optional IAM condition block. */
    conditions?: PolicyConditions;
}

/** A canonical, order-independent key for a condition block (sorted operators, keys and values). */
function conditionKey(conditions: PolicyConditions | undefined): string {
    if (conditions === undefined) {
        return "";
    }
    const canonical = Object.keys(conditions)
        .sort()
        .map((operator) => {
            const block = conditions[operator] ?? {};
            return [
                operator,
                Object.keys(block)
                    .sort()
                    .map((key) => {
                        const value = block[key];
                        return [key, Array.isArray(value) ? [...value].sort() : value];
                    }),
            ];
        });
    return JSON.stringify(canonical);
}

function sortedUnique(values: Iterable<string>): string[] {
    return [...new Set(values)].sort();
}

/** Copies a condition block with sorted operators, keys and (list) values, so output never depends on input order. */
function canonicalConditions(conditions: PolicyConditions): PolicyConditions {
    const result: PolicyConditions = {};
    for (const operator of Object.keys(conditions).sort()) {
        const block = conditions[operator] ?? {};
        const sorted: Record<string, string | string[] | boolean> = {};
        for (const key of Object.keys(block).sort()) {
            const value = block[key];
            if (value !== undefined) {
                sorted[key] = Array.isArray(value) ? sortedUnique(value) : value;
            }
        }
        result[operator] = sorted;
    }
    return result;
}

/**
 * The permission policy for a workload's inline statements: statements with the same condition
 * block and the same resources are merged (actions united), then statements with the same
 * conditions and actions are merged (resources united); actions and resources are de-duplicated
 * and sorted, statements ordered by their content. The result is the same for any order of the
 * input, so reordering the config never changes the policy Pulumi sends.
 */
export function permissionDocument(statements: readonly StatementInput[]): PolicyDocument {
    // Group by condition block: statements with different conditions never merge.
    const byCondition = new Map<string, { conditions?: PolicyConditions; resourcesToActions: Map<string, Set<string>> }>();
    for (const statement of statements) {
        const key = conditionKey(statement.conditions);
        let group = byCondition.get(key);
        if (group === undefined) {
            group = {
                conditions: statement.conditions === undefined ? undefined : canonicalConditions(statement.conditions),
                resourcesToActions: new Map(),
            };
            byCondition.set(key, group);
        }
        // Expand to (resource → actions) so identical grants written twice collapse.
        for (const resource of statement.resources) {
            const actions = group.resourcesToActions.get(resource) ?? new Set<string>();
            statement.actions.forEach((action) => actions.add(action));
            group.resourcesToActions.set(resource, actions);
        }
    }

    const merged: PolicyStatement[] = [];
    for (const group of byCondition.values()) {
        // Resources granted exactly the same actions share one statement.
        const byActions = new Map<string, { actions: string[]; resources: string[] }>();
        for (const [resource, actionSet] of group.resourcesToActions) {
            const actions = sortedUnique(actionSet);
            const key = JSON.stringify(actions);
            const entry = byActions.get(key) ?? { actions, resources: [] };
            entry.resources.push(resource);
            byActions.set(key, entry);
        }
        for (const { actions, resources } of byActions.values()) {
            const statement: PolicyStatement = { Effect: "Allow", Action: actions, Resource: sortedUnique(resources) };
            if (group.conditions !== undefined && Object.keys(group.conditions).length > 0) {
                statement.Condition = group.conditions;
            }
            merged.push(statement);
        }
    }

    // Code-unit order, not localeCompare: the order must not depend on the machine's locale.
    merged.sort((a, b) => {
        const [keyA, keyB] = [statementSortKey(a), statementSortKey(b)];
        return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
    });
    return { Version: "2012-10-17", Statement: merged };
}

function statementSortKey(statement: PolicyStatement): string {
    return JSON.stringify([statement.Action, statement.Resource, statement.Condition ?? null]);
}

/**
 * Characters IAM counts against a policy's size quota: the JSON without whitespace.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 */
export function policySize(document: PolicyDocument | TrustDocument): number {
    return JSON.stringify(document).replace(/\s/g, "").length;
}

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** The actions EKS Pod Identity calls on the role: `sts:AssumeRole` and `sts:TagSession` (session tags). */
export const POD_IDENTITY_ACTIONS: readonly string[] = ["sts:AssumeRole", "sts:TagSession"];

/**
 * The session tags EKS Pod Identity adds to its `AssumeRole` request, as trust-policy condition keys
 * (`aws:RequestTag/<tag>`). EKS sets them unless the association has `disableSessionTags`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags (the list)
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html ("Setting Conditions": the tag-pinned trust)
 */
export const POD_IDENTITY_TAG_KEYS = {
    clusterArn: "aws:RequestTag/eks-cluster-arn",
    namespace: "aws:RequestTag/kubernetes-namespace",
    serviceAccount: "aws:RequestTag/kubernetes-service-account",
} as const;

/** Inputs of {@link podIdentityTrustStatement}. */
export interface PodIdentityTrustInputs {
    /** The EKS cluster's ARN, e.g. `arn:aws:eks:us-west-2:111122223333:cluster/dev`. */
    clusterArn: string;
    /** Namespace of the ServiceAccount allowed to use the role. */
    namespace: string;
    /** Name of the ServiceAccount allowed to use the role. */
    serviceAccount: string;
    /**
     * The association sets `disableSessionTags`: EKS then sends no `aws:RequestTag/…` keys, so a tag-pinned trust
     * would deny every request. The statement is then AWS's bare documented trust (any association in the
     * account whose creator may `iam:PassRole` the role can use it; the `irsa-guard` pack reports it as advisory).
     * @default false
     */
    sessionTagsDisabled?: boolean;
}

/**
 * The trust statement that lets EKS Pod Identity assume a role for exactly one ServiceAccount of one cluster.
 *
 * AWS's page on the Pod Identity role documents the bare trust (`pods.eks.amazonaws.com`, `sts:AssumeRole` and
 * `sts:TagSession`) and, under "Setting Conditions", restricting it with the session tags EKS adds to the request.
 * This statement pins all three with `StringEquals`: `aws:RequestTag/eks-cluster-arn` (the cluster: the account
 * is part of the ARN), `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account`.
 * An association for any other ServiceAccount, namespace or cluster is denied, even when its creator may pass
 * the role. Only keys AWS documents as present in Pod Identity's request are used: `aws:SourceArn` and
 * `aws:SourceAccount` are not documented for `pods.eks.amazonaws.com` (a trust requiring them can deny EKS).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags
 */
export function podIdentityTrustStatement(inputs: PodIdentityTrustInputs): TrustStatement {
    const statement: TrustStatement = {
        Effect: "Allow",
        Principal: { Service: POD_IDENTITY_PRINCIPAL },
        Action: [...POD_IDENTITY_ACTIONS],
    };
    if (inputs.sessionTagsDisabled === true) {
        return statement;
    }
    return {
        ...statement,
        Condition: {
            StringEquals: {
                [POD_IDENTITY_TAG_KEYS.clusterArn]: inputs.clusterArn,
                [POD_IDENTITY_TAG_KEYS.namespace]: inputs.namespace,
                [POD_IDENTITY_TAG_KEYS.serviceAccount]: inputs.serviceAccount,
            },
        },
    };
}

/**
 * The permission an association's role needs when the association names a target role (role chaining): EKS
 * assumes the association's role, then, with its credentials, the target role, passing the session tags.
 * AWS's cross-account guide ("Update the permission policy for EKS Pod Identity role") grants exactly
 * `sts:AssumeRole` and `sts:TagSession` on the target role's ARN.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
 */
export function podIdentityTargetRoleStatement(targetRoleArn: string): StatementInput {
    return { actions: [...POD_IDENTITY_ACTIONS], resources: [targetRoleArn] };
}

/** Inputs of {@link workloadTrustDocument}: what each mode needs. */
export interface WorkloadTrustInputs {
    /** `irsa`, `pod-identity` or `both`. */
    mode: "irsa" | "pod-identity" | "both";
    /** The IRSA inputs; required for `irsa` and `both`. */
    irsa?: IrsaTrustInputs;
    /** The cluster's ARN; required for `pod-identity` and `both`. */
    clusterArn?: string;
    /** Namespace and ServiceAccount the Pod Identity statement pins; required for `pod-identity` and `both`. */
    podIdentity?: { namespace: string; serviceAccount: string; sessionTagsDisabled?: boolean };
}

/**
 * A workload role's trust in its identity mode: the IRSA statement ({@link irsaTrustDocument}), the Pod Identity
 * statement ({@link podIdentityTrustStatement}), or both, IRSA first, so that switching `both` → `pod-identity`
 * only removes the first statement.
 */
export function workloadTrustDocument(inputs: WorkloadTrustInputs): TrustDocument {
    const statements: TrustStatement[] = [];
    if (inputs.mode !== "pod-identity") {
        if (inputs.irsa === undefined) {
            throw new Error(`identity ${JSON.stringify(inputs.mode)} needs the IRSA inputs (provider ARN, issuer, ServiceAccount).`);
        }
        statements.push(...irsaTrustDocument(inputs.irsa).Statement);
    }
    if (inputs.mode !== "irsa") {
        if (inputs.clusterArn === undefined || inputs.podIdentity === undefined) {
            throw new Error(`identity ${JSON.stringify(inputs.mode)} needs the cluster's ARN, the namespace and the ServiceAccount.`);
        }
        statements.push(podIdentityTrustStatement({ clusterArn: inputs.clusterArn, ...inputs.podIdentity }));
    }
    return { Version: "2012-10-17", Statement: statements };
}
