import * as assert from "node:assert/strict";
import type { LooseStatement } from "../../../synth/audit";
import { associationAtom, groupPrincipals, principalBroadens, PrincipalAtom, principalText, trustAtoms } from "../../../synth/diff/principals";

const HOST_A = "oidc.eks.us-west-2.amazonaws.com/id/AAAA";
const HOST_B = "oidc.eks.eu-west-1.amazonaws.com/id/BBBB";
const provider = (host: string, account = "123456789012"): string => `arn:aws:iam::${account}:oidc-provider/${host}`;
const ctx = { clusterByIssuerHost: new Map([[HOST_A.toLowerCase(), "blue"]]) };

function irsa(host: string, sub: string | string[], op = "StringEquals", aud = true): LooseStatement {
    return {
        Effect: "Allow",
        Principal: { Federated: provider(host) },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: op === "StringEquals"
            ? { StringEquals: { [`${host}:sub`]: sub, ...(aud ? { [`${host}:aud`]: "sts.amazonaws.com" } : {}) } }
            : { [op]: { [`${host}:sub`]: sub }, ...(aud ? { StringEquals: { [`${host}:aud`]: "sts.amazonaws.com" } } : {}) },
    };
}

const POD_IDENTITY: LooseStatement = { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] };

/** A Pod Identity trust that pins one ServiceAccount of cluster blue with EKS's session tags. */
function pinned(sa: string): LooseStatement {
    return {
        ...POD_IDENTITY,
        Condition: {
            StringEquals: {
                "aws:SourceAccount": "123456789012",
                "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-west-2:123456789012:cluster/blue",
                "aws:RequestTag/kubernetes-namespace": "finance",
                "aws:RequestTag/kubernetes-service-account": sa,
            },
        },
    };
}

function texts(statements: LooseStatement[], extra: PrincipalAtom[] = []): string[] {
    return groupPrincipals([...trustAtoms(statements), ...extra]).map((p) => principalText(p, ctx)).sort();
}

/** Principals added and removed from `base` to `head`, with their broadening verdicts. */
function changes(base: LooseStatement[], head: LooseStatement[]): { added: [string, boolean][]; removed: [string, boolean][] } {
    const [ba, ha] = [trustAtoms(base), trustAtoms(head)];
    const [bp, hp] = [groupPrincipals(ba), groupPrincipals(ha)];
    const [bk, hk] = [new Set(bp.map((p) => p.key)), new Set(hp.map((p) => p.key))];
    return {
        added: hp.filter((p) => !bk.has(p.key)).map((p) => [principalText(p, ctx), principalBroadens("added", p, ba, ha)]),
        removed: bp.filter((p) => !hk.has(p.key)).map((p) => [principalText(p, ctx), principalBroadens("removed", p, ba, ha)]),
    };
}

describe("principals of a trust policy", () => {
    it("names the ServiceAccount, the OIDC provider and its cluster, the action and the other conditions", () => {
        assert.deepEqual(texts([irsa(HOST_A, "system:serviceaccount:finance:reports")]), [
            `ServiceAccount finance/reports via OIDC provider ${HOST_A} (cluster blue): sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`,
        ]);
    });

    it("makes each value of a :sub condition its own principal, so one statement with two subjects reads as two statements", () => {
        const together = texts([irsa(HOST_A, ["system:serviceaccount:a:x", "system:serviceaccount:b:y"])]);
        assert.deepEqual(together, texts([irsa(HOST_A, "system:serviceaccount:b:y"), irsa(HOST_A, "system:serviceaccount:a:x")]));
        assert.equal(together.length, 2);
    });

    it("reads statement order, single actions and one-item lists alike", () => {
        const a = trustAtoms([irsa(HOST_A, "system:serviceaccount:a:x"), POD_IDENTITY]);
        const b = trustAtoms([{ ...POD_IDENTITY, Action: ["sts:TagSession", "sts:AssumeRole", "sts:AssumeRole"] }, { ...irsa(HOST_A, ["system:serviceaccount:a:x"]), Action: ["sts:AssumeRoleWithWebIdentity"] }]);
        assert.deepEqual(groupPrincipals(a).map((p) => p.key).sort(), groupPrincipals(b).map((p) => p.key).sort());
    });

    it("shows a Pod Identity trust's actions together", () => {
        assert.deepEqual(texts([POD_IDENTITY]), ["AWS service pods.eks.amazonaws.com: sts:AssumeRole, sts:TagSession"]);
    });

    it("names any other principal in words", () => {
        assert.deepEqual(texts([
            { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root", "444455556666"] }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "x" } } },
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/ci" }, Action: "sts:AssumeRole" },
            { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
            { Effect: "Deny", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" },
        ]), [
            "DENY Federated cognito-identity.amazonaws.com: sts:AssumeRoleWithWebIdentity",
            "IAM principal arn:aws:iam::111122223333:role/ci: sts:AssumeRole",
            "any principal of AWS account 111122223333: sts:AssumeRole if sts:ExternalId = x",
            "any principal of AWS account 444455556666: sts:AssumeRole if sts:ExternalId = x",
            "anyone (*): sts:AssumeRole",
        ]);
    });

    it("reads a Pod Identity trust pinned by session tags as the ServiceAccount and cluster it names", () => {
        assert.deepEqual(texts([pinned("reports")]), [
            "ServiceAccount finance/reports of cluster blue via EKS Pod Identity (pods.eks.amazonaws.com): sts:AssumeRole, sts:TagSession if aws:SourceAccount = 123456789012",
        ]);
    });

    it("names a Pod Identity association's cluster and ServiceAccount", () => {
        assert.deepEqual(texts([], [associationAtom("blue", "finance", "reports")]), ["ServiceAccount finance/reports of cluster blue via EKS Pod Identity association"]);
    });

    it("names each provider's account when the stack spans several", () => {
        const atoms = trustAtoms([irsa(HOST_A, "system:serviceaccount:a:x"), { ...irsa(HOST_A, "system:serviceaccount:a:x"), Principal: { Federated: provider(HOST_A, "444455556666") } }]);
        assert.deepEqual(groupPrincipals(atoms).map((p) => principalText(p, { ...ctx, showAccounts: true })).sort(), [
            `ServiceAccount a/x via OIDC provider ${HOST_A} (cluster blue, account 123456789012): sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`,
            `ServiceAccount a/x via OIDC provider ${HOST_A} (cluster blue, account 444455556666): sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`,
        ]);
    });

    it("says when a subject is a pattern", () => {
        assert.deepEqual(texts([irsa(HOST_B, "system:serviceaccount:finance:*", "StringLike")]), [`ServiceAccounts matching finance/* via OIDC provider ${HOST_B}: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`]);
    });
});

describe("principalBroadens", () => {
    const base = [irsa(HOST_A, "system:serviceaccount:finance:reports")];

    it("calls a cluster added to a trust broadening, and leaves the existing principal alone", () => {
        assert.deepEqual(changes(base, [...base, irsa(HOST_B, "system:serviceaccount:finance:reports")]), {
            added: [[`ServiceAccount finance/reports via OIDC provider ${HOST_B}: sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`, true]],
            removed: [],
        });
    });

    it("calls a renamed ServiceAccount one principal added (broadening) and one removed", () => {
        assert.deepEqual(changes(base, [irsa(HOST_A, "system:serviceaccount:finance:reports-v2")]), {
            added: [[`ServiceAccount finance/reports-v2 via OIDC provider ${HOST_A} (cluster blue): sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`, true]],
            removed: [[`ServiceAccount finance/reports via OIDC provider ${HOST_A} (cluster blue): sts:AssumeRoleWithWebIdentity if aud = sts.amazonaws.com`, false]],
        });
    });

    it("calls a removed audience condition broadening", () => {
        assert.deepEqual(changes(base, [irsa(HOST_A, "system:serviceaccount:finance:reports", "StringEquals", false)]).added.map(([, b]) => b), [true]);
    });

    it("calls a subject widened to a pattern broadening, and narrowed back not", () => {
        const wide = [irsa(HOST_A, "system:serviceaccount:finance:*", "StringLike")];
        assert.deepEqual(changes(base, wide).added.map(([, b]) => b), [true]);
        assert.deepEqual(changes(wide, base).added.map(([, b]) => b), [false]);
    });

    it("does not call session-tag conditions added to a Pod Identity trust broadening", () => {
        const tagged: LooseStatement = { ...POD_IDENTITY, Condition: { StringEquals: { "aws:RequestTag/kubernetes-namespace": "finance", "aws:RequestTag/kubernetes-service-account": "reports" } } };
        assert.deepEqual(changes([POD_IDENTITY], [tagged]).added.map(([, b]) => b), [false]);
        assert.deepEqual(changes([tagged], [POD_IDENTITY]).added.map(([, b]) => b), [true]);
    });

    it("calls a Pod Identity ServiceAccount renamed in a pinned trust one principal added (broadening) and one removed", () => {
        const who = (sa: string): string => `ServiceAccount finance/${sa} of cluster blue via EKS Pod Identity (pods.eks.amazonaws.com): sts:AssumeRole, sts:TagSession if aws:SourceAccount = 123456789012`;
        assert.deepEqual(changes([pinned("reports")], [pinned("reports-v2")]), { added: [[who("reports-v2"), true]], removed: [[who("reports"), false]] });
    });

    it("calls a new cross-account principal broadening and a removed Deny broadening", () => {
        assert.deepEqual(changes(base, [...base, { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }]).added.map(([, b]) => b), [true]);
        const deny: LooseStatement = { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-1" } } };
        assert.deepEqual(changes([...base, deny], base).removed.map(([, b]) => b), [true]);
    });
});
