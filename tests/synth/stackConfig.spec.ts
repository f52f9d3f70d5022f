import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadStackConfig, sortedJson, StackConfigError } from "../../synth/stackConfig";
import { tempDir } from "../helpers/tempDir";

/** A project folder with `Pulumi.yaml` and `Pulumi.dev.yaml` holding the given texts. */
function project(projectYaml: string, stackYaml: string): string {
    const dir = tempDir("stack-config-");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), projectYaml);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackYaml);
    return dir;
}

describe("loadStackConfig (config as the CLI passes it)", () => {
    it("hands structured values over with object keys sorted at every level, as Go's JSON encoder writes them", () => {
        const dir = project("name: p\nruntime: nodejs\n", "config:\n  p:obj:\n    zeta: 1\n    alpha:\n      b: [ {y: 1, x: 2} ]\n      a: true\n");
        assert.equal(loadStackConfig(dir, { stack: "dev" }).config["p:obj"], '{"alpha":{"a":true,"b":[{"x":2,"y":1}]},"zeta":1}');
    });

    it("gives the same text whatever the order of the file's keys", () => {
        const one = project("name: p\nruntime: nodejs\n", "config:\n  p:env: {B: b, A: a}\n");
        const two = project("name: p\nruntime: nodejs\n", "config:\n  p:env: {A: a, B: b}\n");
        assert.equal(loadStackConfig(one, { stack: "dev" }).config["p:env"], loadStackConfig(two, { stack: "dev" }).config["p:env"]);
    });

    it("reads Pulumi.yaml's config under the stack's: plain values, objects under value, a project key's schema default", () => {
        const dir = project(
            [
                "name: p",
                "runtime: nodejs",
                "config:",
                "  aws:region: us-east-1",
                "  count: 2",
                "  size:",
                "    type: string",
                "    default: small",
                "  tags:",
                "    value: {team: x}",
                "  pulumi:tags:",
                "    value: {a: b}",
                "",
            ].join("\n"),
            "config:\n  aws:region: eu-west-1\n  p:tags: {owner: y}\n",
        );
        assert.deepEqual(loadStackConfig(dir, { stack: "dev" }).config, {
            "p:count": "2",
            "p:size": "small",
            "pulumi:tags": '{"a":"b"}',
            "aws:region": "eu-west-1",
            "p:tags": '{"owner":"y"}',
        });
    });

    it("refuses a stack file whose values are not under config:, naming them", () => {
        const dir = project("name: p\nruntime: nodejs\n", "aws:region: us-west-2\neks-irsa:workloads: []\n");
        assert.throws(
            () => loadStackConfig(dir, { stack: "dev" }),
            new StackConfigError(`${path.join(dir, "Pulumi.dev.yaml")} aws:region, eks-irsa:workloads are config keys at the top level: put the stack's values under a top-level "config:" key, as in Pulumi.<stack>.yaml.`),
        );
    });

    it("refuses an object value of another namespace that is not under value", () => {
        const dir = project("name: p\nruntime: nodejs\nconfig:\n  aws:defaultTags:\n    tags: {a: b}\n", "config: {}\n");
        assert.throws(
            () => loadStackConfig(dir, { stack: "dev" }),
            new StackConfigError(`${path.join(dir, "Pulumi.yaml")} config.aws:defaultTags is an object without "value": write an object value under "value:".`),
        );
    });
});

describe("sortedJson", () => {
    it("sorts keys by code point (upper case before lower case), not by locale", () => {
        assert.equal(sortedJson({ b: 1, a: 1, B: 1, _: 1 }), '{"B":1,"_":1,"a":1,"b":1}');
    });
});
