// V8 flags for the offline processes (`synth`/`check` and the pack process they start).
//
// A 1,000-workload plan allocates a few GB of short-lived objects (the Pulumi SDK's outputs and promises, request
// decoding): with V8's default 16 MB semi-spaces the young generation is collected thousands of times and about a
// third of the program's time was garbage collection. With 64 MB ones the program alone took 4.2–4.4 s instead of
// 5.0–5.2 s at 1,000 workloads, for up to ~100 MB more peak memory (`npm run bench` measures both). `--expose-gc` lets `synth` collect once between the program and what
// follows (synth/cli.ts): about 100 MB less at the peak. `pulumi up` / `pulumi preview` start their own processes
// and are unaffected.
"use strict";
module.exports = ["--max-semi-space-size=64", "--expose-gc"];
