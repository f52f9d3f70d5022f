/**
 * Checks of the string maps the config holds: AWS tags, Kubernetes labels.
 */
import { isLabelKey, isLabelValue } from "./formats";
import { isRecord, ProblemList } from "./problems";

/** IAM's limits on tags. @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating */
export const MAX_TAGS = 50;

/**
 * IAM's tag character set: Unicode letters, digits, white space and `_ . : / = + - @`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_PUNCTUATION = '"_ . : / = + - @"';

/** Checks an AWS tag map: at most 50 tags, keys 1–128 characters without `aws:`, string values ≤ 256 characters, IAM's character set. */
export function checkTags(value: unknown, path: string, problems: ProblemList): void {
    if (value === undefined) {
        return;
    }
    if (!isRecord(value)) {
        problems.invalid(path, value, "is not a map of strings", 'give { key: "value" }');
        return;
    }
    const keys = Object.keys(value);
    if (keys.length > MAX_TAGS) {
        problems.invalid(path, value, `has ${keys.length} tags`, `use at most ${MAX_TAGS} (IAM's limit)`);
    }
    for (const key of keys) {
        const tagValue = value[key];
        const tagPath = `${path}.${key}`;
        if (key.toLowerCase().startsWith("aws:")) {
            problems.invalid(tagPath, tagValue, 'uses the reserved "aws:" prefix', "rename the tag");
        } else if (key.length > 128) {
            problems.invalid(tagPath, tagValue, "has a key longer than 128 characters", "shorten the key");
        } else if (!TAG_CHARACTERS.test(key)) {
            problems.invalid(tagPath, tagValue, "has a key with characters IAM refuses", `use letters, digits, spaces and ${TAG_PUNCTUATION}`);
        }
        if (typeof tagValue !== "string") {
            problems.invalid(tagPath, tagValue, "is not a string", "quote the tag value");
        } else if (tagValue.length > 256) {
            problems.invalid(tagPath, tagValue, "is longer than 256 characters", "shorten the value");
        } else if (!TAG_CHARACTERS.test(tagValue)) {
            problems.invalid(tagPath, tagValue, "has characters IAM refuses", `use letters, digits, spaces and ${TAG_PUNCTUATION}`);
        }
    }
}

/**
 * Checks that each workload's role, whose tags are the config's `tags` merged with its own `role.tags` (the
 * role's win on a shared key), carries at most 50 tags: IAM refuses `CreateRole` with more, however the two
 * maps are split. (The workload's Pod Identity association gets the same merged map: EKS allows 50 too.)
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html ("Tags per IAM role": 50)
 */
export function checkMergedTags(args: Record<string, unknown>, problems: ProblemList): void {
    const stackTags = isRecord(args.tags) ? Object.keys(args.tags) : [];
    if (!Array.isArray(args.workloads)) {
        return;
    }
    args.workloads.forEach((workload: unknown, index) => {
        const role = isRecord(workload) && isRecord(workload.role) ? workload.role : undefined;
        if (role === undefined || !isRecord(role.tags)) {
            return;
        }
        const roleTags = Object.keys(role.tags);
        const merged = new Set([...stackTags, ...roleTags]).size;
        if (merged > MAX_TAGS && roleTags.length <= MAX_TAGS && stackTags.length <= MAX_TAGS) {
            problems.invalid(
                `workloads[${index}].role.tags`,
                role.tags,
                `makes ${merged} tags on the role once merged with the ${stackTags.length} tags of the config's tags`,
                `IAM allows at most ${MAX_TAGS} tags per role: remove ${merged - MAX_TAGS} tags from role.tags or tags`,
            );
        }
    });
}

/** Kubernetes' limit on a label key's prefix (a DNS subdomain). */
export const MAX_LABEL_PREFIX = 253;

/** Checks a Kubernetes label map. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set */
export function checkLabels(value: unknown, path: string, problems: ProblemList): void {
    if (value === undefined) {
        return;
    }
    if (!isRecord(value)) {
        problems.invalid(path, value, "is not a map of strings", 'give { key: "value" }');
        return;
    }
    for (const [key, labelValue] of Object.entries(value)) {
        const labelPath = `${path}.${key}`;
        const prefixLength = key.includes("/") ? key.indexOf("/") : 0;
        if (prefixLength > MAX_LABEL_PREFIX) {
            problems.invalid(
                labelPath,
                labelValue,
                `has a label key prefix of ${prefixLength} characters`,
                `use a DNS subdomain of at most ${MAX_LABEL_PREFIX} characters before the "/", e.g. "example.com/team"`,
            );
        } else if (!isLabelKey(key)) {
            problems.invalid(
                labelPath,
                labelValue,
                "has an invalid label key",
                'use [prefix/]name, the name at most 63 characters of a-z, A-Z, 0-9, "-", "_", ".", alphanumeric at both ends',
            );
        }
        if (!isLabelValue(labelValue)) {
            problems.invalid(
                labelPath,
                labelValue,
                "is not a valid label value",
                'use at most 63 characters of a-z, A-Z, 0-9, "-", "_", ".", alphanumeric at both ends, or ""',
            );
        }
    }
}
