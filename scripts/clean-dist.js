#!/usr/bin/env node
// Removes dist/ before `npm run build`, so a package never ships a compiled file whose source was deleted or moved.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

fs.rmSync(path.join(__dirname, "..", "dist"), { recursive: true, force: true });
