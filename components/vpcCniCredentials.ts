/**
 * Which credentials the VPC CNI (`aws-node` in `kube-system`) runs with on a cluster this stack creates, and how a
 * switch of `cluster.vpcCniRole` reaches the running `aws-node` pods.
 *
 * Running pods keep the credentials they started with: the IRSA webhook injects `AWS_ROLE_ARN` only into pods
 * created after the ServiceAccount's annotation, and a pod started without it keeps using the node role. AWS's
 * guide has the `aws-node` pods re-created after the annotation changes. So both resources below exist whatever
 * `vpcCniRole` says, and a switch updates them in place, in this order, before Pulumi deletes what the old mode
 * needed (deletions come last in an update):
 * 1. the `aws-node` ServiceAccount patch: the role annotations with `vpcCniRole`, none without (a server-side apply
 *    by the same field manager removes the fields it no longer sets);
 * 2. the `aws-node` DaemonSet patch: a pod-template annotation carrying the credentials (the role's ARN, or
 *    `node-role`), so a switch rolls the DaemonSet; the Kubernetes provider waits for the rollout
 *    (pulumi/pulumi-kubernetes#2953), after the new role's policy or the node role's `AmazonEKS_CNI_Policy` exists;
 * 3. then the old mode's policy attachment or role is deleted.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html ("re-deploy the Amazon VPC CNI plugin pods")
 */
import * as k8s from "./k8s";
import * as pulumi from "@pulumi/pulumi";
import { VPC_CNI_IDENTITY } from "./nodeHardening";
import { vpcCniResourceNames } from "./naming";
import { ROLE_ARN_ANNOTATION, STS_REGIONAL_ANNOTATION } from "./workloadManifests";

/** The `aws-node` pod-template annotation that carries the CNI's credentials: a change rolls the DaemonSet. */
export const VPC_CNI_CREDENTIALS_ANNOTATION = "eks-irsa.dev/vpc-cni-credentials";

/** The annotation's value when the CNI uses the node role (`vpcCniRole` off). */
export const NODE_ROLE_CREDENTIALS = "node-role";

/** Server-side apply takes the fields over from another field manager (EKS's add-on manager, kubectl). */
const PATCH_FORCE = { "pulumi.com/patchForce": "true" } as const;

/** The `aws-node` ServiceAccount patch's metadata: the IRSA annotations with the CNI's own role, none without. */
export function awsNodeServiceAccountMetadata(roleArn: pulumi.Input<string> | undefined): k8s.types.input.meta.v1.ObjectMeta {
    return {
        name: VPC_CNI_IDENTITY.serviceAccount,
        namespace: VPC_CNI_IDENTITY.namespace,
        annotations: {
            ...(roleArn !== undefined ? { [ROLE_ARN_ANNOTATION]: roleArn, [STS_REGIONAL_ANNOTATION]: "true" } : {}),
            ...PATCH_FORCE,
        },
    };
}

/** The `aws-node` DaemonSet patch: only the pod-template annotation that names the credentials. */
export function awsNodeDaemonSetPatchArgs(credentials: pulumi.Input<string>): k8s.apps.v1.DaemonSetPatchArgs {
    return {
        metadata: { name: "aws-node", namespace: VPC_CNI_IDENTITY.namespace, annotations: { ...PATCH_FORCE } },
        spec: { template: { metadata: { annotations: { [VPC_CNI_CREDENTIALS_ANNOTATION]: credentials } } } },
    };
}

/** What {@link vpcCniCredentials} needs. */
export interface VpcCniCredentialsArgs {
    /** The CNI's own role (with `vpcCniRole`), or `undefined` for the node role. */
    roleArn?: pulumi.Output<string>;
    /** What must exist before `aws-node` pods restart: the CNI role's policy, or the node role's `AmazonEKS_CNI_Policy`. */
    credentialsReady: pulumi.Resource[];
    /** The cluster's Kubernetes provider. */
    provider: k8s.Provider;
}

/**
 * Annotates `aws-node`'s ServiceAccount and rolls its DaemonSet when the credentials change; returns the DaemonSet
 * patch (the node group waits for it, so new nodes start `aws-node` with the right credentials).
 */
export function vpcCniCredentials(componentName: string, args: VpcCniCredentialsArgs, parent: pulumi.Resource): pulumi.Resource {
    const names = vpcCniResourceNames(componentName);
    const serviceAccount = new k8s.core.v1.ServiceAccountPatch(
        names.serviceAccount,
        { metadata: awsNodeServiceAccountMetadata(args.roleArn) },
        {
            parent,
            provider: args.provider,
            dependsOn: args.credentialsReady,
            // Formerly a child of the CNI's IrsaWorkload: the same object, updated in place.
            aliases: [{ parent: pulumi.createUrn(names.workload, "eks-irsa:index:IrsaWorkload", parent) }],
        },
    );
    return new k8s.apps.v1.DaemonSetPatch(
        names.daemonSet,
        awsNodeDaemonSetPatchArgs(args.roleArn ?? NODE_ROLE_CREDENTIALS),
        { parent, provider: args.provider, dependsOn: [serviceAccount, ...args.credentialsReady] },
    );
}
