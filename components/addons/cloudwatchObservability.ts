/**
 * ============================================================================
 * Amazon CloudWatch Observability (CloudWatch agent, Container Insights, Application Signals)
 * Source: "Install the CloudWatch agent with the Amazon CloudWatch Observability EKS add-on",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html
 * (the AWS managed policies CloudWatchAgentServerPolicy and, for Application Signals traces, AWSXrayWriteOnlyAccess).
 * Scoped further: logs only in this cluster's Container Insights groups `/aws/containerinsights/<cluster>/*` and
 * `/aws/application-signals/data` (upstream: `*`); agent configuration parameters `AmazonCloudWatch-*` of the stack's region and account.
 * `cloudwatch:PutMetricData` stays on `*`: its only resource type (`dataset`, optional) does not apply to metric namespaces.
 * ============================================================================
 */
import { regionalArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { AddonContext, AddonModule } from "./module";

/** `name: "cloudwatch-observability"`: the CloudWatch agent of the `amazon-cloudwatch-observability` add-on. */
export interface CloudwatchObservabilityAddon {
    name: "cloudwatch-observability";
    /** Also send X-Ray traces (Application Signals): the actions of AWSXrayWriteOnlyAccess. @default false */
    xray?: boolean;
}

function statements(spec: CloudwatchObservabilityAddon, ctx: AddonContext): PolicyStatement[] {
    const groups = [`/aws/containerinsights/${ctx.clusterName}/*`, "/aws/application-signals/data"];
    const result: PolicyStatement[] = [
        // No resource-level permission (PutMetricData's `dataset` is optional and unrelated to metrics): `*`.
        { Effect: "Allow", Action: ["cloudwatch:PutMetricData", "ec2:DescribeTags", "ec2:DescribeVolumes", "logs:DescribeLogGroups"], Resource: ["*"] },
        {
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:DescribeLogStreams", "logs:PutRetentionPolicy"],
            Resource: groups.map((group) => regionalArn(ctx, "logs", `log-group:${group}`)),
        },
        {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: groups.map((group) => regionalArn(ctx, "logs", `log-group:${group}:log-stream:*`)),
        },
        { Effect: "Allow", Action: ["ssm:GetParameter"], Resource: [regionalArn(ctx, "ssm", "parameter/AmazonCloudWatch-*")] },
    ];
    if (spec.xray === true) {
        result.push({
            Effect: "Allow",
            Action: ["xray:GetSamplingRules", "xray:GetSamplingStatisticSummaries", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"],
            Resource: ["*"],
        });
    }
    return result;
}

/** The CloudWatch Observability add-on. */
export const cloudwatchObservabilityAddon: AddonModule<CloudwatchObservabilityAddon> = {
    name: "cloudwatch-observability",
    defaults: { namespace: "amazon-cloudwatch", serviceAccount: "cloudwatch-agent" },
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html",
    summary: "put metrics; write logs to this cluster's Container Insights and Application Signals groups; read AmazonCloudWatch-* config; optionally X-Ray traces",
    fields: { xray: { kind: "boolean", purpose: "whether it also sends X-Ray traces" } },
    statements,
};
