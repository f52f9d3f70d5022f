import { StackValidationPolicy } from "@pulumi/policy";
import { runStackCheck } from "../lib/adapters";
import { checkIrsaPods } from "../lib/stackRules";

/** Rule 14: pods of IRSA workloads use neither hostNetwork nor static AWS credentials. */
export const irsaPodNoNodeCredentials: StackValidationPolicy = {
    name: "irsa-pod-no-node-credentials",
    description: "Checks whether pods of IRSA workloads use hostNetwork or set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, which bypass the ServiceAccount's role.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Remove hostNetwork and the static credential variables; the AWS SDK picks up the role from the projected web identity token.",
    url: "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
    validateStack: (args, report) => runStackCheck(args, report, ["deployment", "serviceAccount"], (index) => checkIrsaPods(index)),
};
