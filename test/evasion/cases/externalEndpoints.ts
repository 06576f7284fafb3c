/**
 * Issue 20, item 2: destinations outside the stack. A resource holding or moving US user data names a URL, a
 * host, an email address or a phone number; only an approved external destination may receive the data. The
 * control sends to an approved one (test/evasion/dsl/external.ts), the case to a look-alike abroad.
 */
import {
    awsHome,
    bucket,
    dataSyncS3Location,
    dmsPostgresEndpoint,
    dmsReplicationInstance,
    dmsSelectAll,
    dynamoTable,
    fargateTaskReading,
    mskCluster,
    rdsInstanceWithoutFinalSnapshot,
    roleArn,
} from "../dsl/blocks";
import { evasion, type EvasionCase, HOME } from "../dsl/evasionCase";
import { approvedExternals, ext } from "../dsl/external";
import { derived, type Res, type Stack, US } from "../dsl/stack";

function usStream(s: Stack, va: Res, key: Res): Res {
    return s.add(
        "aws:kinesis/stream:Stream",
        "user-events",
        { name: "user-events", encryptionType: "KMS", kmsKeyId: key.arn, retentionPeriod: 24, streamModeDetails: { streamMode: "ON_DEMAND" }, tags: US },
        { provider: va },
    );
}

function usTopic(s: Stack, va: Res, key: Res): Res {
    return s.add("aws:sns/topic:Topic", "user-notices", { name: "user-notices", kmsMasterKeyId: key.arn, tags: US }, { provider: va });
}

function usFunction(s: Stack, va: Res, name: string, table: Res, env: Record<string, unknown>): Res {
    return s.add(
        "aws:lambda/function:Function",
        name,
        {
            name,
            runtime: "nodejs20.x",
            handler: "index.handler",
            role: roleArn(name),
            s3Bucket: "acme-artifacts",
            s3Key: `${name}.zip`,
            environment: { variables: { TABLE_NAME: table.out("name"), ...env } },
            tags: US,
        },
        { provider: va },
    );
}

/** A function reading the US users table (in us-east-1, under the US key) with `env` in its environment. */
function usersTableReader(s: Stack, name: string, env: Record<string, unknown>): void {
    const { va, key } = awsHome(s);
    usFunction(s, va, name, dynamoTable(s, "users", va, key), env);
}

const config = approvedExternals;

function snsSubscription(id: string, protocol: string, endpoint: (w: ReturnType<typeof ext>) => string, how: string): EvasionCase {
    return evasion({
        id,
        how,
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const topic = usTopic(s, va, key);
            s.add("aws:sns/topicSubscription:TopicSubscription", `${id}-sub`, { topic: topic.arn, protocol, endpoint: endpoint(ext(w)) }, { provider: va });
        },
        offenders: [`${id}-sub`],
        message: /no approved external destination/,
    });
}

function firehose(
    id: string,
    how: string,
    destination: string,
    conf: (w: ReturnType<typeof ext>, backup: Res, key: Res) => Record<string, unknown>,
): EvasionCase {
    return evasion({
        id,
        how,
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const source = usStream(s, va, key);
            const backup = bucket(s, `${id}-failed`, va, key);
            s.add(
                "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                id,
                {
                    name: id,
                    destination,
                    kinesisSourceConfiguration: { kinesisStreamArn: source.arn, roleArn: roleArn("firehose") },
                    ...conf(ext(w), backup, key),
                },
                { provider: va },
            );
        },
        offenders: [id],
        message: /no approved external destination/,
    });
}

export const externalEndpoints: EvasionCase[] = [
    snsSubscription(
        "sns-https-webhook-external",
        "https",
        (e) => e.url("/sns"),
        "an SNS topic of US notices with an HTTPS subscription to a partner's webhook",
    ),
    snsSubscription("sns-email-subscription-external", "email", (e) => e.email, "an SNS topic of US notices with an email subscription to a partner's address"),
    snsSubscription("sns-sms-subscription-foreign-number", "sms", (e) => e.phone, "an SNS topic of US notices sending SMS to a phone number"),
    snsSubscription(
        "sns-http-subscription-bare-host",
        "http",
        (e) => `http://${e.host}:8080/notices`,
        "an SNS topic of US notices posting over plain HTTP to a host and port",
    ),
    firehose("firehose-http-endpoint-external", "a Firehose stream of US events delivering to a third-party HTTP endpoint", "http_endpoint", (e, backup) => ({
        httpEndpointConfiguration: {
            url: e.url("/firehose"),
            name: "partner",
            roleArn: roleArn("firehose"),
            s3BackupMode: "FailedDataOnly",
            s3Configuration: { bucketArn: backup.arn, roleArn: roleArn("firehose") },
        },
    })),
    firehose("firehose-splunk-hec-external", "a Firehose stream of US events delivering to a Splunk HTTP event collector", "splunk", (e, backup) => ({
        splunkConfiguration: {
            hecEndpoint: `https://splunk.${e.host}:8088`,
            hecToken: "token",
            s3BackupMode: "FailedEventsOnly",
            s3Configuration: { bucketArn: backup.arn, roleArn: roleArn("firehose") },
        },
    })),
    evasion({
        id: "eventbridge-api-destination-external",
        how: "an EventBridge rule on a bus of US events whose target is an API destination posting to a partner's endpoint",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const bus = s.add("aws:cloudwatch/eventBus:EventBus", "user-bus", { name: "user-bus", kmsKeyIdentifier: key.arn, tags: US }, { provider: va });
            const rule = s.add(
                "aws:cloudwatch/eventRule:EventRule",
                "signups",
                { name: "signups", eventBusName: bus.out("name"), eventPattern: JSON.stringify({ "detail-type": ["signup"] }) },
                { provider: va },
            );
            const conn = s.add(
                "aws:cloudwatch/eventConnection:EventConnection",
                "partner-conn",
                { name: "partner-conn", authorizationType: "API_KEY", authParameters: { apiKey: { key: "x-api-key", value: "secret" } } },
                { provider: va },
            );
            const dest = s.add(
                "aws:cloudwatch/eventApiDestination:EventApiDestination",
                "partner-signups",
                {
                    name: "partner-signups",
                    connectionArn: conn.arn,
                    httpMethod: "POST",
                    invocationEndpoint: ext(w).url("/signups"),
                    invocationRateLimitPerSecond: 10,
                },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/eventTarget:EventTarget",
                "signups-to-partner",
                { rule: rule.out("name"), eventBusName: bus.out("name"), arn: dest.arn, roleArn: roleArn("events") },
                { provider: va },
            );
        },
        offenders: ["partner-signups"],
        message: /no approved external destination/,
    }),
    evasion({
        id: "iot-rule-http-action-external",
        how: "an IoT topic rule that writes device readings into a US table and also posts them to a partner's URL",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "device-readings", va, key);
            s.add(
                "aws:iot/topicRule:TopicRule",
                "readings",
                {
                    name: "readings",
                    enabled: true,
                    sql: "SELECT * FROM 'devices/+/readings'",
                    sqlVersion: "2016-03-23",
                    dynamodbv2s: [{ putItem: { tableName: table.out("name") }, roleArn: roleArn("iot") }],
                    https: [{ url: ext(w).url("/iot") }],
                },
                { provider: va },
            );
        },
        offenders: ["readings"],
        message: /no approved external destination/,
    }),
    evasion({
        id: "lambda-env-webhook-url",
        how: "a function reading the US users table with a partner's webhook URL in an environment variable",
        config,
        build: (s, w) => usersTableReader(s, "users-sync", { PARTNER_WEBHOOK: ext(w).url("/users") }),
        offenders: ["users-sync"],
        message: /PARTNER_WEBHOOK/,
    }),
    evasion({
        id: "lambda-env-api-gateway-stage-in-home-region",
        how: "a function reading the US users table that posts to an API Gateway stage outside the stack, in us-east-1: the stage's integration can pass the data on to any region, so the region in its host does not place the data (the control posts to DynamoDB's own regional endpoint)",
        config,
        build: (s, w) => {
            const sink = w === HOME ? "https://dynamodb.us-east-1.amazonaws.com" : "https://abc123.execute-api.us-east-1.amazonaws.com/prod/users";
            usersTableReader(s, "users-forward", { SINK: sink });
        },
        offenders: ["users-forward"],
        message: /no approved external destination/,
    }),
    evasion({
        id: "lambda-env-sns-endpoint-in-home-region",
        how: "a function reading the US users table that publishes to SNS's own endpoint in us-east-1: a topic outside the stack fans the data out to subscribers in any region, so the region in the host does not place it (the control writes to DynamoDB's regional endpoint)",
        config,
        build: (s, w) =>
            usersTableReader(s, "users-fanout", { SINK: w === HOME ? "https://dynamodb.us-east-1.amazonaws.com" : "https://sns.us-east-1.amazonaws.com" }),
        offenders: ["users-fanout"],
        message: /may pass on what it is sent to any region/,
    }),
    evasion({
        id: "lambda-env-firehose-vpc-endpoint-in-home-region",
        how: "a function reading the US users table that sends to a VPC endpoint of Firehose in us-east-1: the delivery stream behind it, outside the stack, may deliver anywhere (the control sends to a Kinesis stream's regional endpoint, where the records are kept)",
        config,
        build: (s, w) => {
            const sink = w === HOME ? "https://kinesis.us-east-1.amazonaws.com" : "https://vpce-0a1b2c3d-4e5f.firehose.us-east-1.vpce.amazonaws.com";
            usersTableReader(s, "users-deliver", { SINK: sink });
        },
        offenders: ["users-deliver"],
        message: /no approved external destination/,
    }),
    evasion({
        id: "apigateway-s3-integration-to-a-bucket-outside-the-stack",
        how: "a REST API for US users in us-east-1 whose integration writes each request into a partner's bucket through API Gateway's S3 API: the integration's ARN is API Gateway's, in us-east-1; the bucket in its path is outside the stack and not approved (the control writes to the approved partner bucket)",
        config,
        build: (s, w) => {
            const { va } = awsHome(s);
            const api = s.add(
                "aws:apigateway/restApi:RestApi",
                "users-intake",
                { name: "users-intake", endpointConfiguration: { types: "REGIONAL" }, tags: US },
                { provider: va },
            );
            s.add(
                "aws:apigateway/integration:Integration",
                "users-intake-to-bucket",
                {
                    restApi: api.id,
                    resourceId: "abc123",
                    httpMethod: "PUT",
                    type: "AWS",
                    integrationHttpMethod: "PUT",
                    uri: `arn:aws:apigateway:us-east-1:s3:path/${ext(w).bucket}/{key}`,
                    credentials: roleArn("users-intake"),
                },
                { provider: va, dependsOn: [api] },
            );
        },
        offenders: ["users-intake-to-bucket"],
        message: /s3:\/\/acme-partner-drop-eu/,
    }),
    evasion({
        id: "lambda-env-topic-of-another-account-in-home-region",
        how: "a function reading the US users table that publishes to an SNS topic of another account, in us-east-1: the topic fans the data out to subscribers in any region, so the region in its ARN does not place it (the control publishes to a topic approved by its exact ARN)",
        config,
        build: (s, w) => {
            const topic = w === HOME ? "arn:aws:sns:us-east-1:111122223333:oncall" : "arn:aws:sns:us-east-1:999988887777:partner-intake";
            usersTableReader(s, "users-publish", { TOPIC_ARN: topic });
        },
        offenders: ["users-publish"],
        message: /partner-intake' is outside this stack \(the ARN of a resource outside this stack that may pass on/,
    }),
    evasion({
        id: "lambda-env-bare-hostname",
        how: "a function reading the US users table with a partner's bare hostname (no scheme) in an environment variable",
        config,
        build: (s, w) => usersTableReader(s, "users-push", { SINK: ext(w).host }),
        offenders: ["users-push"],
        message: /a hostname/,
    }),
    evasion({
        id: "lambda-env-report-recipient",
        how: "a function reading the US users table that mails a report to an address in an environment variable",
        config,
        build: (s, w) => usersTableReader(s, "users-report", { REPORT_TO: ext(w).email }),
        offenders: ["users-report"],
        message: /an email address/,
    }),
    evasion({
        id: "lambda-env-url-backslash-before-approved-host",
        how: "a function reading the US users table whose webhook URL puts a backslash and '@' before an approved host: Node's URL parser (fetch) ends the host at the backslash and reaches the look-alike",
        config,
        build: (s, w) => {
            const hook = w === HOME ? ext(w).url("/users") : `https://${ext(w).host}\\@${ext(HOME).host}/users`;
            usersTableReader(s, "users-hook", { PARTNER_WEBHOOK: hook });
        },
        offenders: ["users-hook"],
        message: /backslash/,
    }),
    evasion({
        id: "lambda-description-holds-the-url",
        how: "a function reading the US users table whose target URL sits in its description, as if a key's name exempted it",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            s.add(
                "aws:lambda/function:Function",
                "users-mirror-v2",
                {
                    name: "users-mirror-v2",
                    runtime: "nodejs20.x",
                    handler: "index.handler",
                    role: roleArn("users-mirror"),
                    s3Bucket: "acme-artifacts",
                    s3Key: "mirror.zip",
                    description: ext(w).url("/mirror"),
                    environment: { variables: { TABLE_NAME: table.out("name") } },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["users-mirror-v2"],
        message: /description/,
    }),
    evasion({
        id: "ecs-container-env-ingest-url",
        how: "an ECS task reading the US uploads bucket that ships each file to a partner's ingest URL from its environment",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const uploads = bucket(s, "users-uploads", va, key);
            fargateTaskReading(s, "uploads-shipper", va, uploads, [
                {
                    name: "shipper",
                    image: "public.ecr.aws/acme/shipper:1.4.0",
                    environment: [
                        { name: "SOURCE_BUCKET", value: "acme-users-uploads" },
                        { name: "INGEST", value: ext(w).url("/ingest") },
                    ],
                },
            ]);
        },
        offenders: ["uploads-shipper"],
        message: /INGEST|ingest/,
    }),
    evasion({
        id: "ecs-firelens-datadog-site",
        how: "an ECS task reading the US uploads bucket whose FireLens log router sends its logs to Datadog's EU site",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const uploads = bucket(s, "users-uploads", va, key);
            fargateTaskReading(s, "uploads-indexer", va, uploads, [
                {
                    name: "indexer",
                    image: "public.ecr.aws/acme/indexer:2.0.1",
                    environment: [{ name: "SOURCE_BUCKET", value: "acme-users-uploads" }],
                    logConfiguration: {
                        logDriver: "awsfirelens",
                        options: { Name: "datadog", Host: ext(w).datadog, TLS: "on", provider: "ecs" },
                    },
                },
            ]);
        },
        offenders: ["uploads-indexer"],
        message: /datadoghq/,
    }),
    evasion({
        id: "sfn-http-task-external",
        how: "a Step Functions workflow reading a US user record and posting it to a partner's API with an HTTP task",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            s.add(
                "aws:sfn/stateMachine:StateMachine",
                "user-handoff",
                {
                    name: "user-handoff",
                    roleArn: roleArn("sfn"),
                    definition: derived(
                        JSON.stringify({
                            StartAt: "Read",
                            States: {
                                Read: {
                                    Type: "Task",
                                    Resource: "arn:aws:states:::dynamodb:getItem",
                                    Parameters: { TableName: "users", Key: { userId: { "S.$": "$.userId" } } },
                                    Next: "Post",
                                },
                                Post: {
                                    Type: "Task",
                                    Resource: "arn:aws:states:::http:invoke",
                                    Parameters: { ApiEndpoint: ext(w).url("/users"), Method: "POST", "RequestBody.$": "$.Item" },
                                    End: true,
                                },
                            },
                        }),
                        table,
                    ),
                },
                { provider: va },
            );
        },
        offenders: ["user-handoff"],
        message: /ApiEndpoint/,
    }),
    evasion({
        id: "dms-target-endpoint-external-server",
        how: "a DMS task replicating the US users database to a target endpoint on a partner's server",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const db = rdsInstanceWithoutFinalSnapshot(s, "users-db", va, key);
            const instance = dmsReplicationInstance(s, "dms", va, key);
            const from = dmsPostgresEndpoint(s, "users-source", "source", db.computed(), va);
            const to = dmsPostgresEndpoint(s, "partner-target", "target", `pg.${ext(w).host}`, va);
            s.add(
                "aws:dms/replicationTask:ReplicationTask",
                "users-to-partner",
                {
                    replicationTaskId: "users-to-partner",
                    migrationType: "full-load-and-cdc",
                    replicationInstanceArn: instance.arn,
                    sourceEndpointArn: from.arn,
                    targetEndpointArn: to.arn,
                    tableMappings: dmsSelectAll(),
                },
                { provider: va },
            );
        },
        offenders: ["partner-target"],
        message: /no approved external destination/,
    }),
    evasion({
        id: "datasync-object-storage-location-external",
        how: "a DataSync task copying the US uploads bucket to a partner's S3-compatible object storage",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const uploads = bucket(s, "users-uploads", va, key);
            const from = dataSyncS3Location(s, "uploads-location", uploads, va);
            const to = s.add(
                "aws:datasync/locationObjectStorage:LocationObjectStorage",
                "partner-storage",
                {
                    serverHostname: `objects.${ext(w).host}`,
                    bucketName: "uploads",
                    serverProtocol: "HTTPS",
                    agentArns: [`arn:aws:datasync:us-east-1:111122223333:agent/agent-0abc`],
                },
                { provider: va },
            );
            s.add(
                "aws:datasync/task:Task",
                "uploads-to-partner",
                { name: "uploads-to-partner", sourceLocationArn: from.arn, destinationLocationArn: to.arn },
                { provider: va },
            );
        },
        offenders: ["partner-storage"],
        message: /no approved external destination/,
    }),
    evasion({
        id: "msk-connect-jdbc-sink-external",
        how: "an MSK Connect sink connector reading the US events cluster into a partner's database by JDBC URL",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const msk = mskCluster(s, "user-events", va, key);
            s.add(
                "aws:mskconnect/connector:Connector",
                "users-jdbc-sink",
                {
                    name: "users-jdbc-sink",
                    kafkaconnectVersion: "2.7.1",
                    capacity: { provisionedCapacity: { workerCount: 1 } },
                    connectorConfiguration: {
                        "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
                        topics: "users",
                        "connection.url": `jdbc:postgresql://db.${ext(w).host}:5432/users`,
                    },
                    kafkaCluster: { apacheKafkaCluster: { bootstrapServers: msk.computed(), vpc: { securityGroups: ["sg-0kafka"], subnets: ["subnet-0a"] } } },
                    kafkaClusterClientAuthentication: { authenticationType: "IAM" },
                    kafkaClusterEncryptionInTransit: { encryptionType: "TLS" },
                    plugins: [{ customPlugin: { arn: "arn:aws:kafkaconnect:us-east-1:111122223333:custom-plugin/jdbc/1", revision: 1 } }],
                    serviceExecutionRoleArn: roleArn("mskconnect"),
                },
                { provider: va },
            );
        },
        offenders: ["users-jdbc-sink"],
        message: /connection\.url/,
    }),
    evasion({
        id: "cognito-reply-to-external-mailbox",
        how: "a US Cognito user pool whose account emails take replies at a mailbox of another company",
        config,
        build: (s, w) => {
            const { va } = awsHome(s);
            s.add(
                "aws:cognito/userPool:UserPool",
                "customers",
                {
                    name: "customers",
                    deletionProtection: "ACTIVE",
                    emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT", replyToEmailAddress: ext(w).email },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["customers"],
        message: /replyToEmailAddress/,
    }),
    evasion({
        id: "chatbot-forwards-us-topic-to-slack",
        how: "AWS Chatbot forwarding a topic of US notices to a Slack workspace, a destination no entry approves",
        build: (s) => {
            const { va, key } = awsHome(s);
            const topic = usTopic(s, va, key);
            s.add("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", "notices-to-slack", {
                configurationName: "notices-to-slack",
                iamRoleArn: roleArn("chatbot"),
                slackChannelId: "C07ABCDEF",
                slackTeamId: "T01ABCDEF",
                snsTopicArns: [topic.arn],
            });
        },
        offenders: ["notices-to-slack"],
        message: /slack\.com/,
        control: false,
    }),
];
