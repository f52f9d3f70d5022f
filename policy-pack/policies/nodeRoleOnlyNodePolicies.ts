import { StackValidationPolicy } from "@pulumi/policy";
import { stringList, stringListSchema } from "../lib/config";
import { checkNodeRoles, NODE_POLICY_NAMES } from "../lib/nodeRules";

/** Node hardening: node roles carry only the node policies. */
export const nodeRoleOnlyNodePolicies: StackValidationPolicy = {
    name: "node-role-only-node-policies",
    description:
        "Checks whether node roles (trusted by ec2.amazonaws.com and used by a node group or an instance profile, or carrying AmazonEKSWorkerNodePolicy) have policies beyond AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and AmazonEC2ContainerRegistryReadOnly.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Detach the extra policies from the node role and grant those permissions to the IRSA role of the workload that needs them.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html",
    configSchema: {
        properties: {
            allowedPolicies: stringListSchema("Policies a node role may carry: ARNs, or names of AWS-managed policies.", NODE_POLICY_NAMES),
        },
    },
    validateStack: (args, report) => {
        const { problems, unknown } = checkNodeRoles(args.resources, { allowedPolicies: stringList(args.getConfig(), "allowedPolicies", NODE_POLICY_NAMES) });
        for (const problem of problems) {
            report(problem.message, problem.urn);
        }
        if (unknown !== undefined) {
            throw unknown;
        }
    },
};
