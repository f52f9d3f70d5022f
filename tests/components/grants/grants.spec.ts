import assert from "node:assert/strict";
import { expandGrants, GrantSpec, INLINE_ROLE_POLICY_LIMIT, statementsSize, validateGrants } from "../../../components/grants";
import { PolicyStatement } from "../../../components/policyDocument";
import { catalogProblems } from "./iamCatalog";

const ctx = { partition: "aws", region: "us-east-1", accountId: "111122223333" };
const allow = (Action: string[], Resource: string[], Condition?: PolicyStatement["Condition"]): PolicyStatement =>
    Condition ? { Effect: "Allow", Action, Resource, Condition } : { Effect: "Allow", Action, Resource };

/** Every grant level with its exact expansion. */
const LEVELS: Array<[GrantSpec, PolicyStatement[]]> = [
    [{ service: "s3", bucket: "reports", access: "read" }, [allow(["s3:GetObject"], ["arn:aws:s3:::reports/*"])]],
    [
        { service: "s3", bucket: "arn:aws:s3:::reports", access: "write", prefix: "daily/" },
        [allow(["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"], ["arn:aws:s3:::reports/daily/*"])],
    ],
    [
        { service: "s3", bucket: "reports", access: "read-write" },
        [allow(["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::reports/*"])],
    ],
    [{ service: "s3", bucket: "reports", access: "list" }, [allow(["s3:ListBucket"], ["arn:aws:s3:::reports"])]],
    [
        { service: "s3", bucket: "reports", access: "list", prefix: "daily/" },
        [allow(["s3:ListBucket"], ["arn:aws:s3:::reports"], { StringLike: { "s3:prefix": ["daily/*"] } })],
    ],
    [
        { service: "dynamodb", table: "orders", access: "read" },
        [
            allow(
                ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"],
                ["arn:aws:dynamodb:us-east-1:111122223333:table/orders"],
            ),
        ],
    ],
    [
        { service: "dynamodb", table: "orders", access: "write", region: "eu-west-1", account: "444455556666" },
        [
            allow(
                ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem"],
                ["arn:aws:dynamodb:eu-west-1:444455556666:table/orders"],
            ),
        ],
    ],
    [
        { service: "dynamodb", table: "orders", access: "read-write", indexes: ["by-customer"], streams: true },
        [
            allow(
                [
                    "dynamodb:BatchGetItem",
                    "dynamodb:BatchWriteItem",
                    "dynamodb:ConditionCheckItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:DescribeTable",
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:Query",
                    "dynamodb:Scan",
                    "dynamodb:UpdateItem",
                ],
                ["arn:aws:dynamodb:us-east-1:111122223333:table/orders"],
            ),
            allow(
                ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                ["arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/*"],
            ),
            allow(["dynamodb:ListStreams"], ["*"]),
            allow(["dynamodb:Query", "dynamodb:Scan"], ["arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/by-customer"]),
        ],
    ],
    [
        { service: "sqs", queue: "jobs", access: "consume" },
        [
            allow(
                ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
                ["arn:aws:sqs:us-east-1:111122223333:jobs"],
            ),
        ],
    ],
    [
        { service: "sqs", queue: "arn:aws:sqs:eu-west-1:444455556666:jobs.fifo", access: "send" },
        [allow(["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:444455556666:jobs.fifo"])],
    ],
    [{ service: "sns", topic: "alerts", access: "publish" }, [allow(["sns:Publish"], ["arn:aws:sns:us-east-1:111122223333:alerts"])]],
    [
        { service: "secretsmanager", secret: "prod/db", access: "read" },
        [allow(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], ["arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????"])],
    ],
    [
        { service: "ssm", path: "/payments/prod", access: "read" },
        [
            allow(["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], ["arn:aws:ssm:us-east-1:111122223333:parameter/payments/prod/*"]),
            allow(["ssm:GetParametersByPath"], ["arn:aws:ssm:us-east-1:111122223333:parameter/payments/prod"]),
        ],
    ],
    [
        { service: "kms", key: "1234abcd-12ab-34cd-56ef-1234567890ab", access: "decrypt" },
        [allow(["kms:Decrypt"], ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"])],
    ],
    [
        { service: "kms", key: "1234abcd-12ab-34cd-56ef-1234567890ab", access: "encrypt" },
        [allow(["kms:Encrypt", "kms:GenerateDataKey"], ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"])],
    ],
    [
        { service: "ecr", repository: "team/api", access: "pull" },
        [
            allow(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], ["arn:aws:ecr:us-east-1:111122223333:repository/team/api"]),
            allow(["ecr:GetAuthorizationToken"], ["*"]),
        ],
    ],
    [
        { service: "logs", logGroup: "/eks/payments/api", access: "write" },
        [allow(["logs:CreateLogStream", "logs:PutLogEvents"], ["arn:aws:logs:us-east-1:111122223333:log-group:/eks/payments/api:log-stream:*"])],
    ],
];

describe("expandGrants", () => {
    for (const [grant, expected] of LEVELS) {
        it(`expands ${JSON.stringify(grant)} to its exact statements`, () => {
            assert.deepEqual(validateGrants([grant], "grants", ctx), []);
            assert.deepEqual(expandGrants([grant], ctx), expected);
        });
        it(`produces only catalog actions, and "*" only without resource-level permissions, for ${grant.service} ${grant.access}`, async () => {
            assert.deepEqual(await catalogProblems(expandGrants([grant], ctx)), []);
        });
    }

    it("merges resources with the same actions and removes duplicates", () => {
        const grants: GrantSpec[] = [
            { service: "s3", bucket: "a-bucket", access: "read" },
            { service: "s3", bucket: "b-bucket", access: "read" },
            { service: "s3", bucket: "a-bucket", access: "read" },
        ];
        assert.deepEqual(expandGrants(grants, ctx), [allow(["s3:GetObject"], ["arn:aws:s3:::a-bucket/*", "arn:aws:s3:::b-bucket/*"])]);
    });

    it("merges the prefixes of list grants on one bucket into one condition", () => {
        const grants: GrantSpec[] = [
            { service: "s3", bucket: "logs-bucket", access: "list", prefix: "b/" },
            { service: "s3", bucket: "logs-bucket", access: "list", prefix: "a/" },
        ];
        assert.deepEqual(expandGrants(grants, ctx), [allow(["s3:ListBucket"], ["arn:aws:s3:::logs-bucket"], { StringLike: { "s3:prefix": ["a/*", "b/*"] } })]);
    });

    it("lets an unconditioned list grant subsume a prefix-limited one on the same bucket", () => {
        const grants: GrantSpec[] = [
            { service: "s3", bucket: "logs-bucket", access: "list", prefix: "a/" },
            { service: "s3", bucket: "logs-bucket", access: "list" },
        ];
        assert.deepEqual(expandGrants(grants, ctx), [allow(["s3:ListBucket"], ["arn:aws:s3:::logs-bucket"])]);
    });

    it("gives the same statements whatever the order of the grants", () => {
        const grants: GrantSpec[] = [
            { service: "ecr", repository: "team/api", access: "pull" },
            { service: "sqs", queue: "jobs", access: "send" },
            { service: "dynamodb", table: "orders", access: "read", streams: true },
            { service: "kms", key: "1234abcd-12ab-34cd-56ef-1234567890ab", access: "decrypt" },
        ];
        assert.deepEqual(expandGrants([...grants].reverse(), ctx), expandGrants(grants, ctx));
    });

    it("shares one statement for the actions on \"*\" of several grants", () => {
        const grants: GrantSpec[] = [
            { service: "ecr", repository: "team/api", access: "pull" },
            { service: "dynamodb", table: "orders", access: "read", streams: true },
        ];
        const wildcard = expandGrants(grants, ctx).filter((statement) => statement.Resource.includes("*"));
        assert.deepEqual(wildcard, [allow(["dynamodb:ListStreams", "ecr:GetAuthorizationToken"], ["*"])]);
    });
});

describe("catalogProblems", () => {
    it("flags a misspelled action and a resource-scoped action on \"*\"", async () => {
        assert.deepEqual(await catalogProblems([allow(["s3:GetObjects", "s3:GetObject"], ["*"])]), [
            "s3:GetObjects is not in the IAM action catalog",
            "s3:GetObject is on \"*\" but has resource types accesspointobject, object",
        ]);
    });

    it("flags a resource that matches no resource type of the actions", async () => {
        assert.deepEqual(await catalogProblems([allow(["s3:GetObject"], ["arn:aws:sqs:us-east-1:111122223333:jobs"])]), [
            "arn:aws:sqs:us-east-1:111122223333:jobs matches no resource type of s3:GetObject",
            's3:GetObject has no resource of its types in ["arn:aws:sqs:us-east-1:111122223333:jobs"]',
        ]);
    });
});

describe("statementsSize", () => {
    it("counts the minified policy document", () => {
        const statements = [allow(["sns:Publish"], ["arn:aws:sns:us-east-1:111122223333:alerts"])];
        assert.equal(statementsSize(statements), JSON.stringify({ Version: "2012-10-17", Statement: statements }).length);
        assert.equal(statementsSize(statements), 139);
    });
});

describe("validateGrants", () => {
    const path = "workloads[2].grants";
    const check = (grants: unknown) => validateGrants(grants, path, ctx);

    it("accepts no grants", () => {
        assert.deepEqual(check(undefined), []);
        assert.deepEqual(check([]), []);
    });

    it("reports a value that is not a list", () => {
        assert.deepEqual(check({ service: "s3" }), [
            'workloads[2].grants {"service":"s3"} is not a list: give a list of grants such as [{ "service": "s3", "bucket": "my-bucket", "access": "read" }].',
        ]);
    });

    it("reports an item that is not an object", () => {
        assert.deepEqual(check(["s3"]), [
            'workloads[2].grants[0] "s3" is not an object: give a grant such as { "service": "s3", "bucket": "my-bucket", "access": "read" }.',
        ]);
    });

    it("reports a missing and an unknown service", () => {
        assert.deepEqual(check([{ bucket: "reports" }, { service: "ec2", access: "read" }]), [
            'workloads[2].grants[0].service is missing: use "s3", "dynamodb", "sqs", "sns", "secretsmanager", "ssm", "kms", "ecr" or "logs".',
            'workloads[2].grants[1].service "ec2" is not a supported grant service: use "s3", "dynamodb", "sqs", "sns", "secretsmanager", "ssm", "kms", "ecr" or "logs".',
        ]);
    });

    it("reports every problem of one grant: unknown field, access, resource", () => {
        assert.deepEqual(check([{ service: "s3", bucket: "My_Bucket", access: "admin", prefx: "a/" }]), [
            'workloads[2].grants[0].prefx "a/" is not a field of s3 grants: use "prefix" (one of "service", "bucket", "access" or "prefix").',
            'workloads[2].grants[0].access "admin" is not an access level of s3 grants: use "read", "write", "read-write" or "list".',
            'workloads[2].grants[0].bucket "My_Bucket" is not a valid S3 bucket name or ARN: use 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, or arn:<partition>:s3:::<bucket>.',
        ]);
    });

    it("reports a missing access and a missing resource", () => {
        assert.deepEqual(check([{ service: "sqs" }]), [
            'workloads[2].grants[0].access is missing: use "consume" or "send".',
            "workloads[2].grants[0].queue is missing: give the SQS queue's name or ARN.",
        ]);
    });

    it("reports a wildcard S3 prefix", () => {
        assert.deepEqual(check([{ service: "s3", bucket: "reports", access: "read", prefix: "daily/*" }]), [
            'workloads[2].grants[0].prefix "daily/*" is not a valid S3 key prefix: use a non-empty key prefix such as "reports/" (at most 1,024 characters, no "*" or "?", no leading "/"), or leave it out for the whole bucket.',
        ]);
    });

    it("reports an ARN of another service", () => {
        assert.deepEqual(check([{ service: "dynamodb", table: "arn:aws:sqs:us-east-1:111122223333:orders", access: "read" }]), [
            'workloads[2].grants[0].table "arn:aws:sqs:us-east-1:111122223333:orders" is not a valid DynamoDB table name or ARN: use 3-255 letters, digits, "_", "-" and ".", or arn:<partition>:dynamodb:<region>:<account>:table/<name>.',
        ]);
    });

    it("reports indexes on a write-only table grant", () => {
        assert.deepEqual(check([{ service: "dynamodb", table: "orders", access: "write", indexes: ["by-customer"] }]), [
            'workloads[2].grants[0].indexes ["by-customer"] is not allowed with access "write": indexes are read with Query and Scan; use access "read" or "read-write".',
        ]);
    });

    it("reports a KMS alias", () => {
        assert.deepEqual(check([{ service: "kms", key: "alias/app", access: "decrypt" }]), [
            'workloads[2].grants[0].key "alias/app" is not a valid KMS key name or ARN: use a key id such as "1234abcd-12ab-34cd-56ef-1234567890ab" or "mrk-…" (not an alias: IAM authorizes keys by key ARN), or arn:<partition>:kms:<region>:<account>:key/<key id>.',
        ]);
    });

    it("reports a bad region and account, and either combined with an ARN", () => {
        assert.deepEqual(
            check([
                { service: "sns", topic: "alerts", access: "publish", region: "mars", account: 1234 },
                { service: "sqs", queue: "arn:aws:sqs:us-east-1:111122223333:jobs", access: "send", region: "eu-west-1" },
            ]),
            [
                'workloads[2].grants[0].region "mars" is not an AWS region: use a region code such as "us-east-1".',
                'workloads[2].grants[0].account 1234 is not an AWS account id: use the 12-digit account id as a string, e.g. "111122223333".',
                `workloads[2].grants[1].region "eu-west-1" cannot be combined with the ARN in queue: the ARN names its own region and account; give the SQS queue's name instead, or drop region.`,
            ],
        );
    });

    it("reports region on an S3 grant as an unknown field (S3 ARNs have no region)", () => {
        assert.deepEqual(check([{ service: "s3", bucket: "reports", access: "read", region: "us-east-1" }]), [
            'workloads[2].grants[0].region "us-east-1" is not a field of s3 grants: use "service", "bucket", "access" or "prefix".',
        ]);
    });

    it("reports an SSM path without a leading slash", () => {
        assert.deepEqual(check([{ service: "ssm", path: "payments/prod", access: "read" }]), [
            'workloads[2].grants[0].path "payments/prod" is not a valid SSM parameter path name or ARN: use a path such as "/payments/prod" (segments of letters, digits, "_", "." and "-", no trailing "/"), or arn:<partition>:ssm:<region>:<account>:parameter/<path>.',
        ]);
    });

    it("accepts grants whose policy is exactly at the inline limit and reports one character over, naming the limit", () => {
        const grantFor = (name: string): GrantSpec => ({ service: "sns", topic: name, access: "publish" });
        // Each extra topic adds its ARN; find the count that passes the limit, then pad a name to land exactly on it.
        const base = (names: string[]) => statementsSize(expandGrants(names.map(grantFor), ctx));
        const names: string[] = [];
        while (base([...names, `t${String(names.length).padStart(4, "0")}`]) <= INLINE_ROLE_POLICY_LIMIT) {
            names.push(`t${String(names.length).padStart(4, "0")}`);
        }
        const last = names.pop() ?? "";
        const room = INLINE_ROLE_POLICY_LIMIT - base([...names, last]);
        const atLimit = [...names, last + "x".repeat(room)];
        assert.equal(base(atLimit), INLINE_ROLE_POLICY_LIMIT);
        assert.deepEqual(check(atLimit.map(grantFor)), []);
        const over = [...names, last + "x".repeat(room + 1)];
        assert.deepEqual(check(over.map(grantFor)), [
            "workloads[2].grants expands to an inline policy of 10,241 characters, over IAM's limit of 10,240 characters for a role's inline policies: split the grants across workloads or attach a managed policy instead.",
        ]);
    });
});
