/**
 * What lets `policy-pack/` install and start on its own (`pulumi preview --policy-pack ./policy-pack` from any
 * checkout, or the folder copied elsewhere): every package its files load is in its own package.json, its
 * tsconfig.json stays inside the folder, and no policy loads `@pulumi/aws` (policies filter by type token: see
 * `TYPES` in policy-pack/lib/resources.ts). tests/policy-pack/cliRunner.spec.ts starts the copied pack for real.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { builtinModules } from "node:module";

const PACK = path.resolve(__dirname, "..", "..", "policy-pack");

/** The pack's own source files (TypeScript and the CommonJS entry point and loaders). */
function sources(dir = PACK): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" || e.name === "bin" ? [] : sources(full);
        return /\.(ts|js)$/.test(e.name) ? [full] : [];
    });
}

/** The package names a file loads (`import … from "x"`, `require("x")`, `import("x")`), relative paths left out. */
function packagesOf(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["']([^"'./][^"']*)["']/g)].map((m) => m[1]!);
    return specifiers
        .filter((s) => !s.startsWith("node:") && !builtinModules.includes(s))
        .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!));
}

describe("policy-pack/ as a package of its own", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as { main?: string; dependencies?: Record<string, string> };

    it("lists in its package.json every package its files load", () => {
        const missing = sources().flatMap((f) => packagesOf(f).filter((p) => !Object.hasOwn(manifest.dependencies ?? {}, p)).map((p) => `${path.relative(PACK, f)} loads ${p}`));
        assert.deepEqual(missing, [], "add them to policy-pack/package.json (same version as the root package.json)");
    });

    it("loads no @pulumi/aws: policies name resource types by their tokens (TYPES in lib/resources.ts)", () => {
        const aws = sources().filter((f) => packagesOf(f).includes("@pulumi/aws")).map((f) => path.relative(PACK, f));
        assert.deepEqual(aws, []);
    });

    it("is publishable with `pulumi policy publish`: its name, the eks-irsa version, a description, license and keywords", () => {
        const root = JSON.parse(fs.readFileSync(path.join(PACK, "..", "package.json"), "utf8")) as { version: string; license: string };
        const m = manifest as { name?: string; version?: string; description?: string; license?: string; keywords?: string[] };
        assert.deepEqual(
            { name: m.name, version: m.version, license: m.license, keywords: m.keywords },
            { name: "irsa-guard", version: root.version, license: root.license, keywords: ["pulumi", "policy-pack", "crossguard", "aws", "eks", "iam", "irsa", "pod-identity", "kubernetes", "least-privilege"] },
        );
        assert.equal(
            m.description,
            "CrossGuard policy pack for EKS IAM Roles for Service Accounts and Pod Identity: trust policies, least privilege against AWS's action catalog, IAM quotas, node hardening, ServiceAccount and Deployment wiring.",
        );
        assert.ok(fs.existsSync(path.join(PACK, "README.md")));
    });

    it("starts from start.js, its package.json main", () => {
        assert.equal(manifest.main, "start.js");
        assert.ok(fs.existsSync(path.join(PACK, "start.js")));
    });

    it("has a tsconfig.json that extends nothing and includes only files inside the folder", () => {
        const tsconfig = JSON.parse(fs.readFileSync(path.join(PACK, "tsconfig.json"), "utf8")) as { extends?: unknown; include?: string[]; files?: string[] };
        assert.equal(tsconfig.extends, undefined);
        for (const p of [...(tsconfig.include ?? []), ...(tsconfig.files ?? [])]) {
            assert.ok(!path.relative(PACK, path.resolve(PACK, p)).startsWith(".."), p);
        }
    });
});
