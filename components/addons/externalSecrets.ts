/**
 * ============================================================================
 * External Secrets Operator (AWS Secrets Manager and Parameter Store providers), read-only
 * Source: "AWS Secrets Manager" and "AWS Parameter Store" provider docs,
 * https://external-secrets.io/latest/provider/aws-secrets-manager/ and https://external-secrets.io/latest/provider/aws-parameter-store/
 * Scoped: reads of the given secret and parameter ARNs (patterns allowed, not a bare `*`); KMS decrypt on the given keys.
 * `find`-style discovery (ListSecrets, DescribeParameters) is left out: it needs `*`.
 * ============================================================================
 */
import { PolicyStatement } from "../policyDocument";
import { KMS_KEY, PARAMETER, SECRET } from "./arnRules";
import { AddonContext, AddonModule } from "./module";

/** `name: "external-secrets"`: ESO reading secrets and parameters. At least one of `secretArns`, `parameterArns` is required. */
export interface ExternalSecretsAddon {
    name: "external-secrets";
    /**
     * Secrets Manager secrets it reads, e.g. `arn:aws:secretsmanager:us-east-1:111122223333:secret:app/prod/*`.
     * @input
     */
    secretArns?: string[];
    /**
     * Parameter Store parameters it reads, e.g. `arn:aws:ssm:us-east-1:111122223333:parameter/app/prod/*`.
     * @input
     */
    parameterArns?: string[];
    /**
     * Customer managed KMS keys encrypting them. @default none (AWS managed keys need no IAM permission)
     * @input
     */
    kmsKeyArns?: string[];
}

function statements(spec: ExternalSecretsAddon, _ctx: AddonContext): PolicyStatement[] {
    const result: PolicyStatement[] = [];
    if (spec.secretArns && spec.secretArns.length > 0) {
        result.push({
            Effect: "Allow",
            Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:GetSecretValue", "secretsmanager:ListSecretVersionIds"],
            Resource: [...spec.secretArns],
        });
    }
    if (spec.parameterArns && spec.parameterArns.length > 0) {
        result.push({ Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], Resource: [...spec.parameterArns] });
    }
    if (spec.kmsKeyArns && spec.kmsKeyArns.length > 0) {
        result.push({ Effect: "Allow", Action: ["kms:Decrypt"], Resource: [...spec.kmsKeyArns] });
    }
    return result;
}

/** The External Secrets Operator add-on. */
export const externalSecretsAddon: AddonModule<ExternalSecretsAddon> = {
    name: "external-secrets",
    defaults: { namespace: "external-secrets", serviceAccount: "external-secrets" },
    source: "https://external-secrets.io/latest/provider/aws-secrets-manager/",
    summary: "read the given secrets and parameters; decrypt with the given keys",
    fields: {
        secretArns: { kind: "arns", required: false, arn: SECRET, purpose: "the Secrets Manager secrets it reads" },
        parameterArns: { kind: "arns", required: false, arn: PARAMETER, purpose: "the Parameter Store parameters it reads" },
        kmsKeyArns: { kind: "arns", required: false, arn: KMS_KEY, purpose: "the KMS keys that encrypt them" },
    },
    crossCheck: (item, path) =>
        item["secretArns"] === undefined && item["parameterArns"] === undefined
            ? [
                  `${path}.secretArns is missing: external-secrets needs the secrets or parameters it reads; give secretArns, parameterArns or both, ` +
                      `e.g. ["${SECRET.example}"] (there is no "*" default).`,
              ]
            : [],
    statements,
};
