/**
 * Runs ONE policy of the pack directly, with complete `ResourceValidationArgs` /
 * `StackValidationArgs` (every field @pulumi/policy 1.21 declares) and props wrapped in the SDK's
 * unknown-checking proxy, as the analyzer server does. For the whole pack as the engine runs it,
 * use policyPackRunner.ts.
 */
import {
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { Resource } from "@pulumi/pulumi";

/** The engine's sentinel for an unknown string/value during preview (pulumi's `UnknownStringValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Thrown by the harness's `notApplicable`, like the SDK's own not-applicable error. */
export class PolicyNotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason ?? "Policy does not apply");
    }
}

/** A resource as the harness takes it. */
export interface HarnessResource {
    readonly type: string;
    readonly props: Record<string, unknown>;
    /** @default `urn:pulumi:test::eks-irsa::<type>::<name>` */
    readonly urn?: string;
    /** @default "r" */
    readonly name?: string;
}

const OPTIONS: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

/** The URN the harness gives a resource without one. */
export function testUrn(type: string, name: string): string {
    return `urn:pulumi:test::eks-irsa::${type}::${name}`;
}

function typeOf(resourceClass: unknown): string | undefined {
    const t = (resourceClass as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" ? t : undefined;
}

function notApplicable(reason?: string): never {
    throw new PolicyNotApplicable(reason);
}

/** What a resource looks like to a policy, in both kinds of args: type, props (unknown-checking), names, options. */
function policyView(r: HarnessResource) {
    const name = r.name ?? "r";
    const props = unknownCheckingProxy(r.props) as Record<string, unknown>;
    return {
        type: r.type,
        props,
        urn: r.urn ?? testUrn(r.type, name),
        name,
        opts: OPTIONS,
        isType: <T extends Resource>(resourceClass: { new (...rest: never[]): T }) => typeOf(resourceClass) === r.type,
        asType: <T extends Resource>(resourceClass: { new (...rest: never[]): T }) => (typeOf(resourceClass) === r.type ? props : undefined) as never,
    };
}

const STACK_TAGS = new Map([["pulumi:project", "eks-irsa"]]);

/** Complete `ResourceValidationArgs` for a resource and a policy config. */
export function resourceArgs(r: HarnessResource, config: object = {}): ResourceValidationArgs {
    return {
        ...policyView(r),
        provider: { type: "pulumi:providers:aws", props: {}, urn: "urn:pulumi:test::eks-irsa::pulumi:providers:aws::default", name: "default" },
        stackTags: STACK_TAGS,
        getConfig: <T extends object>() => config as T,
        notApplicable,
    };
}

/** Complete `StackValidationArgs` over resources (props are outputs). */
export function stackArgs(resources: readonly HarnessResource[], config: object = {}): StackValidationArgs {
    const list: PolicyResource[] = resources.map((r) => ({ ...policyView(r), dependencies: [], propertyDependencies: {} }));
    return { resources: list, stackTags: STACK_TAGS, getConfig: <T extends object>() => config as T, notApplicable };
}

/**
 * Runs a resource policy on one resource and returns its messages. Validations that are not
 * applicable to the type are skipped; if none applies, rejects with {@link PolicyNotApplicable}.
 * An unknown value rejects with the SDK's `UnknownValueError`.
 */
export async function runResourcePolicy(policy: ResourceValidationPolicy, r: HarnessResource, config: object = {}): Promise<string[]> {
    const messages: string[] = [];
    const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    let notApplicableError: PolicyNotApplicable | undefined;
    let applied = false;
    for (const validate of validations) {
        try {
            await validate(resourceArgs(r, config), (message) => messages.push(message));
            applied = true;
        } catch (e) {
            if (!(e instanceof PolicyNotApplicable)) {
                throw e;
            }
            notApplicableError = e;
        }
    }
    if (!applied && notApplicableError !== undefined) {
        throw notApplicableError;
    }
    return messages;
}

/** Runs a stack policy and returns `{ urn, message }` for each violation. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: readonly HarnessResource[],
    config: object = {},
): Promise<{ urn: string | undefined; message: string }[]> {
    const found: { urn: string | undefined; message: string }[] = [];
    await policy.validateStack(stackArgs(resources, config), (message, urn) => found.push({ urn, message }));
    return found;
}
