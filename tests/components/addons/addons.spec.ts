import assert from "node:assert/strict";
import { ADDON_DEFAULTS, ADDON_NAMES, addonStatements, validateAddon } from "../../../components/addons";
import { EXAMPLE_ADDON_CONTEXT } from "./fixtures";

const path = "workloads[3].addon";

describe("ADDON_DEFAULTS", () => {
    it("names the ServiceAccount each add-on's chart uses", () => {
        assert.deepEqual(ADDON_DEFAULTS, {
            "ebs-csi": { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" },
            "efs-csi": { namespace: "kube-system", serviceAccount: "efs-csi-controller-sa" },
            "vpc-cni": { namespace: "kube-system", serviceAccount: "aws-node" },
            "aws-load-balancer-controller": { namespace: "kube-system", serviceAccount: "aws-load-balancer-controller" },
            "external-dns": { namespace: "external-dns", serviceAccount: "external-dns" },
            "cert-manager": { namespace: "cert-manager", serviceAccount: "cert-manager" },
            "cluster-autoscaler": { namespace: "kube-system", serviceAccount: "cluster-autoscaler" },
            karpenter: { namespace: "kube-system", serviceAccount: "karpenter" },
            "external-secrets": { namespace: "external-secrets", serviceAccount: "external-secrets" },
            velero: { namespace: "velero", serviceAccount: "velero-server" },
            "mountpoint-s3-csi": { namespace: "kube-system", serviceAccount: "s3-csi-driver-sa" },
            "cloudwatch-observability": { namespace: "amazon-cloudwatch", serviceAccount: "cloudwatch-agent" },
            "node-termination-handler": { namespace: "kube-system", serviceAccount: "aws-node-termination-handler" },
            amp: { namespace: "prometheus", serviceAccount: "amp-iamproxy-ingest-service-account" },
        });
        assert.deepEqual(Object.keys(ADDON_DEFAULTS), ADDON_NAMES);
    });
});

describe("addonStatements", () => {
    it("scopes external-dns to the given hosted zones", () => {
        assert.deepEqual(addonStatements({ name: "external-dns", hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1"] }, EXAMPLE_ADDON_CONTEXT), [
            {
                Effect: "Allow",
                Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                Resource: ["arn:aws:route53:::hostedzone/Z1"],
            },
            { Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: ["*"] },
        ]);
    });

    it("limits cert-manager's record changes to TXT records of the given zones", () => {
        assert.deepEqual(addonStatements({ name: "cert-manager", hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1"] }, EXAMPLE_ADDON_CONTEXT), [
            { Effect: "Allow", Action: ["route53:GetChange"], Resource: ["arn:aws:route53:::change/*"] },
            {
                Effect: "Allow",
                Action: ["route53:ChangeResourceRecordSets"],
                Resource: ["arn:aws:route53:::hostedzone/Z1"],
                Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
            },
            { Effect: "Allow", Action: ["route53:ListResourceRecordSets"], Resource: ["arn:aws:route53:::hostedzone/Z1"] },
            { Effect: "Allow", Action: ["route53:ListHostedZonesByName"], Resource: ["*"] },
        ]);
    });

    it("scopes cluster-autoscaler to this cluster's auto-discovery tags and node groups", () => {
        assert.deepEqual(addonStatements({ name: "cluster-autoscaler" }, EXAMPLE_ADDON_CONTEXT).slice(1), [
            {
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: ["arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:*:autoScalingGroupName/*"],
                Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true", "aws:ResourceTag/k8s.io/cluster-autoscaler/demo": "owned" } },
            },
            { Effect: "Allow", Action: ["eks:DescribeNodegroup"], Resource: ["arn:aws:eks:us-east-1:111122223333:nodegroup/demo/*/*"] },
        ]);
    });

    it("lets Karpenter pass only the node role, to EC2", () => {
        const statements = addonStatements({ name: "karpenter", nodeRoleArn: "arn:aws:iam::111122223333:role/KarpenterNodeRole-demo" }, EXAMPLE_ADDON_CONTEXT);
        assert.deepEqual(
            statements.filter((statement) => statement.Action.includes("iam:PassRole")),
            [
                {
                    Sid: "AllowPassingInstanceRole",
                    Effect: "Allow",
                    Action: ["iam:PassRole"],
                    Resource: ["arn:aws:iam::111122223333:role/KarpenterNodeRole-demo"],
                    Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
                },
            ],
        );
    });

    it("gives amp remote write only unless query is asked for", () => {
        const workspace = "arn:aws:aps:us-east-1:111122223333:workspace/ws-1";
        assert.deepEqual(addonStatements({ name: "amp", workspaceArns: [workspace] }, EXAMPLE_ADDON_CONTEXT), [
            { Effect: "Allow", Action: ["aps:RemoteWrite"], Resource: [workspace] },
        ]);
    });

    it("puts only Velero's describe calls on \"*\"", () => {
        const statements = addonStatements({ name: "velero", bucketArns: ["arn:aws:s3:::backups"] }, EXAMPLE_ADDON_CONTEXT);
        assert.deepEqual(statements.filter((statement) => statement.Resource.includes("*")), [
            { Effect: "Allow", Action: ["ec2:DescribeSnapshots", "ec2:DescribeVolumes"], Resource: ["*"] },
        ]);
    });
});

describe("validateAddon", () => {
    it("reports a value that is not an object", () => {
        assert.deepEqual(validateAddon("external-dns", path), [
            'workloads[3].addon "external-dns" is not an object: give { "name": <add-on>, …scope inputs }, e.g. { "name": "external-dns", "hostedZoneArns": [ … ] }.',
        ]);
    });

    it("reports a missing and an unknown name", () => {
        const names =
            '"ebs-csi", "efs-csi", "vpc-cni", "aws-load-balancer-controller", "external-dns", "cert-manager", "cluster-autoscaler", "karpenter", ' +
            '"external-secrets", "velero", "mountpoint-s3-csi", "cloudwatch-observability", "node-termination-handler" or "amp"';
        assert.deepEqual(validateAddon({}, path), [`workloads[3].addon.name is missing: use ${names}.`]);
        assert.deepEqual(validateAddon({ name: "istio" }, path), [`workloads[3].addon.name "istio" is not an add-on of the catalog: use ${names}.`]);
    });

    it("reports a missing required scope: there is no \"*\" default", () => {
        assert.deepEqual(validateAddon({ name: "external-dns" }, path), [
            'workloads[3].addon.hostedZoneArns is missing: external-dns needs the Route 53 hosted zones it may change; give a list of ARNs such as ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"] (there is no "*" default).',
        ]);
        assert.deepEqual(validateAddon({ name: "karpenter" }, path), [
            'workloads[3].addon.nodeRoleArn is missing: karpenter needs the IAM role of the nodes it launches (the only role it may pass); give an ARN such as "arn:aws:iam::111122223333:role/KarpenterNodeRole-my-cluster" (there is no "*" default).',
        ]);
    });

    it("reports each add-on whose scope is required when it is missing", () => {
        const missing = ADDON_NAMES.filter((name) => validateAddon({ name }, path).length > 0);
        assert.deepEqual(missing, ["efs-csi", "external-dns", "cert-manager", "karpenter", "external-secrets", "velero", "mountpoint-s3-csi", "node-termination-handler", "amp"]);
    });

    it("reports an empty list and a wildcard ARN", () => {
        assert.deepEqual(validateAddon({ name: "velero", bucketArns: [] }, path), [
            'workloads[3].addon.bucketArns [] is not a non-empty list of ARNs: velero needs the S3 buckets it stores backups in; give a list such as ["arn:aws:s3:::my-backups"].',
        ]);
        assert.deepEqual(validateAddon({ name: "external-secrets", secretArns: ["arn:aws:secretsmanager:us-east-1:111122223333:secret:*"] }, path), [
            'workloads[3].addon.secretArns[0] "arn:aws:secretsmanager:us-east-1:111122223333:secret:*" is not a Secrets Manager secret ARN: use an ARN such as "arn:aws:secretsmanager:us-east-1:111122223333:secret:app/prod/*".',
        ]);
    });

    it("reports an ARN of the wrong kind, a non-boolean option and an unknown field", () => {
        assert.deepEqual(validateAddon({ name: "amp", workspaceArns: ["arn:aws:s3:::metrics"], query: "yes", region: "us-east-1" }, path), [
            'workloads[3].addon.region "us-east-1" is not a scope input of amp: use "name", "workspaceArns" or "query".',
            'workloads[3].addon.workspaceArns[0] "arn:aws:s3:::metrics" is not an Amazon Managed Service for Prometheus workspace ARN: use an ARN such as "arn:aws:aps:us-east-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef".',
            'workloads[3].addon.query "yes" is not a boolean: use true or false.',
        ]);
    });

    it("requires external-secrets to name secrets or parameters", () => {
        assert.deepEqual(validateAddon({ name: "external-secrets", kmsKeyArns: ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"] }, path), [
            'workloads[3].addon.secretArns is missing: external-secrets needs the secrets or parameters it reads; give secretArns, parameterArns or both, e.g. ["arn:aws:secretsmanager:us-east-1:111122223333:secret:app/prod/*"] (there is no "*" default).',
        ]);
    });
});
