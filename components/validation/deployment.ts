/**
 * Checks of a workload's `deployment`.
 */
import { envCycle } from "../envOrder";
import { DEFAULTS } from "../defaults";
import { isEnvName, isImage, isIntegerIn, isQuantity } from "./formats";
import { checkKnownKeys, isRecord, ProblemList } from "./problems";
import { CONFIG_FIELDS } from "../configFields";

const DEPLOYMENT_FIX = "give { image, ... } or set false when the workload has no Deployment";
const IMAGE_FIX = 'give an image reference without spaces, at most 1,024 characters, e.g. "public.ecr.aws/aws-cli/aws-cli:2.17.0"';
const DEPLOYMENT_FIELDS = CONFIG_FIELDS.DeploymentSpec;
const MAX_ID = 2147483647;

/** Environment variables that carry static AWS credentials: IRSA replaces them. */
const STATIC_CREDENTIALS = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);

/** Checks `deployment`: an object with an image, or `false`. */
export function checkDeployment(value: unknown, path: string, problems: ProblemList): void {
    if (value === false) {
        return;
    }
    if (value === undefined) {
        problems.missing(path, DEPLOYMENT_FIX);
        return;
    }
    if (!isRecord(value)) {
        problems.invalid(path, value, "is not a Deployment", DEPLOYMENT_FIX);
        return;
    }
    if (value.image === undefined) {
        problems.missing(`${path}.image`, IMAGE_FIX);
    } else if (!isImage(value.image)) {
        problems.invalid(`${path}.image`, value.image, "is not a container image", IMAGE_FIX);
    }
    for (const key of ["command", "args"] as const) {
        const list = value[key];
        if (list !== undefined && !(Array.isArray(list) && list.every((item) => typeof item === "string"))) {
            problems.invalid(`${path}.${key}`, list, "is not a list of strings", 'give e.g. ["sh", "-c", "exec my-server"]');
        }
    }
    if (value.replicas !== undefined && !isIntegerIn(value.replicas, 0, MAX_ID)) {
        problems.invalid(`${path}.replicas`, value.replicas, "is not a replica count", "use an integer ≥ 0");
    }
    if (value.port !== undefined && !isIntegerIn(value.port, 1, 65535)) {
        problems.invalid(`${path}.port`, value.port, "is not a port", "use an integer from 1 to 65535");
    }
    checkEnv(value.env, `${path}.env`, problems);
    checkResources(value.resources, `${path}.resources`, problems);
    if (value.fsGroup !== undefined && !isIntegerIn(value.fsGroup, 0, MAX_ID)) {
        problems.invalid(`${path}.fsGroup`, value.fsGroup, "is not a group id", `use an integer from 0 to ${MAX_ID}`);
    }
    for (const key of ["runAsNonRoot", "skipAwait"] as const) {
        if (value[key] !== undefined && typeof value[key] !== "boolean") {
            problems.invalid(`${path}.${key}`, value[key], "is not a boolean", "use true or false");
        }
    }
    if (value.runAsUser !== undefined && !isIntegerIn(value.runAsUser, 0, MAX_ID)) {
        problems.invalid(`${path}.runAsUser`, value.runAsUser, "is not a user id", `use an integer from 0 to ${MAX_ID}`);
    } else if (value.runAsUser === 0 && (value.runAsNonRoot ?? DEFAULTS.runAsNonRoot) === true) {
        problems.invalid(`${path}.runAsUser`, 0, "is root, which runAsNonRoot refuses", "use a non-zero user id, e.g. 65534");
    }
    checkKnownKeys(value, DEPLOYMENT_FIELDS, path, problems);
}

function checkEnv(env: unknown, path: string, problems: ProblemList): void {
    if (env === undefined) {
        return;
    }
    if (!isRecord(env)) {
        problems.invalid(path, env, "is not a map of strings", 'give { NAME: "value" }');
        return;
    }
    for (const [name, value] of Object.entries(env)) {
        const variablePath = `${path}.${name}`;
        if (STATIC_CREDENTIALS.has(name)) {
            problems.hidden(variablePath, "is a static AWS credential", "remove it; the pod gets temporary credentials from its IRSA role");
            continue;
        }
        if (!isEnvName(name)) {
            problems.invalid(
                variablePath,
                value,
                "is not a valid environment variable name",
                'use letters, digits, "_", "-" and ".", not starting with a digit',
            );
        }
        if (typeof value !== "string") {
            problems.invalid(variablePath, value, "is not a string", "quote the value");
        }
    }
    const strings = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    const cycle = envCycle(strings);
    if (cycle !== undefined) {
        problems.invalid(
            `${path}.${cycle[0]!}`,
            strings[cycle[0]!],
            `refers to itself through ${cycle.map((name) => `$(${name})`).join(" → ")}`,
            "Kubernetes expands $(NAME) only from variables defined before: break the cycle (write $$(NAME) for a literal)",
        );
    }
}

function checkResources(resources: unknown, path: string, problems: ProblemList): void {
    if (resources === undefined) {
        return;
    }
    if (!isRecord(resources)) {
        problems.invalid(path, resources, "is not an object", "give { requests?: { cpu, memory }, limits?: { cpu, memory } }");
        return;
    }
    for (const kind of ["requests", "limits"] as const) {
        const amounts = resources[kind];
        const kindPath = `${path}.${kind}`;
        if (amounts === undefined) {
            continue;
        }
        if (!isRecord(amounts)) {
            problems.invalid(kindPath, amounts, "is not an object", "give { cpu, memory }");
            continue;
        }
        for (const resource of ["cpu", "memory"] as const) {
            const quantity = amounts[resource];
            if (quantity !== undefined && !isQuantity(quantity)) {
                problems.invalid(
                    `${kindPath}.${resource}`,
                    quantity,
                    "is not a Kubernetes quantity",
                    'write e.g. "500m" for CPU or "256Mi" for memory, as a quoted string',
                );
            }
        }
        checkKnownKeys(amounts, CONFIG_FIELDS.ResourceAmounts, kindPath, problems);
    }
    checkKnownKeys(resources, CONFIG_FIELDS.ContainerResources, path, problems);
}
