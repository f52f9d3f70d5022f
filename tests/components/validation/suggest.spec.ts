import * as assert from "node:assert/strict";
import { editDistance, misspelledField, nearestName } from "../../../components/validation/suggest";
import { configProblems } from "../../helpers/configProblems";

type Json = Record<string, unknown>;

const problemsOf = (config: unknown): string[] => configProblems(config);

function valid(): Json {
    return {
        cluster: { mode: "adopt", name: "sandbox" },
        workloads: [{ name: "reader", namespace: "apps", serviceAccount: "reader", deployment: false }],
    };
}

describe("nearestName", () => {
    it("counts a swap of two adjacent characters as one edit", () => {
        assert.equal(editDistance("omde", "mode"), 1);
        assert.equal(editDistance("servce", "service"), 1);
        assert.equal(editDistance("tag", "tags"), 1);
        assert.equal(editDistance("abc", "abc"), 0);
        assert.equal(editDistance("", "abc"), 3);
    });

    it("finds the same name in another case first", () => {
        assert.equal(nearestName("oidcprovider", ["cluster", "oidcProvider"]), "oidcProvider");
        assert.equal(nearestName("Tags", ["tags", "tag"]), "tags");
    });

    it("allows one edit under five characters and two from five on, and nothing further", () => {
        assert.equal(nearestName("tag", ["cluster", "tags"]), "tags");
        assert.equal(nearestName("tg", ["tags"]), undefined);
        assert.equal(nearestName("workload", ["workloads", "cluster"]), "workloads");
        assert.equal(nearestName("wrkload", ["workloads"]), "workloads");
        assert.equal(nearestName("region", ["mode", "name", "podIdentityAgent", "fargateOnly"]), undefined);
    });

    it("names the key that misspells a missing field, and nothing when the field is there", () => {
        assert.equal(misspelledField({ omde: "adopt", name: "x" }, "mode", ["mode", "name"]), "omde");
        assert.equal(misspelledField({ mode: "adopt", omde: "x" }, "mode", ["mode", "name"]), undefined);
        assert.equal(misspelledField({ name: "x" }, "mode", ["mode", "name"]), undefined);
    });
});

describe("misspelled discriminators and fields", () => {
    it("names cluster.omde as the typo of mode, and checks the cluster as adopted", () => {
        const config = valid();
        config.cluster = { omde: "adopt", name: "sandbox", version: "1.31" };
        assert.deepEqual(problemsOf(config), [
            'cluster.omde "adopt" is a misspelling of mode: rename it to mode.',
            'cluster.version "1.31" is not used with an adopted cluster: remove it (an adopted cluster is used as it is).',
        ]);
    });

    it("names oidcProvider.moed as the typo of mode", () => {
        const config = valid();
        config.oidcProvider = { moed: "lookup" };
        assert.deepEqual(problemsOf(config), ['oidcProvider.moed "lookup" is a misspelling of mode: rename it to mode.']);
    });

    it("names grants[0].servce as the typo of service, and checks the rest of the grant", () => {
        const config = valid();
        (config.workloads as Json[])[0]!.grants = [{ servce: "s3", bucket: "reports", access: "raed" }];
        assert.deepEqual(problemsOf(config), [
            'workloads[0].grants[0].servce "s3" is a misspelling of service: rename it to service.',
            'workloads[0].grants[0].access "raed" is not an access level of s3 grants: use "read", "write", "read-write" or "list".',
        ]);
    });

    it("names addon.nmae as the typo of name", () => {
        const config = valid();
        (config.workloads as Json[])[0]!.addon = { nmae: "external-dns", hostedZoneArns: ["arn:aws:route53:::hostedzone/Z123"] };
        assert.deepEqual(problemsOf(config), ['workloads[0].addon.nmae "external-dns" is a misspelling of name: rename it to name.']);
    });

    it("names a misspelled required workload field as the typo, not as missing", () => {
        const config = valid();
        config.workloads = [{ name: "reader", namespace: "apps", serviceAcount: "reader", deploymnet: false }];
        assert.deepEqual(problemsOf(config), [
            'workloads[0].serviceAcount "reader" is a misspelling of serviceAccount: rename it to serviceAccount.',
            "workloads[0].deploymnet false is a misspelling of deployment: rename it to deployment.",
        ]);
    });

    it("puts the nearest field first in the fix of an unknown field", () => {
        const config = valid();
        config.Tags = { team: "a" };
        assert.deepEqual(problemsOf(config), [
            'Tags {"team":"a"} is not a known field: use tags (one of cluster, oidcProvider, workloads, tags, identity, roleNamePrefix, trustedClusters, accounts, maxTrustPolicyLength).',
        ]);
    });
});
