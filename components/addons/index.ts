/**
 * The add-on policy catalog: `addon: { name, …scope inputs }` on a workload attaches the policy that add-on's own
 * documentation requires, scoped by ARN and by resource tags. One module per add-on, each naming its source.
 *
 * No `*` default where a scope input exists: a missing required scope input is a validation problem. `Resource: "*"`
 * appears only for actions without resource-level permissions (EC2/ELB/Auto Scaling describe calls, route53:ListHostedZones,
 * pricing:GetProducts, …), each listed in its module.
 */
import { PolicyStatement } from "../policyDocument";
import { AmpAddon, ampAddon } from "./amp";
import { AwsLoadBalancerControllerAddon, awsLoadBalancerControllerAddon } from "./awsLoadBalancerController";
import { CertManagerAddon, certManagerAddon } from "./certManager";
import { CloudwatchObservabilityAddon, cloudwatchObservabilityAddon } from "./cloudwatchObservability";
import { ClusterAutoscalerAddon, clusterAutoscalerAddon } from "./clusterAutoscaler";
import { EbsCsiAddon, ebsCsiAddon } from "./ebsCsi";
import { EfsCsiAddon, efsCsiAddon } from "./efsCsi";
import { ExternalDnsAddon, externalDnsAddon } from "./externalDns";
import { ExternalSecretsAddon, externalSecretsAddon } from "./externalSecrets";
import { KarpenterAddon, karpenterAddon } from "./karpenter";
import { AddonContext, AddonModule, isRecord, moduleProblems } from "./module";
import { MountpointS3CsiAddon, mountpointS3CsiAddon } from "./mountpointS3Csi";
import { NodeTerminationHandlerAddon, nodeTerminationHandlerAddon } from "./nodeTerminationHandler";
import { VeleroAddon, veleroAddon } from "./velero";
import { VpcCniAddon, vpcCniAddon } from "./vpcCni";
import { misspelledFieldProblem, oneOf, show } from "../grants/validation";

export type { AddonAllowance, AddonContext, AddonModule } from "./module";
export type {
    AmpAddon,
    AwsLoadBalancerControllerAddon,
    CertManagerAddon,
    CloudwatchObservabilityAddon,
    ClusterAutoscalerAddon,
    EbsCsiAddon,
    EfsCsiAddon,
    ExternalDnsAddon,
    ExternalSecretsAddon,
    KarpenterAddon,
    MountpointS3CsiAddon,
    NodeTerminationHandlerAddon,
    VeleroAddon,
    VpcCniAddon,
};

/** One add-on and its scope inputs, discriminated on `name`. */
export type AddonSpec =
    | EbsCsiAddon
    | EfsCsiAddon
    | VpcCniAddon
    | AwsLoadBalancerControllerAddon
    | ExternalDnsAddon
    | CertManagerAddon
    | ClusterAutoscalerAddon
    | KarpenterAddon
    | ExternalSecretsAddon
    | VeleroAddon
    | MountpointS3CsiAddon
    | CloudwatchObservabilityAddon
    | NodeTerminationHandlerAddon
    | AmpAddon;

/** The add-ons of the catalog. */
export type AddonName = AddonSpec["name"];

/** Every add-on module, by name, in documentation order. */
export const ADDON_MODULES: Readonly<Record<AddonName, AddonModule<AddonSpec>>> = {
    "ebs-csi": ebsCsiAddon,
    "efs-csi": efsCsiAddon,
    "vpc-cni": vpcCniAddon,
    "aws-load-balancer-controller": awsLoadBalancerControllerAddon,
    "external-dns": externalDnsAddon,
    "cert-manager": certManagerAddon,
    "cluster-autoscaler": clusterAutoscalerAddon,
    karpenter: karpenterAddon,
    "external-secrets": externalSecretsAddon,
    velero: veleroAddon,
    "mountpoint-s3-csi": mountpointS3CsiAddon,
    "cloudwatch-observability": cloudwatchObservabilityAddon,
    "node-termination-handler": nodeTerminationHandlerAddon,
    amp: ampAddon,
};

/** The catalog's add-on names, in documentation order. */
export const ADDON_NAMES = Object.keys(ADDON_MODULES) as AddonName[];

/** The namespace and ServiceAccount each add-on's chart or manifest uses by default (the IRSA trust's `:sub`). */
export const ADDON_DEFAULTS: Readonly<Record<AddonName, { namespace: string; serviceAccount: string }>> = Object.fromEntries(
    ADDON_NAMES.map((name) => [name, { ...ADDON_MODULES[name].defaults }]),
) as Record<AddonName, { namespace: string; serviceAccount: string }>;

function isAddonName(value: unknown): value is AddonName {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(ADDON_MODULES, value);
}

/**
 * Every problem with an add-on spec, each `"<path>.<field> <value> <what is wrong>: <fix>."` (e.g. `path` = `workloads[3].addon`).
 * A missing required scope input is a problem: no add-on falls back to `*`.
 */
export function validateAddon(value: unknown, path: string): string[] {
    if (!isRecord(value)) {
        return [`${path} ${show(value)} is not an object: give { "name": <add-on>, …scope inputs }, e.g. { "name": "external-dns", "hostedZoneArns": [ … ] }.`];
    }
    const typo = misspelledFieldProblem(value, "name", ["name"], path);
    return typo === undefined ? checkedAddon(value, path) : [typo.problem, ...checkedAddon(typo.renamed, path)];
}

function checkedAddon(addon: Record<string, unknown>, path: string): string[] {
    const name = addon["name"];
    if (name === undefined) {
        return [`${path}.name is missing: use ${oneOf(ADDON_NAMES)}.`];
    }
    if (!isAddonName(name)) {
        return [`${path}.name ${show(name)} is not an add-on of the catalog: use ${oneOf(ADDON_NAMES)}.`];
    }
    return moduleProblems(ADDON_MODULES[name], addon, path);
}

/** The statements of a valid add-on spec (see {@link validateAddon}), in the add-on's documented order. */
export function addonStatements(addon: AddonSpec, ctx: AddonContext): PolicyStatement[] {
    return ADDON_MODULES[addon.name].statements(addon, ctx);
}

/** The irsa-guard pack config (`{ "<policy>": { "<key>": [ {action, resource, reason} ] } }`) a set of add-ons needs. */
export type AddonPackConfig = Record<string, Record<string, { action: string; resource: string; reason: string }[]>>;

/**
 * The pack config the add-ons of `addons` need, exactly (e.g. Karpenter's `iam:PassRole` on its node role, whatever
 * the role's name, path or account), or undefined when they need none. Pass it to the pack with
 * `--policy-pack-config` (or merge it into the pack's config) instead of a pattern that allows more.
 */
export function addonPackConfig(addons: readonly (AddonSpec | undefined)[]): AddonPackConfig | undefined {
    const config: AddonPackConfig = {};
    for (const addon of addons) {
        if (addon === undefined) {
            continue;
        }
        for (const a of ADDON_MODULES[addon.name].allowances?.(addon) ?? []) {
            const list = ((config[a.policy] ??= {})[a.key] ??= []);
            if (!list.some((x) => x.action === a.action && x.resource === a.resource)) {
                list.push({ action: a.action, resource: a.resource, reason: a.reason });
            }
        }
    }
    return Object.keys(config).length === 0 ? undefined : config;
}
