/**
 * The example stacks' containers: each runs `aws sts get-caller-identity` once to show who it is, then idles whatever
 * the answer. A container that exits when the call fails crash-loops, and `pulumi up` waits on its Deployment (up to
 * ten minutes) instead of leaving the failure for the user to read in its log.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");

/** The `sh -c` scripts of every workload's container in a stack file's `eks-irsa:workloads`. */
function scripts(file: string): string[] {
    const doc = load(fs.readFileSync(path.join(ROOT, file), "utf8"), { schema: CORE_SCHEMA }) as { config: Record<string, unknown> };
    const workloads = doc.config["eks-irsa:workloads"] as { deployment?: { command?: string[] } | false }[];
    return workloads.flatMap((w) => (w.deployment !== false && w.deployment?.command?.[0] === "sh" ? [w.deployment.command[2]!] : []));
}

/** Runs `script` with `aws` and `sleep` stubs on PATH: `aws` exits with `awsExit`, `sleep` prints "idle". */
function run(script: string, awsExit: number): { status: number | null; stdout: string } {
    const bin = tempDir("container-bin-");
    fs.writeFileSync(path.join(bin, "aws"), `#!/bin/sh\necho "aws $*"\nexit ${awsExit}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, "sleep"), '#!/bin/sh\necho "idle $*"\n', { mode: 0o755 });
    const r = spawnSync("/bin/sh", ["-c", script], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout };
}

describe("the example stacks' containers", () => {
    for (const file of ["Pulumi.example.yaml", "Pulumi.multi-cluster.yaml"]) {
        it(`idle after aws sts get-caller-identity, whether it succeeds or fails (${file})`, () => {
            const all = scripts(file);
            assert.ok(all.length > 0);
            for (const script of all) {
                for (const awsExit of [0, 255]) {
                    assert.deepEqual(run(script, awsExit), { status: 0, stdout: "aws sts get-caller-identity\nidle infinity\n" }, `${script} with aws exiting ${awsExit}`);
                }
            }
        });
    }
});
