import * as assert from "node:assert/strict";
import { execKubeconfig } from "../../components/kubeconfig";

describe("execKubeconfig", () => {
    it("points at the endpoint with the CA and authenticates with aws eks get-token for the cluster and region", () => {
        assert.deepEqual(
            execKubeconfig({ clusterName: "sandbox", endpoint: "https://ABC.gr7.ap-southeast-2.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: "ap-southeast-2" }),
            {
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: "sandbox", cluster: { server: "https://ABC.gr7.ap-southeast-2.eks.amazonaws.com", "certificate-authority-data": "Q0E=" } }],
                contexts: [{ name: "sandbox", context: { cluster: "sandbox", user: "sandbox" } }],
                "current-context": "sandbox",
                users: [
                    {
                        name: "sandbox",
                        user: {
                            exec: {
                                apiVersion: "client.authentication.k8s.io/v1beta1",
                                command: "aws",
                                args: ["eks", "get-token", "--cluster-name", "sandbox", "--output", "json", "--region", "ap-southeast-2"],
                                interactiveMode: "Never",
                            },
                        },
                    },
                ],
            },
        );
    });

    it("leaves the region to the AWS CLI when none is given", () => {
        const config = execKubeconfig({ clusterName: "c", endpoint: "https://e", certificateAuthorityData: "x" });
        assert.deepEqual(config.users[0]?.user.exec.args, ["eks", "get-token", "--cluster-name", "c", "--output", "json"]);
    });
});
