/**
 * ============================================================================
 * ExternalDNS (Route 53 provider)
 * Source: "Setting up ExternalDNS on AWS", IAM policy, https://github.com/kubernetes-sigs/external-dns/blob/master/docs/tutorials/aws.md#iam-policy
 * Scoped further: record listing and tag reads on the given zones only (upstream: `*`).
 * ============================================================================
 */
import { PolicyStatement } from "../policyDocument";
import { HOSTED_ZONE } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "external-dns"`: ExternalDNS with the `aws` provider. */
export interface ExternalDnsAddon {
    name: "external-dns";
    /**
     * The hosted zones it may change (`--domain-filter`/`--zone-id-filter` zones). Required.
     * @input
     */
    hostedZoneArns: string[];
}

function statements(spec: ExternalDnsAddon, _ctx: AddonContext): PolicyStatement[] {
    return [
        {
            Effect: "Allow",
            Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
            Resource: [...spec.hostedZoneArns],
        },
        // No resource-level permission: listing zones.
        { Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: ["*"] },
    ];
}

/** The ExternalDNS add-on. */
export const externalDnsAddon: AddonModule<ExternalDnsAddon> = {
    name: "external-dns",
    defaults: { namespace: "external-dns", serviceAccount: "external-dns" },
    source: "https://github.com/kubernetes-sigs/external-dns/blob/master/docs/tutorials/aws.md#iam-policy",
    summary: "change and list records in the given hosted zones; list zones",
    fields: { hostedZoneArns: { kind: "arns", required: true, arn: HOSTED_ZONE, purpose: "the Route 53 hosted zones it may change" } },
    statements,
};
