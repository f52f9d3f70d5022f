import * as assert from "node:assert/strict";
import { UnknownValueError } from "@pulumi/policy";
import {
    deploymentServiceAccountExists,
    irsaPodNoNodeCredentials,
    irsaRoleSingleServiceAccount,
    irsaServiceAccountRoleTrust,
} from "../../../policy-pack/policies";
import { deploymentOutputs, DOCUMENT_FORMS, Json, ROLE_ARN, serviceAccountOutputs, SUBJECT, validTrust } from "../../fixtures/policy/irsa";
import { HarnessResource, runStackPolicy, stackArgs, testUrn, UNKNOWN } from "../../helpers/policyHarness";

const SA = "kubernetes:core/v1:ServiceAccount";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const ROLE = "aws:iam/role:Role";
const SA_URN = testUrn(SA, "sa");
const ROLE_URN = testUrn(ROLE, "role");
const DEPLOYMENT_URN = testUrn(DEPLOYMENT, "deployment");
const ANNOTATION = `metadata.annotations["eks.amazonaws.com/role-arn"]`;

for (const form of DOCUMENT_FORMS) {
    describe(`stack policies, role outputs with the trust as ${form.label}`, () => {
        const role = (subject: string = SUBJECT, arn: string = ROLE_ARN, name = "role"): HarnessResource => ({
            type: ROLE,
            name,
            props: { arn, name: arn.split("/").pop(), assumeRolePolicy: form.wrap(validTrust(subject)) },
        });
        // null: the field is left unset (a default parameter would replace undefined).
        const sa = (namespace: string | null = "payments", name = "api", arn: string = ROLE_ARN, resourceName = "sa"): HarnessResource => ({
            type: SA,
            name: resourceName,
            props: serviceAccountOutputs(namespace ?? undefined, name, arn),
        });
        const deployment = (namespace: string | null = "payments", serviceAccountName: string | null = "api"): HarnessResource => ({
            type: DEPLOYMENT,
            name: "deployment",
            props: deploymentOutputs(namespace ?? undefined, serviceAccountName ?? undefined),
        });
        const valid = () => [role(), sa(), deployment()];

        it("pass the IRSA chain role → ServiceAccount → Deployment", async () => {
            for (const policy of [irsaServiceAccountRoleTrust, irsaRoleSingleServiceAccount, deploymentServiceAccountExists, irsaPodNoNodeCredentials]) {
                assert.deepEqual(await runStackPolicy(policy, valid()), [], policy.name);
            }
        });

        describe("irsa-service-account-role-trust", () => {
            it("reports an annotation naming a role that is not in the stack, unless allowlisted", async () => {
                const other = "arn:aws:iam::111122223333:role/elsewhere";
                assert.deepEqual(await runStackPolicy(irsaServiceAccountRoleTrust, [role(), sa("payments", "api", other)]), [
                    {
                        urn: SA_URN,
                        message: `${ANNOTATION} "${other}" is not a role in this stack: create the role in this stack, or list its ARN in allowedRoleArns in this policy's config.`,
                    },
                ]);
                assert.deepEqual(await runStackPolicy(irsaServiceAccountRoleTrust, [role(), sa("payments", "api", other)], { allowedRoleArns: [other] }), []);
            });

            it("reports a role whose trust names another ServiceAccount", async () => {
                assert.deepEqual(await runStackPolicy(irsaServiceAccountRoleTrust, [role(), sa("payments", "worker")]), [
                    {
                        urn: SA_URN,
                        message: `${ANNOTATION} "${ROLE_ARN}" names a role whose trust ":sub" is ["${SUBJECT}"], not ["system:serviceaccount:payments:worker"]: trust exactly this ServiceAccount in the role's assumeRolePolicy (StringEquals "<issuer>:sub" = "system:serviceaccount:payments:worker").`,
                    },
                ]);
            });

            it("treats a ServiceAccount without namespace as in \"default\"", async () => {
                assert.deepEqual(await runStackPolicy(irsaServiceAccountRoleTrust, [role("system:serviceaccount:default:api"), sa(null)]), []);
                assert.deepEqual(await runStackPolicy(irsaServiceAccountRoleTrust, [role(), sa(null)]), [
                    {
                        urn: SA_URN,
                        message: `${ANNOTATION} "${ROLE_ARN}" names a role whose trust ":sub" is ["${SUBJECT}"], not ["system:serviceaccount:default:api"]: trust exactly this ServiceAccount in the role's assumeRolePolicy (StringEquals "<issuer>:sub" = "system:serviceaccount:default:api").`,
                    },
                ]);
            });

            it("checks a ServiceAccountPatch like a ServiceAccount", async () => {
                const patch = { ...sa("payments", "worker"), type: "kubernetes:core/v1:ServiceAccountPatch" };
                assert.deepEqual((await runStackPolicy(irsaServiceAccountRoleTrust, [role(), patch])).map((v) => v.urn), [testUrn("kubernetes:core/v1:ServiceAccountPatch", "sa")]);
            });
        });

        describe("irsa-role-single-service-account", () => {
            it("reports a role annotated on two ServiceAccounts", async () => {
                assert.deepEqual(await runStackPolicy(irsaRoleSingleServiceAccount, [role(), sa(), sa("batch", "api", ROLE_ARN, "sa2")]), [
                    {
                        urn: ROLE_URN,
                        message: `arn "${ROLE_ARN}" is annotated on 2 ServiceAccounts ("payments/api", "batch/api"): give each ServiceAccount its own role so one compromised workload cannot use another's permissions.`,
                    },
                ]);
            });

            it("reports a role whose trust names two ServiceAccounts", async () => {
                const shared: HarnessResource = {
                    type: ROLE,
                    name: "role",
                    props: { arn: ROLE_ARN, assumeRolePolicy: form.wrap(validTrust(["system:serviceaccount:payments:api", "system:serviceaccount:batch:api"] as unknown as string)) },
                };
                assert.deepEqual(await runStackPolicy(irsaRoleSingleServiceAccount, [shared, sa()]), [
                    {
                        urn: ROLE_URN,
                        message: `assumeRolePolicy trusts 2 ServiceAccounts ("system:serviceaccount:payments:api", "system:serviceaccount:batch:api"): give each ServiceAccount its own role so one compromised workload cannot use another's permissions.`,
                    },
                ]);
            });
        });

        describe("deployment-service-account-exists", () => {
            it("reports a serviceAccountName that is not in the stack, unless allowlisted", async () => {
                assert.deepEqual(await runStackPolicy(deploymentServiceAccountExists, [role(), sa(), deployment("payments", "apii")]), [
                    {
                        urn: DEPLOYMENT_URN,
                        message: `spec.template.spec.serviceAccountName "apii" is not a ServiceAccount in this stack (namespace "payments"): create it in this stack, fix the name, or list "payments/apii" in allowedServiceAccounts in this policy's config.`,
                    },
                ]);
                const config = { allowedServiceAccounts: ["payments/apii"] };
                assert.deepEqual(await runStackPolicy(deploymentServiceAccountExists, [role(), sa(), deployment("payments", "apii")], config), []);
            });

            it("reports a Deployment without serviceAccountName (it runs as \"default\")", async () => {
                assert.deepEqual(await runStackPolicy(deploymentServiceAccountExists, [role(), sa(), deployment(null, null)]), [
                    {
                        urn: DEPLOYMENT_URN,
                        message: `spec.template.spec.serviceAccountName is not set, so pods run as "default" (namespace "default"), which is not a ServiceAccount in this stack: set serviceAccountName to the workload's own ServiceAccount.`,
                    },
                ]);
            });

            it("matches a Deployment without namespace to a ServiceAccount without namespace", async () => {
                assert.deepEqual(await runStackPolicy(deploymentServiceAccountExists, [sa(null), deployment(null, "api")]), []);
            });
        });

        describe("irsa-pod-no-node-credentials", () => {
            it("reports hostNetwork and static credentials in pods of an IRSA workload", async () => {
                const d = deployment();
                const podSpec = ((d.props["spec"] as { [k: string]: Json })["template"] as { [k: string]: { [k: string]: Json } })["spec"]!;
                podSpec["hostNetwork"] = true;
                podSpec["initContainers"] = [{ name: "init", image: "busybox", env: [{ name: "AWS_SECRET_ACCESS_KEY", value: "x" }] }];
                assert.deepEqual(await runStackPolicy(irsaPodNoNodeCredentials, [role(), sa(), d]), [
                    {
                        urn: DEPLOYMENT_URN,
                        message: `spec.template.spec.hostNetwork true puts pods of an IRSA workload on the node's network, where the instance metadata service hands out the node role's credentials: remove hostNetwork.`,
                    },
                    {
                        urn: DEPLOYMENT_URN,
                        message: `spec.template.spec.initContainers[0].env[0].name "AWS_SECRET_ACCESS_KEY" sets static AWS credentials, which the AWS SDKs use before the ServiceAccount's web identity token: remove it and rely on the ServiceAccount's role.`,
                    },
                ]);
            });

            it("ignores Deployments whose ServiceAccount has no role", async () => {
                const plain: HarnessResource = { type: SA, name: "sa", props: { metadata: { name: "api", namespace: "payments" } } };
                const d = deployment();
                const podSpec = ((d.props["spec"] as { [k: string]: Json })["template"] as { [k: string]: { [k: string]: Json } })["spec"]!;
                podSpec["hostNetwork"] = true;
                assert.deepEqual(await runStackPolicy(irsaPodNoNodeCredentials, [plain, d]), []);
            });
        });
    });
}

describe("stack policies with unknown outputs", () => {
    it("report what they can check, then throw UnknownValueError for the rest", async () => {
        const unknownRole: HarnessResource = { type: ROLE, name: "role", props: { arn: UNKNOWN, assumeRolePolicy: UNKNOWN } };
        const found: { urn: string | undefined; message: string }[] = [];
        const args = stackArgs([unknownRole, { type: SA, name: "sa", props: serviceAccountOutputs("payments", "api") }, { type: SA, name: "sa2", props: serviceAccountOutputs("batch", "api") }]);
        await assert.rejects(async () => irsaRoleSingleServiceAccount.validateStack(args, (message, urn) => found.push({ urn, message })), UnknownValueError);
        assert.deepEqual(found, [
            {
                urn: testUrn(SA, "sa"),
                message: `arn "${ROLE_ARN}" is annotated on 2 ServiceAccounts ("payments/api", "batch/api"): give each ServiceAccount its own role so one compromised workload cannot use another's permissions.`,
            },
        ]);
    });
});
