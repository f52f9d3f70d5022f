import * as assert from "node:assert/strict";
import { PolicyDescription, resolvePackConfig } from "../../synth/analyzer/packConfig";

const policies: PolicyDescription[] = [
    { name: "trust-sub", description: "d", enforcementLevel: "mandatory", configProperties: { allowedSubPatterns: { default: [] } } },
    { name: "managed-broad", description: "d", enforcementLevel: "advisory", configProperties: {} },
];

describe("resolvePackConfig", () => {
    it("keeps each policy's own level and schema defaults when no file is given", () => {
        assert.deepEqual(
            [...resolvePackConfig(policies, undefined)],
            [
                ["trust-sub", { enforcementLevel: "mandatory", properties: { allowedSubPatterns: [] } }],
                ["managed-broad", { enforcementLevel: "advisory", properties: {} }],
            ],
        );
    });

    it("applies 'all' first and a policy's own entry over it", () => {
        const got = resolvePackConfig(policies, { all: "advisory", "trust-sub": { enforcementLevel: "mandatory", allowedSubPatterns: ["system:serviceaccount:ci:*"] } });
        assert.deepEqual(got.get("trust-sub"), { enforcementLevel: "mandatory", properties: { allowedSubPatterns: ["system:serviceaccount:ci:*"] } });
        assert.deepEqual(got.get("managed-broad"), { enforcementLevel: "advisory", properties: {} });
    });

    it("takes a bare level as a policy's entry", () => {
        assert.deepEqual(resolvePackConfig(policies, { "managed-broad": "disabled" }).get("managed-broad"), { enforcementLevel: "disabled", properties: {} });
    });

    it("lists every problem in one error", () => {
        assert.throws(
            () => resolvePackConfig(policies, { all: "loud", nope: "advisory", "trust-sub": { enforcementLevel: 3, color: "red" }, "managed-broad": 7 }, "cfg.json"),
            {
                message: [
                    'cfg.json all "loud" is not an enforcement level: use one of advisory, mandatory, remediate, disabled.',
                    'cfg.json "nope" is not a policy of this pack: use one of trust-sub, managed-broad.',
                    "cfg.json trust-sub.enforcementLevel 3 is not an enforcement level: use one of advisory, mandatory, remediate, disabled.",
                    "cfg.json trust-sub.color is not a setting of this policy: use one of allowedSubPatterns.",
                    'cfg.json managed-broad 7 is neither a level nor an object: use "advisory", "mandatory", "disabled" or {"enforcementLevel": …, …}.',
                ].join("\n"),
            },
        );
    });
});
