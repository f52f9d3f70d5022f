/** The fake EKS: clusters (`@pulumi/eks`'s remote components and lookups), node groups, add-ons, Pod Identity. */
import { execKubeconfig } from "../../components/kubeconfig";
import { stableHex } from "../stableHex";
import type { Scope } from "./scope";
import { type Answer, autoName, record, type State, str } from "./values";

/** The attributes of an EKS cluster called `name`, shaped like `aws.eks.Cluster`'s outputs. */
export function eksCluster(scope: Scope, name: string, version = "1.31"): State {
    const id = stableHex(`ca:${name}`, 16);
    const { region, stackAccount } = scope;
    return {
        name,
        id: name,
        arn: `arn:aws:eks:${region}:${stackAccount}:cluster/${name}`,
        endpoint: `https://${stableHex(`endpoint:${name}`, 32).toUpperCase()}.gr7.${region}.eks.amazonaws.com`,
        version,
        status: "ACTIVE",
        roleArn: `arn:aws:iam::${stackAccount}:role/${name}-eksRole`,
        certificateAuthority: { data: Buffer.from(`fake-ca-${id}`).toString("base64") },
        certificateAuthorities: [{ data: Buffer.from(`fake-ca-${id}`).toString("base64") }],
        identities: [{ oidcs: [{ issuer: scope.issuerFor(name) }] }],
        vpcConfig: { vpcId: `vpc-${stableHex(`vpc:${name}`, 17)}`, subnetIds: [], securityGroupIds: [] },
    };
}

/** What `eks.Cluster` gives as its kubeconfig: the same `aws eks get-token` kubeconfig the component builds. */
export function kubeconfig(region: string, cluster: State): State {
    return {
        ...execKubeconfig({
            clusterName: String(cluster.name),
            endpoint: String(cluster.endpoint),
            certificateAuthorityData: String(record(cluster.certificateAuthority).data),
            region,
        }),
    };
}

/** The fake's answer for an EKS resource, or undefined when `type` is not one. */
export function eksResource(scope: Scope, type: string, name: string, inputs: State): Answer | undefined {
    switch (type) {
        case "eks:index:Cluster": {
            const cluster = eksCluster(scope, str(inputs.name) ?? autoName(name), str(inputs.version));
            const config = kubeconfig(scope.region, cluster);
            const issuerUrl = scope.issuerFor(String(cluster.name));
            return {
                id: undefined,
                state: {
                    eksCluster: cluster,
                    kubeconfig: config,
                    kubeconfigJson: JSON.stringify(config),
                    oidcIssuer: issuerUrl.replace(/^https:\/\//, ""),
                    oidcProviderUrl: issuerUrl,
                    oidcProviderArn: inputs.createOidcProvider === false ? "" : scope.oidcProviderArn(issuerUrl),
                    clusterSecurityGroupId: `sg-${stableHex(`csg:${name}`, 17)}`,
                    nodeSecurityGroupId: `sg-${stableHex(`nsg:${name}`, 17)}`,
                    core: { cluster, endpoint: cluster.endpoint },
                },
            };
        }
        case "eks:index:ManagedNodeGroup": {
            const nodeGroupName = str(inputs.nodeGroupName) ?? autoName(name);
            return {
                id: undefined,
                state: {
                    nodeGroup: {
                        ...inputs,
                        nodeGroupName,
                        arn: scope.arn("eks", `nodegroup/${str(inputs.clusterName) ?? "cluster"}/${nodeGroupName}/${stableHex(name, 8)}`),
                    },
                },
            };
        }
        case "aws:eks/podIdentityAssociation:PodIdentityAssociation": {
            const associationId = `a-${stableHex(name, 17)}`;
            const cluster = String(inputs.clusterName);
            // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html: the role must be in the
            // cluster's account (another account's role only as targetRoleArn).
            const roleAccount = str(inputs.roleArn)?.split(":")[4];
            if (roleAccount !== undefined && roleAccount !== scope.account) {
                throw new Error(
                    `creating EKS Pod Identity Association (${cluster}): InvalidParameterException: EKS Pod Identity role must be in your EKS cluster's account (${scope.account}), not ${roleAccount}.`,
                );
            }
            return {
                id: `${cluster},${associationId}`,
                state: { ...inputs, associationId, associationArn: scope.arn("eks", `podidentityassociation/${cluster}/${associationId}`) },
            };
        }
        case "aws:eks/addon:Addon": {
            const cluster = String(inputs.clusterName);
            const addonName = String(inputs.addonName);
            return { id: `${cluster}:${addonName}`, state: { ...inputs, arn: scope.arn("eks", `addon/${cluster}/${addonName}/${stableHex(name, 8)}`) } };
        }
        default:
            return undefined;
    }
}

/** The fake's answer for an EKS invoke, or undefined when `token` is not one. */
export function eksCall(scope: Scope, token: string, inputs: State): State | undefined {
    if (token !== "aws:eks/getCluster:getCluster") return undefined;
    const name = str(inputs.name) ?? "cluster";
    return { ...eksCluster(scope, name), accessConfigs: [{ authenticationMode: "API_AND_CONFIG_MAP" }] };
}
