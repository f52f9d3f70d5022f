/**
 * Who each provider is. Like Pulumi's providers, an explicit `aws.Provider` has exactly what its arguments say: it
 * reads none of the stack's `aws:*` config (`aws:profile`, `aws:assumeRoles`, static keys, `defaultTags`; the default
 * provider alone does, pulumi-aws#1307). A kubeconfig's `aws eks get-token` signs with its `--profile` (else the
 * environment's credentials) and assumes its `--role-arn`.
 * @see https://www.pulumi.com/registry/packages/aws/installation-configuration/
 * @see https://github.com/pulumi/pulumi-aws/issues/1307
 */
import { record, type State, str } from "./values";

/**
 * A credential chain: where the first credentials come from (`profile:<name>`, `static-keys` or `environment`, the
 * machine's ambient credentials), then each role assumed in turn. The identity that acts is the last role, else the
 * base.
 */
export interface CredentialChain {
    base: string;
    roles: string[];
}

/** The principal a chain ends as. */
export function principalOf(chain: CredentialChain): string {
    return chain.roles[chain.roles.length - 1] ?? chain.base;
}

/** A chain as one line, `base → role → role`. */
export function showChain(chain: CredentialChain): string {
    return [chain.base, ...chain.roles].join(" → ");
}

/** A secret's wire value (`{ <sig>: …, value }`) unwrapped; other values as they are. */
export function unsecret(v: unknown): unknown {
    const r = record(v);
    return "4dabf18193072939515e22adb298388d" in r && "value" in r ? r.value : v;
}

/** A value the SDK may pass as JSON text (nested provider inputs such as `assumeRoles`, `defaultTags`). */
function parsedJson(v: unknown): unknown {
    const plain = unsecret(v);
    if (typeof plain !== "string") return plain;
    try {
        return JSON.parse(plain) as unknown;
    } catch {
        return undefined;
    }
}

/** The roles of an `assumeRoles` list (or one `assumeRole`), in order. */
function roleArns(assumeRoles: unknown, assumeRole?: unknown): string[] {
    const list = parsedJson(assumeRoles);
    const roles = Array.isArray(list) ? list : assumeRole !== undefined ? [parsedJson(assumeRole)] : [];
    return roles.map((role) => str(record(role).roleArn)).filter((arn): arn is string => arn !== undefined);
}

function base(profile: unknown, accessKey: unknown): string {
    const name = str(unsecret(profile));
    return name !== undefined ? `profile:${name}` : str(unsecret(accessKey)) !== undefined ? "static-keys" : "environment";
}

/** The chain of an explicit `aws.Provider`: its own arguments only. */
export function awsProviderChain(inputs: State): CredentialChain {
    return { base: base(inputs.profile, inputs.accessKey), roles: roleArns(inputs.assumeRoles, inputs.assumeRole) };
}

/** The `defaultTags.tags` of an explicit `aws.Provider`. */
export function awsProviderDefaultTags(inputs: State): Record<string, unknown> {
    return record(record(parsedJson(inputs.defaultTags)).tags);
}

/** The chain of the default AWS provider: the stack's `aws:*` config (`get` reads one key, e.g. `profile`). */
export function stackChain(get: (key: string) => string | undefined): CredentialChain {
    const json = (key: string): unknown => {
        const text = get(key);
        return text === undefined ? undefined : parsedJson(text);
    };
    return { base: base(get("profile"), get("accessKey")), roles: roleArns(json("assumeRoles"), json("assumeRole")) };
}

/** What a Kubernetes provider's kubeconfig says about the cluster and the identity it calls with. */
export interface KubeconfigUse {
    clusterName: string;
    chain: CredentialChain;
}

/**
 * The cluster and credential chain of a `kubernetes.Provider`'s kubeconfig when it authenticates with `aws eks
 * get-token`; undefined for any other kubeconfig (nothing to check).
 */
export function kubeconfigUse(inputs: State): KubeconfigUse | undefined {
    const config = record(parsedJson(inputs.kubeconfig));
    const users = Array.isArray(config.users) ? (config.users as unknown[]) : [];
    const exec = record(record(record(users[0]).user).exec);
    const args = Array.isArray(exec.args) ? exec.args.filter((a): a is string => typeof a === "string") : [];
    if (exec.command !== "aws" || args[0] !== "eks" || args[1] !== "get-token") return undefined;
    const flag = (name: string): string | undefined => {
        const i = args.indexOf(name);
        return i >= 0 ? args[i + 1] : undefined;
    };
    const clusterName = flag("--cluster-name");
    if (clusterName === undefined) return undefined;
    const roleArn = flag("--role-arn");
    return { clusterName, chain: { base: base(flag("--profile"), undefined), roles: roleArn !== undefined ? [roleArn] : [] } };
}
