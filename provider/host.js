// The entry of the `eks-irsa` component package (package.json "main"): `pulumi package add` and every deployment
// that uses the package start it through @pulumi/pulumi/cmd/run-plugin, which requires this file and lets it serve.
//
// run-plugin registers ts-node with type checking for `.ts` files: at every start a TypeScript program over the AWS,
// EKS and Kubernetes SDKs' types (measured here: 4.9 s and 810 MB to build it, before any checking). The package's
// TypeScript is type-checked in CI (`npm test`), so here `.ts` files load through the same transpile-only loader as
// `synth` (../scripts/register-ts.js).
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry that node runs as it is */
delete require.extensions[".ts"];
require("../scripts/register-ts");
require("./componentProvider.ts")
    .serve(process.argv.slice(2))
    .catch((err) => {
        console.error(err);
        process.exit(1);
    });
