import { StackValidationPolicy } from "@pulumi/policy";
import { checkManagedPolicyArn, serviceOnlyTrust, serviceRolePolicyService } from "../lib/managedPolicyRules";
import { managedConfigOf, MANAGED_POLICY_CONFIG_SCHEMA } from "../lib/managedPolicyConfig";
import { isUnknownValueError } from "../lib/resources";
import { stackRoleDocuments } from "../lib/roleDocuments";

/**
 * AWS's service-role policies (the EKS cluster role's, the Fargate pod execution role's) attached by a separate
 * resource: accepted on a role of the stack that only that service assumes, judged by their document otherwise.
 */
export const iamServiceRolePolicies: StackValidationPolicy = {
    name: "iam-service-role-policies",
    description:
        "Checks whether AWS managed policies written for a service role (AmazonEKSClusterPolicy, AmazonEKSVPCResourceController, the EKS Auto Mode and Fargate policies) are attached through RolePolicyAttachment, PolicyAttachment or RolePolicyAttachmentsExclusive to a role that only that AWS service assumes; on any other role they are judged by their document as iam-no-broad-managed-policies does.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Attach the policy only to the service's own role (trust: that service principal alone), or give the workload a least-privilege policy.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html",
    configSchema: MANAGED_POLICY_CONFIG_SCHEMA,
    validateStack: async (args, report) => {
        const config = managedConfigOf(args.getConfig());
        const { roles, unknown } = stackRoleDocuments(args.resources);
        let unknownTrust: Error | undefined;
        for (const role of roles) {
            const attached = role.attachments.filter((a) => serviceRolePolicyService(a.arn) !== undefined);
            if (role.trust === undefined || attached.length === 0) {
                continue; // no service-role policy, or a role outside the stack (its trust is unknown here)
            }
            let trust: unknown;
            try {
                trust = role.trust();
            } catch (e) {
                if (!isUnknownValueError(e)) throw e;
                unknownTrust ??= e;
                continue;
            }
            const trusted = serviceOnlyTrust(trust);
            for (const { field, arn } of attached) {
                if (trusted?.length === 1 && trusted[0] === serviceRolePolicyService(arn)) {
                    continue;
                }
                const problem = await checkManagedPolicyArn(arn, field, config, { trust });
                if (problem !== undefined) {
                    report(`role ${JSON.stringify(role.role)}: ${problem}`, role.urn);
                }
            }
        }
        if (unknown !== undefined || unknownTrust !== undefined) {
            throw unknown ?? unknownTrust;
        }
    },
};
