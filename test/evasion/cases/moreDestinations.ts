/**
 * Issue 20, item 2, continued: the places that code, workflows and data movers name in user data, env
 * variables, workflow definitions and connector settings.
 */
import { awsAway, awsHome, bucket, dynamoTable, ec2Instance, fargateTaskReading, ociBucket, ociHome, ociKey, roleArn, usersTableWorkflow } from "../dsl/blocks";
import { evasion, type EvasionCase, type Where } from "../dsl/evasionCase";
import { approvedExternals, ext } from "../dsl/external";
import { ACCOUNT, COMPARTMENT, derived, type Res, type Stack, US } from "../dsl/stack";

const config = approvedExternals;

function farBucket(s: Stack, w: Where, name: string): Res {
    const { far, farKey } = awsAway(s, w.aws);
    return bucket(s, name, far, farKey, w.label);
}

function envFunction(id: string, how: string, env: (w: Where) => Record<string, string>, message: RegExp): EvasionCase {
    return evasion({
        id,
        how,
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            s.add(
                "aws:lambda/function:Function",
                id,
                {
                    name: id,
                    runtime: "python3.12",
                    handler: "app.handler",
                    role: roleArn(id),
                    s3Bucket: "acme-artifacts",
                    s3Key: `${id}.zip`,
                    environment: { variables: { TABLE_NAME: table.out("name"), ...env(w) } },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: [id],
        message,
    });
}

export const moreDestinations: EvasionCase[] = [
    envFunction(
        "lambda-env-kafka-bootstrap-host-port",
        "a function reading the US users table producing to a Kafka broker given as host:port",
        (w) => ({ BOOTSTRAP: `b-1.${ext(w).host}:9092` }),
        /BOOTSTRAP/,
    ),
    envFunction(
        "lambda-env-external-bucket-arn",
        "a function reading the US users table writing to a bucket outside the stack, named by ARN",
        (w) => ({ EXPORT_ARN: `arn:aws:s3:::${ext(w).bucket}` }),
        /EXPORT_ARN/,
    ),
    envFunction(
        "lambda-env-s3-uri-external",
        "a function reading the US users table writing exports to an s3:// URI outside the stack",
        (w) => ({ EXPORT_TO: `s3://${ext(w).bucket}/exports/` }),
        /EXPORT_TO/,
    ),
    envFunction(
        "lambda-env-sftp-partner",
        "a function reading the US users table uploading files to a partner's SFTP server",
        (w) => ({ SFTP: `sftp://files.${ext(w).host.replace(/^hooks\./, "")}/inbound` }),
        /SFTP/,
    ),
    envFunction(
        "lambda-env-json-config-url",
        "a function reading the US users table with its sink URL inside a JSON configuration variable",
        (w) => ({ CONFIG: JSON.stringify({ sinks: [{ kind: "http", target: ext(w).url("/sink") }] }) }),
        /CONFIG<json>/,
    ),
    evasion({
        id: "sfn-s3-put-object-bucket-abroad",
        how: "a Step Functions workflow reading a US user record and writing it, with an S3 PutObject task, to a bucket of the stack abroad named in its definition",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            dynamoTable(s, "users", va, key);
            farBucket(s, w, "sfn-drop");
            usersTableWorkflow(s, "user-drop", va, "Write", {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:s3:putObject",
                Parameters: { Bucket: "acme-sfn-drop", "Key.$": "$.key", "Body.$": "$.Item" },
            });
        },
        offenders: ["user-drop", "sfn-drop"],
        message: /sfn-drop/,
    }),
    evasion({
        id: "sfn-distributed-map-results-abroad",
        how: "a distributed map reading the US exports bucket (ItemReader) and writing its results (ResultWriter) to a bucket of the stack abroad",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            bucket(s, "users-exports", va, key);
            farBucket(s, w, "map-results");
            s.add(
                "aws:sfn/stateMachine:StateMachine",
                "exports-map",
                {
                    name: "exports-map",
                    roleArn: roleArn("sfn"),
                    definition: JSON.stringify({
                        StartAt: "Map",
                        States: {
                            Map: {
                                Type: "Map",
                                ItemReader: { Resource: "arn:aws:states:::s3:listObjectsV2", Parameters: { Bucket: "acme-users-exports", Prefix: "daily/" } },
                                ItemProcessor: {
                                    ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
                                    StartAt: "Pass",
                                    States: { Pass: { Type: "Pass", End: true } },
                                },
                                ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "acme-map-results", Prefix: "runs/" } },
                                End: true,
                            },
                        },
                    }),
                },
                { provider: va },
            );
        },
        offenders: ["exports-map", "map-results"],
        message: /map-results/,
    }),
    evasion({
        id: "ec2-user-data-syncs-to-external-bucket",
        how: "a US instance whose user data syncs its data directory to a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            ec2Instance(s, "ledger-host", va, key, US, {
                userData: `#!/bin/bash\nset -e\n*/15 * * * * aws s3 sync /var/lib/ledger s3://${ext(w).bucket}/ledger/\n`,
            });
        },
        offenders: ["ledger-host"],
        message: /userData/,
    }),
    evasion({
        id: "ecs-command-s3-uri-external",
        how: "an ECS task reading the US uploads bucket whose command copies them to an s3:// URI outside the stack",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const uploads = bucket(s, "users-uploads", va, key);
            fargateTaskReading(s, "uploads-copier", va, uploads, [
                {
                    name: "copier",
                    image: "public.ecr.aws/aws-cli/aws-cli:2.17.0",
                    command: ["s3", "cp", "--recursive", "s3://acme-users-uploads/", `s3://${ext(w).bucket}/uploads/`],
                },
            ]);
        },
        offenders: ["uploads-copier"],
        message: /command/,
    }),
    evasion({
        id: "batch-job-env-webhook",
        how: "a Batch job definition reading the US exports bucket that posts results to a webhook from its environment",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const exports = bucket(s, "users-exports", va, key);
            s.add(
                "aws:batch/jobDefinition:JobDefinition",
                "exports-report",
                {
                    name: "exports-report",
                    type: "container",
                    platformCapabilities: ["FARGATE"],
                    containerProperties: derived(
                        JSON.stringify({
                            image: "public.ecr.aws/acme/report:3.1.0",
                            resourceRequirements: [
                                { type: "VCPU", value: "1" },
                                { type: "MEMORY", value: "2048" },
                            ],
                            environment: [
                                { name: "SOURCE", value: "s3://acme-users-exports/daily/" },
                                { name: "NOTIFY", value: ext(w).url("/reports") },
                            ],
                        }),
                        exports,
                    ),
                },
                { provider: va },
            );
        },
        offenders: ["exports-report"],
        message: /NOTIFY|reports/,
    }),
    evasion({
        id: "codebuild-env-upload-url",
        how: "a CodeBuild project over the US exports bucket whose build uploads to a URL in its environment variables",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const exports = bucket(s, "users-exports", va, key);
            s.add(
                "aws:codebuild/project:Project",
                "exports-packager",
                {
                    name: "exports-packager",
                    serviceRole: roleArn("codebuild"),
                    artifacts: { type: "NO_ARTIFACTS" },
                    source: { type: "NO_SOURCE", buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - ./package.sh\n" },
                    environment: {
                        computeType: "BUILD_GENERAL1_SMALL",
                        image: "aws/codebuild/standard:7.0",
                        type: "LINUX_CONTAINER",
                        environmentVariables: [
                            { name: "SOURCE_BUCKET", value: exports.out("bucket") },
                            { name: "UPLOAD_URL", value: ext(w).url("/upload") },
                        ],
                    },
                },
                { provider: va },
            );
        },
        offenders: ["exports-packager"],
        message: /UPLOAD_URL|environmentVariables/,
    }),
    evasion({
        id: "ses-receipt-rule-stores-mail-externally",
        how: "an SES receipt rule delivering US customers' mail to a US topic and storing it in a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const topic = s.add("aws:sns/topic:Topic", "support-mail", { name: "support-mail", kmsMasterKeyId: key.arn, tags: US }, { provider: va });
            s.add(
                "aws:ses/receiptRule:ReceiptRule",
                "support-inbound",
                {
                    name: "support-inbound",
                    ruleSetName: "default-rule-set",
                    recipients: ["support@acme.example"],
                    enabled: true,
                    scanEnabled: true,
                    snsActions: [{ topicArn: topic.arn, position: 1 }],
                    s3Actions: [{ bucketName: ext(w).bucket, objectKeyPrefix: "mail/", position: 2 }],
                },
                { provider: va },
            );
        },
        offenders: ["support-inbound"],
        message: /bucketName/,
    }),
    evasion({
        id: "appflow-s3-to-external-bucket",
        how: "an AppFlow flow copying the US exports bucket into a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            bucket(s, "users-exports", va, key);
            s.add(
                "aws:appflow/flow:Flow",
                "exports-out",
                {
                    name: "exports-out",
                    sourceFlowConfig: { connectorType: "S3", sourceConnectorProperties: { s3: { bucketName: "acme-users-exports", bucketPrefix: "daily" } } },
                    destinationFlowConfigs: [
                        { connectorType: "S3", destinationConnectorProperties: { s3: { bucketName: ext(w).bucket, bucketPrefix: "acme" } } },
                    ],
                    tasks: [{ taskType: "Map_all", sourceFields: [], connectorOperators: [{ s3: "NO_OP" }] }],
                    triggerConfig: { triggerType: "OnDemand" },
                },
                { provider: va },
            );
        },
        offenders: ["exports-out"],
        message: /bucketName/,
    }),
    evasion({
        id: "sagemaker-async-output-external",
        how: "a SageMaker endpoint configuration for US requests writing async inference results to a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            s.add(
                "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
                "risk-scoring",
                {
                    name: "risk-scoring",
                    kmsKeyArn: key.arn,
                    productionVariants: [{ variantName: "main", modelName: "risk", initialInstanceCount: 1, instanceType: "ml.m5.large" }],
                    asyncInferenceConfig: { outputConfig: { s3OutputPath: `s3://${ext(w).bucket}/risk/` } },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["risk-scoring"],
        message: /s3OutputPath/,
    }),
    evasion({
        id: "oci-events-condition-names-us-bucket-notifies-topic-abroad",
        config: approvedExternals,
        how: "an OCI events rule whose JSON condition names the US bucket, notifying a topic in another region by OCID",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            ociBucket(s, "users-docs", ash, key);
            s.add(
                "oci:Events/rule:Rule",
                "docs-deleted",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "docs-deleted",
                    isEnabled: true,
                    condition: JSON.stringify({
                        eventType: ["com.oraclecloud.objectstorage.deleteobject"],
                        data: { additionalDetails: { bucketName: ["users-docs"] } },
                    }),
                    actions: { actions: [{ actionType: "ONS", isEnabled: true, topicId: `ocid1.onstopic.oc1.${w.ociKey.toLowerCase()}.aaaatopic` }] },
                },
                { provider: ash },
            );
        },
        offenders: ["docs-deleted"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-function-config-object-storage-uri-abroad",
        how: "an OCI function reading the US bucket writing its output to a bucket of the stack in another region, by oci:// URI in its config",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            ociBucket(s, "users-docs", ash, key);
            const far = s.oci(w.oci);
            const farKey = ociKey(s, "docs-copy-key", far);
            ociBucket(s, "docs-copy", far, farKey, w.ociLabel);
            const app = s.add(
                "oci:Functions/application:Application",
                "docs-app",
                { compartmentId: COMPARTMENT, displayName: "docs-app", subnetIds: ["ocid1.subnet.oc1.iad.aaaaapp"] },
                { provider: ash },
            );
            s.add(
                "oci:Functions/function:Function",
                "docs-copier",
                {
                    applicationId: app.id,
                    displayName: "docs-copier",
                    memoryInMbs: "256",
                    image: "iad.ocir.io/acmecorp/copier:1.0.0",
                    config: { SOURCE: "oci://users-docs@acmecorp/", TARGET: "oci://docs-copy@acmecorp/" },
                    freeformTags: US,
                },
                { provider: ash },
            );
        },
        offenders: ["docs-copier", "docs-copy"],
        message: /docs-copy/,
    }),
    evasion({
        id: "sagemaker-model-container-env-webhook-external",
        how: "a SageMaker model of US user data whose serving container posts its inferences to a webhook named in the container's environment",
        config,
        build: (s, w) => {
            const { va } = awsHome(s);
            s.add(
                "aws:sagemaker/model:Model",
                "churn-model",
                {
                    name: "churn-model",
                    executionRoleArn: roleArn("sagemaker"),
                    primaryContainer: {
                        image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn:1`,
                        modelDataUrl: "s3://acme-models/churn/model.tar.gz",
                        environment: { RESULTS_WEBHOOK: ext(w).url("/inferences") },
                    },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["churn-model"],
        message: /RESULTS_WEBHOOK|environment/,
    }),
];
