import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest, GetSchemaResponse } from "@pulumi/pulumi/proto/provider_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { SCHEMA_FILE } from "../helpers/componentPackage";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Starts the package as the Pulumi CLI starts a source-based plugin (`pulumi package add`, or a deployment that uses
 * it): `node @pulumi/pulumi/cmd/run-plugin <plugin directory> <engine address>`, in the directory of PulumiPlugin.yaml.
 * Resolves with the port the provider prints.
 */
function startPlugin(): Promise<{ child: ChildProcess; port: number }> {
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [ROOT] });
    const child = spawn(process.execPath, [runPlugin, ROOT, "127.0.0.1:1"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
        let out = "";
        let err = "";
        child.stdout!.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            const port = /^(\d+)\s*$/m.exec(out);
            if (port) resolve({ child, port: Number(port[1]) });
        });
        child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before serving:\n${out}${err}`)));
    });
}

describe("the component package as the Pulumi CLI starts it (PulumiPlugin.yaml, package.json main, cmd/run-plugin)", () => {
    let plugin: { child: ChildProcess; port: number } | undefined;
    let client: ResourceProviderClient;

    before(async () => {
        plugin = await startPlugin();
        client = new ResourceProviderClient(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        plugin?.child.kill();
    });

    it("declares a nodejs plugin whose entry package.json names", () => {
        assert.match(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { main: string };
        assert.equal(manifest.main, "provider/host.js");
    });

    it("serves the checked-in schema over the provider protocol, from the sources (no build step)", async () => {
        const schema = await new Promise<string>((resolve, reject) =>
            client.getSchema(new GetSchemaRequest(), (err: grpc.ServiceError | null, res?: GetSchemaResponse) =>
                err || !res ? reject(err ?? new Error("no response")) : resolve(res.getSchema()),
            ),
        );
        assert.deepEqual(JSON.parse(schema), JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
    });

    it("reports the package version", async () => {
        const info = await new Promise<PluginInfo>((resolve, reject) =>
            client.getPluginInfo(new Empty(), (err: grpc.ServiceError | null, res?: PluginInfo) => (err || !res ? reject(err ?? new Error("no response")) : resolve(res))),
        );
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        assert.equal(info.getVersion(), manifest.version);
    });
});
