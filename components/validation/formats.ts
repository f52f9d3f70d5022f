/**
 * Shapes of the values the config holds, as the services that receive them define them.
 * Pure predicates; the messages live with the checks that use them.
 */

/** RFC 1123 label: lowercase letters, digits and `-`, starting and ending alphanumeric, at most 63 characters. */
export function isDnsLabel(value: unknown): value is string {
    return typeof value === "string" && value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
    return value.length <= 253 && value.split(".").every((part) => isDnsLabel(part));
}

/** AWS partitions: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, … */
const PARTITION = "aws(?:-[a-z]+)*";

/** `arn:<partition>:iam::<account or aws>:policy/<path><name>`. */
const POLICY_ARN = new RegExp(`^arn:${PARTITION}:iam::(?:\\d{12}|aws):policy/(?:[\\x21-\\x7E]+/)?[\\w+=,.@-]{1,128}$`);

/** `arn:<partition>:iam::<account>:oidc-provider/<host>[/<path>]`. */
const OIDC_PROVIDER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:oidc-provider/[a-z0-9.-]+(?:/[\\w.-]+)*$`, "i");

/** `arn:<partition>:<service>:<region>:<account>:<resource>` (region and account may be empty, as in S3). */
const RESOURCE_ARN = new RegExp(`^arn:${PARTITION}:[a-z0-9-]+:[a-z0-9-]*:(?:\\d{12}|aws)?:.+$`);

/** Whether `value` is a managed policy ARN. */
export function isPolicyArn(value: unknown): value is string {
    return typeof value === "string" && POLICY_ARN.test(value);
}

/** Whether `value` is an IAM OIDC provider ARN. */
export function isOidcProviderArn(value: unknown): value is string {
    return typeof value === "string" && OIDC_PROVIDER_ARN.test(value);
}

/** Whether `value` is a resource ARN. */
export function isResourceArn(value: unknown): value is string {
    return typeof value === "string" && RESOURCE_ARN.test(value);
}

/** `service:Action` with no wildcard: a lowercase service prefix and an alphanumeric action name. */
export function isExactAction(value: string): boolean {
    return /^[a-z0-9-]+:[A-Za-z0-9]+$/.test(value);
}

/** The kinds of wildcard action this package refuses. */
export type WildcardKind = "all" | "service" | "pattern";

/** Which kind of wildcard `action` is, if any: `*`, `s3:*`, or a pattern such as `s3:Get*`. */
export function wildcardKind(action: string): WildcardKind | undefined {
    if (action === "*") {
        return "all";
    }
    if (/^[a-z0-9-]+:\*$/.test(action)) {
        return "service";
    }
    return /[*?]/.test(action) ? "pattern" : undefined;
}

/** IAM role name: 1–64 of letters, digits and `+=,.@_-`. */
export function isRoleName(value: unknown): value is string {
    return typeof value === "string" && /^[\w+=,.@-]{1,64}$/.test(value);
}

/** IAM path: `/` or `/segments/`, printable ASCII, at most 512 characters. */
export function isIamPath(value: unknown): value is string {
    return typeof value === "string" && value.length <= 512 && /^(?:\/|\/[\x21-\x7E]+\/)$/.test(value);
}

/** IAM role description: at most 1000 characters of IAM's allowed set. */
export function isRoleDescription(value: unknown): value is string {
    return typeof value === "string" && value.length <= 1000 && /^[\t\n\r\x20-\x7E\xA1-\xFF]*$/.test(value);
}

/** An integer in `[min, max]`. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** EKS cluster name: 1–100 characters, letters, digits, `-` and `_`, starting with a letter or digit. */
export function isClusterName(value: unknown): value is string {
    return typeof value === "string" && /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(value);
}

/** Kubernetes version as EKS takes it: `1.<minor>`. */
export function isKubernetesVersion(value: unknown): value is string {
    return typeof value === "string" && /^1\.\d{1,3}$/.test(value);
}

/** EC2 instance type, e.g. `t3.medium`, `m7g.2xlarge`. */
export function isInstanceType(value: unknown): value is string {
    return typeof value === "string" && /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(value);
}

/** `vpc-<hex>`. */
export function isVpcId(value: unknown): value is string {
    return typeof value === "string" && /^vpc-[0-9a-f]{8,17}$/.test(value);
}

/** `subnet-<hex>`. */
export function isSubnetId(value: unknown): value is string {
    return typeof value === "string" && /^subnet-[0-9a-f]{8,17}$/.test(value);
}

/** Kubernetes label name part: ≤ 63 characters, alphanumeric at both ends, `-_.` inside. */
function isLabelName(value: string): boolean {
    return value.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value);
}

/** Kubernetes label key: `[prefix/]name`, the prefix a DNS subdomain. */
export function isLabelKey(key: string): boolean {
    const slash = key.indexOf("/");
    if (slash === -1) {
        return isLabelName(key);
    }
    return isDnsSubdomain(key.slice(0, slash)) && isLabelName(key.slice(slash + 1));
}

/** Kubernetes label value: empty, or a label name. */
export function isLabelValue(value: unknown): value is string {
    return typeof value === "string" && (value === "" || isLabelName(value));
}

/** Environment variable name as Kubernetes accepts it. */
export function isEnvName(name: string): boolean {
    return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name);
}

/** Kubernetes resource quantity, e.g. `100m`, `0.5`, `128Mi`, `1G`. */
export function isQuantity(value: unknown): value is string {
    return typeof value === "string" && /^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.test(value);
}

/** Container image reference: non-empty, no whitespace. */
export function isImage(value: unknown): value is string {
    return typeof value === "string" && /^\S+$/.test(value) && value.length <= 1024;
}

/** IAM condition operators, optionally `…IfExists` and `ForAllValues:`/`ForAnyValue:`. */
const CONDITION_OPERATORS = new Set([
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
]);

/** Whether `operator` is an IAM condition operator. */
export function isConditionOperator(operator: string): boolean {
    if (operator === "Null") {
        return true;
    }
    const base = operator.replace(/^(ForAllValues|ForAnyValue):/, "").replace(/IfExists$/, "");
    return CONDITION_OPERATORS.has(base);
}
