// The analyzer entry point that `pulumi preview --policy-pack ./policy-pack` starts. The
// constructor starts a gRPC server: nothing else may import this file (tests import ./policies).
import { PolicyPack } from "@pulumi/policy";
import { serveByResourceType } from "./lib/serve";
import { PACK_NAME, policies } from "./policies";

// Analyze and AnalyzeStack requests go through one dispatch per resource type (lib/dispatch.ts), not the SDK's pass
// over every policy; GetAnalyzerInfo, Configure and the rest stay the SDK's.
serveByResourceType();

new PolicyPack(PACK_NAME, {
    policies,
    description: "irsa-guard: least privilege and trust-policy rules for EKS IAM Roles for Service Accounts.",
    displayName: "IRSA guard",
    provider: "aws",
    tags: ["aws", "eks", "iam", "irsa", "kubernetes"],
});
