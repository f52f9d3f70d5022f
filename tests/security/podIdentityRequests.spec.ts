/**
 * The component's Pod Identity trust against requests as EKS Pod Identity makes them: `sts:AssumeRole` and
 * `sts:TagSession` from `pods.eks.amazonaws.com`, with the six session tags of the pod's association
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags) as `aws:RequestTag/<key>`.
 * Only the workload's own cluster, namespace and ServiceAccount may get the role.
 */
import * as assert from "node:assert/strict";
import { podIdentityTrustStatement } from "../../components/iamDocuments";
import { conditionsHold, RequestContext } from "../helpers/iamConditions";

const ACCOUNT = "111122223333";
const CLUSTER_ARN = `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/prod`;
const TRUST = podIdentityTrustStatement({ clusterArn: CLUSTER_ARN, namespace: "payments", serviceAccount: "api" });

/** The request context of one Pod Identity `AssumeRole` call for a pod of `namespace/serviceAccount` on `clusterArn`. */
function podIdentityRequest(clusterArn: string, namespace: string, serviceAccount: string): RequestContext {
    return {
        "aws:RequestTag/eks-cluster-arn": clusterArn,
        "aws:RequestTag/eks-cluster-name": clusterArn.split("/").pop()!,
        "aws:RequestTag/kubernetes-namespace": namespace,
        "aws:RequestTag/kubernetes-service-account": serviceAccount,
        "aws:RequestTag/kubernetes-pod-name": `${serviceAccount}-7d9f8b6c5-x2x4q`,
        "aws:RequestTag/kubernetes-pod-uid": "3f1c2a7e-55b1-4d1e-9a53-0c2f4b1d9e77",
        "aws:PrincipalServiceName": "pods.eks.amazonaws.com",
    };
}

/** Whether the statement allows the request: principal, both actions, every condition. */
function allows(context: RequestContext): boolean {
    const principal = TRUST.Principal as { Service: string };
    const actions = TRUST.Action as string[];
    return principal.Service === "pods.eks.amazonaws.com" && actions.includes("sts:AssumeRole") && actions.includes("sts:TagSession") && conditionsHold(TRUST.Condition, context);
}

describe("Pod Identity trust against EKS Pod Identity requests", () => {
    it("allows the workload's own ServiceAccount, namespace and cluster", () => {
        assert.equal(allows(podIdentityRequest(CLUSTER_ARN, "payments", "api")), true);
    });

    it("denies another ServiceAccount of the same namespace", () => {
        assert.equal(allows(podIdentityRequest(CLUSTER_ARN, "payments", "worker")), false);
    });

    it("denies the same ServiceAccount name in another namespace", () => {
        assert.equal(allows(podIdentityRequest(CLUSTER_ARN, "billing", "api")), false);
    });

    it("denies the same namespace and ServiceAccount on another cluster, also in another account or region", () => {
        for (const other of [
            `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/staging`,
            `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/prod`,
            "arn:aws:eks:us-west-2:444455556666:cluster/prod",
        ]) {
            assert.equal(allows(podIdentityRequest(other, "payments", "api")), false, other);
        }
    });

    it("denies a request without session tags (an association with disableSessionTags, or another caller)", () => {
        assert.equal(allows({ "aws:PrincipalServiceName": "pods.eks.amazonaws.com" }), false);
    });

    it("is case-sensitive in the values, as IAM's StringEquals is", () => {
        assert.equal(allows(podIdentityRequest(CLUSTER_ARN, "Payments", "api")), false);
    });
});
