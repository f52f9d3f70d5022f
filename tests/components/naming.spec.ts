import * as assert from "node:assert/strict";
import {
    fitRoleName,
    issuerHost,
    namespaceResourceName,
    policyAttachmentName,
    roleName,
    serviceAccountSubject,
    shortHash,
    workloadResourceNames,
} from "../../components/naming";

describe("naming", () => {
    describe("roleName", () => {
        it("joins the component and workload names when they fit in 64 characters", () => {
            assert.equal(roleName("eks-irsa-example", "s3-reader"), "eks-irsa-example-s3-reader");
        });

        it("keeps a name of exactly 64 characters as it is", () => {
            const workload = "w".repeat(64 - "platform-".length);
            assert.equal(roleName("platform", workload), `platform-${workload}`);
            assert.equal(roleName("platform", workload).length, 64);
        });

        it("shortens a 65-character name to 55 characters, a dash and an 8-character SHA-256", () => {
            const workload = "w".repeat(65 - "platform-".length);
            const full = `platform-${workload}`;
            assert.equal(roleName("platform", workload), `${full.slice(0, 55)}-${shortHash(full)}`);
            assert.equal(roleName("platform", workload).length, 64);
        });

        it("derives the same shortened name on every call and different ones for different workloads", () => {
            const a = "a".repeat(63);
            const b = `${"a".repeat(62)}b`;
            assert.equal(roleName("platform-with-a-long-name", a), roleName("platform-with-a-long-name", a));
            assert.notEqual(roleName("platform-with-a-long-name", a), roleName("platform-with-a-long-name", b));
        });

        it("replaces characters IAM refuses in a component name", () => {
            assert.equal(roleName("my stack/prod", "api"), "my-stack-prod-api");
        });
    });

    describe("shortHash", () => {
        it("is the start of the SHA-256 hex digest", () => {
            assert.equal(shortHash("abc"), "ba7816bf");
        });
    });

    describe("fitRoleName", () => {
        it("returns a name that fits unchanged", () => {
            assert.equal(fitRoleName("short"), "short");
        });
    });

    describe("serviceAccountSubject", () => {
        it("is system:serviceaccount:<namespace>:<name>", () => {
            assert.equal(serviceAccountSubject("ns-utils", "s3fullaccess"), "system:serviceaccount:ns-utils:s3fullaccess");
        });
    });

    describe("issuerHost", () => {
        it("strips https:// from the issuer URL", () => {
            assert.equal(
                issuerHost("https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"),
                "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            );
        });

        it("strips a trailing slash and leaves a host without a scheme as it is", () => {
            assert.equal(issuerHost("oidc.eks.eu-west-1.amazonaws.com/id/ABC/"), "oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        });
    });

    describe("logical names", () => {
        it("derives every workload resource's name from the workload component's name", () => {
            assert.deepEqual(workloadResourceNames("eks-irsa-dev-api"), {
                component: "eks-irsa-dev-api",
                role: "eks-irsa-dev-api-role",
                rolePolicy: "eks-irsa-dev-api-policy",
                serviceAccount: "eks-irsa-dev-api-sa",
                existingServiceAccount: "eks-irsa-dev-api-sa-must-exist",
                deployment: "eks-irsa-dev-api-deploy",
            });
        });

        it("names a policy attachment after the policy and a hash of its ARN, not its position", () => {
            const arn = "arn:aws:iam::123456789012:policy/team/reader";
            assert.equal(policyAttachmentName("eks-irsa-dev-api", arn), `eks-irsa-dev-api-attach-reader-${shortHash(arn)}`);
        });

        it("names a namespace after the component and the namespace", () => {
            assert.equal(namespaceResourceName("eks-irsa-dev", "data"), "eks-irsa-dev-ns-data");
        });
    });
});
