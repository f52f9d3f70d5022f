/**
 * The shape every add-on module (`ebsCsi.ts`, …) exports, and the generic validation of its scope inputs.
 */
import { GrantContext, parseArn } from "../grants/arns";
import { isRecord, oneOf, show } from "../grants/validation";
import { PolicyStatement } from "../policyDocument";

/** Where an add-on's statements point: the stack's partition, region, account, and the cluster's name. */
export interface AddonContext extends GrantContext {
    /** The EKS cluster's name, used in tag conditions and cluster ARNs. */
    clusterName: string;
}

/** What a scope input's ARNs must look like. */
export interface ArnRule {
    /** IAM service prefix of the ARN, e.g. `route53`. */
    service: string;
    /** Whether the ARN carries a region (and `account` says whether an account). */
    regional: boolean;
    /** Whether the ARN carries an account id. */
    account: boolean;
    /** The ARN's resource part. */
    resource: RegExp;
    /** e.g. `a Route 53 hosted zone`. */
    label: string;
    /** An example ARN for messages. */
    example: string;
}

/** One scope input of an add-on. */
export type ScopeField =
    | { kind: "arns"; required: boolean; arn: ArnRule; purpose: string }
    | { kind: "arn"; required: boolean; arn: ArnRule; purpose: string }
    | { kind: "boolean"; purpose: string };

/** One add-on's policy: its default ServiceAccount, its scope inputs, and its statements. */
export interface AddonModule<S extends { name: string }> {
    /** The add-on's name in config. */
    readonly name: S["name"];
    /** Namespace and ServiceAccount name the add-on's chart or manifest uses by default. */
    readonly defaults: { namespace: string; serviceAccount: string };
    /** Where the policy comes from (the add-on's own documentation or published policy). */
    readonly source: string;
    /** One line on what the policy grants, for the README. */
    readonly summary: string;
    /** Scope inputs besides `name`. */
    readonly fields: Readonly<Record<string, ScopeField>>;
    /** Problems that involve several fields (e.g. "at least one of"); whole messages. */
    crossCheck?(item: Record<string, unknown>, path: string): string[];
    /** The statements, scoped to the given inputs and context. */
    statements(spec: S, ctx: AddonContext): PolicyStatement[];
    /**
     * The named cases of the irsa-guard pack this add-on's statements need, each with its reason (by policy name),
     * for exactly the inputs given; none for most add-ons.
     */
    allowances?(spec: S): AddonAllowance[];
}

/** One named case of the irsa-guard pack config an add-on needs (`{policy: {allowedEscalations: [...]}}`). */
export interface AddonAllowance {
    /** The pack's policy, e.g. `iam-no-privilege-escalation`. */
    policy: string;
    /** The config key of that policy, e.g. `allowedEscalations`. */
    key: string;
    /** The action allowed, e.g. `iam:PassRole`. */
    action: string;
    /** The exact resource it is allowed on. */
    resource: string;
    /** Why a reviewer accepts it. */
    reason: string;
}

/** True when `value` is an ARN the rule accepts. */
export function arnMatches(value: unknown, rule: ArnRule): boolean {
    if (typeof value !== "string") {
        return false;
    }
    const arn = parseArn(value);
    if (!arn || arn.service !== rule.service) {
        return false;
    }
    if ((arn.region !== "") !== rule.regional || (arn.accountId !== "") !== rule.account) {
        return false;
    }
    return rule.resource.test(arn.resource);
}

/** Problems with one scope field of an add-on. */
export function fieldProblems(addon: string, field: string, rule: ScopeField, value: unknown, path: string): string[] {
    const at = `${path}.${field}`;
    if (rule.kind === "boolean") {
        return value === undefined || typeof value === "boolean" ? [] : [`${at} ${show(value)} is not a boolean: use true or false.`];
    }
    if (value === undefined) {
        return rule.required
            ? [`${at} is missing: ${addon} needs ${rule.purpose}; give ${rule.kind === "arns" ? `a list of ARNs such as ["${rule.arn.example}"]` : `an ARN such as "${rule.arn.example}"`} (there is no "*" default).`]
            : [];
    }
    const wrongArn = (v: unknown, p: string) => `${p} ${show(v)} is not ${rule.arn.label} ARN: use an ARN such as "${rule.arn.example}".`;
    if (rule.kind === "arn") {
        return arnMatches(value, rule.arn) ? [] : [wrongArn(value, at)];
    }
    if (!Array.isArray(value) || value.length === 0) {
        return [`${at} ${show(value)} is not a non-empty list of ARNs: ${addon} needs ${rule.purpose}; give a list such as ["${rule.arn.example}"].`];
    }
    return value.flatMap((item: unknown, i) => (arnMatches(item, rule.arn) ? [] : [wrongArn(item, `${at}[${i}]`)]));
}

/** Every problem with one add-on spec whose `name` is known to be this module's. */
export function moduleProblems(module: AddonModule<{ name: string }>, item: Record<string, unknown>, path: string): string[] {
    const allowed = ["name", ...Object.keys(module.fields)];
    const problems = Object.keys(item)
        .filter((key) => !allowed.includes(key))
        .map((key) => `${path}.${key} ${show(item[key])} is not a scope input of ${module.name}: use ${oneOf(allowed)}.`);
    for (const [field, rule] of Object.entries(module.fields)) {
        problems.push(...fieldProblems(module.name, field, rule, item[field], path));
    }
    if (problems.length === 0 && module.crossCheck) {
        problems.push(...module.crossCheck(item, path));
    }
    return problems;
}

export { isRecord };
