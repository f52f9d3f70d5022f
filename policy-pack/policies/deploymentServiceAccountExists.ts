import { StackValidationPolicy } from "@pulumi/policy";
import { runStackCheck } from "../lib/adapters";
import { stringList, stringListSchema } from "../lib/config";
import { checkDeploymentServiceAccounts } from "../lib/stackRules";

/** Rule 14: every Deployment's serviceAccountName is a ServiceAccount of the stack. */
export const deploymentServiceAccountExists: StackValidationPolicy = {
    name: "deployment-service-account-exists",
    description: "Checks whether every Deployment's serviceAccountName (\"default\" when unset) refers to a ServiceAccount in the stack.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set spec.template.spec.serviceAccountName to a ServiceAccount created (or patched) in this stack; list ServiceAccounts managed elsewhere in allowedServiceAccounts.",
    url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
    configSchema: {
        properties: { allowedServiceAccounts: stringListSchema("namespace/name of ServiceAccounts managed outside this stack.", []) },
    },
    validateStack: (args, report) =>
        runStackCheck(args, report, ["deployment", "serviceAccount"], (index) =>
            checkDeploymentServiceAccounts(index, { allowedServiceAccounts: stringList(args.getConfig(), "allowedServiceAccounts", []) }),
        ),
};
