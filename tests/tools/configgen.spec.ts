import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { bullets, pascalCase } from "../../tools/configgen/docs";
import { generatedFiles, staleFiles } from "../../tools/configgen/main";
import { multiLanguageModel } from "../../tools/configgen/merge";
import { readConfigModel, ROOT } from "../../tools/configgen/model";

const SAMPLE = path.resolve(__dirname, "..", "fixtures", "configgen", "sample.ts");

describe("the config generators (tools/configgen)", () => {
    for (const [name, target] of Object.entries(generatedFiles())) {
        it(`${name}: the committed files are what components/config.ts generates (npm run config:generate)`, () => {
            const files = target.files();
            for (const [file, text] of files) {
                assert.equal(fs.readFileSync(path.join(ROOT, file), "utf8"), text, `${file} is stale: run npm run config:generate`);
            }
            assert.deepEqual(staleFiles(target, files), []);
        });
    }

    it("reads a bullet list of values from a doc, continuation lines joined", () => {
        assert.deepEqual(bullets("A kind:\n- `a`: the first;\n- `b-c`: the second,\n  on two lines."), {
            lead: "A kind:",
            items: [
                { value: "a", text: "The first." },
                { value: "b-c", text: "The second, on two lines." },
            ],
        });
    });

    it("names enum members in PascalCase", () => {
        assert.deepEqual(["read-write", "s3", "mountpoint-s3-csi"].map(pascalCase), ["ReadWrite", "S3", "MountpointS3Csi"]);
    });

    it("translates every TypeScript shape to one the schema inference accepts", () => {
        const model = multiLanguageModel(readConfigModel(SAMPLE, "SampleArgs"));
        assert.deepEqual([...model.keys()], ["SampleArgs", "ShapeSpec", "ShapeForm", "ShapeLine", "Kind", "ExtraSpec"]);
        const args = model.get("SampleArgs");
        assert.ok(args?.kind === "object");
        assert.deepEqual(
            args.fields.map((f) => [f.name, f.optional, JSON.stringify(f.type), f.input, f.integer, f.description]),
            [
                ["shape", false, '{"kind":"ref","name":"ShapeSpec"}', false, false, "The shape."],
                ["kind", true, '{"kind":"ref","name":"Kind"}', false, false, "The kind."],
                ["extra", true, '{"kind":"ref","name":"ExtraSpec"}', false, false, "The extra part. Absent: none."],
                ["check", true, '{"kind":"ref","name":"ExtraSpec"}', false, false, "Check it: `true` for the defaults.\n\nDefault: false."],
                ["values", true, '{"kind":"map","values":{"kind":"array","items":{"kind":"string"}}}', false, false, "Values."],
                ["arn", true, '{"kind":"string"}', true, false, "An ARN."],
                ["count", true, '{"kind":"number"}', false, true, "How many."],
            ],
        );
        assert.deepEqual(model.get("Kind"), {
            kind: "enum",
            name: "Kind",
            file: "tests/fixtures/configgen/sample.ts",
            description: "A kind.",
            members: [
                { name: "A", value: "a", description: "The first." },
                { name: "BC", value: "b-c", description: "The second, on two lines." },
            ],
        });
    });

    it("makes one object of a discriminated union, its string fields enums", () => {
        const model = multiLanguageModel(readConfigModel(SAMPLE, "SampleArgs"));
        const shape = model.get("ShapeSpec");
        assert.ok(shape?.kind === "object");
        assert.equal(shape.description, "A shape.\n\nThe fields of each `form`: `circle`: `radius`, `line`; `square`: `side`, `line`.");
        assert.deepEqual(
            shape.fields.map((f) => [f.name, f.optional, JSON.stringify(f.type), f.description]),
            [
                ["form", false, '{"kind":"ref","name":"ShapeForm"}', "Which kind of `ShapeSpec`: `circle` (Round), `square` (A square)."],
                ["radius", true, '{"kind":"number"}', "The radius. Only with `form` `circle`."],
                ["line", true, '{"kind":"ref","name":"ShapeLine"}', "The `line`. Its values by `form`: `circle`: `thin`, `thick`; `square`: `thin`."],
                ["side", true, '{"kind":"number"}', "The side. Only with `form` `square`."],
            ],
        );
        assert.deepEqual(model.get("ShapeForm"), {
            kind: "enum",
            name: "ShapeForm",
            file: "tests/fixtures/configgen/sample.ts",
            description: "The `form` of a `ShapeSpec`.",
            members: [
                { name: "Circle", value: "circle", description: "Round." },
                { name: "Box", value: "square", description: "A square." },
            ],
        });
        assert.deepEqual(model.get("ShapeLine"), {
            kind: "enum",
            name: "ShapeLine",
            file: "tests/fixtures/configgen/sample.ts",
            description: "The `line` of a `ShapeSpec`.",
            members: [
                { name: "Thin", value: "thin", description: "With `form` `circle`: One pixel.\nWith `form` `square`: One line." },
                { name: "Thick", value: "thick", description: "With `form` `circle`: Two pixels." },
            ],
        });
    });
});
