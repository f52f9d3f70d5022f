/**
 * The docs' generated regions are what their producers give now (scripts/docs/blocks.ts): a sample output, the rules
 * table or a benchmark figure that no longer matches the code fails here; `npm run docs` rewrites them.
 * The diff sample (docs/offline.md, diff-sample) is checked by tests/synth/diff/cli.spec.ts, which runs that diff.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REGIONS, ROOT, regionsIn, regionText, replaceRegions } from "../../scripts/docs/blocks";

/** Every Markdown file of the repository that users read (node_modules, out and tests aside). */
function markdownFiles(dir = ROOT): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.isDirectory()) return ["node_modules", "out", "dist", ".git", "tests"].includes(e.name) ? [] : markdownFiles(path.join(dir, e.name));
        return e.name.endsWith(".md") ? [path.relative(ROOT, path.join(dir, e.name))] : [];
    });
}

describe("generated docs", function () {
    this.timeout(180_000);

    it("mark only regions the generator knows, each in the files it lists", () => {
        const found = markdownFiles().flatMap((f) => regionsIn(fs.readFileSync(path.join(ROOT, f), "utf8")).map((name) => `${f} ${name}`)).sort();
        const expected = Object.entries(REGIONS).flatMap(([name, r]) => r.files.map((f) => `${f} ${name}`)).sort();
        assert.deepEqual(found, expected);
    });

    for (const [name, region] of Object.entries(REGIONS).filter(([n]) => n !== "diff-sample")) {
        it(`${name} is current in ${region.files.join(", ")}`, () => {
            const produced = region.produce();
            for (const f of region.files) assert.equal(regionText(fs.readFileSync(path.join(ROOT, f), "utf8"), name), produced, `${f}: run npm run docs`);
        });
    }

    it("rewrites a region between its markers and nothing else", () => {
        const text = "a\n<!-- generated:bench-table -->\nold\n<!-- /generated -->\nb <!-- generated:bench-per-resource -->1.5<!-- /generated --> c\n";
        assert.equal(
            replaceRegions(text, { "bench-table": "new\nlines", "bench-per-resource": "0.9" }),
            "a\n<!-- generated:bench-table -->\nnew\nlines\n<!-- /generated -->\nb <!-- generated:bench-per-resource -->0.9<!-- /generated --> c\n",
        );
        assert.equal(regionText(text, "bench-table"), "old");
        assert.equal(regionText(text, "bench-per-resource"), "1.5");
    });
});
