/**
 * A report larger than a pipe's buffer reaches the reader whole: `eks-irsa` exits only once its output is flushed
 * (`process.exit()` dropped what a pipe had not taken yet: a `--json` report piped to `jq` was cut at 64 KB).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackConfigYaml } from "../../bench/generateConfig";
import { spawnSync } from "node:child_process";
import { EKS_IRSA, ROOT } from "../helpers/eksIrsa";
import { tempDir } from "../helpers/tempDir";

describe("eks-irsa output through a pipe", function () {
    this.timeout(180_000);

    it("writes a --json report of several hundred KB whole before it exits", () => {
        // 30 generated workloads at preview: every stack rule that reads a created role's ARN says it cannot run.
        const dir = tempDir("large-output-");
        const config = path.join(dir, "Pulumi.large.yaml");
        fs.writeFileSync(config, stackConfigYaml(30));
        // As `eks-irsa synth --json | jq` runs it: a reader that is not there yet when the pipe's 64 KB are full.
        const command = [process.execPath, EKS_IRSA, "synth", "--config", config, "--preview", "--json", "--out", path.join(dir, "out")].map((a) => `'${a}'`).join(" ");
        const r = spawnSync("/bin/sh", ["-c", `${command} | (sleep 1; cat)`], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.stdout.length > 128 * 1024, `${r.stdout.length} bytes: too small to show a cut`);
        const report = JSON.parse(r.stdout) as { resources: number; violations: unknown[] };
        assert.equal(report.resources, 155);
        assert.ok(report.violations.length > 400, `${report.violations.length} findings`);
    });
});
