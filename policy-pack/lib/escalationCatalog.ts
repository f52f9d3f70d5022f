/**
 * The privilege-escalation paths irsa-guard knows, as data: each entry names the catalog it comes from.
 *
 * Sources (read 2026-12):
 * - pathfinding.cloud (Datadog), one YAML file per path under `data/paths/<service>/<id>.yaml`
 *   (https://github.com/DataDog/pathfinding.cloud, commit 84dd65c97fc21dee54f4587be6dfd5b7b5fe320c): the ids below
 *   (`ec2-002`, `codebuild-002`, …) are its path ids, and each path's `permissions.required` is the action set here;
 * - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation"
 *   (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/) and their scanner pacu
 *   (`pacu/modules/iam__privesc_scan/main.py`);
 * - Salesforce cloudsplaining's privilege-escalation list
 *   (https://github.com/salesforce/cloudsplaining, `docs/glossary/privilege-escalation.md`) and its
 *   "credentials exposure" actions;
 * - AWS's own documentation for the routes these catalogs do not list yet, each cited at its entry.
 *
 * Actions the IAM catalog files under "Permissions management" are escalations by their access level
 * (./escalation.ts) and are not repeated here.
 */

/** Actions that escalate on their own: the workload runs code, or gets credentials, as another principal. */
export const ESCALATION_ACTIONS: Readonly<Record<string, string>> = {
    "iam:createaccesskey": "creates access keys for another IAM user and acts as that user",
    "iam:createloginprofile": "sets a console password for another IAM user and signs in as that user",
    "iam:updateloginprofile": "changes another IAM user's console password and signs in as that user",
    "iam:addusertogroup": "adds a user to a group and gains the group's policies",
    "iam:createpolicyversion": "writes a new default version of a managed policy, granting itself anything",
    "iam:setdefaultpolicyversion": "switches a managed policy to a more permissive version",
    "iam:updateassumerolepolicy": "rewrites a role's trust policy so that it can assume the role",
    "lambda:updatefunctioncode": "replaces a function's code, which then runs with the function's role",
    "glue:updatedevendpoint": "adds its SSH key to a Glue development endpoint and acts as the endpoint's role",
    "ec2-instance-connect:sendsshpublickey": "logs in to an instance and uses the instance's role",
    "ssm:sendcommand": "runs commands on an instance and uses the instance's role",
    "ssm:startsession": "opens a shell on an instance and uses the instance's role",
    // Credentials for other principals (cloudsplaining's "credentials exposure" actions that IAM files under Write).
    "iam:updateaccesskey": "re-activates another IAM user's access key",
    "iam:uploadsshpublickey": "registers its SSH key for another IAM user (CodeCommit access as that user)",
    "iam:createservicespecificcredential": "creates service credentials (CodeCommit, Keyspaces) for another IAM user",
    "iam:resetservicespecificcredential": "resets another IAM user's service credentials and receives the new password",
    // State Manager runs an association's document (AWS-RunShellScript, AWS-RunPowerShellScript) on its targets as
    // SendCommand does: https://docs.aws.amazon.com/systems-manager/latest/userguide/state-manager-associations-creating.html
    "ssm:createassociation": "runs a shell document on instances through a State Manager association and uses the instances' roles",
    "ssm:updateassociation": "changes an association's document or parameters, which then run on its instances with their roles",
    "ssm:startautomationexecution": "runs an Automation runbook, which can run scripts as the runbook's assume role",
    // ECS Exec opens a shell in a running container, whose credentials are the task role's:
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
    "ecs:executecommand": "opens a shell in a running ECS task and uses the task role",
    // pathfinding.cloud ec2-002: new user data runs at the instance's next start (a stop/start by anyone, an
    // automatic recovery or maintenance event), with the instance profile's role.
    "ec2:modifyinstanceattribute": "rewrites an instance's user data, which runs as root at its next start with the instance's role",
    // pathfinding.cloud codebuild-002 / -003: `buildspecOverride` runs any commands with the project's service role.
    "codebuild:startbuild": "starts a build with an overridden buildspec, which runs with the project's service role",
    "codebuild:startbuildbatch": "starts a batch build with an overridden buildspec, which runs with the project's service role",
    // pathfinding.cloud cloudformation-002: an update runs with the stack's existing service role.
    "cloudformation:updatestack": "updates a stack with its existing service role, creating any resource that role may create",
    // pathfinding.cloud apprunner-002: a new start command or image runs with the service's instance role.
    "apprunner:updateservice": "changes an App Runner service's image or start command, which runs with the service's instance role",
    // pathfinding.cloud sagemaker-004.
    "sagemaker:createpresignednotebookinstanceurl": "opens a notebook instance's Jupyter and runs code with the notebook's role",
    // EKS access entries and access policies decide who is cluster-admin: a pod that creates or changes them makes
    // itself cluster-admin, reads every Secret and runs pods as any ServiceAccount, hence as every IRSA role.
    // https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
    "eks:createaccessentry": "creates an EKS access entry with any Kubernetes groups, becoming cluster-admin and every ServiceAccount's role",
    "eks:updateaccessentry": "changes an EKS access entry's Kubernetes groups, becoming cluster-admin and every ServiceAccount's role",
    "eks:associateaccesspolicy": "associates an EKS access policy (AmazonEKSClusterAdminPolicy) with an access entry, becoming cluster-admin",
    // An identity provider the workload names authenticates whatever users and groups its tokens claim:
    // https://docs.aws.amazon.com/eks/latest/userguide/authenticate-oidc-identity-provider.html
    "eks:associateidentityproviderconfig": "makes the cluster trust an OIDC identity provider whose tokens claim any Kubernetes group",
};

/**
 * Actions that run code with a role passed to them (`iam:PassRole` + the action): Rhino methods 3, 15, 16, 18, 20,
 * 21, pacu, and pathfinding.cloud's `new-passrole` paths.
 */
export const PASS_ROLE_TARGETS: readonly string[] = [
    "ec2:RunInstances",
    "ec2:RequestSpotInstances",
    "ec2:CreateFleet",
    "ec2:AssociateIamInstanceProfile",
    "ec2:ReplaceIamInstanceProfileAssociation",
    "lambda:CreateFunction",
    "lambda:UpdateFunctionConfiguration",
    "cloudformation:CreateStack",
    "cloudformation:UpdateStack",
    "cloudformation:CreateStackSet",
    "cloudformation:UpdateStackSet",
    "glue:CreateDevEndpoint",
    "glue:CreateJob",
    "glue:UpdateJob",
    "datapipeline:CreatePipeline",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "ecs:RunTask",
    "ecs:StartTask",
    "ecs:RegisterTaskDefinition",
    "ecs:CreateService",
    "codebuild:CreateProject",
    "codebuild:UpdateProject",
    "autoscaling:CreateLaunchConfiguration",
    "states:CreateStateMachine",
    "states:UpdateStateMachine",
    "eks:CreateNodegroup",
    "eks:CreatePodIdentityAssociation",
    "eks:UpdatePodIdentityAssociation",
    "apprunner:CreateService",
    "bedrock-agentcore:CreateCodeInterpreter",
    "batch:RegisterJobDefinition",
    "emr-serverless:StartJobRun",
    "elasticmapreduce:RunJobFlow",
    // EventBridge Scheduler runs its target (a Lambda invoke, an ECS task, any SDK call through the universal
    // target) with the schedule's execution role: https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
    "scheduler:CreateSchedule",
    "scheduler:UpdateSchedule",
];

/** A path that needs several actions, none escalating alone (pathfinding.cloud). */
export interface EscalationCombination {
    /** The catalog's id, e.g. `ec2-004`. */
    readonly id: string;
    /** Every action the path needs, as the IAM catalog spells them. */
    readonly actions: readonly string[];
    /** What the workload does with them. */
    readonly effect: string;
}

/** Paths of several actions, none of which escalates alone (each action of a path is allowed somewhere). */
export const ESCALATION_COMBINATIONS: readonly EscalationCombination[] = [
    {
        id: "ec2-004",
        actions: ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"],
        effect: "makes a launch template's default version run its user data with the template's instance profile",
    },
    {
        id: "cloudformation-005",
        actions: ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"],
        effect: "changes a stack through a change set, which runs with the stack's service role",
    },
    {
        id: "bedrock-002",
        actions: ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"],
        effect: "runs code in a code interpreter with the interpreter's execution role",
    },
    {
        id: "sagemaker-005",
        actions: ["sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:UpdateNotebookInstance"],
        effect: "attaches a lifecycle script to a notebook instance, which runs at its next start with the notebook's role",
    },
];
