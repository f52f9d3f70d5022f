/**
 * Typed grant: a DynamoDB table, its indexes and its stream.
 *
 * Actions and resource types from "Actions, resources, and condition keys for Amazon DynamoDB"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html), and
 * "Using identity-based policies with DynamoDB" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/using-identity-based-policies.html).
 */
import { PolicyStatement } from "../policyDocument";
import { GrantContext, regionalArn, resolveResource } from "./arns";
import { GrantModule } from "./module";
import { NameOrArnRule, nameOrArnProblem, show } from "./validation";

/** What a workload may do with the table. */
export type DynamoDbAccess = "read" | "write" | "read-write";

/** Access to one DynamoDB table. */
export interface DynamoDbGrant {
    /** @enumName DynamoDb */
    service: "dynamodb";
    /**
     * The table: its name (`orders`) or ARN (`arn:aws:dynamodb:us-east-1:111122223333:table/orders`).
     * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
     * @input
     */
    table: string;
    /**
     * - `read`: `GetItem`, `BatchGetItem`, `Query`, `Scan`, `ConditionCheckItem`, `DescribeTable` on the table.
     * - `write`: `PutItem`, `UpdateItem`, `DeleteItem`, `BatchWriteItem`, `DescribeTable` on the table.
     * - `read-write`: both.
     */
    access: DynamoDbAccess;
    /**
     * Secondary indexes (global or local) the workload queries: `Query` and `Scan` on `table/<table>/index/<name>`.
     * Only with `read` or `read-write`; names follow the table naming rule.
     * @default no index
     */
    indexes?: string[];
    /**
     * Read the table's stream: `DescribeStream`, `GetRecords`, `GetShardIterator` on `table/<table>/stream/*`
     * (the stream label is a timestamp) and `ListStreams` on `*`.
     * @default false
     */
    streams?: boolean;
    /** Region of a table given by name. @default the stack's region */
    region?: string;
    /** Account of a table given by name (12 digits). @default the stack's account */
    account?: string;
}

/** Item and table reads. */
export const DYNAMODB_READ_ACTIONS = [
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
];
/** Item writes (and `DescribeTable`, which SDK mappers call first). */
export const DYNAMODB_WRITE_ACTIONS = [
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
];
/** Reads on a secondary index. */
export const DYNAMODB_INDEX_ACTIONS = ["dynamodb:Query", "dynamodb:Scan"];
/** Reads on the table's stream. */
export const DYNAMODB_STREAM_ACTIONS = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];
/** `dynamodb:ListStreams` has no resource type in the service authorization reference: it needs `Resource: "*"`. */
export const DYNAMODB_WILDCARD_ACTIONS = ["dynamodb:ListStreams"];

const NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE: NameOrArnRule = {
    service: "dynamodb",
    resourcePrefix: "table/",
    name: NAME,
    label: "DynamoDB table",
    nameRule: '3-255 letters, digits, "_", "-" and "."',
    arnForm: "arn:<partition>:dynamodb:<region>:<account>:table/<name>",
    regional: true,
};

function checkOptions(item: Record<string, unknown>, path: string): string[] {
    const problems: string[] = [];
    const indexes = item["indexes"];
    if (indexes !== undefined) {
        if (!Array.isArray(indexes) || indexes.length === 0) {
            problems.push(`${path}.indexes ${show(indexes)} is not a list of index names: give one or more index names, or leave it out.`);
        } else {
            indexes.forEach((index: unknown, i) => {
                if (typeof index !== "string" || !NAME.test(index)) {
                    problems.push(`${path}.indexes[${i}] ${show(index)} is not a valid DynamoDB index name: use 3-255 letters, digits, "_", "-" and ".".`);
                }
            });
            if (item["access"] === "write") {
                problems.push(`${path}.indexes ${show(indexes)} is not allowed with access "write": indexes are read with Query and Scan; use access "read" or "read-write".`);
            }
        }
    }
    const streams = item["streams"];
    if (streams !== undefined && typeof streams !== "boolean") {
        problems.push(`${path}.streams ${show(streams)} is not a boolean: use true or false.`);
    }
    return problems;
}

function statements(grant: DynamoDbGrant, ctx: GrantContext): PolicyStatement[] {
    const resolved = resolveResource(grant.table, "dynamodb", "table/", ctx, grant);
    if (!resolved) {
        return [];
    }
    const table = `table/${resolved.name}`;
    const loc = resolved.location;
    const actions =
        grant.access === "read" ? DYNAMODB_READ_ACTIONS : grant.access === "write" ? DYNAMODB_WRITE_ACTIONS : [...new Set([...DYNAMODB_READ_ACTIONS, ...DYNAMODB_WRITE_ACTIONS])].sort();
    const result: PolicyStatement[] = [{ Effect: "Allow", Action: [...actions], Resource: [regionalArn(loc, "dynamodb", table)] }];
    if (grant.indexes && grant.indexes.length > 0 && grant.access !== "write") {
        result.push({
            Effect: "Allow",
            Action: [...DYNAMODB_INDEX_ACTIONS],
            Resource: grant.indexes.map((index) => regionalArn(loc, "dynamodb", `${table}/index/${index}`)),
        });
    }
    if (grant.streams === true) {
        result.push({ Effect: "Allow", Action: [...DYNAMODB_STREAM_ACTIONS], Resource: [regionalArn(loc, "dynamodb", `${table}/stream/*`)] });
        result.push({ Effect: "Allow", Action: [...DYNAMODB_WILDCARD_ACTIONS], Resource: ["*"] });
    }
    return result;
}

/** The DynamoDB grant module. */
export const dynamoDbGrants: GrantModule<DynamoDbGrant> = {
    service: "dynamodb",
    resourceField: "table",
    resourceLabel: "DynamoDB table",
    accessLevels: ["read", "write", "read-write"],
    optionalFields: ["indexes", "streams", "region", "account"],
    checkResource: (value) => nameOrArnProblem(value, TABLE),
    checkOptions,
    statements,
};
