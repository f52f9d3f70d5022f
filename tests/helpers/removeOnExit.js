// Removing a test run's temporary folder when its process ends, shared by ../../.mocharc.js (which loads before any
// TypeScript can, hence JavaScript) and ./tempDir.ts.
"use strict";
const fs = require("node:fs");

/**
 * Removes `dir` (recursively) when this process exits and, with `signals`, when SIGINT, SIGTERM or SIGHUP ends it:
 * Node emits no "exit" event for a process a signal ends while nothing listens for that signal
 * (https://nodejs.org/api/process.html#signal-events), so a listener removes the folder and then, when no other
 * listener (mocha's own SIGINT handling) is left to decide, raises the signal again: the process still ends as the
 * signal would have ended it. On a signal, other processes (mocha's workers) may still be writing into the folder:
 * `maxRetries` retries on ENOTEMPTY (https://nodejs.org/api/fs.html#fsrmsyncpath-options) instead of failing with it.
 * @param {string} dir
 * @param {boolean} [signals]
 */
function removeOnExit(dir, signals = true) {
    const remove = () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    process.on("exit", remove);
    if (!signals) return;
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
        process.once(signal, () => {
            remove();
            if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
    }
}

module.exports = { removeOnExit };
