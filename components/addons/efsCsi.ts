/**
 * ============================================================================
 * Amazon EFS CSI driver
 * Source: the driver's published policy, https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/master/docs/iam-policy-example.json
 * (the statements of the AWS managed policy AmazonEFSCSIDriverPolicy).
 * Scoped further: dynamic provisioning creates access points only in the given file systems (upstream: `*`), and
 * access points are the stack's region and account.
 * ============================================================================
 */
import { regionalArn } from "../grants/arns";
import { PolicyStatement } from "../policyDocument";
import { FILE_SYSTEM } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "efs-csi"`: the EFS CSI controller (dynamic provisioning with access points). */
export interface EfsCsiAddon {
    name: "efs-csi";
    /**
     * The file systems StorageClasses provision access points in (`fileSystemId`). Required.
     * @input
     */
    fileSystemArns: string[];
}

function statements(spec: EfsCsiAddon, ctx: AddonContext): PolicyStatement[] {
    const accessPoints = regionalArn(ctx, "elasticfilesystem", "access-point/*");
    const fileSystems = [...spec.fileSystemArns];
    const clusterTag = (key: string) => ({ StringLike: { [key]: "true" } });
    return [
        { Effect: "Allow", Action: ["ec2:DescribeAvailabilityZones"], Resource: ["*"] },
        {
            Effect: "Allow",
            Action: ["elasticfilesystem:DescribeAccessPoints", "elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets"],
            Resource: [...fileSystems, accessPoints],
        },
        { Effect: "Allow", Action: ["elasticfilesystem:CreateAccessPoint"], Resource: fileSystems, Condition: clusterTag("aws:RequestTag/efs.csi.aws.com/cluster") },
        // Tagging only while creating an access point (elasticfilesystem:CreateAction): a role that could tag any access point
        // "efs.csi.aws.com/cluster" = "true" could then delete it (the DeleteAccessPoint grant below is scoped by that tag).
        {
            Effect: "Allow",
            Action: ["elasticfilesystem:TagResource"],
            Resource: [accessPoints],
            Condition: { ...clusterTag("aws:RequestTag/efs.csi.aws.com/cluster"), StringEquals: { "elasticfilesystem:CreateAction": "CreateAccessPoint" } },
        },
        {
            Effect: "Allow",
            Action: ["elasticfilesystem:DeleteAccessPoint"],
            Resource: [accessPoints],
            Condition: { StringEquals: { "aws:ResourceTag/efs.csi.aws.com/cluster": "true" } },
        },
    ];
}

/** The EFS CSI driver add-on. */
export const efsCsiAddon: AddonModule<EfsCsiAddon> = {
    name: "efs-csi",
    defaults: { namespace: "kube-system", serviceAccount: "efs-csi-controller-sa" },
    source: "https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/master/docs/iam-policy-example.json",
    summary: "describe the given file systems; create, tag and delete the access points the driver tagged in them",
    fields: { fileSystemArns: { kind: "arns", required: true, arn: FILE_SYSTEM, purpose: "the EFS file systems it provisions access points in" } },
    statements,
};
