// @pulumi/awsguard as its README has users start it (`new AwsGuard({ all: "mandatory" })`), in compiled
// JavaScript as it is published: what bench/cliRunner.ts starts through the CLI's runner beside irsa-guard.
"use strict";
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "mandatory" });
