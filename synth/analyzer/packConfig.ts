/**
 * Resolves a `--policy-pack-config` file against the pack's own policy list, as the Pulumi CLI does:
 * `"all"` sets every policy's level, a policy's entry is a level (`"advisory"`) or an object with an
 * optional `enforcementLevel` and that policy's properties; properties missing from the file take the
 * `default` of the policy's `configSchema`.
 *
 * @see https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/
 */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** What the pack says about one policy (from `GetAnalyzerInfo`). */
export interface PolicyDescription {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    /** JSON schema properties of the policy's config, each possibly with a `default`. */
    configProperties: Record<string, { default?: unknown }>;
}

/** The resolved config of one policy: its level and its properties. */
export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

function isLevel(v: unknown): v is EnforcementLevel {
    return typeof v === "string" && (LEVELS as readonly string[]).includes(v);
}

/**
 * Resolves `file` (already parsed; `undefined` for none) against the pack's policies.
 * Throws one error listing every problem (unknown policy, bad level, property not in the schema).
 */
export function resolvePackConfig(policies: readonly PolicyDescription[], file: unknown, source = "policy pack config"): Map<string, ResolvedPolicyConfig> {
    const problems: string[] = [];
    const entries = file === undefined ? {} : file;
    if (entries === null || typeof entries !== "object" || Array.isArray(entries)) {
        throw new Error(`${source} ${JSON.stringify(file)} is not an object: write {"<policy-name>": "advisory" | {"enforcementLevel": …, …}}.`);
    }
    const known = new Map(policies.map((p) => [p.name, p]));
    const given = entries as Record<string, unknown>;
    const all = given.all;
    if (all !== undefined && !isLevel(all)) problems.push(`${source} all ${JSON.stringify(all)} is not an enforcement level: use one of ${LEVELS.join(", ")}.`);
    for (const name of Object.keys(given)) {
        if (name !== "all" && !known.has(name)) {
            problems.push(`${source} ${JSON.stringify(name)} is not a policy of this pack: use one of ${[...known.keys()].join(", ")}.`);
        }
    }
    const out = new Map<string, ResolvedPolicyConfig>();
    for (const p of policies) {
        const entry = given[p.name];
        let level: EnforcementLevel = isLevel(all) ? all : p.enforcementLevel;
        const properties: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(p.configProperties)) {
            if (schema.default !== undefined) properties[k] = schema.default;
        }
        if (isLevel(entry)) {
            level = entry;
        } else if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
            for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
                if (k === "enforcementLevel") {
                    if (isLevel(v)) level = v;
                    else problems.push(`${source} ${p.name}.enforcementLevel ${JSON.stringify(v)} is not an enforcement level: use one of ${LEVELS.join(", ")}.`);
                } else if (!(k in p.configProperties)) {
                    const allowed = Object.keys(p.configProperties);
                    problems.push(`${source} ${p.name}.${k} is not a setting of this policy: ${allowed.length > 0 ? `use one of ${allowed.join(", ")}` : "it has no settings"}.`);
                } else {
                    properties[k] = v;
                }
            }
        } else if (entry !== undefined) {
            problems.push(`${source} ${p.name} ${JSON.stringify(entry)} is neither a level nor an object: use "advisory", "mandatory", "disabled" or {"enforcementLevel": …, …}.`);
        }
        out.set(p.name, { enforcementLevel: level, properties });
    }
    if (problems.length > 0) throw new Error(problems.join("\n"));
    return out;
}

export function levelToProto(level: EnforcementLevel): number {
    return { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 }[level];
}

export function levelFromProto(level: number): EnforcementLevel {
    return (["advisory", "mandatory", "disabled", "remediate"] as const)[level] ?? "advisory";
}
