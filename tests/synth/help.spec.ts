/**
 * `eks-irsa --help` and `eks-irsa <command> --help`, run as a user runs them: every flag each command takes is
 * listed, and every flag listed is one the command takes.
 */
import * as assert from "node:assert/strict";
import { parseArgs } from "../../synth/cli";
import { helpRequest } from "../../synth/help";
import { eksIrsa } from "../helpers/eksIrsa";


function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    return eksIrsa(args, { timeout: 60_000 });
}

/** The flags a `<command> --help` lists: the first column of the lines under "flags:". */
function listedFlags(text: string): string[] {
    const lines = text.split("\n");
    const start = lines.indexOf("flags:");
    assert.notEqual(start, -1, text);
    const flags: string[] = [];
    for (const line of lines.slice(start + 1)) {
        const m = /^ {2}(--[a-z-]+(?: [A-Z]+)?) {2,}\S/.exec(line);
        if (m === null) break;
        flags.push(m[1]!);
    }
    return flags;
}

const EXPECTED: Record<"synth" | "check" | "diff", string[]> = {
    synth: ["--stack NAME", "--config FILE", "--out DIR", "--policy-pack-config FILE", "--policy-pack DIR", "--project DIR", "--json", "--timings", "--in-process", "--preview", "--help"],
    check: ["--policy-pack-config FILE", "--policy-pack DIR", "--json", "--in-process", "--help"],
    diff: ["--markdown", "--json", "--policy-pack-config FILE", "--policy-pack DIR", "--in-process", "--help"],
};

/** The positional arguments a command needs before its flags parse. */
const POSITIONAL: Record<keyof typeof EXPECTED, string[]> = { synth: [], check: ["stack.json"], diff: ["base", "head"] };

describe("eks-irsa --help", function () {
    this.timeout(120_000);

    it("lists the three commands and exits 0", () => {
        const r = cli("--help");
        assert.equal(r.status, 0, r.stderr);
        const commands = r.stdout.split("\n").flatMap((l) => /^ {2}(synth|check|diff) {2}/.exec(l)?.[1] ?? []);
        assert.deepEqual(commands, ["synth", "check", "diff"]);
        assert.equal(r.stderr, "");
    });

    for (const command of ["synth", "check", "diff"] as const) {
        it(`${command} --help lists every flag of ${command} and exits 0`, () => {
            const r = cli(command, "--help");
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(listedFlags(r.stdout), EXPECTED[command]);
        });

        it(`every flag ${command} --help lists is one ${command} accepts`, () => {
            for (const flag of EXPECTED[command].filter((f) => f !== "--help")) {
                const [name, value] = flag.split(" ");
                assert.doesNotThrow(() => parseArgs([command, ...POSITIONAL[command], name!, ...(value !== undefined ? ["x"] : [])]), flag);
            }
        });
    }

    it("reads -h, help and --help anywhere after a command", () => {
        assert.equal(helpRequest(["-h"]), "all");
        assert.equal(helpRequest(["help", "diff"]), "diff");
        assert.equal(helpRequest(["check", "stack.json", "--help"]), "check");
        assert.equal(helpRequest(["synth", "--stack", "dev"]), undefined);
        assert.equal(helpRequest([]), undefined);
    });
});
