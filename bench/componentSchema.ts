/**
 * `npx ts-node --transpile-only bench/componentSchema.ts [--runs K]`: how long the component package takes to
 * answer the CLI's first question, and what its schema analysis costs. Each run in a fresh process (median of K,
 * default 3):
 * - plugin start → schema served: `node @pulumi/pulumi/cmd/run-plugin <repo>` as `pulumi package add` (and every
 *   deployment of a program that uses the package) starts it, until `GetSchema` over gRPC returns;
 * - the analysis alone: `getSchema()` in-process after the provider module is loaded, with the process's peak RSS;
 * - for comparison, the TypeScript program the analysis builds from provider/schema/tsconfig.json, and the one it
 *   would build from the component library's entry (components/index.ts: the AWS, EKS and Kubernetes SDKs' types).
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { median } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;

/** Seconds from spawning the plugin to the end of its GetSchema answer. */
function pluginToSchema(): Promise<number> {
    const started = process.hrtime.bigint();
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [ROOT] });
    const child = spawn(process.execPath, [runPlugin, ROOT, "127.0.0.1:1"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    return new Promise((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            const port = /^(\d+)\s*$/m.exec(out);
            if (!port) return;
            child.stdout.removeAllListeners("data");
            const client = spawnSync(
                process.execPath,
                [
                    "-e",
                    `const grpc = require("@grpc/grpc-js");
                     const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
                     const { GetSchemaRequest } = require("@pulumi/pulumi/proto/provider_pb");
                     const c = new ResourceProviderClient("127.0.0.1:${port[1]}", grpc.credentials.createInsecure());
                     c.getSchema(new GetSchemaRequest(), (err, res) => { if (err) { console.error(err); process.exit(1); } console.log(res.getSchema().length); c.close(); });`,
                ],
                { cwd: ROOT, encoding: "utf8" },
            );
            child.kill();
            if (client.status !== 0) return reject(new Error(client.stderr));
            resolve(Number(process.hrtime.bigint() - started) / 1e9);
        });
        child.on("exit", (code) => reject(new Error(`plugin exited (${code})`)));
    });
}

/** In a fresh process: seconds of `getSchema()` and the peak RSS in MiB. */
function analysisAlone(): { seconds: number; peakMiB: number } {
    const script = `require("./scripts/register-ts");
        const { EksIrsaProvider } = require("./provider/componentProvider.ts");
        const p = new EksIrsaProvider(); const t = process.hrtime.bigint();
        p.getSchema().then(() => console.log(JSON.stringify({ seconds: Number(process.hrtime.bigint() - t) / 1e9, peakMiB: process.resourceUsage().maxRSS / 1024 })));`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as { seconds: number; peakMiB: number };
}

/** In a fresh process: files, seconds and peak RSS of a TypeScript program rooted at `root`, as the analysis builds it. */
function program(root: string): { files: number; seconds: number; peakMiB: number } {
    const script = `const ts = require("typescript"); const t = process.hrtime.bigint();
        const p = ts.createProgram([${JSON.stringify(root)}], { strict: true, skipLibCheck: true, types: ["node"], moduleResolution: ts.ModuleResolutionKind.Node10 });
        p.getTypeChecker();
        console.log(JSON.stringify({ files: p.getSourceFiles().length, seconds: Number(process.hrtime.bigint() - t) / 1e9, peakMiB: process.resourceUsage().maxRSS / 1024 }));`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as { files: number; seconds: number; peakMiB: number };
}

async function main(): Promise<void> {
    const served: number[] = [];
    const alone: { seconds: number; peakMiB: number }[] = [];
    const ours: { files: number; seconds: number; peakMiB: number }[] = [];
    const library: { files: number; seconds: number; peakMiB: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
        served.push(await pluginToSchema());
        alone.push(analysisAlone());
        ours.push(program(path.join(ROOT, "provider", "irsaCluster.ts")));
        library.push(program(path.join(ROOT, "components", "index.ts")));
    }
    const line = (label: string, rows: { files?: number; seconds: number; peakMiB: number }[]) =>
        console.log(
            `${label.padEnd(62)} ${median(rows.map((r) => r.seconds)).toFixed(2).padStart(6)} s  ${median(rows.map((r) => r.peakMiB)).toFixed(0).padStart(5)} MiB` +
                (rows[0]?.files !== undefined ? `  ${rows[0].files} files` : ""),
        );
    console.log(`component package, median of ${RUNS} fresh processes`);
    console.log(`${"plugin start (cmd/run-plugin) → GetSchema answered".padEnd(62)} ${median(served).toFixed(2).padStart(6)} s`);
    line("getSchema() alone (analysis of provider/schema/)", alone);
    line("TypeScript program: provider/irsaCluster.ts (what it parses)", ours);
    line("TypeScript program: components/index.ts (for comparison)", library);
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
