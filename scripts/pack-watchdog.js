// Preloaded into the offline pack process (`synth` and `check` start it; `pulumi preview` starts packs its own way):
// it ends when the process that started it ends, even one that was killed or exited before it could stop it.
// Its stdin is a pipe from that process; the pipe closes when that process (or the worker thread holding it) goes.
"use strict";
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
