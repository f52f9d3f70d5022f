import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RecordedResource } from "../../synth/fakeCloud";
import { fromStackExport } from "../../synth/analyzer/requests";
import { readStackExport, revealValue, SECRET_SIG, SIG_KEY, StackExportWriter, toStackExport, UNKNOWN } from "../../synth/stackExport";
import { tempDir } from "../helpers/tempDir";

const stackUrn = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const roleUrn = "urn:pulumi:dev::proj::aws:iam/role:Role::r";
const recorded: RecordedResource[] = [
    { urn: stackUrn, type: "pulumi:pulumi:Stack", name: "proj-dev", custom: false, dependencies: [], propertyDependencies: {}, inputs: {}, outputs: {} },
    {
        urn: roleUrn,
        type: "aws:iam/role:Role",
        name: "r",
        custom: true,
        id: "r-1",
        parent: stackUrn,
        dependencies: [],
        propertyDependencies: { assumeRolePolicy: [] },
        inputs: { assumeRolePolicy: "{}" },
        outputs: { arn: "arn:aws:iam::123456789012:role/r-1", token: { [SIG_KEY]: SECRET_SIG, value: "s3cr3t" } },
    },
];

describe("toStackExport", () => {
    const exported = toStackExport(recorded, { project: "proj", stack: "dev", time: "1970-01-01T00:00:00Z" });

    it("writes a version 3 deployment with a default provider for resources that named none", () => {
        assert.equal(exported.version, 3);
        const types = exported.deployment.resources.map((r) => r.type);
        assert.deepEqual(types, ["pulumi:pulumi:Stack", "pulumi:providers:aws", "aws:iam/role:Role"]);
        const provider = exported.deployment.resources[1]!;
        assert.equal(provider.urn, "urn:pulumi:dev::proj::pulumi:providers:aws::default_7_48_0");
        assert.equal(exported.deployment.resources[2]!.provider, `${provider.urn}::${provider.id}`);
    });

    it("writes secrets in the --show-secrets form and reads them back", () => {
        const role = exported.deployment.resources[2]!;
        assert.deepEqual(role.outputs!.token, { [SIG_KEY]: SECRET_SIG, plaintext: '"s3cr3t"' });
        assert.deepEqual(revealValue(role.outputs), { arn: "arn:aws:iam::123456789012:role/r-1", token: "s3cr3t" });
    });

    it("copies only what holds a secret: the recorded values stay as they were, unchanged parts are shared, a key __proto__ stays a key", () => {
        const secret = (value: unknown): Record<string, unknown> => ({ [SIG_KEY]: SECRET_SIG, value });
        const inputs = JSON.parse(JSON.stringify({ plain: { a: [1, { b: "c" }] }, list: [1, secret({ x: 1 })] })) as Record<string, unknown>;
        Object.defineProperty(inputs, "__proto__", { value: { key: secret("s") }, enumerable: true, writable: true, configurable: true });
        const before = JSON.stringify(inputs);
        const rec: RecordedResource = { urn: "urn:pulumi:dev::proj::pulumi:test:C::c", type: "pulumi:test:C", name: "c", custom: false, dependencies: [], propertyDependencies: {}, inputs, outputs: inputs };
        const exported = toStackExport([rec], { project: "proj", stack: "dev", time: "t" }).deployment.resources.at(-1)!;
        const out = exported.inputs!;
        assert.equal(JSON.stringify(inputs), before, "the recorded inputs are not written to");
        assert.equal(out.plain, inputs.plain, "a part without secrets is the recorded one, not a copy");
        assert.notEqual(out.list, inputs.list);
        assert.deepEqual(out.list, [1, { [SIG_KEY]: SECRET_SIG, plaintext: '{"x":1}' }]);
        assert.equal(Object.getPrototypeOf(out), Object.prototype);
        assert.deepEqual(Object.keys(out), ["plain", "list", "__proto__"]);
        assert.deepEqual(Object.getOwnPropertyDescriptor(out, "__proto__")?.value, { key: { [SIG_KEY]: SECRET_SIG, plaintext: '"s"' } });
        const revealed = revealValue(out) as Record<string, unknown>;
        assert.equal(revealed.plain, inputs.plain);
        assert.equal(JSON.stringify(revealed), JSON.stringify({ plain: { a: [1, { b: "c" }] }, list: [1, { x: 1 }], ["__proto__"]: { key: "s" } }));
    });

    it("treats ciphertext it cannot decrypt as unknown", () => {
        assert.equal(revealValue({ [SIG_KEY]: SECRET_SIG, ciphertext: "AAAA" }), UNKNOWN);
    });

    it("round-trips through a file into analyzer resources with their provider", () => {
        const file = path.join(tempDir("export-"), "stack.json");
        fs.writeFileSync(file, JSON.stringify(exported));
        const resources = fromStackExport(readStackExport(file).deployment.resources);
        const role = resources.find((r) => r.urn === roleUrn)!;
        assert.deepEqual(
            { name: role.name, parent: role.parent, inputs: role.inputs, provider: role.provider?.type },
            { name: "r", parent: stackUrn, inputs: { assumeRolePolicy: "{}" }, provider: "pulumi:providers:aws" },
        );
    });

    it("rejects an export of a version newer than the CLI writes, naming the file", () => {
        const file = path.join(tempDir("export-"), "new.json");
        fs.writeFileSync(file, JSON.stringify({ version: 7, deployment: { resources: [] } }));
        assert.throws(() => readStackExport(file), { message: `${file} version 7 is newer than the stack exports this reads (1 to 4): export the stack with a CLI that writes version 4 at most.` });
    });
});

describe("StackExportWriter (streaming)", () => {
    it("hands on each resource as toStackExport writes it, without outputs, the default provider first, keeping none", () => {
        const whole = toStackExport(recorded, { project: "proj", stack: "dev", time: "1970-01-01T00:00:00Z" }).deployment.resources;
        const writer = new StackExportWriter({ project: "proj", stack: "dev", streaming: true });
        const batches = recorded.map((r) => writer.add(r));
        assert.deepEqual(
            batches.map((b) => b.map((e) => e.type)),
            [["pulumi:pulumi:Stack"], ["pulumi:providers:aws", "aws:iam/role:Role"]],
        );
        const streamed = batches.flat();
        // What the whole export holds, without the outputs (a default provider's are its version, known at once).
        assert.deepEqual(
            streamed,
            whole.map(({ outputs: _outputs, ...rest }) => (rest.type.startsWith("pulumi:providers:") ? { ...rest, outputs: _outputs } : rest)),
        );
        assert.deepEqual(writer.resources, []);
    });
});

