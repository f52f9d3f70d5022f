import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { OutputWriter } from "../../synth/outputWriter";
import { tempDir } from "../helpers/tempDir";

describe("synth's background file writer (synth/outputWriter.ts)", () => {
    let dir: string;
    beforeEach(() => {
        dir = tempDir("eks-irsa-writer-");
    });

    it("writes every file, folders created, with its content, and lists them", async () => {
        const writer = new OutputWriter(dir);
        const files = Array.from({ length: 50 }, (_, i) => [`k8s/team-${i % 3}/deployment-svc-${i}.yaml`, `name: svc-${i}\n`] as const);
        writer.write("stack.json", "{}\n");
        for (const [rel, content] of files) writer.write(rel, content);
        await writer.finish();
        assert.equal(fs.readFileSync(path.join(dir, "stack.json"), "utf8"), "{}\n");
        for (const [rel, content] of files) assert.equal(fs.readFileSync(path.join(dir, rel), "utf8"), content);
        assert.deepEqual([...writer.written].sort(), ["stack.json", ...files.map(([rel]) => path.normalize(rel))].sort());
    });

    it("rejects with the first error once the other writes are done", async () => {
        fs.writeFileSync(path.join(dir, "iam"), "a file where a folder should be");
        const writer = new OutputWriter(dir);
        writer.write("iam/a.trust.json", "{}\n");
        writer.write("stack.json", "{}\n");
        await assert.rejects(writer.finish(), (e: NodeJS.ErrnoException) => e.code === "EEXIST" || e.code === "ENOTDIR");
        assert.equal(fs.readFileSync(path.join(dir, "stack.json"), "utf8"), "{}\n");
    });
});
