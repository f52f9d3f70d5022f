/**
 * The pack as `pulumi preview --policy-pack ./policy-pack` starts it: through `@pulumi/pulumi/cmd/run-policy-pack`
 * with the CLI's arguments and environment (synth/analyzer/cliRunner.ts), from a copy of `policy-pack/` alone with
 * only what its own package.json installs (tests/helpers/packAlone.ts), and from the repository. The verdicts must
 * be those of the offline `synth` (the pack process `synth` starts) and of the SDK's handlers called in-process,
 * on the example stack, the test fixtures (with violations) and a benchmark plan.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackConfigYaml } from "../../bench/generateConfig";
import { analyzeAsEngine, cliRunnerLaunch, engineRequests } from "../../synth/analyzer/cliRunner";
import { AnalyzerProcess, PackLaunch } from "../../synth/analyzer/grpcAnalyzer";
import { analyzeInProcess, loadPack } from "../../synth/analyzer/inProcess";
import { AnalyzedResource, fromStackExport } from "../../synth/analyzer/requests";
import { Violation } from "../../synth/analyzer/violations";
import { readStackExport } from "../../synth/stackExport";
import { installPackAlone, PACK_DIR } from "../helpers/packAlone";
import { sharedSynth } from "../helpers/sharedSynth";
import { tempDir, tsNodeCacheDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "synth");

interface Plan {
    readonly name: string;
    readonly resources: AnalyzedResource[];
    /** What `synth --json` reported, from the pack process it starts. */
    readonly offline: Violation[];
}

/**
 * `eks-irsa synth <args> --json`, in a child process: its plan and its violations. Run once per test run for the
 * same arguments (../helpers/sharedSynth.ts): the example stack's and the insecure fixture's are other spec files'
 * runs too.
 */
function synth(name: string, args: string[]): Plan {
    const r = sharedSynth(...args, "--json");
    if (r.status !== 0 && r.status !== 1) throw new Error(`synth ${name} exited ${r.status ?? r.signal}: ${r.stderr}`);
    const offline = (JSON.parse(r.stdout) as { violations: Violation[] }).violations;
    return { name, resources: fromStackExport(readStackExport(path.join(r.out, "stack.json")).deployment.resources), offline };
}

/** Violations in a stable order, for comparing runs whose answers may arrive in another order. */
function sorted(vs: readonly Violation[]): string[] {
    return vs.map((v) => JSON.stringify([v.urn, v.policyName, v.enforcementLevel, v.message])).sort();
}

/** `cliRunnerLaunch(dir)`, with ts-node's cache folder one that goes with the test run (../helpers/tempDir.ts). */
function launchAsCli(dir: string): PackLaunch {
    const launch = cliRunnerLaunch(dir);
    return { ...launch, env: { ...launch.env, TS_NODE_CACHE_DIRECTORY: tsNodeCacheDir() } };
}

/**
 * The pack in `dir` started as the CLI starts it, fed each plan's requests in the engine's order, one plan after
 * the other: what each plan reported. One process serves the plans in turn (a `pulumi preview` per plan would start
 * one each): the start is the same every time, and each start cost about 1 CPU-s (docs/performance.md, "Third round of issue 23").
 */
async function viaCliRunner(dir: string, plans: readonly Plan[]): Promise<Violation[][]> {
    const analyzer = await AnalyzerProcess.launch(launchAsCli(dir), dir);
    try {
        const info = await analyzer.info();
        assert.equal(info.name, "irsa-guard");
        const reported: Violation[][] = [];
        for (const plan of plans) reported.push(await analyzeAsEngine(analyzer, engineRequests(plan.resources)));
        return reported;
    } finally {
        analyzer.stop();
    }
}

describe("the pack through the CLI's runner (run-policy-pack), as `pulumi preview --policy-pack` starts it", function () {
    this.timeout(240_000);
    const work = tempDir("irsa-guard-cli-");
    let alone: string;
    const plans: Plan[] = [];

    before(() => {
        alone = installPackAlone(path.join(work, "policy-pack"));
        const bench = path.join(work, "Pulumi.bench-20.yaml");
        fs.writeFileSync(bench, stackConfigYaml(20));
        plans.push(
            synth("example", []),
            synth("insecure", ["--config", path.join(FIXTURES, "Pulumi.insecure.yaml")]),
            synth("pod-identity", ["--config", path.join(FIXTURES, "Pulumi.pod-identity.yaml")]),
            synth("bench-20", ["--config", bench, "--project", ROOT]),
        );
    });

    it("has plans with violations to compare (the insecure fixture's)", () => {
        assert.ok(plans.find((p) => p.name === "insecure")!.offline.some((v) => v.enforcementLevel === "mandatory"));
    });

    it("copied alone: reports what synth and the SDK's handlers in-process report, on every plan", async () => {
        const pack = loadPack(PACK_DIR);
        const reported = await viaCliRunner(alone, plans);
        for (const [i, plan] of plans.entries()) {
            const cli = sorted(reported[i]!);
            assert.deepEqual(cli, sorted(plan.offline), `${plan.name}: CLI runner vs synth`);
            assert.deepEqual(cli, sorted(await analyzeInProcess(pack, plan.resources)), `${plan.name}: CLI runner vs in-process`);
        }
    });

    it("in the repository: reports what synth reports", async () => {
        const inRepository = plans.filter((p) => p.name === "insecure" || p.name === "example");
        const reported = await viaCliRunner(PACK_DIR, inRepository);
        for (const [i, plan] of inRepository.entries()) assert.deepEqual(sorted(reported[i]!), sorted(plan.offline), plan.name);
    });

    it("picks up a changed policy file on the next start (the transpile cache is keyed by content)", async () => {
        const file = path.join(alone, "policies", "irsaTrustSubject.ts");
        const before = fs.readFileSync(file, "utf8");
        const describe = async (): Promise<string> => {
            const analyzer = await AnalyzerProcess.launch(launchAsCli(alone), alone);
            try {
                return (await analyzer.info()).policies.find((p) => p.name === "irsa-trust-subject")!.description;
            } finally {
                analyzer.stop();
            }
        };
        const original = await describe();
        fs.unlinkSync(file); // a hard link into the repository: replace it, do not write through it
        fs.writeFileSync(file, before.replace('description: "', 'description: "(edited) '));
        assert.equal(await describe(), `(edited) ${original}`);
    });
});
