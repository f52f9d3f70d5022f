import * as assert from "node:assert/strict";
import { ADDON_MODULES } from "../../components/addons";
import { CONFIG_FIELDS } from "../../components/configFields";
import { GRANT_MODULES } from "../../components/grants";
import { validateIrsaClusterArgs } from "../../components";
import { WORKLOAD_VALIDATORS } from "../../components/validation/workload";

/** The grant interface of each service, as components/grants declares them. */
const GRANT_TYPES = {
    s3: "S3Grant",
    dynamodb: "DynamoDbGrant",
    sqs: "SqsGrant",
    sns: "SnsGrant",
    secretsmanager: "SecretGrant",
    ssm: "SsmGrant",
    kms: "KmsGrant",
    ecr: "EcrGrant",
    logs: "LogsGrant",
} as const;

describe("the config's field lists (components/configFields.ts, generated from components/config.ts)", () => {
    it("are owned by the workload validators, each field by one validator, in the config's order", () => {
        assert.deepEqual(
            WORKLOAD_VALIDATORS.flatMap((validator) => validator.fields),
            [...CONFIG_FIELDS.WorkloadSpec],
        );
    });

    it("are the fields each grant module checks", () => {
        for (const [service, module] of Object.entries(GRANT_MODULES)) {
            const declared: readonly string[] = CONFIG_FIELDS[GRANT_TYPES[service as keyof typeof GRANT_TYPES]];
            assert.deepEqual(["service", module.resourceField, "access", ...module.optionalFields].sort(), [...declared].sort(), service);
        }
    });

    it("are the fields each add-on module checks", () => {
        const addonTypes = Object.keys(CONFIG_FIELDS).filter((name) => name.endsWith("Addon"));
        assert.equal(addonTypes.length, Object.keys(ADDON_MODULES).length);
        for (const [name, module] of Object.entries(ADDON_MODULES)) {
            const type = addonTypes.find((t) => t.toLowerCase() === `${name.replace(/-/g, "")}addon`);
            assert.ok(type, `an interface for add-on ${name}`);
            const declared: readonly string[] = CONFIG_FIELDS[type as keyof typeof CONFIG_FIELDS];
            assert.deepEqual(["name", ...Object.keys(module.fields)].sort(), [...declared].sort(), name);
        }
    });

    it("name every known field in the unknown-key message, in the config's order", () => {
        assert.throws(
            () =>
                validateIrsaClusterArgs({
                    cluster: { mode: "create", name: "c" },
                    workloads: [],
                    unknownThing: true,
                } as never),
            (err: Error) => {
                assert.equal(
                    err.message.split("\n").find((line) => line.includes("unknownThing")),
                    "  - unknownThing true is not a known field: use one of cluster, oidcProvider, workloads, tags, identity, roleNamePrefix, trustedClusters, accounts, maxTrustPolicyLength.",
                );
                return true;
            },
        );
    });
});
