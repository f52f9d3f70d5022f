#!/usr/bin/env node
// `npm run schema`: writes the component package's schema, as `pulumi package add` infers it from
// provider/irsaCluster.ts and provider/args.ts, to provider/schema/schema.json (checked in; a test compares them).
"use strict";
require("./register-ts");
const fs = require("node:fs");
const path = require("node:path");
const { EksIrsaProvider } = require("../provider/componentProvider.ts");

const file = path.join(__dirname, "..", "provider", "schema", "schema.json");
new EksIrsaProvider().getSchema().then(
    (schema) => {
        fs.writeFileSync(file, `${JSON.stringify(JSON.parse(schema), null, 2)}\n`);
        console.log(`wrote ${path.relative(process.cwd(), file)}`);
    },
    (err) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    },
);
