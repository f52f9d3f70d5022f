import * as assert from "node:assert/strict";
import {
    checkDeclaredProviders,
    checkProviderAccounts,
    checkServiceAccountClusters,
    ClusterResourceView,
    kubeconfigClusterKeys,
    UnknownKeeper,
} from "../../../policy-pack/lib/clusterRules";

const A = "oidc.eks.us-west-2.amazonaws.com/id/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const B = "oidc.eks.us-west-2.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
const HOME = "123456789012";
const DATA = "444455556666";
const SUBJECT = "system:serviceaccount:orders:orders-api";

function statement(account: string, issuer: string, subject = SUBJECT): object {
    return {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${issuer}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${issuer}:sub`]: subject, [`${issuer}:aud`]: "sts.amazonaws.com" } },
    };
}

function role(account: string, statements: object[], name = "orders"): ClusterResourceView {
    return {
        type: "aws:iam/role:Role",
        urn: `urn:pulumi:dev::p::aws:iam/role:Role::${name}`,
        props: { arn: `arn:aws:iam::${account}:role/${name}`, assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) },
    };
}

function cluster(name: string, issuer: string): ClusterResourceView {
    return { type: "aws:eks/cluster:Cluster", urn: `urn:pulumi:dev::p::aws:eks/cluster:Cluster::${name}`, props: { name, endpoint: `https://${name}.eks`, identities: [{ oidcs: [{ issuer: `https://${issuer}` }] }] } };
}

function serviceAccount(clusterName: string, roleArn: string): ClusterResourceView {
    const kubeconfig = JSON.stringify({ clusters: [{ cluster: { server: `https://${clusterName}.eks` } }], users: [{ user: { exec: { args: ["eks", "get-token", "--cluster-name", clusterName] } } }] });
    return {
        type: "kubernetes:core/v1:ServiceAccount",
        urn: `urn:pulumi:dev::p::kubernetes:core/v1:ServiceAccount::sa-${clusterName}`,
        props: { metadata: { name: "orders-api", namespace: "orders", annotations: { "eks.amazonaws.com/role-arn": roleArn } } },
        provider: { props: { kubeconfig } },
    };
}

describe("irsa-trust-provider-account", () => {
    it("passes a role trusting providers of its own account, and reports one of another account unless allowed", () => {
        const unknowns = new UnknownKeeper();
        assert.deepEqual(checkProviderAccounts([role(DATA, [statement(DATA, A), statement(DATA, B)])], { allowedCrossAccountProviders: [] }, unknowns), []);
        const crossed = [role(DATA, [statement(DATA, A), statement(HOME, B)])];
        assert.deepEqual(checkProviderAccounts(crossed, { allowedCrossAccountProviders: [] }, unknowns), [
            {
                urn: "urn:pulumi:dev::p::aws:iam/role:Role::orders",
                message: `assumeRolePolicy Statement[1].Principal.Federated "arn:aws:iam::${HOME}:oidc-provider/${B}" is a provider of account "${HOME}", but the role is in account "${DATA}": IAM accepts web identities only through a provider of the role's own account; register the issuer in account "${DATA}" and trust that provider, or list the provider (or its account) in allowedCrossAccountProviders in this policy's config.`,
            },
        ]);
        assert.deepEqual(checkProviderAccounts(crossed, { allowedCrossAccountProviders: [HOME] }, unknowns), []);
    });
});

describe("irsa-trust-declared-provider", () => {
    it("passes providers of clusters the stack creates or lists, and allowed issuers; reports the others", () => {
        const unknowns = new UnknownKeeper();
        const trust = role(HOME, [statement(HOME, A), statement(HOME, B)]);
        assert.deepEqual(checkDeclaredProviders([cluster("blue", A), trust], { allowedIssuers: [] }, unknowns), [
            {
                urn: "urn:pulumi:dev::p::aws:iam/role:Role::orders",
                message: `assumeRolePolicy Statement[1].Principal.Federated "arn:aws:iam::${HOME}:oidc-provider/${B}" trusts the issuer "${B.toLowerCase()}", which this stack does not declare: trust only clusters the stack creates or declares (IrsaCluster trustedClusters), or list the issuer in allowedIssuers in this policy's config.`,
            },
        ]);
        assert.deepEqual(checkDeclaredProviders([cluster("blue", A), trust], { allowedIssuers: [`https://${B}`] }, unknowns), []);
        const component: ClusterResourceView = { type: "eks-irsa:index:IrsaCluster", urn: "urn:c", props: { oidcIssuer: `https://${A}`, trustedIssuers: [`https://${B}`] } };
        assert.deepEqual(checkDeclaredProviders([component, trust], { allowedIssuers: [] }, unknowns), []);
    });
});

describe("irsa-service-account-cluster", () => {
    const roleArn = `arn:aws:iam::${HOME}:role/orders`;

    it("passes a ServiceAccount on each cluster the role trusts", () => {
        const resources = [cluster("blue", A), cluster("green", B), role(HOME, [statement(HOME, A), statement(HOME, B)]), serviceAccount("blue", roleArn), serviceAccount("green", roleArn)];
        assert.deepEqual(checkServiceAccountClusters(resources, new UnknownKeeper()), []);
    });

    it("reports a ServiceAccount in cluster B annotated with a role that trusts only cluster A", () => {
        const resources = [cluster("blue", A), cluster("green", B), role(HOME, [statement(HOME, A)]), serviceAccount("green", roleArn)];
        assert.deepEqual(checkServiceAccountClusters(resources, new UnknownKeeper()), [
            {
                urn: "urn:pulumi:dev::p::kubernetes:core/v1:ServiceAccount::sa-green",
                message: `metadata.annotations["eks.amazonaws.com/role-arn"] "${roleArn}" names a role that does not trust this ServiceAccount's cluster (issuer "${B.toLowerCase()}"): its trust admits "${SUBJECT}" only from ["${A.toLowerCase()}"]; add a statement for this cluster's provider to the role (the owner's trustedClusters), or annotate a role that trusts this cluster.`,
            },
        ]);
    });

    it("reports a role trusting the ServiceAccount's cluster only for another subject", () => {
        const resources = [cluster("green", B), role(HOME, [statement(HOME, B, "system:serviceaccount:orders:other")]), serviceAccount("green", roleArn)];
        assert.equal(checkServiceAccountClusters(resources, new UnknownKeeper()).length, 1);
    });

    it("finds the cluster from an exec kubeconfig's --cluster-name and its server", () => {
        assert.deepEqual(
            kubeconfigClusterKeys({ clusters: [{ cluster: { server: "https://x.eks" } }], users: [{ user: { exec: { args: ["eks", "get-token", "--cluster-name", "green"] } } }] }),
            ["green", "https://x.eks"],
        );
        assert.deepEqual(kubeconfigClusterKeys("not json"), []);
    });
});
