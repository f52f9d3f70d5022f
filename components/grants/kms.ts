/**
 * Typed grant: a KMS key, for the data of the other grants (S3 SSE-KMS objects, encrypted queues, secrets, SecureString parameters).
 *
 * Actions from "Actions, resources, and condition keys for AWS Key Management Service"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html).
 * Keys are named by key id or key ARN: "To specify a KMS key in the Resource element … use its key ARN"; an alias ARN
 * does not authorize use of the key (https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html).
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, regionalArn, resolveResource } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem } from "./validation";

/** What a workload may do with the key. */
export type KmsAccess = "decrypt" | "encrypt";

/** Use of one KMS key. */
export interface KmsGrant {
    service: "kms";
    /**
     * The key: its key id (`1234abcd-12ab-34cd-56ef-1234567890ab`, `mrk-…` for a multi-Region key) or key ARN
     * (`arn:aws:kms:us-east-1:111122223333:key/1234abcd-…`). Aliases are refused.
     * @input
     */
    key: string;
    /**
     * - `decrypt`: `kms:Decrypt` (reading SSE-KMS objects, receiving from encrypted queues, secrets, SecureString parameters).
     * - `encrypt`: `kms:Encrypt` and `kms:GenerateDataKey` (writing SSE-KMS objects, sending to encrypted queues).
     */
    access: KmsAccess;
    /** Region of a key given by id. @default the stack's region */
    region?: string;
    /** Account of a key given by id (12 digits). @default the stack's account */
    account?: string;
}

/** Decrypting ciphertext and data keys. */
export const KMS_DECRYPT_ACTIONS = ["kms:Decrypt"];
/** Encrypting and envelope data keys. */
export const KMS_ENCRYPT_ACTIONS = ["kms:Encrypt", "kms:GenerateDataKey"];

const KEY: NameOrArnRule = {
    service: "kms",
    resourcePrefix: "key/",
    name: /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/,
    label: "KMS key",
    nameRule: 'a key id such as "1234abcd-12ab-34cd-56ef-1234567890ab" or "mrk-…" (not an alias: IAM authorizes keys by key ARN)',
    arnForm: "arn:<partition>:kms:<region>:<account>:key/<key id>",
    regional: true,
};

function statements(grant: KmsGrant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.key, "kms", "key/", ctx, grant);
    if (!resolved) {
        return [];
    }
    const actions = grant.access === "decrypt" ? KMS_DECRYPT_ACTIONS : KMS_ENCRYPT_ACTIONS;
    return [{ Effect: "Allow", Action: [...actions], Resource: [regionalArn(resolved.location, "kms", `key/${resolved.name}`)] }];
}

/** The KMS grant module. */
export const kmsGrants: GrantModule<KmsGrant> = {
    service: "kms",
    resourceField: "key",
    resourceLabel: "KMS key",
    accessLevels: ["decrypt", "encrypt"],
    optionalFields: ["region", "account"],
    checkResource: (value) => nameOrArnProblem(value, KEY),
    checkOptions: () => [],
    statements,
};
