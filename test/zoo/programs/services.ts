/**
 * Realistic multi-service stacks (issue 20, item 7): each wires several services together the way real
 * programs do, with every place a resource holding user data names being a resource of the stack in an
 * approved location. They must raise no mandatory violation.
 */
import {
    bucket,
    dataEventTrail,
    dynamoTable,
    iamRole,
    kmsKey,
    ociAdb,
    ociAudit,
    ociBucket,
    ociKey,
    rdsInstance,
    redshiftCluster,
    roleArn,
} from "../../evasion/dsl/blocks";
import { COMPARTMENT, derived, NAMESPACE, NON_US, NO_USER_DATA, type Res, type Stack, UNKNOWN, US } from "../../evasion/dsl/stack";
import { alarmTopic, awsNetwork, httpApi, lambdaService, ociCustodianPolicy, ociNetwork } from "../platform";
import type { ZooProgram } from "../program";

function queue(s: Stack, name: string, p: Res, key: Res, tags: Record<string, string>, extra: Record<string, unknown> = {}): Res {
    return s.add("aws:sqs/queue:Queue", name, { name, kmsMasterKeyId: key.arn, messageRetentionSeconds: 345600, tags, ...extra }, { provider: p });
}

function logGroup(s: Stack, name: string, p: Res, key: Res, tags: Record<string, string>): Res {
    return s.add("aws:cloudwatch/logGroup:LogGroup", name, { name, retentionInDays: 365, kmsKeyId: key.arn, tags }, { provider: p });
}

export const servicePrograms: ZooProgram[] = [
    {
        name: "serverless-signup-api",
        what: "a serverless sign-up API in us-east-1: HTTP API, a function writing US profiles to DynamoDB and queueing a welcome job on SQS with a dead-letter queue",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "signup-data", va);
            const profiles = dynamoTable(s, "signup-profiles", va, key);
            const dlq = queue(s, "welcome-dlq", va, key, US);
            const jobs = queue(s, "welcome-jobs", va, key, US, {
                redrivePolicy: derived(JSON.stringify({ deadLetterTargetArn: UNKNOWN, maxReceiveCount: 5 }), dlq),
            });
            const topic = alarmTopic(s, va, "signup-alarms");
            const fn = lambdaService(s, va, "signup-handler", {
                logClass: US,
                logKey: key,
                topic,
                env: { TABLE_NAME: profiles.out("name"), QUEUE_URL: jobs.computed(), AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1" },
            });
            httpApi(s, va, "signup-http", fn);
            const worker = lambdaService(s, va, "welcome-worker", { logClass: US, logKey: key, topic, env: { TABLE_NAME: profiles.out("name") } });
            s.add(
                "aws:lambda/eventSourceMapping:EventSourceMapping",
                "welcome-jobs-to-worker",
                { eventSourceArn: jobs.arn, functionName: worker.arn, batchSize: 10 },
                { provider: va },
            );
        },
    },
    {
        name: "us-etl-pipeline",
        what: "an ETL pipeline in us-east-1: raw and curated buckets, a Glue catalog and job between them by s3:// URI, an Athena workgroup writing to a results bucket, data events on every bucket",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "lake", va);
            const raw = bucket(s, "lake-raw", va, key);
            const curated = bucket(s, "lake-curated", va, key);
            bucket(s, "lake-athena-results", va, key);
            dataEventTrail(s, va, key);
            const db = s.add("aws:glue/catalogDatabase:CatalogDatabase", "lake-db", { name: "lake", locationUri: "s3://acme-lake-curated/" }, { provider: va });
            s.add(
                "aws:glue/job:Job",
                "curate-events",
                {
                    name: "curate-events",
                    roleArn: roleArn("glue-lake"),
                    glueVersion: "4.0",
                    command: { name: "glueetl", scriptLocation: "s3://acme-artifacts/jobs/curate.py", pythonVersion: "3" },
                    defaultArguments: {
                        "--input": derived("s3://acme-lake-raw/events/", raw),
                        "--output": derived("s3://acme-lake-curated/events/", curated),
                        "--database": db.out("name"),
                        "--enable-metrics": "true",
                    },
                },
                { provider: va },
            );
            s.add(
                "aws:athena/workgroup:Workgroup",
                "lake-analysts",
                {
                    name: "lake-analysts",
                    configuration: {
                        enforceWorkgroupConfiguration: true,
                        resultConfiguration: {
                            outputLocation: "s3://acme-lake-athena-results/queries/",
                            encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: key.arn },
                        },
                    },
                },
                { provider: va },
            );
        },
    },
    {
        name: "ecs-service-with-database",
        what: "a containerised orders service in us-east-1: ECS on Fargate behind an ALB, an RDS database, its credentials in Secrets Manager, logs in an encrypted group",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "orders-data", va);
            const net = awsNetwork(s, va, "orders", "10.30", "us-east-1");
            const db = rdsInstance(s, "orders-db", va, key, US, { dbSubnetGroupName: "orders-db-subnets", vpcSecurityGroupIds: [net.sg.id] });
            const secret = s.add(
                "aws:secretsmanager/secret:Secret",
                "orders-db-credentials",
                { name: "orders/db", kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            const logs = logGroup(s, "/ecs/orders", va, key, US);
            const cluster = s.add("aws:ecs/cluster:Cluster", "orders", { name: "orders" }, { provider: va });
            const task = s.add(
                "aws:ecs/taskDefinition:TaskDefinition",
                "orders-api",
                {
                    family: "orders-api",
                    requiresCompatibilities: ["FARGATE"],
                    networkMode: "awsvpc",
                    cpu: "1024",
                    memory: "2048",
                    taskRoleArn: roleArn("orders-task"),
                    executionRoleArn: roleArn("ecs-execution"),
                    containerDefinitions: derived(
                        JSON.stringify([
                            {
                                name: "api",
                                image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/orders-api:4.2.0",
                                portMappings: [{ containerPort: 8080 }],
                                environment: [{ name: "DB_HOST", value: UNKNOWN }],
                                secrets: [{ name: "DB_PASSWORD", valueFrom: UNKNOWN }],
                                logConfiguration: {
                                    logDriver: "awslogs",
                                    options: { "awslogs-group": "/ecs/orders", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "api" },
                                },
                            },
                        ]),
                        db,
                        secret,
                        logs,
                    ),
                },
                { provider: va },
            );
            const tg = s.add(
                "aws:lb/targetGroup:TargetGroup",
                "orders-api-tg",
                { name: "orders-api", port: 8080, protocol: "HTTP", targetType: "ip", vpcId: net.vpc.id },
                { provider: va },
            );
            const alb = s.add(
                "aws:lb/loadBalancer:LoadBalancer",
                "orders-alb",
                { name: "orders", internal: true, loadBalancerType: "application", subnets: net.privateSubnets.map((x) => x.id), securityGroups: [net.sg.id] },
                { provider: va },
            );
            s.add(
                "aws:lb/listener:Listener",
                "orders-https",
                {
                    loadBalancerArn: alb.arn,
                    port: 443,
                    protocol: "HTTPS",
                    certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c",
                    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
                },
                { provider: va },
            );
            s.add(
                "aws:ecs/service:Service",
                "orders-api-svc",
                {
                    name: "orders-api",
                    cluster: cluster.arn,
                    taskDefinition: task.arn,
                    desiredCount: 2,
                    launchType: "FARGATE",
                    networkConfiguration: { subnets: net.privateSubnets.map((x) => x.id), securityGroups: [net.sg.id] },
                    loadBalancers: [{ targetGroupArn: tg.arn, containerName: "api", containerPort: 8080 }],
                },
                { provider: va },
            );
        },
    },
    {
        name: "oci-application-stack",
        what: "an OCI application in Ashburn: a VCN, an Autonomous Database and a documents bucket of US data, a functions app reading them, an API gateway in front, audit and custodian IAM",
        holds: ["us-user-data"],
        build: (s) => {
            const ash = s.oci("us-ashburn-1");
            ociAudit(s, ash);
            const key = ociKey(s, "app-data", ash);
            const net = ociNetwork(s, ash, "app", "10.60");
            const adb = ociAdb(s, "app-adb", ash, key, US, { subnetId: net.privateSubnet.id });
            const docs = ociBucket(s, "app-docs", ash, key);
            const app = s.add(
                "oci:Functions/application:Application",
                "app-functions",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "app-functions",
                    subnetIds: [net.privateSubnet.id],
                    shape: "GENERIC_X86",
                    config: { DOCS_BUCKET: docs.out("name") },
                },
                { provider: ash },
            );
            const fn = s.add(
                "oci:Functions/function:Function",
                "app-docs-api",
                {
                    applicationId: app.id,
                    displayName: "app-docs-api",
                    memoryInMbs: "512",
                    image: "iad.ocir.io/acmecorp/docs-api:2.3.1",
                    config: { DB_NAME: adb.out("dbName"), DOCS_BUCKET: "app-docs", DOCS_URI: `oci://app-docs@${NAMESPACE}/` },
                },
                { provider: ash },
            );
            const gw = s.add(
                "oci:ApiGateway/gateway:Gateway",
                "app-gateway",
                { compartmentId: COMPARTMENT, displayName: "app-gateway", endpointType: "PRIVATE", subnetId: net.privateSubnet.id },
                { provider: ash },
            );
            s.add(
                "oci:ApiGateway/deployment:Deployment",
                "app-docs-deployment",
                {
                    compartmentId: COMPARTMENT,
                    gatewayId: gw.id,
                    pathPrefix: "/docs",
                    specification: { routes: [{ path: "/{id}", methods: ["GET"], backend: { type: "ORACLE_FUNCTIONS_BACKEND", functionId: fn.id } }] },
                },
                { provider: ash },
            );
            ociCustodianPolicy(s, ash, "app-custodians");
        },
    },
    {
        name: "event-driven-orders-workflow",
        what: "an event-driven order workflow in us-east-1: an EventBridge bus of US order events, a rule to a queue and a Step Functions workflow that reads the orders table by name inside its definition",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "orders-events", va);
            const orders = dynamoTable(s, "orders-table", va, key);
            const bus = s.add("aws:cloudwatch/eventBus:EventBus", "orders-bus", { name: "orders-bus", kmsKeyIdentifier: key.arn, tags: US }, { provider: va });
            const inbox = queue(s, "orders-inbox", va, key, US);
            const rule = s.add(
                "aws:cloudwatch/eventRule:EventRule",
                "order-placed",
                { name: "order-placed", eventBusName: bus.out("name"), eventPattern: JSON.stringify({ "detail-type": ["OrderPlaced"] }) },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/eventTarget:EventTarget",
                "order-placed-to-inbox",
                { rule: rule.out("name"), eventBusName: bus.out("name"), arn: inbox.arn },
                { provider: va },
            );
            const logs = logGroup(s, "/sfn/order-fulfilment", va, key, US);
            const sfn = s.add(
                "aws:sfn/stateMachine:StateMachine",
                "order-fulfilment",
                {
                    name: "order-fulfilment",
                    roleArn: roleArn("sfn-orders"),
                    definition: JSON.stringify({
                        StartAt: "Load",
                        States: {
                            Load: {
                                Type: "Task",
                                Resource: "arn:aws:states:::dynamodb:getItem",
                                Parameters: { TableName: "orders-table", "Key.$": "$.key" },
                                Next: "Queue",
                            },
                            Queue: {
                                Type: "Task",
                                Resource: "arn:aws:states:::sqs:sendMessage",
                                Parameters: { QueueUrl: "https://sqs.us-east-1.amazonaws.com/111122223333/orders-inbox", "MessageBody.$": "$.Item" },
                                End: true,
                            },
                        },
                    }),
                    loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: derived(UNKNOWN, logs) },
                },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/eventTarget:EventTarget",
                "order-placed-to-workflow",
                { rule: rule.out("name"), eventBusName: bus.out("name"), arn: sfn.arn, roleArn: roleArn("events-sfn") },
                { provider: va },
            );
            const topic = alarmTopic(s, va, "orders-alarms");
            s.add(
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "orders-inbox-age",
                {
                    name: "orders-inbox-age",
                    namespace: "AWS/SQS",
                    metricName: "ApproximateAgeOfOldestMessage",
                    dimensions: { QueueName: inbox.out("name") },
                    statistic: "Maximum",
                    period: 60,
                    evaluationPeriods: 5,
                    threshold: 600,
                    comparisonOperator: "GreaterThanThreshold",
                    alarmActions: [topic.arn],
                },
                { provider: va },
            );
            void orders;
        },
    },
    {
        name: "us-clickstream-firehose-lake",
        what: "a clickstream pipeline in us-east-1: a Kinesis stream of US clicks, Firehose into a lake bucket by bucket ARN, a consumer function, data events on the buckets",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "clicks", va);
            const stream = s.add(
                "aws:kinesis/stream:Stream",
                "clicks",
                { name: "clicks", encryptionType: "KMS", kmsKeyId: key.arn, retentionPeriod: 24, streamModeDetails: { streamMode: "ON_DEMAND" }, tags: US },
                { provider: va },
            );
            const lake = bucket(s, "clicks-lake", va, key);
            dataEventTrail(s, va, key);
            s.add(
                "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                "clicks-to-lake",
                {
                    name: "clicks-to-lake",
                    destination: "extended_s3",
                    kinesisSourceConfiguration: { kinesisStreamArn: stream.arn, roleArn: roleArn("firehose-clicks") },
                    extendedS3Configuration: {
                        bucketArn: lake.arn,
                        roleArn: roleArn("firehose-clicks"),
                        prefix: "clicks/!{timestamp:yyyy/MM/dd}/",
                        errorOutputPrefix: "errors/",
                        bufferingInterval: 300,
                        kmsKeyArn: key.arn,
                    },
                },
                { provider: va },
            );
            const topic = alarmTopic(s, va, "clicks-alarms");
            const fn = lambdaService(s, va, "clicks-sessionizer", { logClass: US, logKey: key, topic, env: { STREAM: stream.out("name") } });
            s.add(
                "aws:lambda/eventSourceMapping:EventSourceMapping",
                "clicks-to-sessionizer",
                { eventSourceArn: stream.arn, functionName: fn.arn, startingPosition: "LATEST" },
                { provider: va },
            );
        },
    },
    {
        name: "oci-streaming-to-object-storage",
        what: "an OCI event pipeline in Ashburn: a stream of US events, a service connector into an archive bucket, a function consuming the stream, audit and custodian IAM",
        holds: ["us-user-data"],
        build: (s) => {
            const ash = s.oci("us-ashburn-1");
            ociAudit(s, ash);
            const key = ociKey(s, "events-data", ash);
            const pool = s.add(
                "oci:Streaming/streamPool:StreamPool",
                "events-pool",
                { compartmentId: COMPARTMENT, name: "events-pool", customEncryptionKey: { kmsKeyId: key.id }, freeformTags: US },
                { provider: ash },
            );
            const stream = s.add(
                "oci:Streaming/stream:Stream",
                "user-events",
                { name: "user-events", partitions: 3, retentionInHours: 24, streamPoolId: pool.id, freeformTags: US },
                { provider: ash },
            );
            const archive = ociBucket(s, "events-archive", ash, key);
            s.add(
                "oci:Sch/connector:Connector",
                "events-to-archive",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "events-to-archive",
                    source: { kind: "streaming", streamId: stream.id, cursor: { kind: "TRIM_HORIZON" } },
                    target: { kind: "objectStorage", bucket: archive.out("name"), namespace: NAMESPACE, objectNamePrefix: "events/" },
                },
                { provider: ash },
            );
            const net = ociNetwork(s, ash, "events", "10.61");
            const app = s.add(
                "oci:Functions/application:Application",
                "events-app",
                { compartmentId: COMPARTMENT, displayName: "events-app", subnetIds: [net.privateSubnet.id] },
                { provider: ash },
            );
            s.add(
                "oci:Functions/function:Function",
                "events-enricher",
                {
                    applicationId: app.id,
                    displayName: "events-enricher",
                    memoryInMbs: "256",
                    image: "iad.ocir.io/acmecorp/enricher:1.1.0",
                    config: { STREAM_ID: stream.id },
                },
                { provider: ash },
            );
            ociCustodianPolicy(s, ash, "events-custodians");
        },
    },
    {
        name: "sg-non-us-lake-with-athena",
        what: "a non-US analytics lake in Singapore: raw and curated buckets, a Glue job between them, an Athena workgroup and results bucket, access logging to a log bucket",
        holds: ["non-us-user-data", "no-user-data"],
        build: (s) => {
            const sg = s.aws("ap-southeast-1");
            const key = kmsKey(s, "apac-lake", sg);
            const raw = bucket(s, "apac-raw", sg, key, NON_US);
            const curated = bucket(s, "apac-curated", sg, key, NON_US);
            bucket(s, "apac-results", sg, key, NON_US);
            const logs = bucket(s, "apac-access-logs", sg, key, NO_USER_DATA);
            for (const [name, b] of [
                ["apac-raw-logging", raw],
                ["apac-curated-logging", curated],
            ] as const) {
                s.add(
                    "aws:s3/bucketLogging:BucketLogging",
                    name,
                    { bucket: b.out("bucket"), targetBucket: logs.out("bucket"), targetPrefix: `${name}/` },
                    { provider: sg },
                );
            }
            s.add(
                "aws:glue/job:Job",
                "apac-curate",
                {
                    name: "apac-curate",
                    roleArn: roleArn("glue-apac"),
                    command: { name: "glueetl", scriptLocation: "s3://acme-apac-artifacts/curate.py" },
                    defaultArguments: { "--input": "s3://acme-apac-raw/", "--output": "s3://acme-apac-curated/" },
                    tags: NON_US,
                },
                { provider: sg },
            );
            s.add(
                "aws:athena/workgroup:Workgroup",
                "apac-analysts",
                { name: "apac-analysts", configuration: { resultConfiguration: { outputLocation: "s3://acme-apac-results/" } }, tags: NON_US },
                { provider: sg },
            );
        },
    },
    {
        name: "us-sagemaker-inference-with-capture",
        what: "a US model endpoint in us-east-1: a model registered by the ML pipeline, data capture of requests into a capture bucket of the stack, an endpoint and its alarm",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "inference", va);
            bucket(s, "inference-capture", va, key);
            dataEventTrail(s, va, key);
            const config = s.add(
                "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
                "churn-config",
                {
                    name: "churn-config",
                    kmsKeyArn: key.arn,
                    productionVariants: [{ variantName: "main", modelName: "churn-7", initialInstanceCount: 2, instanceType: "ml.m5.large" }],
                    dataCaptureConfig: {
                        initialSamplingPercentage: 20,
                        destinationS3Uri: "s3://acme-inference-capture/churn/",
                        kmsKeyId: key.arn,
                        captureOptions: [{ captureMode: "Input" }],
                    },
                    tags: US,
                },
                { provider: va },
            );
            const endpoint = s.add(
                "aws:sagemaker/endpoint:Endpoint",
                "churn-endpoint",
                { name: "churn", endpointConfigName: config.out("name") },
                { provider: va },
            );
            const topic = alarmTopic(s, va, "inference-alarms");
            s.add(
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "churn-5xx",
                {
                    name: "churn-5xx",
                    namespace: "AWS/SageMaker",
                    metricName: "Invocation5XXErrors",
                    dimensions: { EndpointName: endpoint.out("name"), VariantName: "main" },
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: 5,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    alarmActions: [topic.arn],
                },
                { provider: va },
            );
        },
    },
    {
        name: "sns-webhook-to-own-dns-name",
        what: "US account notices in us-east-1: an encrypted topic with an HTTPS subscription to the stack's own DNS name, a record aliasing the internal ALB that receives them, and alarms",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "notices", va);
            const net = awsNetwork(s, va, "hooks", "10.40", "us-east-1");
            const topic = s.add("aws:sns/topic:Topic", "account-notices", { name: "account-notices", kmsMasterKeyId: key.arn, tags: US }, { provider: va });
            const alb = s.add(
                "aws:lb/loadBalancer:LoadBalancer",
                "hooks-alb",
                { name: "hooks", loadBalancerType: "application", subnets: net.privateSubnets.map((x) => x.id), securityGroups: [net.sg.id] },
                { provider: va },
            );
            s.add(
                "aws:route53/record:Record",
                "hooks-record",
                {
                    zoneId: "Z0123456789ABCDEFGHIJ",
                    name: "hooks.acme.example",
                    type: "A",
                    aliases: [{ name: alb.computed(), zoneId: alb.computed(), evaluateTargetHealth: true }],
                },
                { provider: va },
            );
            s.add(
                "aws:sns/topicSubscription:TopicSubscription",
                "notices-to-hooks",
                { topic: topic.arn, protocol: "https", endpoint: "https://hooks.acme.example/sns/notices" },
                { provider: va },
            );
            alarmTopic(s, va, "hooks-alarms");
        },
    },
    {
        name: "backups-by-tag-with-pinned-class",
        what: "AWS Backup by tag: a us-east-1 plan over resources tagged 'backup=daily', and a Singapore plan whose selection pins data-class to non-us-user-data over the Singapore tables",
        holds: ["us-user-data", "non-us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const sg = s.aws("ap-southeast-1");
            const vaKey = kmsKey(s, "backup-us", va);
            const sgKey = kmsKey(s, "backup-apac", sg);
            dynamoTable(s, "us-accounts", va, vaKey, { ...US, backup: "daily" });
            dynamoTable(s, "apac-accounts", sg, sgKey, { ...NON_US, backup: "daily" });
            const vaVault = s.add("aws:backup/vault:Vault", "us-vault", { name: "us-vault", kmsKeyArn: vaKey.arn, tags: US }, { provider: va });
            const sgVault = s.add("aws:backup/vault:Vault", "apac-vault", { name: "apac-vault", kmsKeyArn: sgKey.arn, tags: NON_US }, { provider: sg });
            const role = iamRole(s, "backup-role", "backup.amazonaws.com");
            const usPlan = s.add(
                "aws:backup/plan:Plan",
                "us-daily",
                {
                    name: "us-daily",
                    rules: [{ ruleName: "daily", targetVaultName: vaVault.out("name"), schedule: "cron(0 5 * * ? *)", lifecycle: { deleteAfter: 35 } }],
                },
                { provider: va },
            );
            s.add(
                "aws:backup/selection:Selection",
                "us-daily-by-tag",
                { name: "us-daily", planId: usPlan.id, iamRoleArn: role.arn, selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "daily" }] },
                { provider: va },
            );
            const sgPlan = s.add(
                "aws:backup/plan:Plan",
                "apac-daily",
                {
                    name: "apac-daily",
                    rules: [{ ruleName: "daily", targetVaultName: sgVault.out("name"), schedule: "cron(0 5 * * ? *)", lifecycle: { deleteAfter: 35 } }],
                },
                { provider: sg },
            );
            s.add(
                "aws:backup/selection:Selection",
                "apac-daily-non-us",
                {
                    name: "apac-daily",
                    planId: sgPlan.id,
                    iamRoleArn: role.arn,
                    resources: ["arn:aws:dynamodb:ap-southeast-1:*:table/*"],
                    conditions: [{ stringEquals: [{ key: "aws:ResourceTag/data-class", value: "non-us-user-data" }] }],
                },
                { provider: sg },
            );
        },
    },
    {
        name: "sg-dlm-pinned-non-us-copies-home",
        what: "EBS snapshots of non-US volumes in Singapore by a DLM policy pinned to data-class non-us-user-data, copied to us-east-1 for disaster recovery",
        holds: ["non-us-user-data"],
        build: (s) => {
            const sg = s.aws("ap-southeast-1");
            const key = kmsKey(s, "apac-volumes", sg);
            for (const n of ["a", "b", "c"]) {
                s.add(
                    "aws:ebs/volume:Volume",
                    `apac-data-${n}`,
                    {
                        availabilityZone: `ap-southeast-1${n}`,
                        size: 200,
                        type: "gp3",
                        encrypted: true,
                        kmsKeyId: key.arn,
                        tags: { ...NON_US, snapshot: "daily" },
                    },
                    { provider: sg },
                );
            }
            const va = s.aws("us-east-1");
            const drKey = kmsKey(s, "apac-volumes-dr", va);
            s.add(
                "aws:dlm/lifecyclePolicy:LifecyclePolicy",
                "apac-daily-snapshots",
                {
                    description: "daily snapshots of non-US volumes",
                    executionRoleArn: roleArn("dlm"),
                    state: "ENABLED",
                    policyDetails: {
                        resourceTypes: ["VOLUME"],
                        targetTags: { "data-class": "non-us-user-data" },
                        schedules: [
                            {
                                name: "daily",
                                createRule: { interval: 24, intervalUnit: "HOURS", times: "02:00" },
                                retainRule: { count: 7 },
                                crossRegionCopyRules: [
                                    { target: "us-east-1", encrypted: true, cmkArn: drKey.arn, retainRule: { interval: 7, intervalUnit: "DAYS" } },
                                ],
                            },
                        ],
                    },
                },
                { provider: sg },
            );
            const topic = alarmTopic(s, sg, "apac-volume-alarms");
            for (const n of ["a", "b", "c"]) {
                s.add(
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                    `apac-data-${n}-burst`,
                    {
                        name: `apac-data-${n}-burst`,
                        namespace: "AWS/EBS",
                        metricName: "BurstBalance",
                        dimensions: { VolumeId: UNKNOWN },
                        statistic: "Minimum",
                        period: 300,
                        evaluationPeriods: 3,
                        threshold: 20,
                        comparisonOperator: "LessThanThreshold",
                        alarmActions: [topic.arn],
                    },
                    { provider: sg },
                );
            }
        },
    },
    {
        name: "oci-mysql-app-with-phoenix-backups",
        what: "an OCI MySQL application in Ashburn: a VCN, a MySQL DB system of US data encrypted with a vault key, a compute host reading it, and a Phoenix copy of its backups",
        holds: ["us-user-data"],
        build: (s) => {
            const ash = s.oci("us-ashburn-1");
            ociAudit(s, ash);
            const key = ociKey(s, "shop-data", ash);
            const net = ociNetwork(s, ash, "shop", "10.62");
            const db = s.add(
                "oci:Mysql/mysqlDbSystem:MysqlDbSystem",
                "shop-db",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "shop-db",
                    availabilityDomain: "Uocm:US-ASHBURN-AD-1",
                    shapeName: "MySQL.4",
                    subnetId: net.privateSubnet.id,
                    adminUsername: "admin",
                    adminPassword: "placeholder",
                    dataStorageSizeInGb: 100,
                    encryptData: { keyGenerationType: "BYOK", keyId: key.id },
                    backupPolicy: { isEnabled: true, retentionInDays: 14, copyPolicies: [{ copyToRegion: "us-phoenix-1", backupCopyRetentionInDays: 7 }] },
                    freeformTags: US,
                },
                { provider: ash },
            );
            s.add(
                "oci:Core/instance:Instance",
                "shop-app",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: "Uocm:US-ASHBURN-AD-1",
                    shape: "VM.Standard.E5.Flex",
                    shapeConfig: { ocpus: 2, memoryInGbs: 16 },
                    createVnicDetails: { subnetId: net.privateSubnet.id, assignPublicIp: "false" },
                    sourceDetails: { sourceType: "image", sourceId: "ocid1.image.oc1.iad.aaaaoraclelinux9", kmsKeyId: key.id },
                    metadata: { db_host: db.computed() },
                    freeformTags: US,
                },
                { provider: ash },
            );
            ociCustodianPolicy(s, ash, "shop-custodians", ["Allow group us-data-custodians to manage mysql-family in compartment us-data"]);
        },
    },
    {
        name: "us-warehouse-with-audit-logging",
        what: "a US Redshift warehouse in us-east-1 whose audit logs go, by bucket name, to a hardened audit bucket of the stack, with S3 data events",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "warehouse", va);
            const dw = redshiftCluster(s, "users-dw", va, key, US, { skipFinalSnapshot: false, finalSnapshotIdentifier: "users-dw-final" });
            const audit = bucket(s, "dw-audit", va, key);
            dataEventTrail(s, va, key);
            s.add(
                "aws:redshift/logging:Logging",
                "users-dw-audit",
                { clusterIdentifier: dw.out("clusterIdentifier"), logDestinationType: "s3", bucketName: audit.out("bucket"), s3KeyPrefix: "redshift/" },
                { provider: va },
            );
        },
    },
];
