/**
 * Node hardening (issue 6): a pod must not reach its node's role through the instance metadata service (IMDS).
 *
 * - Launch templates: IMDSv2 only (`httpTokens: "required"`) and a PUT response hop limit of 1, or IMDS off.
 *   With a hop limit of 2 or more, or IMDSv1 allowed, any pod on the node can read the node role's credentials.
 * - Managed node groups: a launch template, since without one EKS builds the nodes from a launch template it
 *   generates, whose IMDS settings the stack cannot set (the AMI's defaults: IMDSv1 allowed and hop limit 2 on
 *   the EKS AL2 AMIs; IMDSv2 required but hop limit 2 on AL2023).
 * - Node roles: only the node policies, so what a pod could still reach is small.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/best-practices-security.html
 * @see https://docs.aws.amazon.com/linux/al2023/ug/imdsv2.html
 */
import { parsePolicyDocument } from "./document";
import { show } from "./format";
import { asList, asRecord, isUnknownValueError, TYPES } from "./resources";
import { StackProblem } from "./stackRules";

/** Pulumi type tokens of the node resources. */
export const NODE_TYPES = {
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
} as const;

/** The AWS-managed policies a node role needs: join the cluster, run the VPC CNI, pull from ECR. */
export const NODE_POLICY_NAMES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"] as const;

/** The policy whose presence marks a role as an EKS node role. */
export const WORKER_NODE_POLICY = "AmazonEKSWorkerNodePolicy";

const IMDS_FIX = 'set metadataOptions { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }';

function shown(value: unknown): string {
    return value === undefined ? "(unset)" : show(value);
}

/**
 * The problems of a launch template's `metadataOptions`: none when IMDS is off (`httpEndpoint: "disabled"`) or
 * when it requires IMDSv2 with a hop limit of 1.
 */
export function checkLaunchTemplateMetadata(metadataOptions: unknown): string[] {
    const options = asRecord(metadataOptions);
    if (options === undefined) {
        return [
            `metadataOptions is missing, so the instances get their AMI's IMDS defaults (hop limit 2 on the EKS AL2 and AL2023 AMIs, IMDSv1 allowed on AL2), which let pods take the node role's credentials: ${IMDS_FIX}.`,
        ];
    }
    if (options["httpEndpoint"] === "disabled") {
        return [];
    }
    const problems: string[] = [];
    const tokens = options["httpTokens"];
    if (tokens !== "required") {
        problems.push(
            `metadataOptions.httpTokens ${shown(tokens)} is not "required": IMDSv1 answers any process on the instance without a session token, pods included; set httpTokens "required".`,
        );
    }
    const hops = options["httpPutResponseHopLimit"];
    if (hops !== 1) {
        const why =
            typeof hops === "number"
                ? `an IMDSv2 token crosses ${hops} network hops, so a pod (one hop from the node) gets one and with it the node role's credentials`
                : "the AMI's default applies (2 on the EKS AL2 and AL2023 AMIs), so a pod (one hop from the node) gets an IMDSv2 token and with it the node role's credentials";
        problems.push(`metadataOptions.httpPutResponseHopLimit ${shown(hops)} is not 1: ${why}; set httpPutResponseHopLimit 1.`);
    }
    return problems;
}

/** The problem of a managed node group without a launch template, if it has none. */
export function checkNodeGroupLaunchTemplate(launchTemplate: unknown): string[] {
    const template = asRecord(launchTemplate);
    if (template !== undefined && (template["id"] !== undefined || template["name"] !== undefined)) {
        return [];
    }
    return [
        "launchTemplate is missing, so EKS builds the nodes from a launch template it generates, whose IMDS settings this stack cannot set " +
            "(hop limit 2 on the EKS AL2 and AL2023 AMIs, IMDSv1 allowed on AL2) and which lets pods take the node role's credentials: " +
            'give the node group a launch template { id, version } whose metadataOptions set httpTokens "required" and httpPutResponseHopLimit 1.',
    ];
}

// ---------------------------------------------------------------------------------------------
// Node roles (a stack rule)
// ---------------------------------------------------------------------------------------------

/** Tunables of the node role rule. */
export interface NodeRoleConfig {
    /**
     * Policies a node role may carry: an ARN, or the name of an AWS-managed policy (any partition and path).
     * @default ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"]
     */
    readonly allowedPolicies: readonly string[];
}

/** The part of a stack resource the rule reads. */
export interface NodeResourceView {
    readonly type: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
}

/** A field whose value is unknown during preview, with the SDK's error to rethrow if the field matters. */
interface Unknown {
    readonly unknown: Error;
}

function isUnknown(value: unknown): value is Unknown {
    return typeof value === "object" && value !== null && "unknown" in value;
}

/** Reads a field; an unknown value during preview becomes an {@link Unknown}, other errors propagate. */
function attempt<T>(read: () => T): T | Unknown {
    try {
        return read();
    } catch (e) {
        if (!isUnknownValueError(e)) {
            throw e;
        }
        return { unknown: e };
    }
}

interface RoleView {
    readonly urn: string;
    readonly name: string | undefined | Unknown;
    readonly arn: string | undefined | Unknown;
    readonly trustsEc2: boolean | Unknown;
    readonly managed: readonly string[] | Unknown;
    readonly inlineNames: readonly string[] | Unknown;
}

interface AttachmentView {
    readonly urn: string;
    readonly role: string;
    readonly policyArn: string;
}

interface RolePolicyView {
    readonly urn: string;
    readonly role: string;
    readonly name: string;
}

/** The node-related resources of a stack, and the first unknown value met while reading them. */
interface NodeIndex {
    readonly roles: RoleView[];
    readonly attachments: AttachmentView[];
    readonly rolePolicies: RolePolicyView[];
    /** Role ARNs named by node groups (`nodeRoleArn`). */
    readonly nodeGroupRoleArns: Set<string>;
    /** Role names named by instance profiles (`role`). */
    readonly profileRoleNames: Set<string>;
    /** The first unknown value that may change the outcome. */
    unknown?: Error;
}

/** The EC2 service principals (commercial and China partitions). */
const EC2_PRINCIPALS = new Set(["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]);

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** Whether a trust document lets EC2 assume the role. */
function trustsEc2(raw: unknown): boolean {
    const parsed = parsePolicyDocument(raw);
    if (!parsed.ok) {
        return false;
    }
    return parsed.document.statements.some((statement) => {
        const principal = statement.principal;
        return (
            statement.effect === "Allow" &&
            principal !== undefined &&
            principal !== "*" &&
            (principal.get("Service") ?? []).some((service) => EC2_PRINCIPALS.has(service)) &&
            (statement.actions ?? []).some((action) => action === "sts:AssumeRole" || action === "sts:*" || action === "*")
        );
    });
}

function readRole(r: NodeResourceView): RoleView {
    return {
        urn: r.urn,
        name: attempt(() => text(r.props["name"])),
        arn: attempt(() => text(r.props["arn"])),
        trustsEc2: attempt(() => trustsEc2(r.props["assumeRolePolicy"])),
        managed: attempt(() => asList(r.props["managedPolicyArns"]).filter((a): a is string => typeof a === "string")),
        inlineNames: attempt(() =>
            asList(r.props["inlinePolicies"])
                .map((entry, i) => ({ name: text(asRecord(entry)?.["name"]) ?? `#${i}`, policy: asRecord(entry)?.["policy"] }))
                .filter((entry) => entry.policy !== undefined && entry.policy !== "")
                .map((entry) => entry.name),
        ),
    };
}

function buildNodeIndex(resources: readonly NodeResourceView[]): NodeIndex {
    const index: NodeIndex = { roles: [], attachments: [], rolePolicies: [], nodeGroupRoleArns: new Set(), profileRoleNames: new Set() };
    const readers: Record<string, (r: NodeResourceView) => void> = {
        [TYPES.role]: (r) => index.roles.push(readRole(r)),
        [TYPES.rolePolicyAttachment]: (r) => {
            const role = text(r.props["role"]);
            const policyArn = text(r.props["policyArn"]);
            if (role !== undefined && policyArn !== undefined) {
                index.attachments.push({ urn: r.urn, role, policyArn });
            }
        },
        [TYPES.rolePolicy]: (r) => {
            const role = text(r.props["role"]);
            if (role !== undefined) {
                index.rolePolicies.push({ urn: r.urn, role, name: text(r.props["name"]) ?? r.urn });
            }
        },
        [NODE_TYPES.nodeGroup]: (r) => {
            const arn = text(r.props["nodeRoleArn"]);
            if (arn !== undefined) {
                index.nodeGroupRoleArns.add(arn);
            }
        },
        [NODE_TYPES.instanceProfile]: (r) => {
            const role = text(r.props["role"]);
            if (role !== undefined) {
                index.profileRoleNames.add(role);
            }
        },
    };
    for (const resource of resources) {
        const read = readers[resource.type];
        if (read === undefined) {
            continue;
        }
        try {
            read(resource);
        } catch (e) {
            if (!isUnknownValueError(e)) {
                throw e;
            }
            index.unknown ??= e;
        }
    }
    return index;
}

/** The part of a policy ARN after `:policy/`, without its path: the policy's name. */
function policyName(arn: string): string {
    return arn.slice(arn.lastIndexOf("/") + 1);
}

/** Whether `arn` is one of the allowed policies: equal to an allowed ARN, or an AWS-managed policy with an allowed name. */
export function isAllowedNodePolicy(arn: string, allowed: readonly string[]): boolean {
    const awsManaged = /^arn:[a-z-]+:iam::aws:policy\//.test(arn);
    return allowed.some((entry) => (entry.includes(":") ? entry === arn : awsManaged && policyName(arn) === entry));
}

/**
 * The node roles of the stack: roles that EC2 may assume (`ec2.amazonaws.com` in the trust) and that a node
 * group (`nodeRoleArn`) or an instance profile (`role`) uses, or that carry `AmazonEKSWorkerNodePolicy`. A role
 * whose use or trust is unknown during preview while it may be a node role sets `index.unknown`.
 */
function nodeRoles(index: NodeIndex): (RoleView & { name: string | undefined; managed: readonly string[] })[] {
    const attachedWorkerPolicy = new Set(index.attachments.filter((a) => policyName(a.policyArn) === WORKER_NODE_POLICY).map((a) => a.role));
    const found: (RoleView & { name: string | undefined; managed: readonly string[] })[] = [];
    for (const role of index.roles) {
        const { name, arn, managed, trustsEc2 } = role;
        const usedByArn = isUnknown(arn) ? (index.nodeGroupRoleArns.size > 0 ? arn : false) : arn !== undefined && index.nodeGroupRoleArns.has(arn);
        const usedByName = isUnknown(name)
            ? index.profileRoleNames.size > 0 || attachedWorkerPolicy.size > 0
                ? name
                : false
            : name !== undefined && (index.profileRoleNames.has(name) || attachedWorkerPolicy.has(name));
        const usedByPolicy = isUnknown(managed) ? managed : managed.some((a) => policyName(a) === WORKER_NODE_POLICY);
        const uses = [usedByArn, usedByName, usedByPolicy];
        if (!uses.includes(true)) {
            // Not known to be a node role: it matters only if an unknown could make it one (and EC2 may assume it).
            const pending = uses.find(isUnknown);
            if (pending !== undefined && trustsEc2 !== false) {
                index.unknown ??= pending.unknown;
            }
            continue;
        }
        if (isUnknown(trustsEc2)) {
            index.unknown ??= trustsEc2.unknown;
            continue;
        }
        if (!trustsEc2) {
            continue;
        }
        if (isUnknown(name) || isUnknown(managed)) {
            index.unknown ??= (isUnknown(name) ? name : (managed as Unknown)).unknown;
        }
        found.push({ ...role, name: isUnknown(name) ? undefined : name, managed: isUnknown(managed) ? [] : managed });
    }
    return found;
}

/**
 * Node roles with policies beyond the allowed ones: managed policies (on the role or attached) outside
 * `allowedPolicies`, and any inline policy. Returns the problems and the first unknown value met (to rethrow).
 */
export function checkNodeRoles(resources: readonly NodeResourceView[], config: NodeRoleConfig): { problems: StackProblem[]; unknown?: Error } {
    const index = buildNodeIndex(resources);
    const allowedText = config.allowedPolicies.join(", ");
    const fix = `keep the node role to ${allowedText} and give workloads their own IRSA roles, or list the policy in allowedPolicies in this policy's config.`;
    const problems: StackProblem[] = [];
    for (const role of nodeRoles(index)) {
        const roleText = show(role.name ?? role.urn);
        const extra = (path: string, arn: string, urn: string) =>
            problems.push({ urn, message: `${path} ${show(arn)} is on the node role ${roleText}, whose credentials any pod that reaches IMDS can use: ${fix}` });
        role.managed.forEach((arn, i) => {
            if (!isAllowedNodePolicy(arn, config.allowedPolicies)) {
                extra(`managedPolicyArns[${i}]`, arn, role.urn);
            }
        });
        for (const attachment of index.attachments) {
            if (attachment.role === role.name && !isAllowedNodePolicy(attachment.policyArn, config.allowedPolicies)) {
                extra("policyArn", attachment.policyArn, attachment.urn);
            }
        }
        const inline = (path: string, name: string, urn: string) =>
            problems.push({
                urn,
                message: `${path} ${show(name)} is an inline policy of the node role ${roleText}, whose credentials any pod that reaches IMDS can use: move its permissions to the IRSA role of the workload that needs them.`,
            });
        if (isUnknown(role.inlineNames)) {
            index.unknown ??= role.inlineNames.unknown;
        } else {
            role.inlineNames.forEach((name, i) => inline(`inlinePolicies[${i}].name`, name, role.urn));
        }
        for (const policy of index.rolePolicies) {
            if (policy.role === role.name) {
                inline("name", policy.name, policy.urn);
            }
        }
    }
    return { problems, ...(index.unknown !== undefined ? { unknown: index.unknown } : {}) };
}
