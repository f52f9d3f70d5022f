// The analyzer entry point that `pulumi preview --policy-pack ./policy-pack` starts. The
// constructor starts a gRPC server: nothing else may import this file (tests import ./policies).
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, {
    policies,
    description: "irsa-guard: least privilege and trust-policy rules for EKS IAM Roles for Service Accounts.",
    displayName: "IRSA guard",
    provider: "aws",
    tags: ["aws", "eks", "iam", "irsa", "kubernetes"],
});
