/**
 * `synth --preview`: the plan as `pulumi preview` of a new stack sees it. Outputs of resources to create are
 * unknown, so a rule that reads one cannot decide (the pack reports "can't run … during preview", advisory) and a
 * rule that reads only inputs decides exactly as at `pulumi up`.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installFakeCloud } from "../../synth/fakeCloud";
import { UNKNOWN } from "../../synth/stackExport";
import { eksIrsa } from "../helpers/eksIrsa";
import { sharedSynth } from "../helpers/sharedSynth";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");

interface Finding {
    policyName: string;
    enforcementLevel: string;
    urn: string;
    message: string;
}

function synth(config: string, preview: boolean): Finding[] {
    const out = tempDir("preview-");
    const r = eksIrsa(["synth", "--config", config, "--out", out, "--json", "--in-process", ...(preview ? ["--preview"] : [])], { timeout: 180_000 });
    assert.equal(r.stderr.replace(/^… .*\n/gm, ""), "");
    return (JSON.parse(r.stdout) as { violations: Finding[] }).violations;
}

const CANT_RUN = /^can't run policy '([^']+)' from policy pack '[^']+' during preview: /;
const key = (v: Finding): string => `${v.enforcementLevel}|${v.policyName}|${v.urn}|${v.message}`;

/** An adopted cluster and provider (its ARN known before the update) and a workload the pack refuses three times. */
const WIDE = `config:
  aws:region: eu-west-1
  eks-irsa:cluster:
    mode: adopt
    name: shared
  eks-irsa:oidcProvider:
    mode: adopt
    arn: arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
  eks-irsa:workloads:
    - name: wide
      namespace: tools
      serviceAccount: wide
      managedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonS3FullAccess
      statements:
        - actions: ["s3:GetObject", "s3:DeleteBucket"]
          resources: ["*"]
      deployment: false
`;

describe("the fake cloud in preview", () => {
    it("gives a resource to create its inputs and nothing the cloud assigns, and passes the unknown on", async () => {
        const cloud = await installFakeCloud({ preview: true, unknownOutputs: true });
        const aws = await import("@pulumi/aws");
        const policy = new aws.iam.Policy("p", { name: "reader", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
        new aws.iam.RolePolicyAttachment("a", { role: "app", policyArn: policy.arn });
        await cloud.settle();
        const [recorded, attachment] = cloud.resources;
        assert.deepEqual([recorded!.id, recorded!.outputs.arn, recorded!.outputs.name], [undefined, undefined, "reader"]);
        assert.deepEqual(attachment!.inputs, { role: "app", policyArn: UNKNOWN });
        pulumi.runtime.setAllConfig({});
    });
});

describe("eks-irsa synth --preview", function () {
    this.timeout(600_000);
    const configs: Record<string, string> = {};

    before(() => {
        const dir = tempDir("preview-config-");
        configs.wide = path.join(dir, "Pulumi.wide.yaml");
        fs.writeFileSync(configs.wide, WIDE);
        configs.example = path.join(ROOT, "Pulumi.example.yaml");
    });

    it("reports at preview every mandatory finding that depends only on inputs, exactly as at pulumi up", () => {
        const up = synth(configs.wide!, false);
        const preview = synth(configs.wide!, true);
        const mandatory = (vs: Finding[]): string[] => vs.filter((v) => v.enforcementLevel === "mandatory").map(key).sort();
        assert.deepEqual(mandatory(up).map((k) => k.split("|").slice(1, 2)[0]), ["iam-no-broad-managed-policies", "iam-no-star-resource", "iam-no-star-resource"]);
        assert.deepEqual(mandatory(preview), mandatory(up));
        // What preview cannot decide are the stack rules that read a created role's ARN.
        assert.deepEqual(preview.filter((v) => CANT_RUN.test(v.message)).map((v) => v.policyName).sort(), ["irsa-role-single-service-account", "irsa-service-account-cluster", "irsa-service-account-role-trust"]);
    });

    it("decides at preview or says it cannot, for every finding of pulumi up, and reports nothing up would not (example stack)", () => {
        // Up: `synth --json` of the example stack, the run ./cli.spec.ts and others make (../helpers/sharedSynth.ts).
        const shared = sharedSynth("--json");
        assert.equal(shared.stderr.replace(/^… .*\n/gm, ""), "");
        const up = (JSON.parse(shared.stdout) as { violations: Finding[] }).violations;
        const preview = synth(configs.example!, true);
        const cantRun = new Set(preview.filter((v) => CANT_RUN.test(v.message)).map((v) => `${v.policyName}|${v.urn}`));
        const decided = new Set(preview.filter((v) => !CANT_RUN.test(v.message)).map(key));
        for (const v of up) {
            assert.ok(decided.has(key(v)) || cantRun.has(`${v.policyName}|${v.urn}`), `${v.policyName} on ${v.urn} is neither reported nor undecided at preview`);
        }
        const upKeys = new Set(up.map(key));
        assert.deepEqual([...decided].filter((k) => !upKeys.has(k)), []);
        // The example creates its cluster: every trust names the OIDC provider it creates, whose ARN is unknown.
        assert.equal(cantRun.has("irsa-trust-subject|urn:pulumi:example::eks-irsa::eks-irsa:index:IrsaCluster$eks-irsa:index:IrsaWorkload$aws:iam/role:Role::eks-irsa-example-s3-reader-role"), true);
    });
});
