/**
 * Rules 11 (aggregate quotas), 12, 13 and 14: checks across the resources of a stack, over a
 * {@link StackIndex}. Each returns `{ urn, message }` so the violation is attached to the
 * resource to fix.
 */
import { show } from "./format";
import { serviceAccountSubject } from "./oidc";
import { ROLE_ARN_ANNOTATION } from "./resources";
import { checkInlineTotal, checkManagedCount, SizeConfig } from "./sizeRules";
import { serviceAccountKey, StackIndex } from "./stackIndex";

/** A violation attached to one resource. */
export interface StackProblem {
    /** The resource to fix. */
    readonly urn: string;
    /** `<path> <value> <what is wrong>: <the fix>.` */
    readonly message: string;
}

/** Tunables of rule 12. */
export interface ServiceAccountRoleConfig {
    /**
     * Role ARNs a ServiceAccount may be annotated with although the role is not in this stack.
     * @default []
     */
    readonly allowedRoleArns: readonly string[];
}

/** Tunables of rule 14 (existence). */
export interface DeploymentServiceAccountConfig {
    /**
     * `namespace/name` of ServiceAccounts managed outside this stack that Deployments may use.
     * @default []
     */
    readonly allowedServiceAccounts: readonly string[];
}

const ANNOTATION_PATH = `metadata.annotations[${show(ROLE_ARN_ANNOTATION)}]`;

/** Rule 12: every annotated ServiceAccount points at a role in the stack whose trust `:sub` names exactly it. */
export function checkServiceAccountRoles(index: StackIndex, config: ServiceAccountRoleConfig): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const sa of index.serviceAccounts) {
        if (sa.roleArn === undefined || config.allowedRoleArns.includes(sa.roleArn)) {
            continue;
        }
        const role = index.rolesByArn.get(sa.roleArn);
        if (role === undefined && index.someRoleArnUnknown) {
            continue; // may be the role whose ARN is not known yet: the policy ends with an advisory
        }
        if (role === undefined) {
            problems.push({
                urn: sa.urn,
                message:
                    `${ANNOTATION_PATH} ${show(sa.roleArn)} is not a role in this stack: ` +
                    `create the role in this stack, or list its ARN in allowedRoleArns in this policy's config.`,
            });
            continue;
        }
        const expected = serviceAccountSubject(sa.namespace, sa.name);
        if (role.subjects === undefined) {
            continue; // trust unknown during preview: the policy ends with an advisory
        }
        if (role.subjects.length !== 1 || role.subjects[0] !== expected) {
            problems.push({
                urn: sa.urn,
                message:
                    `${ANNOTATION_PATH} ${show(sa.roleArn)} names a role whose trust ":sub" is ${show(role.subjects)}, not [${show(expected)}]: ` +
                    `trust exactly this ServiceAccount in the role's assumeRolePolicy (StringEquals "<issuer>:sub" = ${show(expected)}).`,
            });
        }
    }
    return problems;
}

/** Rule 13: a role trusted by, or annotated on, two or more ServiceAccounts. */
export function checkRoleSharing(index: StackIndex): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const role of index.roles) {
        if (role.subjects !== undefined && role.subjects.length > 1) {
            problems.push({
                urn: role.urn,
                message:
                    `assumeRolePolicy trusts ${role.subjects.length} ServiceAccounts (${role.subjects.map((s) => show(s)).join(", ")}): ` +
                    `give each ServiceAccount its own role so one compromised workload cannot use another's permissions.`,
            });
        }
    }
    const byArn = new Map<string, string[]>();
    for (const sa of index.serviceAccounts) {
        if (sa.roleArn !== undefined) {
            const list = byArn.get(sa.roleArn) ?? [];
            list.push(serviceAccountKey(sa.namespace, sa.name));
            byArn.set(sa.roleArn, list);
        }
    }
    for (const [arn, keys] of byArn) {
        const distinct = [...new Set(keys)];
        if (distinct.length < 2) {
            continue;
        }
        const urn = index.rolesByArn.get(arn)?.urn ?? index.serviceAccounts.find((sa) => sa.roleArn === arn)?.urn ?? "";
        problems.push({
            urn,
            message:
                `arn ${show(arn)} is annotated on ${distinct.length} ServiceAccounts (${distinct.map((k) => show(k)).join(", ")}): ` +
                `give each ServiceAccount its own role so one compromised workload cannot use another's permissions.`,
        });
    }
    return problems;
}

/** Rule 14: every Deployment's ServiceAccount is in the stack (a missing `serviceAccountName` means `default`). */
export function checkDeploymentServiceAccounts(index: StackIndex, config: DeploymentServiceAccountConfig): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const d of index.deployments) {
        const name = d.serviceAccountName ?? "default";
        const key = serviceAccountKey(d.namespace, name);
        if (index.serviceAccountsByKey.has(key) || config.allowedServiceAccounts.includes(key)) {
            continue;
        }
        const where = `(namespace ${show(d.namespace)})`;
        problems.push({
            urn: d.urn,
            message:
                d.serviceAccountName === undefined
                    ? `spec.template.spec.serviceAccountName is not set, so pods run as "default" ${where}, which is not a ServiceAccount in this stack: ` +
                      `set serviceAccountName to the workload's own ServiceAccount.`
                    : `spec.template.spec.serviceAccountName ${show(name)} is not a ServiceAccount in this stack ${where}: ` +
                      `create it in this stack, fix the name, or list ${show(key)} in allowedServiceAccounts in this policy's config.`,
        });
    }
    return problems;
}

/** Rule 14: pods of IRSA workloads use neither the node's network nor static AWS credentials. */
export function checkIrsaPods(index: StackIndex): StackProblem[] {
    const problems: StackProblem[] = [];
    for (const d of index.deployments) {
        const sa = index.serviceAccountsByKey.get(serviceAccountKey(d.namespace, d.serviceAccountName ?? "default"));
        if (sa === undefined || !sa.annotated) {
            continue;
        }
        if (d.hostNetwork) {
            problems.push({
                urn: d.urn,
                message:
                    `spec.template.spec.hostNetwork true puts pods of an IRSA workload on the node's network, where the instance metadata service ` +
                    `hands out the node role's credentials: remove hostNetwork.`,
            });
        }
        for (const env of d.credentialEnv) {
            problems.push({
                urn: d.urn,
                message:
                    `${env.path} ${show(env.name)} sets static AWS credentials, which the AWS SDKs use before the ServiceAccount's web identity token: ` +
                    `remove it and rely on the ServiceAccount's role.`,
            });
        }
    }
    return problems;
}

/**
 * Rule 11 across resources: inline policies (`Role.inlinePolicies` plus `RolePolicy` resources)
 * and managed policies (`managedPolicyArns` plus `RolePolicyAttachment` resources) per role.
 * Only reported when separate resources contribute (the resource policy covers a role alone).
 */
export function checkRoleQuotas(index: StackIndex, config: SizeConfig): StackProblem[] {
    const problems: StackProblem[] = [];
    const inline = new Map<string, Map<string, number>>();
    const managed = new Map<string, Set<string>>();
    for (const rp of index.rolePolicies) {
        const names = inline.get(rp.role) ?? new Map(index.rolesByName.get(rp.role)?.inline ?? []);
        names.set(rp.name, rp.length);
        inline.set(rp.role, names);
    }
    for (const a of index.attachments) {
        const arns = managed.get(a.role) ?? new Set(index.rolesByName.get(a.role)?.managed ?? []);
        arns.add(a.policyArn);
        managed.set(a.role, arns);
    }
    for (const [role, names] of inline) {
        const total = [...names.values()].reduce((sum, n) => sum + n, 0);
        const problem = checkInlineTotal(total, `role ${show(role)}: inline policies (inlinePolicies and RolePolicy resources)`, config);
        if (problem !== undefined) {
            problems.push({ urn: index.rolesByName.get(role)?.urn ?? index.rolePolicies.find((p) => p.role === role)?.urn ?? "", message: problem });
        }
    }
    for (const [role, arns] of managed) {
        const problem = checkManagedCount(arns.size, `role ${show(role)}: managedPolicyArns and RolePolicyAttachment resources`, config);
        if (problem !== undefined) {
            problems.push({ urn: index.rolesByName.get(role)?.urn ?? index.attachments.find((a) => a.role === role)?.urn ?? "", message: problem });
        }
    }
    return problems;
}
