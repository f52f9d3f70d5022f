import * as assert from "node:assert/strict";
import { ACCOUNT, Doc, DOCUMENT_FORMS, ISSUER, Json, PROVIDER_ARN, ROLE_ARN, SEED_000_MANAGED_POLICY, seed001SubOnlyTrust, seed004AudOnlyTrust, validPermissions, validTrust } from "../fixtures/policy/irsa";
import { deploymentOutputs, serviceAccountOutputs } from "../fixtures/policy/irsa";
import { UNKNOWN } from "../helpers/policyHarness";
import { PackResource, runPackInProcess } from "../helpers/policyPackRunner";

const urn = (type: string, name: string) => `urn:pulumi:dev::eks-irsa::${type}::${name}`;
const ROLE_URN = urn("aws:iam/role:Role", "payments-api");
const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;

/** The IRSA chain of one workload, as a plan: OIDC provider, role, ServiceAccount, Deployment. */
function stack(trust: Json, extra: { managedPolicyArns?: string[]; inline?: Json } = {}): PackResource[] {
    const roleInputs = {
        name: "payments-api",
        assumeRolePolicy: trust,
        inlinePolicies: [{ name: "permissions", policy: extra.inline ?? JSON.stringify(validPermissions()) }],
        ...(extra.managedPolicyArns === undefined ? {} : { managedPolicyArns: extra.managedPolicyArns }),
    };
    return [
        {
            urn: urn("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "oidc"),
            type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
            name: "oidc",
            inputs: { url: `https://${ISSUER}`, clientIdLists: ["sts.amazonaws.com"] },
            outputs: { url: `https://${ISSUER}`, clientIdLists: ["sts.amazonaws.com"], arn: PROVIDER_ARN },
        },
        { urn: ROLE_URN, type: "aws:iam/role:Role", name: "payments-api", inputs: roleInputs, outputs: { ...roleInputs, arn: ROLE_ARN } },
        {
            urn: urn("kubernetes:core/v1:ServiceAccount", "api"),
            type: "kubernetes:core/v1:ServiceAccount",
            name: "api",
            inputs: serviceAccountOutputs("payments", "api"),
            dependencies: [ROLE_URN],
        },
        { urn: urn("kubernetes:apps/v1:Deployment", "api"), type: "kubernetes:apps/v1:Deployment", name: "api", inputs: deploymentOutputs("payments", "api") },
    ];
}

describe("the irsa-guard pack, run as the engine runs it", () => {
    for (const form of DOCUMENT_FORMS) {
        it(`reports nothing for a least-privilege IRSA workload, trust as ${form.label}`, async () => {
            assert.deepEqual(await runPackInProcess(stack(form.wrap(validTrust()))), []);
        });
    }

    it("reports advisories, never a silent pass, when the trust is unknown during preview", async () => {
        const policies = [
            "irsa-trust-subject",
            "irsa-trust-audience",
            "irsa-trust-issuer-match",
            "irsa-trust-strict-operators",
            "irsa-trust-statement-shape",
            "irsa-trust-no-default-service-account",
            "iam-policy-size",
            "iam-document-valid",
            "pod-identity-trust-shape",
            "pod-identity-trust-source",
            "iam-trust-no-public-principal",
            "iam-trust-account-root",
            "iam-document-grammar",
            "iam-condition-openings",
            "iam-condition-keys-valid",
            "irsa-trust-subject-string-equals",
        ];
        const resourceAdvisories = policies.map((policyName) => ({
            policyName,
            enforcementLevel: "advisory",
            urn: ROLE_URN,
            message: `can't run policy '${policyName}' from policy pack 'irsa-guard@v0.1.0' during preview: string value at .assumeRolePolicy can't be known during preview`,
        }));
        // The stack rules of several clusters and accounts cannot tell either without the trust.
        const stackAdvisories = ["irsa-service-account-role-trust", "irsa-role-single-service-account", "irsa-trust-provider-account", "irsa-trust-declared-provider"].map((policyName) => ({
            policyName,
            enforcementLevel: "advisory",
            urn: "",
            message: `can't run policy '${policyName}' from policy pack 'irsa-guard@v0.1.0' during preview: string value at .assumeRolePolicy can't be known during preview`,
        }));
        const violations = await runPackInProcess(stack(UNKNOWN));
        assert.deepEqual(violations, [...resourceAdvisories, ...stackAdvisories]);
    });

    it("reports advisories, not a missing role, when a new role's ARN and the annotation are unknown during preview", async () => {
        const plan = stack(JSON.stringify(validTrust())).map((r) => {
            if (r.type === "aws:iam/role:Role") {
                return { ...r, outputs: { ...r.inputs, arn: UNKNOWN } };
            }
            if (r.type === "kubernetes:core/v1:ServiceAccount") {
                return { ...r, inputs: serviceAccountOutputs("payments", "api", UNKNOWN) };
            }
            return r;
        });
        const annotation = "string value at .metadata.annotations.eks.amazonaws.com/role-arn can't be known during preview";
        assert.deepEqual(await runPackInProcess(plan), [
            {
                policyName: "irsa-service-account-role-trust",
                enforcementLevel: "advisory",
                urn: "",
                message: `can't run policy 'irsa-service-account-role-trust' from policy pack 'irsa-guard@v0.1.0' during preview: ${annotation}`,
            },
            {
                policyName: "irsa-role-single-service-account",
                enforcementLevel: "advisory",
                urn: "",
                message: `can't run policy 'irsa-role-single-service-account' from policy pack 'irsa-guard@v0.1.0' during preview: ${annotation}`,
            },
            {
                // The role's account comes from its ARN.
                policyName: "irsa-trust-provider-account",
                enforcementLevel: "advisory",
                urn: "",
                message: "can't run policy 'irsa-trust-provider-account' from policy pack 'irsa-guard@v0.1.0' during preview: string value at .arn can't be known during preview",
            },
        ]);
    });

    it("flags seed 004's aud-only trust (any ServiceAccount of the cluster)", async () => {
        const violations = await runPackInProcess(stack(JSON.stringify(seed004AudOnlyTrust())));
        assert.deepEqual(violations, [
            {
                policyName: "irsa-trust-subject",
                enforcementLevel: "mandatory",
                urn: ROLE_URN,
                message: `assumeRolePolicy Statement[0].Condition has no StringEquals on "${SUB}": add StringEquals "${SUB}" = "system:serviceaccount:<namespace>:<name>" so only one ServiceAccount can assume this role.`,
            },
            {
                policyName: "irsa-service-account-role-trust",
                enforcementLevel: "mandatory",
                urn: urn("kubernetes:core/v1:ServiceAccount", "api"),
                message: `metadata.annotations["eks.amazonaws.com/role-arn"] "${ROLE_ARN}" names a role whose trust ":sub" is [], not ["system:serviceaccount:payments:api"]: trust exactly this ServiceAccount in the role's assumeRolePolicy (StringEquals "<issuer>:sub" = "system:serviceaccount:payments:api").`,
            },
        ]);
    });

    it("flags seed 001's sub-only trust (no audience)", async () => {
        const violations = await runPackInProcess(stack(seed001SubOnlyTrust()));
        assert.deepEqual(
            violations.map((v) => [v.policyName, v.enforcementLevel, v.message]),
            [
                [
                    "irsa-trust-audience",
                    "mandatory",
                    `assumeRolePolicy Statement[0].Condition has no StringEquals on "${AUD}": add StringEquals "${AUD}" = "sts.amazonaws.com" so only tokens minted for STS are accepted.`,
                ],
                [
                    "irsa-service-account-role-trust",
                    "mandatory",
                    `metadata.annotations["eks.amazonaws.com/role-arn"] "${ROLE_ARN}" names a role whose trust ":sub" is ["system:serviceaccount:my-cluster-namespace:my-serviceaccount"], not ["system:serviceaccount:payments:api"]: trust exactly this ServiceAccount in the role's assumeRolePolicy (StringEquals "<issuer>:sub" = "system:serviceaccount:payments:api").`,
                ],
            ],
        );
    });

    it("flags seed 000's AmazonS3FullAccess", async () => {
        const violations = await runPackInProcess(stack(validTrust(), { managedPolicyArns: [SEED_000_MANAGED_POLICY] }));
        assert.deepEqual(violations, [
            {
                policyName: "iam-no-broad-managed-policies",
                enforcementLevel: "mandatory",
                urn: ROLE_URN,
                message: `managedPolicyArns[0] "${SEED_000_MANAGED_POLICY}" is a broad AWS-managed policy: attach a policy with only the actions and resources the workload needs, or list the ARN in allowedPolicyArns in this policy's config.`,
            },
        ]);
    });

    it("applies --policy-pack-config levels and properties", async () => {
        const broad: Doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::b/*" }] };
        const plan = stack(validTrust(), { managedPolicyArns: [SEED_000_MANAGED_POLICY], inline: JSON.stringify(broad) });
        const violations = await runPackInProcess(plan, {
            "iam-no-broad-managed-policies": "disabled",
            "iam-no-wildcard-actions": { enforcementLevel: "advisory" },
        });
        assert.deepEqual(violations, [
            {
                policyName: "iam-no-wildcard-actions",
                enforcementLevel: "advisory",
                urn: ROLE_URN,
                message: `inlinePolicies[0].policy Statement[0].Action "s3:Get*" is a wildcard, which also grants every matching action AWS adds later: list the exact actions, or list the pattern in allowedWildcardActions in this policy's config.`,
            },
        ]);
        const allowed = await runPackInProcess(plan, {
            "iam-no-broad-managed-policies": { allowedPolicyArns: [SEED_000_MANAGED_POLICY] },
            "iam-no-wildcard-actions": { allowedWildcardActions: ["s3:Get*"] },
        });
        assert.deepEqual(allowed, []);
    });

    it("checks hundreds of workloads with one index (linear), reporting only the one shared role", async () => {
        const plan: PackResource[] = [];
        for (let i = 0; i < 300; i++) {
            const arn = `arn:aws:iam::${ACCOUNT}:role/w${i}`;
            const outputs = { name: `w${i}`, arn, assumeRolePolicy: JSON.stringify(validTrust(`system:serviceaccount:ns${i}:sa`)) };
            plan.push({ urn: urn("aws:iam/role:Role", `w${i}`), type: "aws:iam/role:Role", name: `w${i}`, inputs: outputs });
            plan.push({ urn: urn("kubernetes:core/v1:ServiceAccount", `w${i}`), type: "kubernetes:core/v1:ServiceAccount", name: `w${i}`, inputs: serviceAccountOutputs(`ns${i}`, "sa", arn) });
        }
        plan.push({
            urn: urn("kubernetes:core/v1:ServiceAccount", "intruder"),
            type: "kubernetes:core/v1:ServiceAccount",
            name: "intruder",
            inputs: serviceAccountOutputs("ns7", "other", `arn:aws:iam::${ACCOUNT}:role/w7`),
        });
        const violations = await runPackInProcess(plan);
        assert.deepEqual(
            violations.map((v) => [v.policyName, v.urn]),
            [
                ["irsa-service-account-role-trust", urn("kubernetes:core/v1:ServiceAccount", "intruder")],
                ["irsa-role-single-service-account", urn("aws:iam/role:Role", "w7")],
            ],
        );
    });
});
