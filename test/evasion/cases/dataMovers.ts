/** Data movers: services whose whole job is to carry records from one store to another. */
import {
    awsAway,
    awsHome,
    bucket,
    dataSyncS3Location,
    dmsPostgresEndpoint,
    dmsReplicationInstance,
    dmsSelectAll,
    dynamoTable,
    iamRole,
    mskCluster,
    ociAudit,
    ociBucket,
    ociKey,
    rdsInstance,
    roleArn,
} from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { ACCOUNT, derived, type Res, type Stack, US } from "../dsl/stack";
import { approvedExternals } from "../dsl/external";

function queue(s: Stack, name: string, provider: Res, key: Res, tags: Record<string, string>): Res {
    return s.add("aws:sqs/queue:Queue", name, { name, kmsMasterKeyId: key.arn, messageRetentionSeconds: 345600, tags }, { provider });
}

function stream(s: Stack, name: string, provider: Res, key: Res, tags: Record<string, string>): Res {
    return s.add(
        "aws:kinesis/stream:Stream",
        name,
        { name, encryptionType: "KMS", kmsKeyId: key.arn, retentionPeriod: 24, streamModeDetails: { streamMode: "ON_DEMAND" }, tags },
        { provider },
    );
}

export const dataMovers: EvasionCase[] = [
    evasion({
        id: "dms-task-to-foreign-database",
        how: "a DMS replication instance and task in another region migrating a US database into a database there",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const db = rdsInstance(s, "users-db", va, key);
            const target = rdsInstance(s, "users-db-replica", far, farKey, w.label);
            const instance = dmsReplicationInstance(s, "migration", far, farKey);
            const source = dmsPostgresEndpoint(s, "users-source", "source", db.computed(), far);
            const sink = dmsPostgresEndpoint(s, "users-target", "target", target.computed(), far);
            s.add(
                "aws:dms/replicationTask:ReplicationTask",
                "users-full-load",
                {
                    replicationTaskId: "users-full-load",
                    migrationType: "full-load-and-cdc",
                    replicationInstanceArn: instance.arn,
                    sourceEndpointArn: source.arn,
                    targetEndpointArn: sink.arn,
                    tableMappings: dmsSelectAll(),
                },
                { provider: far },
            );
        },
        offenders: ["users-full-load", "users-db-replica", "users-target", "users-source", "migration"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "datasync-task-between-buckets",
        how: "an AWS DataSync task from a US bucket to a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const users = bucket(s, "users-uploads", va, key);
            const mirror = bucket(s, "uploads-mirror", far, farKey, w.label);
            const from = dataSyncS3Location(s, "uploads-source", users, far);
            const to = dataSyncS3Location(s, "uploads-destination", mirror, far);
            s.add(
                "aws:datasync/task:Task",
                "uploads-sync",
                { name: "uploads-sync", sourceLocationArn: from.arn, destinationLocationArn: to.arn, schedule: { scheduleExpression: "rate(1 hour)" } },
                { provider: far },
            );
        },
        offenders: ["uploads-sync", "uploads-mirror", "uploads-destination"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "firehose-kinesis-to-foreign-bucket",
        how: "a Kinesis Firehose delivery stream reading a US Kinesis stream and delivering to a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const clicks = stream(s, "user-clicks", va, key, US);
            const lake = bucket(s, "clicks-lake", far, farKey, w.label);
            s.add(
                "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                "clicks-to-lake",
                {
                    name: "clicks-to-lake",
                    destination: "extended_s3",
                    kinesisSourceConfiguration: { kinesisStreamArn: clicks.arn, roleArn: roleArn("firehose") },
                    extendedS3Configuration: { bucketArn: lake.arn, roleArn: roleArn("firehose"), prefix: "clicks/", bufferingInterval: 300 },
                },
                { provider: va },
            );
        },
        offenders: ["clicks-to-lake", "clicks-lake"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "sns-subscription-to-foreign-queue",
        how: "an SNS topic of US user events with an SQS subscription to a queue in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const topic = s.add("aws:sns/topic:Topic", "user-events", { name: "user-events", kmsMasterKeyId: key.arn, tags: US }, { provider: va });
            const inbox = queue(s, "user-events-apac", far, farKey, w.label);
            s.add(
                "aws:sns/topicSubscription:TopicSubscription",
                "user-events-to-apac",
                { topic: topic.arn, protocol: "sqs", endpoint: inbox.arn, rawMessageDelivery: true },
                { provider: va },
            );
        },
        offenders: ["user-events-to-apac", "user-events-apac"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "eventbridge-target-bus-arn-in-other-region",
        how: "an EventBridge rule on a US event bus whose target is the event bus of another region, by literal ARN",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const bus = s.add(
                "aws:cloudwatch/eventBus:EventBus",
                "user-events",
                { name: "user-events", kmsKeyIdentifier: key.arn, tags: US },
                { provider: va },
            );
            const rule = s.add(
                "aws:cloudwatch/eventRule:EventRule",
                "all-user-events",
                { name: "all-user-events", eventBusName: bus.out("name"), eventPattern: JSON.stringify({ source: [{ prefix: "acme." }] }) },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/eventTarget:EventTarget",
                "forward-user-events",
                {
                    rule: rule.out("name"),
                    eventBusName: bus.out("name"),
                    arn: `arn:aws:events:${w.aws}:${ACCOUNT}:event-bus/user-events-archive`,
                    roleArn: roleArn("events-forwarder"),
                },
                { provider: va },
            );
        },
        offenders: ["forward-user-events"],
        message: /ap-southeast-1/,
        // Kept at home, the target is still an event bus outside the stack, which may forward what it is sent to any
        // region: a violation unless approved in approvedExternalDestinations (eventbridge-target-stack-bus-abroad's
        // control keeps a bus of the stack at home).
        control: false,
    }),
    evasion({
        id: "eventbridge-target-stack-bus-abroad",
        how: "an EventBridge rule on a US event bus targeting an event bus of this stack in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const bus = s.add(
                "aws:cloudwatch/eventBus:EventBus",
                "user-events",
                { name: "user-events", kmsKeyIdentifier: key.arn, tags: US },
                { provider: va },
            );
            const remote = s.add(
                "aws:cloudwatch/eventBus:EventBus",
                "user-events-apac",
                { name: "user-events-apac", kmsKeyIdentifier: farKey.arn, tags: w.label },
                { provider: far },
            );
            const rule = s.add(
                "aws:cloudwatch/eventRule:EventRule",
                "all-user-events",
                { name: "all-user-events", eventBusName: bus.out("name"), eventPattern: JSON.stringify({ source: [{ prefix: "acme." }] }) },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/eventTarget:EventTarget",
                "forward-user-events",
                { rule: rule.out("name"), eventBusName: bus.out("name"), arn: remote.arn, roleArn: roleArn("events-forwarder") },
                { provider: va },
            );
        },
        offenders: ["forward-user-events", "user-events-apac"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "logs-subscription-to-foreign-stream",
        how: "a CloudWatch Logs subscription filter on a US log group streaming to a Kinesis stream in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const logs = s.add(
                "aws:cloudwatch/logGroup:LogGroup",
                "api-access-logs",
                { name: "/acme/api/access", retentionInDays: 365, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            const sink = stream(s, "central-logs", far, farKey, w.label);
            s.add(
                "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
                "ship-access-logs",
                { name: "ship-access-logs", logGroup: logs.out("name"), filterPattern: "", destinationArn: sink.arn, roleArn: roleArn("cwl-to-kinesis") },
                { provider: va },
            );
        },
        offenders: ["ship-access-logs", "central-logs"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "logs-subscription-to-log-destination-arn",
        how: "a CloudWatch Logs subscription filter on a US log group sending to a cross-account log destination in another region, by literal ARN",
        config: approvedExternals,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const logs = s.add(
                "aws:cloudwatch/logGroup:LogGroup",
                "api-access-logs",
                { name: "/acme/api/access", retentionInDays: 365, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
                "ship-access-logs",
                {
                    name: "ship-access-logs",
                    logGroup: logs.out("name"),
                    filterPattern: "",
                    destinationArn: `arn:aws:logs:${w.aws}:444455556666:destination:central-logs`,
                },
                { provider: va },
            );
        },
        offenders: ["ship-access-logs"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "msk-replicator-to-foreign-cluster",
        how: "an MSK Replicator copying every topic of a US Kafka cluster to a cluster in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const events = mskCluster(s, "user-events-kafka", va, key, US);
            const mirror = mskCluster(s, "user-events-kafka-apac", far, farKey, w.label);
            const vpcConfig = { subnetIds: ["subnet-0a", "subnet-0b"], securityGroupsIds: ["sg-0kafka"] };
            s.add(
                "aws:msk/replicator:Replicator",
                "user-events-mirror",
                {
                    replicatorName: "user-events-mirror",
                    serviceExecutionRoleArn: roleArn("msk-replicator"),
                    kafkaClusters: [
                        { amazonMskCluster: { mskClusterArn: events.arn }, vpcConfig },
                        { amazonMskCluster: { mskClusterArn: mirror.arn }, vpcConfig },
                    ],
                    replicationInfoList: {
                        sourceKafkaClusterArn: events.arn,
                        targetKafkaClusterArn: mirror.arn,
                        targetCompressionType: "NONE",
                        topicReplications: [{ topicsToReplicates: [".*"] }],
                        consumerGroupReplications: [{ consumerGroupsToReplicates: [".*"] }],
                    },
                },
                { provider: far },
            );
        },
        offenders: ["user-events-mirror", "user-events-kafka-apac"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "s3-object-copy-into-foreign-bucket",
        how: "aws.s3.ObjectCopy of an object of a US bucket into a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const users = bucket(s, "users-exports", va, key);
            const partner = bucket(s, "partner-drop", far, farKey, w.label);
            s.add(
                "aws:s3/objectCopy:ObjectCopy",
                "users-parquet",
                {
                    bucket: partner.out("bucket"),
                    key: "users.parquet",
                    source: derived("acme-users-exports/2026/users.parquet", users),
                    serverSideEncryption: "aws:kms",
                    kmsKeyId: farKey.arn,
                },
                { provider: far },
            );
        },
        offenders: ["users-parquet", "partner-drop"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "s3-object-copy-region-input-external-bucket",
        how: "aws.s3.ObjectCopy with a resource-level region, copying a US object into a bucket outside the stack",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const users = bucket(s, "users-exports", va, key);
            s.add(
                "aws:s3/objectCopy:ObjectCopy",
                "users-parquet",
                { region: w.aws, bucket: "partner-landing-zone", key: "users.parquet", source: derived("acme-users-exports/2026/users.parquet", users) },
                { provider: va },
            );
        },
        offenders: ["users-parquet"],
        message: /ap-southeast-1|partner-landing-zone/,
        control: false,
    }),
    evasion({
        id: "eventbridge-pipe-between-queues",
        how: "an EventBridge Pipe from a US queue to a queue in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const orders = queue(s, "orders", va, key, US);
            const apac = queue(s, "orders-apac", far, farKey, w.label);
            s.add(
                "aws:pipes/pipe:Pipe",
                "orders-to-apac",
                { name: "orders-to-apac", roleArn: roleArn("pipes"), source: orders.arn, target: apac.arn },
                { provider: va },
            );
        },
        offenders: ["orders-to-apac", "orders-apac"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "lambda-abroad-reads-us-table-stream",
        how: "a Lambda function in another region fed by the stream of a US DynamoDB table (event source mapping)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far } = awsAway(s, w.aws);
            const table = dynamoTable(s, "users", va, key, US, { streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" });
            const role = iamRole(s, "profile-indexer", "lambda.amazonaws.com");
            const fn = s.add(
                "aws:lambda/function:Function",
                "profile-indexer",
                {
                    name: "profile-indexer",
                    role: role.arn,
                    runtime: "nodejs20.x",
                    handler: "index.handler",
                    s3Bucket: "acme-artifacts",
                    s3Key: "indexer.zip",
                    timeout: 30,
                },
                { provider: far },
            );
            s.add(
                "aws:lambda/eventSourceMapping:EventSourceMapping",
                "users-stream-to-indexer",
                { eventSourceArn: table.computed(), functionName: fn.arn, startingPosition: "LATEST", batchSize: 100 },
                { provider: far },
            );
        },
        offenders: ["users-stream-to-indexer", "profile-indexer"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "s3-inventory-to-foreign-bucket",
        how: "an S3 inventory of a US bucket (object keys carry user identifiers) delivered to a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const users = bucket(s, "users-uploads", va, key);
            const reports = bucket(s, "inventory-reports", far, farKey, w.label);
            s.add(
                "aws:s3/inventory:Inventory",
                "users-uploads-inventory",
                {
                    bucket: users.out("bucket"),
                    name: "weekly",
                    includedObjectVersions: "All",
                    schedule: { frequency: "Weekly" },
                    destination: { bucket: { format: "CSV", bucketArn: reports.arn } },
                },
                { provider: va },
            );
        },
        offenders: ["users-uploads-inventory", "inventory-reports"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "cloudfront-caches-us-bucket",
        how: "a CloudFront distribution whose origin is a US bucket: edge locations worldwide cache its objects",
        build: (s) => {
            const { va, key } = awsHome(s);
            const avatars = bucket(s, "user-avatars", va, key);
            const oac = s.add(
                "aws:cloudfront/originAccessControl:OriginAccessControl",
                "avatars-oac",
                { name: "avatars-oac", originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" },
                { provider: va },
            );
            s.add(
                "aws:cloudfront/distribution:Distribution",
                "avatars-cdn",
                {
                    enabled: true,
                    priceClass: "PriceClass_All",
                    origins: [{ domainName: avatars.computed(), originId: "avatars", originAccessControlId: oac.id }],
                    defaultCacheBehavior: {
                        targetOriginId: "avatars",
                        viewerProtocolPolicy: "redirect-to-https",
                        allowedMethods: ["GET", "HEAD"],
                        cachedMethods: ["GET", "HEAD"],
                        cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
                    },
                    restrictions: { geoRestriction: { restrictionType: "none" } },
                    viewerCertificate: { cloudfrontDefaultCertificate: true },
                },
                { provider: va },
            );
        },
        offenders: ["avatars-cdn"],
        control: false,
    }),
    evasion({
        id: "dynamodb-import-from-us-bucket-abroad",
        how: "a DynamoDB table in another region created by importing (importTable) a US bucket's export",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const exports = bucket(s, "users-exports", va, key);
            dynamoTable(s, "users-imported", far, farKey, w.label, {
                importTable: {
                    inputFormat: "DYNAMODB_JSON",
                    inputCompressionType: "GZIP",
                    s3BucketSource: { bucket: exports.out("bucket"), keyPrefix: "AWSDynamoDB/" },
                },
            });
        },
        offenders: ["users-imported"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "aurora-s3-import-from-us-bucket-abroad",
        how: "an Aurora MySQL cluster in another region seeded from a US bucket's Percona XtraBackup files (s3Import)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const backups = bucket(s, "mysql-backups", va, key);
            s.add(
                "aws:rds/cluster:Cluster",
                "shop-aurora",
                {
                    clusterIdentifier: "shop-aurora",
                    engine: "aurora-mysql",
                    storageEncrypted: true,
                    kmsKeyId: farKey.arn,
                    masterUsername: "admin",
                    manageMasterUserPassword: true,
                    s3Import: {
                        bucketName: backups.out("bucket"),
                        bucketPrefix: "full/",
                        ingestionRole: roleArn("rds-s3-import"),
                        sourceEngine: "mysql",
                        sourceEngineVersion: "8.0.36",
                    },
                    tags: w.label,
                },
                { provider: far },
            );
        },
        offenders: ["shop-aurora"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "opensearch-ingestion-pipeline-from-us-bucket",
        config: approvedExternals,
        how: "an OpenSearch Ingestion pipeline whose YAML body reads a US bucket and writes to a domain in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const logs = bucket(s, "app-logs", va, key);
            const body = [
                "version: '2'",
                "s3-log-pipeline:",
                "  source:",
                "    s3:",
                "      notification_type: sqs",
                "      aws:",
                "        region: us-east-1",
                "      bucket: acme-app-logs",
                "  sink:",
                "    - opensearch:",
                `        hosts: ["https://search-logs-abc123.${w.aws}.es.amazonaws.com"]`,
                "        aws:",
                `          region: ${w.aws}`,
            ].join("\n");
            s.add(
                "aws:opensearchingest/pipeline:Pipeline",
                "logs-ingestion",
                { pipelineName: "logs-ingestion", minUnits: 1, maxUnits: 4, pipelineConfigurationBody: derived(body, logs), pipelineRoleArn: roleArn("osis") },
                { provider: va },
            );
        },
        offenders: ["logs-ingestion"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "lambda-async-destination-queue-abroad",
        how: "a us-east-1 Lambda fed by a US queue whose asynchronous-invocation success records (the payloads) go to a queue in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const signups = queue(s, "signups", va, key, US);
            const results = queue(s, "signup-results", far, farKey, w.label);
            const role = iamRole(s, "signup-handler", "lambda.amazonaws.com");
            const fn = s.add(
                "aws:lambda/function:Function",
                "signup-handler",
                { name: "signup-handler", role: role.arn, runtime: "nodejs20.x", handler: "index.handler", s3Bucket: "acme-artifacts", s3Key: "signup.zip" },
                { provider: va },
            );
            s.add(
                "aws:lambda/eventSourceMapping:EventSourceMapping",
                "signups-to-handler",
                { eventSourceArn: signups.arn, functionName: fn.arn },
                { provider: va },
            );
            s.add(
                "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
                "signup-handler-destinations",
                { functionName: fn.out("name"), destinationConfig: { onSuccess: { destination: results.arn } } },
                { provider: va },
            );
        },
        offenders: ["signup-handler-destinations", "signup-results", "signup-handler"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "event-source-mapping-failure-destination-abroad",
        how: "an event source mapping over a US Kinesis stream whose failed batches (the records) go to a queue in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const clicks = stream(s, "user-clicks", va, key, US);
            const failed = queue(s, "clicks-failed", far, farKey, w.label);
            const role = iamRole(s, "clicks-processor", "lambda.amazonaws.com");
            const fn = s.add(
                "aws:lambda/function:Function",
                "clicks-processor",
                { name: "clicks-processor", role: role.arn, runtime: "nodejs20.x", handler: "index.handler", s3Bucket: "acme-artifacts", s3Key: "clicks.zip" },
                { provider: va },
            );
            s.add(
                "aws:lambda/eventSourceMapping:EventSourceMapping",
                "clicks-to-processor",
                {
                    eventSourceArn: clicks.arn,
                    functionName: fn.arn,
                    startingPosition: "LATEST",
                    destinationConfig: { onFailure: { destinationArn: failed.arn } },
                },
                { provider: va },
            );
        },
        offenders: ["clicks-to-processor", "clicks-failed"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "eventbridge-global-endpoint-secondary-bus-abroad",
        how: "an EventBridge global endpoint replicating a US event bus to a secondary bus in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const primary = s.add(
                "aws:cloudwatch/eventBus:EventBus",
                "orders-bus",
                { name: "orders-bus", kmsKeyIdentifier: key.arn, tags: US },
                { provider: va },
            );
            const secondary = s.add(
                "aws:cloudwatch/eventBus:EventBus",
                "orders-bus-secondary",
                { name: "orders-bus", kmsKeyIdentifier: farKey.arn, tags: w.label },
                { provider: far },
            );
            s.add(
                "aws:cloudwatch/eventEndpoint:EventEndpoint",
                "orders-global",
                {
                    name: "orders-global",
                    roleArn: roleArn("eventbridge-replication"),
                    eventBuses: [{ eventBusArn: primary.arn }, { eventBusArn: secondary.arn }],
                    replicationConfig: { state: "ENABLED" },
                    routingConfig: { failoverConfig: { primary: { healthCheck: `arn:aws:route53:::healthcheck/0f1e2d3c` }, secondary: { route: w.aws } } },
                },
                { provider: va },
            );
        },
        offenders: ["orders-global", "orders-bus-secondary"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dynamodb-kinesis-streaming-destination-abroad",
        how: "a US table streaming its item changes (Kinesis Data Streams for DynamoDB) into a stream in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const table = dynamoTable(s, "users", va, key);
            const changes = stream(s, "users-changes", far, farKey, w.label);
            s.add(
                "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination",
                "users-to-changes",
                { tableName: table.out("name"), streamArn: changes.arn },
                { provider: va },
            );
        },
        offenders: ["users-to-changes", "users-changes"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "datasync-oci-bucket-to-aws-abroad",
        how: "cross-cloud: AWS DataSync reading a US OCI bucket through its S3-compatible endpoint and writing to an S3 bucket in another AWS region",
        config: approvedExternals,
        build: (s, w) => {
            const ash = s.oci("us-ashburn-1");
            ociAudit(s, ash);
            const source = ociBucket(s, "exports", ash, ociKey(s, "us-data", ash));
            const { far, farKey } = awsAway(s, w.aws);
            const target = bucket(s, "exports-mirror", far, farKey, w.label);
            const from = s.add(
                "aws:datasync/locationObjectStorage:LocationObjectStorage",
                "oci-exports",
                {
                    serverHostname: "acmecorp.compat.objectstorage.us-ashburn-1.oraclecloud.com",
                    serverProtocol: "HTTPS",
                    bucketName: source.out("name"),
                    accessKey: "datasync",
                    secretKey: "x",
                    agentArns: [`arn:aws:datasync:${w.aws}:${ACCOUNT}:agent/agent-0123456789abcdef0`],
                },
                { provider: far },
            );
            const to = dataSyncS3Location(s, "mirror-location", target, far);
            s.add(
                "aws:datasync/task:Task",
                "exports-to-mirror",
                { name: "exports-to-mirror", sourceLocationArn: from.arn, destinationLocationArn: to.arn },
                { provider: far },
            );
        },
        offenders: ["exports-to-mirror", "exports-mirror", "mirror-location", "oci-exports"],
        message: /ap-southeast-1/,
    }),
];
