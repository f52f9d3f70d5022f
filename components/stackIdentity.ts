/**
 * The stack's own AWS identity, as its default AWS provider has it: the `aws:*` config (`aws:profile`, static keys,
 * shared files, the `aws:assumeRoles` chain) and `aws:defaultTags`. An explicit `aws.Provider` reads none of it
 * (pulumi-aws#1307): a provider the component creates for another account gets it copied, so the role it assumes
 * there is assumed by the stack's identity, and the resources it creates carry the stack's default tags.
 * @see https://www.pulumi.com/registry/packages/aws/installation-configuration/#configuration-reference
 * @see https://github.com/pulumi/pulumi-aws/issues/1307
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { IrsaClusterArgs } from "./config";
import { IrsaConfigError, type StackFacts } from "./validation";
import { ProblemList } from "./validation/problems";
import { checkStackAccount, checkStackFacts, statedStackAccount } from "./validation/stackFacts";

/** The parts of the stack's `aws` config that make its identity (plain data, as the config holds it). */
export interface StackAwsConfig {
    /** `aws:profile`. */
    profile?: string;
    /** `aws:assumeRoles` (each assumed with the previous one's credentials), else `[aws:assumeRole]`. */
    assumeRoles: Record<string, unknown>[];
}

function objects(value: unknown): Record<string, unknown>[] {
    const list = Array.isArray(value) ? value : value !== undefined && value !== null ? [value] : [];
    return list.filter((item): item is Record<string, unknown> => item !== null && typeof item === "object" && !Array.isArray(item));
}

/** The stack's `aws` identity config, read from the running program's config. */
export function readStackAwsConfig(): StackAwsConfig {
    const config = new pulumi.Config("aws");
    const profile = config.get("profile");
    const chain = config.getObject<unknown>("assumeRoles");
    return {
        ...(profile !== undefined && profile !== "" ? { profile } : {}),
        assumeRoles: objects(chain !== undefined ? chain : config.getObject<unknown>("assumeRole")),
    };
}

/**
 * The arguments of an explicit `aws.Provider` that starts from the stack's identity: its profile, static keys and
 * shared files, its `aws:assumeRoles` chain followed by `then` (the role to assume in another account), and its
 * `aws:defaultTags`.
 */
export function stackProviderArgs(then: aws.types.input.ProviderAssumeRole): aws.ProviderArgs {
    const config = new pulumi.Config("aws");
    const stack = readStackAwsConfig();
    const secret = (key: string): pulumi.Output<string> | undefined => config.getSecret(key);
    const accessKey = secret("accessKey");
    const secretKey = secret("secretKey");
    const token = secret("token");
    const credentialsFiles = config.getObject<string[]>("sharedCredentialsFiles");
    const configFiles = config.getObject<string[]>("sharedConfigFiles");
    const defaultTags = config.getObject<aws.types.input.ProviderDefaultTags>("defaultTags");
    return {
        ...(stack.profile !== undefined ? { profile: stack.profile } : {}),
        ...(accessKey !== undefined ? { accessKey } : {}),
        ...(secretKey !== undefined ? { secretKey } : {}),
        ...(token !== undefined ? { token } : {}),
        ...(credentialsFiles !== undefined ? { sharedCredentialsFiles: credentialsFiles } : {}),
        ...(configFiles !== undefined ? { sharedConfigFiles: configFiles } : {}),
        assumeRoles: [...(stack.assumeRoles as aws.types.input.ProviderAssumeRole[]), then],
        ...(defaultTags !== undefined ? { defaultTags } : {}),
    };
}

/** What validation knows of the stack's identity from its `aws:*` config (see `StackFacts`). */
export function stackFacts(): StackFacts {
    const { assumeRoles } = readStackAwsConfig();
    const stated = statedStackAccount(assumeRoles, new pulumi.Config("aws").getObject<unknown>("allowedAccountIds"));
    return { assumeRoles, ...(stated ?? {}) };
}

/** Throws the problems of `config` that need the stack's identity (`facts`), as validation lists them. */
export function checkAgainstStack(config: IrsaClusterArgs, facts: StackFacts): void {
    const problems = new ProblemList();
    checkStackFacts(config as unknown as Record<string, unknown>, facts, problems);
    if (problems.problems.length > 0) throw new IrsaConfigError(problems.problems);
}

/**
 * When the config needs the stack's own account and its `aws:*` config does not state it (no `aws:assumeRoles`, no
 * single `aws:allowedAccountIds`): the account AWS says the stack runs as, checked as validation checks a stated one
 * (an `accounts` entry that is the stack's own account, a trust in an account nobody declared). The checked id, to
 * gate what must not be created when it fails; undefined when nothing needs it.
 */
export function stackAccountGate(config: IrsaClusterArgs, facts: StackFacts, parent: pulumi.Resource): pulumi.Output<string> | undefined {
    const needed = (config.accounts ?? []).length > 0 || (config.trustedClusters ?? []).some((c) => typeof c.providerArn === "string");
    if (facts.accountId !== undefined || !needed) return undefined;
    return aws.getCallerIdentityOutput({}, { parent }).accountId.apply((accountId) => {
        const problems = new ProblemList();
        checkStackAccount(config as unknown as Record<string, unknown>, accountId, "the account aws sts get-caller-identity reports", problems);
        if (problems.problems.length > 0) throw new IrsaConfigError(problems.problems);
        return accountId;
    });
}
