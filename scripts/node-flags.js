// V8 flags for the offline processes (`synth`/`check` and the pack process they start).
//
// A 1,000-workload plan allocates a few GB of short-lived objects (the Pulumi SDK's outputs and promises, request
// decoding): with V8's default 16 MB semi-spaces the young generation is collected thousands of times and about a
// third of the program's time was garbage collection. 64 MB semi-spaces cut that by half for ~100 MB more peak
// memory (`npm run bench` measures both). `pulumi up` / `pulumi preview` start their own processes and are unaffected.
"use strict";
module.exports = ["--max-semi-space-size=64"];
