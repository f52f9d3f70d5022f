#!/usr/bin/env bash
# The npm package as a user gets it (issue 22): packs this repository with `npm pack` (its `prepack` builds dist/),
# checks what the tarball holds, installs it into a fresh project that has only @pulumi/pulumi and TypeScript beside
# it (from npm's cache where it can), type-checks the TypeScript example program against it (strict,
# skipLibCheck: false), runs it under the Pulumi SDK's mocks, and runs `npx eks-irsa synth`, `check` and `diff`
# from the installed package. No devDependency of this repository is reachable from the temporary project.
#
#   bash scripts/check-package.sh            (npm run check:package; .ci/run runs it after npm test)
#   KEEP=1 bash scripts/check-package.sh     keeps the temporary folder and prints it
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/eks-irsa-package.XXXXXX")"
HAD_DIST=0
[ -d "$ROOT/dist" ] && HAD_DIST=1
cleanup() {
    # dist/ exists only for the tarball: in a checkout the CLI would run it instead of the TypeScript sources.
    [ "$HAD_DIST" = 1 ] || rm -rf "$ROOT/dist"
    if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }
fail() { echo "check-package: $*" >&2; exit 1; }

step "npm pack (prepack: npm run build)"
(cd "$ROOT" && npm pack --pack-destination "$WORK" --json >"$WORK/pack.json")
TARBALL="$(node -e 'const p=require(process.argv[1])[0]; console.log(p.filename)' "$WORK/pack.json")"
node -e '
const [p] = require(process.argv[1]);
const files = p.files.map((f) => f.path);
const bad = files.filter((f) => /^(tests|bench|examples|out|node_modules)\/|\/node_modules\/|\.spec\.ts$|(^|\/)fixtures\//.test(f));
if (bad.length > 0) { console.error("the tarball ships what users do not need:\n  " + bad.join("\n  ")); process.exit(1); }
for (const need of ["dist/components/index.js", "dist/components/index.d.ts", "dist/synth/cli.js", "scripts/eks-irsa.js", "policy-pack/PulumiPolicy.yaml", "policy-pack/package.json", "provider/host.js", "PulumiPlugin.yaml"]) {
    if (!files.includes(need)) { console.error(`the tarball lacks ${need}`); process.exit(1); }
}
console.log(`${p.filename}: ${files.length} files, ${(p.size / 1024).toFixed(1)} kB packed, ${(p.unpackedSize / 1024).toFixed(1)} kB unpacked`);
' "$WORK/pack.json"

step "a fresh project: the tarball, @pulumi/pulumi and typescript"
PROJECT="$WORK/project"
mkdir -p "$PROJECT"
PULUMI_VERSION="$(node -p 'require(process.argv[1]).dependencies["@pulumi/pulumi"]' "$ROOT/package.json")"
TS_VERSION="$(node -p 'require(process.argv[1]).version' "$ROOT/node_modules/typescript/package.json")"
cat >"$PROJECT/package.json" <<EOF
{
  "name": "eks-irsa-consumer",
  "private": true,
  "dependencies": {
    "@pulumi/pulumi": "$PULUMI_VERSION",
    "eks-irsa": "file:../$TARBALL",
    "typescript": "$TS_VERSION"
  }
}
EOF
# The TypeScript example project, as a user would write it, with the package from the tarball.
cp "$ROOT/examples/typescript/index.ts" "$ROOT/examples/typescript/Pulumi.yaml" "$ROOT/examples/typescript/Pulumi.dev.yaml" "$PROJECT/"
cp "$ROOT/scripts/check-package/mocks.ts" "$PROJECT/mocks.ts"
node -e '
const fs = require("node:fs");
const tsconfig = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
// Only what the fresh project has: no @types/node (the consumer program does not need it).
tsconfig.compilerOptions.types = [];
tsconfig.files = ["index.ts", "mocks.ts"];
fs.writeFileSync(process.argv[2], JSON.stringify(tsconfig, null, 2));
' "$ROOT/examples/typescript/tsconfig.json" "$PROJECT/tsconfig.json"
(cd "$PROJECT" && npm install --prefer-offline --no-audit --no-fund --loglevel=error 2>&1 | grep -v -i 'pulumi-resource-kubernetes\|plugin' || true)
[ -f "$PROJECT/node_modules/eks-irsa/dist/components/index.js" ] || fail "eks-irsa was not installed from $TARBALL"
for dev in mocha ts-node eslint fast-check jose; do
    [ ! -e "$PROJECT/node_modules/$dev" ] || fail "$dev (a devDependency of eks-irsa) was installed into the fresh project"
done

step "type check (strict, skipLibCheck: false)"
grep -q '"skipLibCheck": false' "$PROJECT/tsconfig.json" || fail "the consumer tsconfig must keep skipLibCheck false"
(cd "$PROJECT" && node node_modules/typescript/bin/tsc -p tsconfig.json)

step "the program under the SDK's mocks"
(cd "$PROJECT" && node bin/mocks.js)

step "npx eks-irsa --help, synth, check, diff"
cd "$PROJECT"
npx --no-install eks-irsa --help >"$WORK/help.txt"
grep -q -- "--policy-pack DIR" "$WORK/help.txt" || fail "eks-irsa --help does not list --policy-pack DIR"
rm -rf bin # the program synth runs is index.ts, as `pulumi up` runs it
npx --no-install eks-irsa synth --stack dev --out out/base --json >"$WORK/synth.json" || fail "eks-irsa synth exited $? ($(cat "$WORK/synth.json"))"
node -e '
const r = require(process.argv[1]);
if (r.violations.length !== 0) { console.error("synth reported violations:", JSON.stringify(r.violations, null, 2)); process.exit(1); }
console.log(`synth: ${r.resources} resources, no violation`);
' "$WORK/synth.json"
for f in out/base/stack.json out/base/iam/s3-reader.trust.json out/base/iam/table-reader.permissions.json out/base/k8s/my-cluster-namespace/serviceaccount-my-serviceaccount.yaml; do
    [ -f "$f" ] || fail "synth did not write $f"
done
npx --no-install eks-irsa check out/base/stack.json --json >/dev/null || fail "eks-irsa check exited $?"
sed -i 's|"s3:GetObject"\]|"s3:GetObject", "s3:PutObject"]|' index.ts
npx --no-install eks-irsa synth --stack dev --out out/head --json >/dev/null || fail "eks-irsa synth (head) exited $?"
set +e
npx --no-install eks-irsa diff out/base out/head --json >"$WORK/diff.json"
code=$?
set -e
[ "$code" = 1 ] || fail "eks-irsa diff exited $code, expected 1 (one broadening change)"
node -e '
const r = require(process.argv[1]);
const added = r.roles.flatMap((role) => role.permissions.added.map((p) => `${p.action} on ${p.resource}`));
if (r.broadening !== 1 || added.join() !== "s3:PutObject on arn:aws:s3:::my-s3-bucket/*") { console.error("unexpected diff:", JSON.stringify(r, null, 2)); process.exit(1); }
console.log(`diff: ${added.join()} (broadening)`);
' "$WORK/diff.json"

step "the package works in a fresh project"
