import * as assert from "node:assert/strict";
import { IrsaConfigError, readStackConfig, stackConfigArgs } from "../../../components/validation";

const KEYS = "one of eks-irsa:cluster, eks-irsa:oidcProvider, eks-irsa:workloads, eks-irsa:tags, eks-irsa:identity, eks-irsa:roleNamePrefix, eks-irsa:trustedClusters, eks-irsa:accounts, eks-irsa:maxTrustPolicyLength";

/** A valid stack config as the CLI passes it: `<namespace>:<key>` → value, structured values as JSON text. */
function config(extra: Record<string, string> = {}): Record<string, string> {
    return {
        "aws:region": "us-west-2",
        "eks-irsa:cluster": JSON.stringify({ mode: "adopt", name: "sandbox" }),
        "eks-irsa:workloads": JSON.stringify([{ name: "reader", namespace: "apps", serviceAccount: "reader", deployment: false }]),
        "eks-irsa:identity": "irsa",
        ...extra,
    };
}

function problemsOf(stackConfig: Record<string, string>): string[] {
    try {
        readStackConfig(stackConfig, "eks-irsa-dev");
        return [];
    } catch (error) {
        assert.ok(error instanceof IrsaConfigError, `expected IrsaConfigError, got ${String(error)}`);
        return error.problems;
    }
}

describe("stackConfigArgs", () => {
    it("reads the keys of its namespace only, JSON for structured keys and plain strings for identity and roleNamePrefix", () => {
        const { args, problems } = stackConfigArgs(config({ "eks-irsa:roleNamePrefix": "123", "other:tag": "x", "pulumi:tags": "{}" }));
        assert.deepEqual(problems, []);
        assert.deepEqual(args, {
            cluster: { mode: "adopt", name: "sandbox" },
            workloads: [{ name: "reader", namespace: "apps", serviceAccount: "reader", deployment: false }],
            identity: "irsa",
            roleNamePrefix: "123",
        });
    });

    it("keeps a structured key's value that is not JSON as the string, for validation to report", () => {
        assert.deepEqual(stackConfigArgs({ "eks-irsa:cluster": "sandbox" }).args, { cluster: "sandbox" });
    });

    it("refuses every unknown key of the namespace, naming the nearest key and never the value", () => {
        assert.deepEqual(stackConfigArgs(config({ "eks-irsa:tag": JSON.stringify({ team: "a" }), "eks-irsa:oidcprovider": "{}", "eks-irsa:Tags": "{}", "eks-irsa:secretThing": "hunter2" })).problems, [
            `eks-irsa:tag is not a config key of this program: use eks-irsa:tags (${KEYS}).`,
            `eks-irsa:oidcprovider is not a config key of this program: use eks-irsa:oidcProvider (${KEYS}).`,
            `eks-irsa:Tags is not a config key of this program: use eks-irsa:tags (${KEYS}).`,
            `eks-irsa:secretThing is not a config key of this program: use ${KEYS}.`,
        ]);
    });
});

describe("readStackConfig", () => {
    it("returns the arguments of a valid config", () => {
        assert.deepEqual(problemsOf(config()), []);
    });

    it("throws one error listing the unknown keys and the problems of the values", () => {
        assert.deepEqual(problemsOf(config({ "eks-irsa:tag": "{}", "eks-irsa:cluster": JSON.stringify({ omde: "adopt", name: "sandbox" }) })), [
            `eks-irsa:tag is not a config key of this program: use eks-irsa:tags (${KEYS}).`,
            'cluster.omde "adopt" is a misspelling of mode: rename it to mode.',
        ]);
    });
});
