"""The seeds' three scenarios on one new cluster, each with least privilege, from Python through the eks-irsa
component package (the same config as the TypeScript example stack, Pulumi.example.yaml).

    pulumi package add ../..      # or: pulumi package add https://github.com/<org>/eks-irsa@v0.1.0
    pulumi stack init dev && pulumi config set aws:region us-west-2
    pulumi preview
"""
import pulumi
import pulumi_eks_irsa as eks_irsa

AWS_CLI = "public.ecr.aws/aws-cli/aws-cli:2.17.0"
# Prints the pod's AWS identity on start (the workload's role when IRSA works), then idles whatever the answer.
PROVE_IRSA = ["sh", "-c", "aws sts get-caller-identity; exec sleep infinity"]

platform = eks_irsa.IrsaCluster(
    "platform",
    cluster=eks_irsa.ClusterSpecArgs(
        mode=eks_irsa.ClusterMode.CREATE,
        name="irsa-example",
        version="1.31",
        node_group=eks_irsa.NodeGroupSpecArgs(instance_type="t3.medium", desired_size=2, min_size=1, max_size=3),
    ),
    tags={"project": "eks-irsa"},
    workloads=[
        # Seed 2 (DEV Community, "access AWS S3"): read objects of one bucket, nothing else.
        eks_irsa.WorkloadSpecArgs(
            name="s3-reader",
            namespace="my-cluster-namespace",
            service_account="my-serviceaccount",
            statements=[eks_irsa.StatementSpecArgs(actions=["s3:GetObject"], resources=["arn:aws:s3:::my-s3-bucket/*"])],
            deployment=eks_irsa.DeploymentSpecArgs(
                image=AWS_CLI,
                command=PROVE_IRSA,
                env={"BUCKET": "my-s3-bucket"},
                resources=eks_irsa.ContainerResourcesArgs(
                    requests=eks_irsa.ResourceAmountsArgs(cpu="50m", memory="64Mi"),
                    limits=eks_irsa.ResourceAmountsArgs(cpu="200m", memory="256Mi"),
                ),
            ),
        ),
        # Seed 3 (DynamoDB from a pod): read one table, nothing else, as a typed grant.
        eks_irsa.WorkloadSpecArgs(
            name="dynamodb-reader",
            namespace="data",
            service_account="table-reader",
            grants=[
                eks_irsa.GrantSpecArgs(service=eks_irsa.GrantService.DYNAMO_DB, table="scores", access=eks_irsa.GrantAccess.READ),
            ],
            deployment=eks_irsa.DeploymentSpecArgs(
                image=AWS_CLI, command=PROVE_IRSA, replicas=2, port=8080, env={"TABLE_NAME": "scores"}
            ),
        ),
        # Seed 1 (Track.Health): the ns-utils service that eksctl gave AmazonS3FullAccess; here only what it does.
        eks_irsa.WorkloadSpecArgs(
            name="s3fullaccess",
            namespace="ns-utils",
            service_account="s3fullaccess",
            statements=[
                eks_irsa.StatementSpecArgs(actions=["s3:ListBucket"], resources=["arn:aws:s3:::track-health-utils"]),
                eks_irsa.StatementSpecArgs(
                    actions=["s3:GetObject", "s3:PutObject"], resources=["arn:aws:s3:::track-health-utils/*"]
                ),
            ],
            deployment=eks_irsa.DeploymentSpecArgs(image=AWS_CLI, command=PROVE_IRSA, port=8080, fs_group=65534),
        ),
    ],
)

pulumi.export("clusterName", platform.cluster_name)
pulumi.export("oidcProviderArn", platform.oidc_provider_arn)
pulumi.export("roleArns", platform.role_arns)
pulumi.export("kubeconfig", platform.kubeconfig)
