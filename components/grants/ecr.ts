/**
 * Typed grant: an ECR repository to pull images from.
 *
 * Actions from "Actions, resources, and condition keys for Amazon Elastic Container Registry"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html) and
 * "Private registry authentication in Amazon ECR" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html).
 *
 * `ecr:GetAuthorizationToken` has no resource type (the token is for the whole registry), so it is the one action here
 * on `Resource: "*"`; what the token can pull is still limited by the repository-scoped actions.
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, regionalArn, resolveResource } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem } from "./validation";

/** What a workload may do with the repository. */
export type EcrAccess = "pull";

/** Pulling images from one ECR repository. */
export interface EcrGrant {
    service: "ecr";
    /**
     * The repository: its name (`team/api`) or ARN (`arn:aws:ecr:us-east-1:111122223333:repository/team/api`).
     * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
     * @input
     */
    repository: string;
    /** `pull`: `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on the repository, `ecr:GetAuthorizationToken` on `*`. */
    access: EcrAccess;
    /** Region of a repository given by name. @default the stack's region */
    region?: string;
    /** Account of a repository given by name (12 digits). @default the stack's account */
    account?: string;
}

/** Reading image manifests and layers. */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
/** No resource-level permission: `Resource: "*"`. */
export const ECR_WILDCARD_ACTIONS = ["ecr:GetAuthorizationToken"];

const REPOSITORY: NameOrArnRule = {
    service: "ecr",
    resourcePrefix: "repository/",
    name: /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    label: "ECR repository",
    nameRule: '2-256 lowercase letters, digits, ".", "_", "-" and "/" namespaces',
    arnForm: "arn:<partition>:ecr:<region>:<account>:repository/<name>",
    regional: true,
};

function statements(grant: EcrGrant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.repository, "ecr", "repository/", ctx, grant);
    if (!resolved) {
        return [];
    }
    return [
        { Effect: "Allow", Action: [...ECR_PULL_ACTIONS], Resource: [regionalArn(resolved.location, "ecr", `repository/${resolved.name}`)] },
        { Effect: "Allow", Action: [...ECR_WILDCARD_ACTIONS], Resource: ["*"] },
    ];
}

/** The ECR grant module. */
export const ecrGrants: GrantModule<EcrGrant> = {
    service: "ecr",
    resourceField: "repository",
    resourceLabel: "ECR repository",
    accessLevels: ["pull"],
    optionalFields: ["region", "account"],
    checkResource: (value) => nameOrArnProblem(value, REPOSITORY),
    checkOptions: () => [],
    statements,
};
