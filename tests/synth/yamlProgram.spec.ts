/** What `synth` runs of a YAML project offline, and what it refuses with the place and the fix. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { projectProgram, yamlProgramProblems } from "../../synth/yamlProgram";
import { tempDir } from "../helpers/tempDir";

describe("synth of a YAML project", () => {
    it("accepts eks-irsa components with literal properties and outputs of their properties", () => {
        const doc = {
            resources: { platform: { type: "eks-irsa:index:IrsaCluster", properties: { cluster: { mode: "create", name: "a" }, workloads: [] } } },
            outputs: { roleArns: "${platform.roleArns}", one: '${platform.roleArns["s3-reader"]}' },
        };
        assert.deepEqual(yamlProgramProblems(doc, "Pulumi.yaml"), []);
    });

    it("names each resource, interpolation, variable and output it cannot run", () => {
        const doc = {
            variables: { x: 1 },
            resources: {
                bucket: { type: "aws:s3:Bucket", properties: {} },
                platform: { type: "eks-irsa:index:IrsaCluster", properties: { workloads: [{ statements: [{ resources: ["${bucket.arn}/*"] }] }] } },
            },
            outputs: { joined: "${platform.clusterName}-x" },
        };
        assert.deepEqual(yamlProgramProblems(doc, "Pulumi.yaml"), [
            "Pulumi.yaml variables are not run offline: write the values into the component's properties.",
            'Pulumi.yaml resources.bucket.type "aws:s3:Bucket" is not run offline: synth runs eks-irsa:index:IrsaCluster resources only.',
            'Pulumi.yaml resources.platform.properties.workloads[0].statements[0].resources[0] "${bucket.arn}/*" is an interpolation: synth needs literal properties.',
            'Pulumi.yaml outputs.joined "${platform.clusterName}-x" is not ${resource.property} or ${resource.property["key"]}: synth evaluates only those.',
        ]);
    });

    it("refuses a Python project, naming its runtime", () => {
        const dir = tempDir("synth-python-");
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime:\n  name: python\n");
        assert.throws(() => projectProgram(dir), {
            name: "StackConfigError",
            message: `${path.join(dir, "Pulumi.yaml")} runtime "python" cannot run offline: synth runs nodejs (TypeScript, JavaScript) and yaml programs.`,
        });
    });

    it("runs a Node.js project's main", () => {
        const dir = tempDir("synth-node-");
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nmain: app.ts\n");
        assert.deepEqual(projectProgram(dir), { label: path.join(dir, "app.ts"), program: path.join(dir, "app.ts") });
    });
});
