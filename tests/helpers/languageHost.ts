/**
 * Runs a Pulumi program as `pulumi up` / `pulumi preview` runs it, with no Pulumi CLI: the Node.js language host's
 * own entry (`@pulumi/pulumi/cmd/run`) in its own process, with the command line and environment the language host
 * (`pulumi-language-nodejs`) gives it, registering to a resource monitor and an engine that this process serves over
 * gRPC. The monitor answers with the offline fake cloud (`synth/fakeCloud.ts`).
 *
 * What is reproduced, read from pulumi/pulumi's sources:
 * - the entry point: the engine's `getPwdMain` (pkg/engine/project.go) turns `Pulumi.yaml`'s `main` into the
 *   program directory (`--pwd`) and the entry point: "." when `main` is unset or a directory, else the file's base
 *   name. With ".", `cmd/run/run.js` takes `package.json`'s `exports`, else its `main`, before `index.ts`;
 * - the command line of `constructArguments` (sdk/nodejs/cmd/pulumi-language-nodejs/main.go): `--monitor`,
 *   `--engine`, `--organization`, `--project`, `--stack`, `--pwd`, `--dry-run` (preview), `--query-mode`,
 *   `--parallel`, then the entry point;
 * - the environment of `execNodejs`: `PULUMI_CONFIG` (every key written `<namespace>:config:<key>`, as
 *   `constructConfig` does), `PULUMI_CONFIG_SECRET_KEYS`, `PULUMI_NODEJS_TYPESCRIPT=true` unless `Pulumi.yaml`'s
 *   runtime option `typescript` is false, `PULUMI_NODEJS_TSCONFIG_PATH` for its `tsconfig` option. The test
 *   runner's own `TS_NODE_*` variables are removed: the CLI's environment has none, and `cmd/run` type-checks the
 *   program with ts-node as the CLI's run does. One is added: `TS_NODE_CACHE_DIRECTORY`, a folder that goes with
 *   the test run (./tempDir.ts `tsNodeCacheDir`).
 */
import * as grpc from "@grpc/grpc-js";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as enginepb from "@pulumi/pulumi/proto/engine_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as providerpb from "@pulumi/pulumi/proto/provider_pb";
import * as resourcepb from "@pulumi/pulumi/proto/resource_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { FakeCloudMocks } from "../../synth/fakeCloud";
import { stackChain } from "../../synth/fakeCloud/identity";
import { engineUrn } from "../../synth/urn";
import { tsNodeCacheDir } from "./tempDir";

/** One resource as the monitor received it. */
export interface RegisteredResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

/** One message the program logged through the engine (`pulumi.log`, and the runner's report of an uncaught error). */
export interface EngineLog {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
}

/** What a run of the program did. */
export interface ProgramRunResult {
    /** The program process's exit code. */
    exitCode: number | null;
    resources: RegisteredResource[];
    invokes: string[];
    logs: EngineLog[];
    stdout: string;
    stderr: string;
    /** The stack's outputs (what the program module exported), as registered on the root `pulumi:pulumi:Stack`. */
    outputs: Record<string, unknown>;
    /**
     * What the run would have met against the real cloud (the strict fake world, synth/fakeCloud/world.ts): lookups
     * of what the program creates, Kubernetes objects sent without cluster access. Lookups and refused registrations
     * already failed the program; this lists them all, and the access problems.
     */
    worldProblems: string[];
}

/** Options of {@link runStackProgram}. */
export interface RunStackProgramOptions {
    /** The project directory: where `Pulumi.yaml` is. */
    projectDir: string;
    stack: string;
    /** The stack's config as the CLI holds it: `<namespace>:<key>` → value (structured values as JSON text). */
    config: Record<string, string>;
    secretKeys?: string[];
    /** `pulumi preview` (true) or `pulumi up` (false). @default false */
    preview?: boolean;
    /** Extra environment of the program process (e.g. `PULUMI_NODEJS_TRANSPILE_ONLY`). */
    env?: Record<string, string>;
    /** Fake cloud account and region. */
    accountId?: string;
    region?: string;
}

const SEVERITY: Record<number, EngineLog["severity"]> = {
    [enginepb.LogSeverity.DEBUG]: "debug",
    [enginepb.LogSeverity.INFO]: "info",
    [enginepb.LogSeverity.WARNING]: "warning",
    [enginepb.LogSeverity.ERROR]: "error",
};

/** The features the engine answers `SupportsFeature` with: those of the CLI that the fake cloud's answers honour. */
const FEATURES = new Set(["secrets", "resourceReferences", "deletedWith", "aliasSpecs"]);

/** `Pulumi.yaml` read as the engine reads it: the program directory and entry point, the runtime options. */
export interface ProjectEntry {
    project: string;
    /** The program directory (`--pwd`). */
    pwd: string;
    /** What the language host passes as the program: "." or a file name in `pwd`. */
    entryPoint: string;
    typescript: boolean;
    tsconfig?: string;
}

/** Reads `Pulumi.yaml` and resolves `main` as the engine's `getPwdMain` does. */
export function projectEntry(projectDir: string): ProjectEntry {
    const project = load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
        name: string;
        main?: string;
        runtime: string | { name: string; options?: { typescript?: boolean; tsconfig?: string } };
    };
    const options = typeof project.runtime === "string" ? {} : (project.runtime.options ?? {});
    let pwd = projectDir;
    let entryPoint = ".";
    if (project.main !== undefined && project.main !== "") {
        const main = path.resolve(projectDir, project.main);
        if (fs.statSync(main).isDirectory()) {
            pwd = main;
        } else {
            pwd = path.dirname(main);
            entryPoint = path.basename(main);
        }
    }
    return { project: project.name, pwd, entryPoint, typescript: options.typescript !== false, ...(options.tsconfig !== undefined ? { tsconfig: options.tsconfig } : {}) };
}

/** Struct values cannot hold `undefined`: drop those keys, as a provider's JSON answer would not have them. */
function toStruct(value: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Parameters<typeof Struct.fromJavaScript>[0]);
}

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>) => void;

/** Wraps a handler so an exception becomes the RPC's error instead of crashing the test process. */
function unary<Req, Res>(handler: (req: Req) => Res): Unary<Req, Res> {
    return (call, cb) => {
        try {
            cb(null, handler(call.request));
        } catch (e) {
            cb({ code: grpc.status.INTERNAL, details: (e as Error).message });
        }
    };
}

/**
 * Runs the stack program of `projectDir` through `@pulumi/pulumi/cmd/run` against a fake-cloud monitor and engine
 * served over gRPC; resolves when the program process exits.
 */
export async function runStackProgram(opts: RunStackProgramOptions): Promise<ProgramRunResult> {
    const entry = projectEntry(opts.projectDir);
    const mocks = new FakeCloudMocks(opts.accountId ?? "123456789012", opts.region ?? opts.config["aws:region"] ?? "us-west-2");
    const resources: RegisteredResource[] = [];
    const byUrn = new Map<string, RegisteredResource>();
    const ids = new Map<string, string>();
    const invokes: string[] = [];
    const logs: EngineLog[] = [];
    let rootUrn = "";

    // The engine's URNs (`generateURN`): the whole parent chain, the root stack's type left out.
    const newUrn = (parent: string, type: string, name: string): string => engineUrn(opts.stack, entry.project, parent, type, name);
    const register = (
        type: string,
        name: string,
        parent: string,
        custom: boolean,
        inputs: Record<string, unknown>,
        provider: string,
        id: string,
        dependencies: string[] = [],
        propertyDependencies: Record<string, string[]> = {},
    ) => {
        const result = mocks.newResource({ type, name, inputs, provider, custom, id });
        const urn = newUrn(parent, type, name);
        mocks.noteProvider(urn, type, inputs);
        const rec: RegisteredResource = { urn, type, name, custom, parent, inputs, outputs: result.state };
        mocks.noteRegistered({ urn, type, custom, ...(parent !== "" ? { parent } : {}), ...(provider !== "" ? { provider } : {}), dependencies, propertyDependencies, inputs, outputs: result.state });
        resources.push(rec);
        byUrn.set(urn, rec);
        ids.set(urn, result.id ?? "");
        return { urn, id: result.id ?? "", state: result.state };
    };

    const server = new grpc.Server();
    server.addService(ResourceMonitorService, {
        supportsFeature: unary((req: resourcepb.SupportsFeatureRequest) => new resourcepb.SupportsFeatureResponse().setHassupport(FEATURES.has(req.getId()))),
        registerResource: unary((req: resourcepb.RegisterResourceRequest) => {
            const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
            const r = register(req.getType(), req.getName(), req.getParent(), req.getCustom(), inputs, req.getProvider(), req.getImportid(), req.getDependenciesList(), propertyDependencies);
            return new resourcepb.RegisterResourceResponse().setUrn(r.urn).setId(r.id).setObject(toStruct(r.state));
        }),
        readResource: unary((req: resourcepb.ReadResourceRequest) => {
            const inputs = (req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
            const r = register(req.getType(), req.getName(), req.getParent(), true, inputs, req.getProvider(), req.getId());
            return new resourcepb.ReadResourceResponse().setUrn(r.urn).setProperties(toStruct(r.state));
        }),
        registerResourceOutputs: unary((req: resourcepb.RegisterResourceOutputsRequest) => {
            const rec = byUrn.get(req.getUrn());
            if (rec !== undefined) rec.outputs = (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
            return new Empty();
        }),
        invoke: unary((req: resourcepb.ResourceInvokeRequest) => {
            invokes.push(req.getTok());
            const args = (req.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
            if (req.getTok() === "pulumi:pulumi:getResource") {
                // The engine's built-in invoke behind resource references (runtime/resource.js `getResource`).
                const rec = byUrn.get(String(args.urn));
                if (rec === undefined) throw new Error(`unknown resource ${String(args.urn)}`);
                return new providerpb.InvokeResponse().setReturn(toStruct({ urn: rec.urn, id: ids.get(rec.urn) ?? "", state: rec.outputs }));
            }
            const result = mocks.call({ token: req.getTok(), inputs: args, provider: req.getProvider() });
            return new providerpb.InvokeResponse().setReturn(toStruct(result));
        }),
        call: unary((req: resourcepb.ResourceCallRequest) => {
            invokes.push(req.getTok());
            const result = mocks.call({ token: req.getTok(), inputs: (req.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>, provider: req.getProvider() });
            return new providerpb.CallResponse().setReturn(toStruct(result));
        }),
        registerPackage: unary(() => new resourcepb.RegisterPackageResponse().setRef("fake-cloud-package")),
        signalAndWaitForShutdown: unary(() => new Empty()),
    });
    server.addService(EngineService, {
        log: unary((req: enginepb.LogRequest) => {
            const severity = SEVERITY[req.getSeverity()] ?? "info";
            // The SDK's per-RPC debug lines are left out: a test reads what the user would see.
            if (severity !== "debug") logs.push({ severity, message: req.getMessage() });
            return new Empty();
        }),
        getRootResource: unary(() => new enginepb.GetRootResourceResponse().setUrn(rootUrn)),
        setRootResource: unary((req: enginepb.SetRootResourceRequest) => {
            rootUrn = req.getUrn();
            return new enginepb.SetRootResourceResponse();
        }),
        requirePulumiVersion: unary(() => new enginepb.RequirePulumiVersionResponse()),
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const address = `127.0.0.1:${port}`;

    try {
        // The language host resolves the runner from the program's directory (`locateModule`).
        const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [entry.pwd] });
        const args = [
            runPath,
            "--monitor", address,
            "--engine", address,
            "--organization", "organization",
            "--project", entry.project,
            "--stack", opts.stack,
            "--pwd", entry.pwd,
            ...(opts.preview === true ? ["--dry-run"] : []),
            "--query-mode", "false",
            "--parallel", "16",
            entry.entryPoint,
        ];
        const env: Record<string, string> = {};
        for (const [key, value] of Object.entries(process.env)) {
            if (value !== undefined && !key.startsWith("TS_NODE_") && !key.startsWith("PULUMI_")) env[key] = value;
        }
        env.PULUMI_CONFIG = JSON.stringify(
            Object.fromEntries(Object.entries(opts.config).map(([key, value]) => [`${key.slice(0, key.indexOf(":"))}:config:${key.slice(key.indexOf(":") + 1)}`, value])),
        );
        env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(opts.secretKeys ?? []);
        if (entry.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
        if (entry.tsconfig !== undefined) env.PULUMI_NODEJS_TSCONFIG_PATH = entry.tsconfig;
        env.TS_NODE_CACHE_DIRECTORY = tsNodeCacheDir();
        Object.assign(env, opts.env ?? {});

        const child = spawn(process.execPath, args, { cwd: entry.pwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const exitCode = await new Promise<number | null>((resolve, reject) => {
            child.on("error", reject);
            child.on("close", (code) => resolve(code));
        });
        const stackOutputs = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs ?? {};
        const worldProblems = mocks.world.problems(stackChain((key) => opts.config[`aws:${key}`]));
        return { exitCode, resources, invokes, logs, stdout, stderr, outputs: stackOutputs, worldProblems };
    } finally {
        server.forceShutdown();
    }
}
