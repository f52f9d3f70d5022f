/**
 * ============================================================================
 * cert-manager (ACME DNS-01 with Route 53)
 * Source: "Route53 — Set up an IAM Role", https://cert-manager.io/docs/configuration/acme/dns01/route53/#set-up-an-iam-role
 * (including its record-type condition: only `TXT` records, the DNS-01 challenge).
 * ============================================================================
 */
import { route53Arn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { HOSTED_ZONE } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "cert-manager"`: cert-manager's DNS-01 solver for Route 53. */
export interface CertManagerAddon {
    name: "cert-manager";
    /**
     * The hosted zones of the domains it issues certificates for. Required.
     * @input
     */
    hostedZoneArns: string[];
}

function statements(spec: CertManagerAddon, ctx: AddonContext): PolicyStatement[] {
    return [
        { Effect: "Allow", Action: ["route53:GetChange"], Resource: [route53Arn(ctx.partition, "change/*")] },
        {
            Effect: "Allow",
            Action: ["route53:ChangeResourceRecordSets"],
            Resource: [...spec.hostedZoneArns],
            Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
        },
        { Effect: "Allow", Action: ["route53:ListResourceRecordSets"], Resource: [...spec.hostedZoneArns] },
        // No resource-level permission: finding the zone of a domain.
        { Effect: "Allow", Action: ["route53:ListHostedZonesByName"], Resource: ["*"] },
    ];
}

/** The cert-manager add-on. */
export const certManagerAddon: AddonModule<CertManagerAddon> = {
    name: "cert-manager",
    defaults: { namespace: "cert-manager", serviceAccount: "cert-manager" },
    source: "https://cert-manager.io/docs/configuration/acme/dns01/route53/#set-up-an-iam-role",
    summary: "change TXT records and list records in the given hosted zones; read change status; find zones by name",
    fields: { hostedZoneArns: { kind: "arns", required: true, arn: HOSTED_ZONE, purpose: "the Route 53 hosted zones of the domains it issues certificates for" } },
    statements,
};
