/**
 * ============================================================================
 * AWS Node Termination Handler (Queue Processor mode)
 * Source: "Set up IAM permissions", https://github.com/aws/aws-node-termination-handler#5-create-an-iam-role-for-the-pods
 * (Queue Processor installation, docs/aws-node-termination-handler/… and the README's policy).
 * Scoped further: lifecycle actions on Auto Scaling groups of the stack's region and account; messages of the given queues.
 * ============================================================================
 */
import { regionalArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { QUEUE } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "node-termination-handler"`: NTH reading its EventBridge-fed SQS queue. */
export interface NodeTerminationHandlerAddon {
    name: "node-termination-handler";
    /**
     * The SQS queues EventBridge sends interruption events to (`queueURL`). Required.
     * @input
     */
    queueArns: string[];
}

function statements(spec: NodeTerminationHandlerAddon, ctx: AddonContext): PolicyStatement[] {
    return [
        // No resource-level permission: describe calls.
        { Effect: "Allow", Action: ["autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags", "ec2:DescribeInstances"], Resource: ["*"] },
        {
            Effect: "Allow",
            Action: ["autoscaling:CompleteLifecycleAction"],
            Resource: [regionalArn(ctx, "autoscaling", "autoScalingGroup:*:autoScalingGroupName/*")],
        },
        { Effect: "Allow", Action: ["sqs:DeleteMessage", "sqs:ReceiveMessage"], Resource: [...spec.queueArns] },
    ];
}

/** The Node Termination Handler add-on. */
export const nodeTerminationHandlerAddon: AddonModule<NodeTerminationHandlerAddon> = {
    name: "node-termination-handler",
    defaults: { namespace: "kube-system", serviceAccount: "aws-node-termination-handler" },
    source: "https://github.com/aws/aws-node-termination-handler#5-create-an-iam-role-for-the-pods",
    summary: "receive and delete interruption events from the given queues; complete Auto Scaling lifecycle actions",
    fields: { queueArns: { kind: "arns", required: true, arn: QUEUE, purpose: "the SQS queues that receive its interruption events" } },
    statements,
};
