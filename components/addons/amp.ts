/**
 * ============================================================================
 * Amazon Managed Service for Prometheus (remote write, optional query)
 * Source: "Set up service roles for the ingestion of metrics from Amazon EKS clusters" and "… for querying metrics",
 * https://docs.aws.amazon.com/prometheus/latest/userguide/set-up-irsa.html (AmazonPrometheusRemoteWriteAccess / AmazonPrometheusQueryAccess).
 * Scoped further: the given workspaces only (the managed policies use `*`).
 * ============================================================================
 */
import { PolicyStatement } from "../policyDocument";
import { WORKSPACE } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "amp"`: a Prometheus server or agent writing to (and optionally querying) AMP workspaces. */
export interface AmpAddon {
    name: "amp";
    /**
     * The workspaces it writes to. Required.
     * @input
     */
    workspaceArns: string[];
    /** Also query the workspaces (Grafana, KEDA, …): `QueryMetrics`, `GetSeries`, `GetLabels`, `GetMetricMetadata`. @default false */
    query?: boolean;
}

function statements(spec: AmpAddon, _ctx: AddonContext): PolicyStatement[] {
    const actions = spec.query === true ? ["aps:GetLabels", "aps:GetMetricMetadata", "aps:GetSeries", "aps:QueryMetrics", "aps:RemoteWrite"] : ["aps:RemoteWrite"];
    return [{ Effect: "Allow", Action: actions, Resource: [...spec.workspaceArns] }];
}

/** The Amazon Managed Service for Prometheus add-on. */
export const ampAddon: AddonModule<AmpAddon> = {
    name: "amp",
    defaults: { namespace: "prometheus", serviceAccount: "amp-iamproxy-ingest-service-account" },
    source: "https://docs.aws.amazon.com/prometheus/latest/userguide/set-up-irsa.html",
    summary: "remote-write (and optionally query) the given workspaces",
    fields: {
        workspaceArns: { kind: "arns", required: true, arn: WORKSPACE, purpose: "the Amazon Managed Service for Prometheus workspaces it writes to" },
        query: { kind: "boolean", purpose: "whether it also queries the workspaces" },
    },
    statements,
};
