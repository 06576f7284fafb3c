/** AWS platform stacks that keep US user data in us-east-1 and non-US data in ap-southeast-1 or us-east-1. */
import {
    bucket,
    dataEventTrail,
    dmsPostgresEndpoint,
    dmsReplicationInstance,
    dmsSelectAll,
    dynamoTable,
    iamRole,
    kmsKey,
    rdsInstance,
    REPLICATION_ROLE,
    roleArn,
} from "../../evasion/dsl/blocks";
import { derived, NO_USER_DATA, NON_US, type Res, type Stack, UNKNOWN, US } from "../../evasion/dsl/stack";
import { accountArn, alarmTopic, awsNetwork, httpApi, lambdaService, regionalKeys } from "../platform";
import type { ZooProgram } from "../program";

function queue(s: Stack, name: string, p: Res, key: Res, tags: Record<string, string>, extra: Record<string, unknown> = {}): Res {
    return s.add("aws:sqs/queue:Queue", name, { name, kmsMasterKeyId: key.arn, messageRetentionSeconds: 345600, tags, ...extra }, { provider: p });
}

export const awsPrograms: ZooProgram[] = [
    {
        name: "sg-non-us-orders-api",
        what: "non-US orders in Singapore: VPC, IAM, an HTTP API on Lambda over a DynamoDB table, logs and alarms, all in ap-southeast-1",
        holds: ["non-us-user-data", "no-user-data"],
        build: (s) => {
            const sg = s.aws("ap-southeast-1");
            const key = kmsKey(s, "apac-data", sg);
            const net = awsNetwork(s, sg, "apac", "10.20", "ap-southeast-1");
            const topic = alarmTopic(s, sg, "apac-alarms");
            const table = dynamoTable(s, "apac-orders", sg, key, NON_US);
            const fn = lambdaService(s, sg, "apac-orders-api", {
                logClass: NON_US,
                topic,
                env: { TABLE_NAME: table.out("name"), REGION: "ap-southeast-1" },
                vpc: { subnets: net.privateSubnets, sg: net.sg },
            });
            httpApi(s, sg, "apac-orders-http", fn);
        },
    },
    {
        name: "us-east-1-dms-migration",
        what: "DMS inside us-east-1: a US Postgres instance migrated into a new US Aurora-compatible instance, all in us-east-1",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const net = awsNetwork(s, va, "core", "10.0", "us-east-1");
            const legacy = rdsInstance(s, "users-legacy", va, key);
            const target = rdsInstance(s, "users-v2", va, key, US, { engineVersion: "17.2" });
            const subnets = s.add(
                "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup",
                "migration-subnets",
                { replicationSubnetGroupId: "migration-subnets", replicationSubnetGroupDescription: "dms", subnetIds: net.privateSubnets.map((x) => x.id) },
                { provider: va },
            );
            const instance = dmsReplicationInstance(s, "migration", va, key, {
                replicationSubnetGroupId: subnets.out("replicationSubnetGroupId"),
                vpcSecurityGroupIds: [net.sg.id],
            });
            const endpoint = (name: string, type: string, db: Res) => dmsPostgresEndpoint(s, name, type, db.computed(), va, { kmsKeyArn: key.arn });
            const from = endpoint("legacy-source", "source", legacy);
            const to = endpoint("v2-target", "target", target);
            s.add(
                "aws:dms/replicationTask:ReplicationTask",
                "users-migration",
                {
                    replicationTaskId: "users-migration",
                    migrationType: "full-load-and-cdc",
                    replicationInstanceArn: instance.arn,
                    sourceEndpointArn: from.arn,
                    targetEndpointArn: to.arn,
                    tableMappings: dmsSelectAll("public"),
                },
                { provider: va },
            );
        },
    },
    {
        name: "golden-ami-pipeline",
        what: "golden AMIs built from a builder instance holding no user data, copied to Singapore and Ireland for the fleets there",
        holds: ["no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const net = awsNetwork(s, va, "build", "10.9", "us-east-1");
            const builder = s.add(
                "aws:ec2/instance:Instance",
                "ami-builder",
                {
                    ami: "ami-0abcdef1234567890",
                    instanceType: "c7i.large",
                    subnetId: net.privateSubnets[0].id,
                    vpcSecurityGroupIds: [net.sg.id],
                    tags: NO_USER_DATA,
                },
                { provider: va },
            );
            const image = s.add(
                "aws:ec2/amiFromInstance:AmiFromInstance",
                "golden-image",
                { name: "golden-2026-11", sourceInstanceId: builder.id, tags: NO_USER_DATA },
                { provider: va },
            );
            for (const region of ["ap-southeast-1", "eu-west-1"]) {
                const p = s.aws(region);
                const copy = s.add(
                    "aws:ec2/amiCopy:AmiCopy",
                    `golden-image-${region}`,
                    { name: "golden-2026-11", sourceAmiId: image.id, sourceAmiRegion: "us-east-1", encrypted: true, tags: NO_USER_DATA },
                    { provider: p },
                );
                s.add(
                    "aws:ec2/launchTemplate:LaunchTemplate",
                    `fleet-${region}`,
                    { name: `fleet-${region}`, imageId: copy.id, instanceType: "m7i.large", tags: { team: "fleet" } },
                    { provider: p },
                );
            }
        },
    },
    {
        name: "tags-only-transforms",
        what: "a US service in us-east-1 whose stack transforms only add cost and ownership tags (and provider defaultTags), never touching data-class",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.provider("aws", "aws-us-east-1", {
                region: "us-east-1",
                defaultTags: { tags: { "cost-center": "cc-1042", owner: "identity-team", "managed-by": "pulumi" } },
            });
            const key = kmsKey(s, "identity-data", va, { "cost-center": "cc-1042" });
            const extra = { "cost-center": "cc-1042", owner: "identity-team", "pulumi-stack": "identity-prod" };
            const profiles = bucket(s, "identity-profiles", va, key, { ...US, ...extra });
            dataEventTrail(s, va, key);
            dynamoTable(s, "identity-sessions", va, key, { ...US, ...extra });
            queue(s, "identity-events", va, key, { ...US, ...extra });
            const topic = alarmTopic(s, va, "identity-alarms");
            lambdaService(s, va, "identity-sync", { logClass: { ...US, ...extra }, logKey: key, topic, env: { BUCKET: profiles.out("bucket") } });
        },
    },
    {
        name: "sg-alarms-and-dashboard",
        what: "alarms in Singapore over non-US queues and functions, and a us-east-1 dashboard whose body names both regions",
        holds: ["non-us-user-data", "no-user-data"],
        build: (s) => {
            const sg = s.aws("ap-southeast-1");
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "apac-data", sg);
            const topic = alarmTopic(s, sg, "apac-oncall");
            const jobs = queue(s, "apac-jobs", sg, key, NON_US);
            const dlq = queue(s, "apac-jobs-dlq", sg, key, NON_US);
            const fn = lambdaService(s, sg, "apac-worker", { logClass: NON_US, topic, env: { QUEUE_URL: jobs.computed() } });
            s.add(
                "aws:lambda/eventSourceMapping:EventSourceMapping",
                "apac-jobs-to-worker",
                { eventSourceArn: jobs.arn, functionName: fn.arn, batchSize: 10 },
                { provider: sg },
            );
            for (const [name, q] of [
                ["apac-jobs-age", jobs],
                ["apac-dlq-depth", dlq],
            ] as const) {
                s.add(
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                    name,
                    {
                        name,
                        namespace: "AWS/SQS",
                        metricName: name.endsWith("age") ? "ApproximateAgeOfOldestMessage" : "ApproximateNumberOfMessagesVisible",
                        dimensions: { QueueName: q.out("name") },
                        statistic: "Maximum",
                        period: 60,
                        evaluationPeriods: 5,
                        threshold: 300,
                        comparisonOperator: "GreaterThanThreshold",
                        alarmActions: [topic.arn],
                    },
                    { provider: sg },
                );
            }
            s.add(
                "aws:cloudwatch/dashboard:Dashboard",
                "global-ops",
                {
                    dashboardName: "global-ops",
                    dashboardBody: JSON.stringify({
                        widgets: [
                            {
                                type: "metric",
                                properties: {
                                    region: "ap-southeast-1",
                                    metrics: [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "apac-jobs"]],
                                },
                            },
                            { type: "metric", properties: { region: "us-east-1", metrics: [["AWS/Lambda", "Errors", "FunctionName", "apac-worker"]] } },
                        ],
                    }),
                },
                { provider: va },
            );
        },
    },
    {
        name: "s3-replication-to-literal-arn-in-stack",
        what: "a US bucket in us-east-1 replicating to a literal ARN of a second bucket of this stack, also in us-east-1",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const source = bucket(s, "users-documents", va, key);
            bucket(s, "users-documents-replica", va, key);
            dataEventTrail(s, va, key);
            s.add(
                "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                "users-documents-replication",
                {
                    bucket: source.out("bucket"),
                    role: REPLICATION_ROLE,
                    rules: [
                        {
                            id: "everything",
                            status: "Enabled",
                            filter: {},
                            deleteMarkerReplication: { status: "Enabled" },
                            destination: {
                                bucket: "arn:aws:s3:::acme-users-documents-replica",
                                storageClass: "STANDARD_IA",
                                encryptionConfiguration: { replicaKmsKeyId: key.arn },
                            },
                            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        },
                    ],
                },
                { provider: va },
            );
        },
    },
    {
        name: "cloudfront-static-site",
        what: "a marketing site: a no-user-data assets bucket behind CloudFront with OAC, WAF, an ACM certificate and Route53 aliases",
        holds: ["no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "web-assets", va);
            const assets = bucket(s, "web-assets", va, key, NO_USER_DATA);
            const oac = s.add(
                "aws:cloudfront/originAccessControl:OriginAccessControl",
                "web-assets-oac",
                { name: "web-assets-oac", originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" },
                { provider: va },
            );
            const cert = s.add("aws:acm/certificate:Certificate", "www-cert", { domainName: "www.acme.example", validationMethod: "DNS" }, { provider: va });
            const waf = s.add(
                "aws:wafv2/webAcl:WebAcl",
                "www-waf",
                {
                    name: "www-waf",
                    scope: "CLOUDFRONT",
                    defaultAction: { allow: {} },
                    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "www-waf", sampledRequestsEnabled: true },
                    rules: [
                        {
                            name: "common",
                            priority: 1,
                            overrideAction: { none: {} },
                            statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS" } },
                            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "common", sampledRequestsEnabled: true },
                        },
                    ],
                },
                { provider: va },
            );
            const cdn = s.add(
                "aws:cloudfront/distribution:Distribution",
                "www-cdn",
                {
                    enabled: true,
                    aliases: ["www.acme.example"],
                    defaultRootObject: "index.html",
                    priceClass: "PriceClass_All",
                    webAclId: waf.arn,
                    origins: [{ domainName: assets.computed(), originId: "assets", originAccessControlId: oac.id }],
                    defaultCacheBehavior: {
                        targetOriginId: "assets",
                        viewerProtocolPolicy: "redirect-to-https",
                        allowedMethods: ["GET", "HEAD"],
                        cachedMethods: ["GET", "HEAD"],
                        cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
                    },
                    restrictions: { geoRestriction: { restrictionType: "none" } },
                    viewerCertificate: { acmCertificateArn: cert.arn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
                },
                { provider: va },
            );
            s.add(
                "aws:s3/bucketPolicy:BucketPolicy",
                "web-assets-policy",
                {
                    bucket: assets.out("bucket"),
                    policy: derived(UNKNOWN, assets, cdn),
                },
                { provider: va },
            );
            const zone = s.add("aws:route53/zone:Zone", "acme-example", { name: "acme.example" });
            for (const type of ["A", "AAAA"]) {
                s.add("aws:route53/record:Record", `www-${type.toLowerCase()}`, {
                    zoneId: zone.id,
                    name: "www.acme.example",
                    type,
                    aliases: [{ name: cdn.computed(), zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }],
                });
            }
        },
    },
    {
        name: "kms-keys-per-region",
        what: "a key per region with aliases, US stores in us-east-1 under the us-east-1 key, Singapore non-US stores under theirs, and a multi-region key replicated only for non-US data",
        holds: ["us-user-data", "non-us-user-data"],
        build: (s) => {
            const keys = regionalKeys(s, ["us-east-1", "ap-southeast-1", "eu-west-1"]);
            const va = s.aws("us-east-1");
            const sg = s.aws("ap-southeast-1");
            dynamoTable(s, "us-accounts", va, keys["us-east-1"]);
            s.add(
                "aws:secretsmanager/secret:Secret",
                "us-accounts-db-credentials",
                { name: "us-accounts/db", kmsKeyId: keys["us-east-1"].arn, tags: US },
                { provider: va },
            );
            const apacKey = s.add(
                "aws:kms/key:Key",
                "apac-multi-region",
                { description: "APAC multi-region", multiRegion: true, enableKeyRotation: true },
                { provider: sg },
            );
            s.add(
                "aws:kms/replicaKey:ReplicaKey",
                "apac-multi-region-dr",
                { primaryKeyArn: apacKey.arn, description: "APAC key replica for DR", deletionWindowInDays: 30 },
                { provider: va },
            );
            dynamoTable(s, "apac-accounts", sg, apacKey, NON_US);
        },
    },
    {
        name: "us-data-platform-east",
        what: "a US Aurora cluster behind an ECS service and an ALB in us-east-1, with logs and DNS",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const net = awsNetwork(s, va, "platform", "10.1", "us-east-1");
            const dbSubnets = s.add(
                "aws:rds/subnetGroup:SubnetGroup",
                "accounts-db-subnets",
                { name: "accounts-db-subnets", subnetIds: net.privateSubnets.map((x) => x.id) },
                { provider: va },
            );
            const cluster = s.add(
                "aws:rds/cluster:Cluster",
                "accounts-db",
                {
                    clusterIdentifier: "accounts-db",
                    engine: "aurora-postgresql",
                    engineVersion: "16.4",
                    storageEncrypted: true,
                    kmsKeyId: key.arn,
                    masterUsername: "app",
                    manageMasterUserPassword: true,
                    dbSubnetGroupName: dbSubnets.out("name"),
                    vpcSecurityGroupIds: [net.sg.id],
                    backupRetentionPeriod: 14,
                    tags: US,
                },
                { provider: va },
            );
            s.add(
                "aws:rds/clusterInstance:ClusterInstance",
                "accounts-db-1",
                {
                    identifier: "accounts-db-1",
                    clusterIdentifier: cluster.out("clusterIdentifier"),
                    instanceClass: "db.r7g.large",
                    engine: "aurora-postgresql",
                    tags: US,
                },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/logGroup:LogGroup",
                "accounts-api-logs",
                { name: "/ecs/accounts-api", retentionInDays: 365, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            const ecs = s.add(
                "aws:ecs/cluster:Cluster",
                "platform",
                { name: "platform", settings: [{ name: "containerInsights", value: "enabled" }] },
                { provider: va },
            );
            const task = s.add(
                "aws:ecs/taskDefinition:TaskDefinition",
                "accounts-api",
                {
                    family: "accounts-api",
                    requiresCompatibilities: ["FARGATE"],
                    networkMode: "awsvpc",
                    cpu: "1024",
                    memory: "2048",
                    executionRoleArn: roleArn("ecs-execution"),
                    taskRoleArn: roleArn("accounts-api"),
                    containerDefinitions: derived(UNKNOWN, cluster),
                },
                { provider: va },
            );
            const lb = s.add(
                "aws:lb/loadBalancer:LoadBalancer",
                "accounts-alb",
                {
                    name: "accounts-alb",
                    loadBalancerType: "application",
                    internal: false,
                    subnets: net.privateSubnets.map((x) => x.id),
                    securityGroups: [net.sg.id],
                },
                { provider: va },
            );
            const tg = s.add(
                "aws:lb/targetGroup:TargetGroup",
                "accounts-tg",
                { name: "accounts-tg", port: 8080, protocol: "HTTP", targetType: "ip", vpcId: net.vpc.id, healthCheck: { path: "/healthz" } },
                { provider: va },
            );
            const cert = s.add(
                "aws:acm/certificate:Certificate",
                "accounts-cert",
                { domainName: "accounts.acme.example", validationMethod: "DNS" },
                { provider: va },
            );
            s.add(
                "aws:lb/listener:Listener",
                "accounts-https",
                {
                    loadBalancerArn: lb.arn,
                    port: 443,
                    protocol: "HTTPS",
                    certificateArn: cert.arn,
                    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
                },
                { provider: va },
            );
            s.add(
                "aws:ecs/service:Service",
                "accounts-api",
                {
                    name: "accounts-api",
                    cluster: ecs.arn,
                    taskDefinition: task.arn,
                    desiredCount: 3,
                    launchType: "FARGATE",
                    networkConfiguration: { subnets: net.privateSubnets.map((x) => x.id), securityGroups: [net.sg.id] },
                    loadBalancers: [{ targetGroupArn: tg.arn, containerName: "api", containerPort: 8080 }],
                },
                { provider: va },
            );
            s.add("aws:route53/record:Record", "accounts-dns", {
                zoneId: "Z0123456789ABCDEFGHIJ",
                name: "accounts.acme.example",
                type: "CNAME",
                ttl: 300,
                records: [lb.computed()],
            });
        },
    },
    {
        name: "dynamodb-backups-in-us-east-1",
        what: "a US DynamoDB table with AWS Backup into a us-east-1 vault and a copy to a second us-east-1 vault (another account boundary in the same region)",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const table = dynamoTable(s, "orders", va, key);
            const vault = s.add("aws:backup/vault:Vault", "orders-vault", { name: "orders-vault", kmsKeyArn: key.arn, tags: US }, { provider: va });
            const isolated = s.add(
                "aws:backup/vault:Vault",
                "orders-isolated-vault",
                { name: "orders-isolated-vault", kmsKeyArn: key.arn, tags: US },
                { provider: va },
            );
            const role = iamRole(s, "backup-service", "backup.amazonaws.com");
            const plan = s.add(
                "aws:backup/plan:Plan",
                "orders-backup",
                {
                    name: "orders-backup",
                    rules: [
                        {
                            ruleName: "daily",
                            targetVaultName: vault.out("name"),
                            schedule: "cron(0 5 * * ? *)",
                            lifecycle: { deleteAfter: 35 },
                            copyActions: [
                                {
                                    destinationVaultArn: accountArn("backup", "us-east-1", "backup-vault:orders-isolated-vault"),
                                    lifecycle: { deleteAfter: 90 },
                                },
                            ],
                        },
                    ],
                },
                { provider: va, dependsOn: [isolated] },
            );
            s.add(
                "aws:backup/selection:Selection",
                "orders-selection",
                { name: "orders", planId: plan.id, iamRoleArn: role.arn, resources: [table.arn] },
                { provider: va },
            );
            const topic = alarmTopic(s, va, "backup-alerts");
            s.add(
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "backup-jobs-failed",
                {
                    name: "backup-jobs-failed",
                    namespace: "AWS/Backup",
                    metricName: "NumberOfBackupJobsFailed",
                    statistic: "Sum",
                    period: 86400,
                    evaluationPeriods: 1,
                    threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    alarmActions: [topic.arn],
                },
                { provider: va },
            );
            const rule = s.add(
                "aws:cloudwatch/eventRule:EventRule",
                "backup-state-changes",
                { name: "backup-state-changes", eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"] }) },
                { provider: va },
            );
            s.add("aws:cloudwatch/eventTarget:EventTarget", "backup-state-to-alerts", { rule: rule.out("name"), arn: topic.arn }, { provider: va });
        },
    },
    {
        name: "event-driven-us-east",
        what: "US signups fanned out in us-east-1: SNS → SQS with a dead-letter queue → Lambda, and an EventBridge rule to a second function",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const topic = s.add("aws:sns/topic:Topic", "signups", { name: "signups", kmsMasterKeyId: key.arn, tags: US }, { provider: va });
            const dlq = queue(s, "signups-dlq", va, key, US);
            const q = queue(s, "signups-worker", va, key, US, { redrivePolicy: derived(UNKNOWN, dlq) });
            s.add(
                "aws:sns/topicSubscription:TopicSubscription",
                "signups-to-worker",
                { topic: topic.arn, protocol: "sqs", endpoint: q.arn, rawMessageDelivery: true },
                { provider: va },
            );
            const alarms = alarmTopic(s, va, "signups-alarms");
            const worker = lambdaService(s, va, "signups-worker", { logClass: US, logKey: key, topic: alarms });
            s.add(
                "aws:lambda/eventSourceMapping:EventSourceMapping",
                "signups-queue-to-worker",
                { eventSourceArn: q.arn, functionName: worker.arn, batchSize: 10 },
                { provider: va },
            );
            const audit = lambdaService(s, va, "signups-audit", { logClass: US, logKey: key, topic: alarms });
            const rule = s.add(
                "aws:cloudwatch/eventRule:EventRule",
                "signup-completed",
                { name: "signup-completed", eventPattern: JSON.stringify({ source: ["acme.signups"], "detail-type": ["SignupCompleted"] }) },
                { provider: va },
            );
            s.add("aws:cloudwatch/eventTarget:EventTarget", "signup-completed-audit", { rule: rule.out("name"), arn: audit.arn }, { provider: va });
        },
    },
    {
        name: "us-clickstream-lake",
        what: "US clickstream in us-east-1: Kinesis → Firehose → a US lake bucket, a Glue database and an Athena workgroup writing results to a US bucket",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const clicks = s.add(
                "aws:kinesis/stream:Stream",
                "clicks",
                { name: "clicks", encryptionType: "KMS", kmsKeyId: key.arn, streamModeDetails: { streamMode: "ON_DEMAND" }, tags: US },
                { provider: va },
            );
            const lake = bucket(s, "clicks-lake", va, key);
            const results = bucket(s, "athena-results", va, key);
            dataEventTrail(s, va, key);
            s.add(
                "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                "clicks-delivery",
                {
                    name: "clicks-delivery",
                    destination: "extended_s3",
                    kinesisSourceConfiguration: { kinesisStreamArn: clicks.arn, roleArn: roleArn("firehose") },
                    extendedS3Configuration: { bucketArn: lake.arn, roleArn: roleArn("firehose"), prefix: "clicks/", kmsKeyArn: key.arn },
                },
                { provider: va },
            );
            s.add(
                "aws:glue/catalogDatabase:CatalogDatabase",
                "clicks-db",
                { name: "clicks", locationUri: derived("s3://acme-clicks-lake/clicks/", lake) },
                { provider: va },
            );
            s.add(
                "aws:athena/workgroup:Workgroup",
                "analysts",
                {
                    name: "analysts",
                    configuration: {
                        enforceWorkgroupConfiguration: true,
                        resultConfiguration: {
                            outputLocation: derived("s3://acme-athena-results/", results),
                            encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: key.arn },
                        },
                    },
                },
                { provider: va },
            );
        },
    },
    {
        name: "sg-non-us-analytics",
        what: "non-US analytics in Singapore: a Kinesis stream, Firehose into a Singapore bucket, a Glue job, an Athena workgroup and an alarm, all ap-southeast-1",
        holds: ["non-us-user-data", "no-user-data"],
        build: (s) => {
            const sg = s.aws("ap-southeast-1");
            const key = kmsKey(s, "apac-data", sg);
            const events = s.add(
                "aws:kinesis/stream:Stream",
                "apac-events",
                { name: "apac-events", encryptionType: "KMS", kmsKeyId: key.arn, tags: NON_US },
                { provider: sg },
            );
            const lake = bucket(s, "apac-lake", sg, key, NON_US);
            s.add(
                "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                "apac-delivery",
                {
                    name: "apac-delivery",
                    destination: "extended_s3",
                    kinesisSourceConfiguration: { kinesisStreamArn: events.arn, roleArn: roleArn("firehose-apac") },
                    extendedS3Configuration: { bucketArn: lake.arn, roleArn: roleArn("firehose-apac") },
                },
                { provider: sg },
            );
            s.add(
                "aws:glue/job:Job",
                "apac-compaction",
                {
                    name: "apac-compaction",
                    roleArn: roleArn("glue-apac"),
                    glueVersion: "4.0",
                    command: { name: "glueetl", scriptLocation: "s3://acme-apac-artifacts/compaction.py" },
                    defaultArguments: { "--lake": lake.out("bucket"), "--region": "ap-southeast-1" },
                },
                { provider: sg },
            );
            const topic = alarmTopic(s, sg, "apac-data-alerts");
            s.add(
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "apac-delivery-freshness",
                {
                    name: "apac-delivery-freshness",
                    namespace: "AWS/Firehose",
                    metricName: "DeliveryToS3.DataFreshness",
                    dimensions: { DeliveryStreamName: "apac-delivery" },
                    statistic: "Maximum",
                    period: 300,
                    evaluationPeriods: 3,
                    threshold: 900,
                    comparisonOperator: "GreaterThanThreshold",
                    alarmActions: [topic.arn],
                },
                { provider: sg },
            );
            s.add(
                "aws:athena/workgroup:Workgroup",
                "apac-analysts",
                { name: "apac-analysts", configuration: { resultConfiguration: { outputLocation: derived("s3://acme-apac-lake/athena/", lake) } } },
                { provider: sg },
            );
        },
    },
    {
        name: "multi-region-observability",
        what: "CloudTrail into a us-east-1 audit bucket, per-region alarm topics and NAT gateway alarms in three regions, and health checks",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "audit", va);
            dataEventTrail(s, va, key);
            for (const region of ["us-east-1", "ap-southeast-1", "eu-west-1"]) {
                const p = s.aws(region);
                const topic = alarmTopic(s, p, `ops-${region}`);
                s.add(
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                    `nat-errors-${region}`,
                    {
                        name: `nat-errors-${region}`,
                        namespace: "AWS/NATGateway",
                        metricName: "ErrorPortAllocation",
                        statistic: "Sum",
                        period: 300,
                        evaluationPeriods: 1,
                        threshold: 1,
                        comparisonOperator: "GreaterThanOrEqualToThreshold",
                        alarmActions: [topic.arn],
                    },
                    { provider: p },
                );
                s.add("aws:route53/healthCheck:HealthCheck", `api-${region}`, {
                    fqdn: `api.${region}.acme.example`,
                    port: 443,
                    type: "HTTPS",
                    resourcePath: "/healthz",
                    failureThreshold: 3,
                    requestInterval: 30,
                });
            }
        },
    },
    {
        name: "efs-with-same-region-replication",
        what: "a US EFS file system with replication to a second file system in us-east-1 and an AWS Backup plan in us-east-1",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const net = awsNetwork(s, va, "files", "10.7", "us-east-1");
            const home = s.add(
                "aws:efs/fileSystem:FileSystem",
                "case-files",
                { creationToken: "case-files", encrypted: true, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            net.privateSubnets.forEach((subnet, i) =>
                s.add(
                    "aws:efs/mountTarget:MountTarget",
                    `case-files-mt-${i}`,
                    { fileSystemId: home.id, subnetId: subnet.id, securityGroups: [net.sg.id] },
                    { provider: va },
                ),
            );
            s.add(
                "aws:efs/replicationConfiguration:ReplicationConfiguration",
                "case-files-replication",
                { sourceFileSystemId: home.id, destination: { region: "us-east-1", availabilityZoneName: "us-east-1b", kmsKeyId: key.arn } },
                { provider: va },
            );
            const vault = s.add("aws:backup/vault:Vault", "case-files-vault", { name: "case-files-vault", kmsKeyArn: key.arn, tags: US }, { provider: va });
            const plan = s.add(
                "aws:backup/plan:Plan",
                "case-files-backup",
                {
                    name: "case-files-backup",
                    rules: [{ ruleName: "daily", targetVaultName: vault.out("name"), schedule: "cron(0 6 * * ? *)", lifecycle: { deleteAfter: 35 } }],
                },
                { provider: va },
            );
            s.add(
                "aws:backup/selection:Selection",
                "case-files-selection",
                { name: "case-files", planId: plan.id, iamRoleArn: roleArn("backup"), resources: [home.arn] },
                { provider: va },
            );
        },
    },
    {
        name: "rds-snapshot-copy-and-export-in-us-east-1",
        what: "a US RDS instance whose monthly automated snapshot is copied in us-east-1 under a second key and exported to a US bucket in us-east-1",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const archiveKey = kmsKey(s, "us-archive", va);
            const db = rdsInstance(s, "billing-db", va, key);
            // The automated snapshot of the first of the month, named by its literal identifier.
            const copy = s.add(
                "aws:rds/snapshotCopy:SnapshotCopy",
                "billing-monthly-archive",
                {
                    sourceDbSnapshotIdentifier: "rds:billing-db-2026-11-01-05-00",
                    targetDbSnapshotIdentifier: "billing-monthly-archive",
                    kmsKeyId: archiveKey.arn,
                    copyTags: true,
                    tags: US,
                },
                { provider: va, dependsOn: [db] },
            );
            const exports = bucket(s, "billing-exports", va, archiveKey);
            dataEventTrail(s, va, key);
            s.add(
                "aws:rds/exportTask:ExportTask",
                "billing-monthly-export",
                {
                    exportTaskIdentifier: "billing-monthly-export",
                    sourceArn: copy.arn,
                    s3BucketName: exports.out("bucket"),
                    iamRoleArn: roleArn("rds-export"),
                    kmsKeyId: archiveKey.arn,
                },
                { provider: va },
            );
        },
    },
    {
        name: "sg-ecs-non-us-shop",
        what: "the APAC shop in Singapore: ECR, ECS on Fargate behind an ALB, a non-US Postgres and its secret, all ap-southeast-1",
        holds: ["non-us-user-data", "no-user-data"],
        build: (s) => {
            const sg = s.aws("ap-southeast-1");
            const key = kmsKey(s, "apac-data", sg);
            const net = awsNetwork(s, sg, "shop", "10.30", "ap-southeast-1");
            s.add(
                "aws:ecr/repository:Repository",
                "shop-images",
                { name: "shop", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, tags: NO_USER_DATA },
                { provider: sg },
            );
            rdsInstance(s, "apac-shop-db", sg, key, NON_US);
            s.add("aws:secretsmanager/secret:Secret", "apac-shop-db-url", { name: "apac-shop/db-url", kmsKeyId: key.arn, tags: NON_US }, { provider: sg });
            s.add(
                "aws:cloudwatch/logGroup:LogGroup",
                "apac-shop-logs",
                { name: "/ecs/apac-shop", retentionInDays: 90, kmsKeyId: key.arn, tags: NON_US },
                { provider: sg },
            );
            const ecs = s.add("aws:ecs/cluster:Cluster", "apac", { name: "apac" }, { provider: sg });
            const task = s.add(
                "aws:ecs/taskDefinition:TaskDefinition",
                "apac-shop",
                {
                    family: "apac-shop",
                    requiresCompatibilities: ["FARGATE"],
                    networkMode: "awsvpc",
                    cpu: "512",
                    memory: "1024",
                    executionRoleArn: roleArn("ecs-execution"),
                    containerDefinitions: "[]",
                },
                { provider: sg },
            );
            const tg = s.add(
                "aws:lb/targetGroup:TargetGroup",
                "apac-shop-tg",
                { name: "apac-shop-tg", port: 8080, protocol: "HTTP", targetType: "ip", vpcId: net.vpc.id },
                { provider: sg },
            );
            s.add(
                "aws:ecs/service:Service",
                "apac-shop",
                {
                    name: "apac-shop",
                    cluster: ecs.arn,
                    taskDefinition: task.arn,
                    desiredCount: 2,
                    launchType: "FARGATE",
                    loadBalancers: [{ targetGroupArn: tg.arn, containerName: "shop", containerPort: 8080 }],
                },
                { provider: sg },
            );
        },
    },
    {
        name: "state-and-ci-bootstrap",
        what: "what a bootstrap stack holds: a no-user-data state bucket and lock table, a GitHub OIDC provider and deploy roles",
        holds: ["no-user-data"],
        // The deploy roles hold AWS's PowerUserAccess, which reaches every store of the account: approved, as a real
        // bootstrap stack's config approves them.
        policyConfig: { "residency-config-valid": { approvedAwsPrincipals: ["deploy-staging", "deploy-prod"] } },
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "state", va);
            bucket(s, "pulumi-state", va, key, NO_USER_DATA);
            dynamoTable(s, "pulumi-locks", va, key, NO_USER_DATA);
            const oidc = s.add("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github", {
                url: "https://token.actions.githubusercontent.com",
                clientIdLists: ["sts.amazonaws.com"],
                thumbprintLists: ["6938fd4d98bab03faadb97b34396831e3780aea1"],
            });
            for (const env of ["staging", "prod"]) {
                const role = s.add("aws:iam/role:Role", `deploy-${env}`, {
                    name: `deploy-${env}`,
                    assumeRolePolicy: derived(UNKNOWN, oidc),
                    maxSessionDuration: 3600,
                });
                s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `deploy-${env}-power-user`, {
                    role: role.out("name"),
                    policyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
                });
            }
            s.add(
                "aws:ssm/parameter:Parameter",
                "state-bucket-name",
                { name: "/bootstrap/state-bucket", type: "String", value: "acme-pulumi-state", tags: NO_USER_DATA },
                { provider: va },
            );
        },
    },
    {
        name: "cross-region-networking",
        what: "US data in us-east-1 next to a Singapore VPC: VPC peering and transit gateway peering naming the other region, latency DNS records and a global accelerator, none of which carries data",
        holds: ["us-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const sg = s.aws("ap-southeast-1");
            const key = kmsKey(s, "us-data", va);
            dynamoTable(s, "us-profiles", va, key);
            const east = s.add("aws:ec2/vpc:Vpc", "east-vpc", { cidrBlock: "10.0.0.0/16" }, { provider: va });
            const apac = s.add("aws:ec2/vpc:Vpc", "apac-vpc", { cidrBlock: "10.20.0.0/16" }, { provider: sg });
            s.add(
                "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
                "east-to-apac",
                { vpcId: east.id, peerVpcId: apac.id, peerRegion: "ap-southeast-1", autoAccept: false },
                { provider: va },
            );
            const tgwEast = s.add("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw-east", { description: "east hub" }, { provider: va });
            const tgwApac = s.add("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw-apac", { description: "apac hub" }, { provider: sg });
            s.add(
                "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
                "tgw-east-apac",
                { transitGatewayId: tgwEast.id, peerTransitGatewayId: tgwApac.id, peerRegion: "ap-southeast-1", peerAccountId: "111122223333" },
                { provider: va },
            );
            for (const [region, target] of [
                ["us-east-1", "accounts-alb-1.us-east-1.elb.amazonaws.com"],
                ["ap-southeast-1", "apac-alb-1.ap-southeast-1.elb.amazonaws.com"],
            ]) {
                s.add("aws:route53/record:Record", `api-${region}`, {
                    zoneId: "Z0123456789ABCDEFGHIJ",
                    name: "api.acme.example",
                    type: "CNAME",
                    ttl: 60,
                    setIdentifier: region,
                    latencyRoutingPolicies: [{ region }],
                    records: [target],
                });
            }
            const ga = s.add("aws:globalaccelerator/accelerator:Accelerator", "edge", { name: "edge", ipAddressType: "IPV4", enabled: true });
            const listener = s.add("aws:globalaccelerator/listener:Listener", "edge-https", {
                acceleratorArn: ga.arn,
                protocol: "TCP",
                portRanges: [{ fromPort: 443, toPort: 443 }],
            });
            s.add("aws:globalaccelerator/endpointGroup:EndpointGroup", "edge-apac", {
                listenerArn: listener.arn,
                endpointGroupRegion: "ap-southeast-1",
                endpointConfigurations: [
                    { endpointId: accountArn("elasticloadbalancing", "ap-southeast-1", "loadbalancer/app/apac-alb/0123456789abcdef"), weight: 100 },
                ],
            });
        },
    },
    {
        name: "us-observability-chain-in-us-east-1",
        what: "US logs of a US service shipped by a subscription filter to a US Kinesis stream, delivered by Firehose to a US bucket, every hop in us-east-1",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            const table = dynamoTable(s, "us-orders", va, key);
            const topic = alarmTopic(s, va, "orders-alarms");
            lambdaService(s, va, "orders-api", { logClass: US, logKey: key, topic, env: { TABLE: table.out("name"), AWS_REGION_HINT: "us-east-1" } });
            const stream = s.add(
                "aws:kinesis/stream:Stream",
                "log-stream",
                { name: "log-stream", encryptionType: "KMS", kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
                "orders-api-logs-to-stream",
                {
                    name: "orders-api-logs-to-stream",
                    logGroup: "/aws/lambda/orders-api",
                    filterPattern: "",
                    destinationArn: stream.arn,
                    roleArn: roleArn("cwl-to-kinesis"),
                },
                { provider: va },
            );
            const archive = bucket(s, "log-archive", va, key);
            dataEventTrail(s, va, key);
            s.add(
                "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
                "log-delivery",
                {
                    name: "log-delivery",
                    destination: "extended_s3",
                    kinesisSourceConfiguration: { kinesisStreamArn: stream.arn, roleArn: roleArn("firehose") },
                    extendedS3Configuration: { bucketArn: archive.arn, roleArn: roleArn("firehose"), kmsKeyArn: key.arn },
                },
                { provider: va },
            );
        },
    },
    {
        name: "iam-platform-with-regional-arns",
        what: "IAM for a two-region platform: literal policy documents naming Singapore queues and keys and us-east-1 tables, next to US data in us-east-1",
        holds: ["us-user-data"],
        // The role that reads the US table, and the auditor role (AWS's SecurityAudit, whose document is not in the stack)
        // with the auditors' account that assumes it, are approved principals.
        policyConfig: { "residency-config-valid": { approvedAwsPrincipals: ["accounts-api", "readonly-auditor", "arn:aws:iam::444455556666:root"] } },
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            dynamoTable(s, "us-accounts", va, key);
            const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
            const apacWorker = iamRole(s, "apac-worker", "lambda.amazonaws.com");
            s.add("aws:iam/rolePolicy:RolePolicy", "apac-worker-queues", {
                role: apacWorker.out("name"),
                policy: doc([
                    { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: [accountArn("sqs", "ap-southeast-1", "apac-jobs")] },
                    { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [accountArn("kms", "ap-southeast-1", "key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")] },
                ]),
            });
            const accounts = iamRole(s, "accounts-api", "ecs-tasks.amazonaws.com");
            const tables = s.add("aws:iam/policy:Policy", "accounts-tables", {
                name: "accounts-tables",
                policy: doc([
                    {
                        Effect: "Allow",
                        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
                        Resource: [accountArn("dynamodb", "us-east-1", "table/us-accounts")],
                    },
                ]),
            });
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "accounts-tables-attachment", { role: accounts.out("name"), policyArn: tables.arn });
            const boundary = s.add("aws:iam/policy:Policy", "region-boundary", {
                name: "region-boundary",
                policy: doc([
                    { Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "ap-southeast-1"] } } },
                ]),
            });
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "accounts-boundary-attachment", { role: accounts.out("name"), policyArn: boundary.arn });
            s.add("aws:iam/role:Role", "readonly-auditor", {
                name: "readonly-auditor",
                assumeRolePolicy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole" }]),
                managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"],
            });
        },
    },
    {
        name: "us-secrets-rotation-and-orchestration",
        what: "a US database secret rotated by a us-east-1 Lambda and a Step Functions workflow over US Lambdas, whose definition names us-east-1 ARNs",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const va = s.aws("us-east-1");
            const key = kmsKey(s, "us-data", va);
            rdsInstance(s, "accounts-db", va, key);
            const secret = s.add(
                "aws:secretsmanager/secret:Secret",
                "accounts-db-admin",
                { name: "accounts-db/admin", kmsKeyId: key.arn, recoveryWindowInDays: 30, tags: US },
                { provider: va },
            );
            const topic = alarmTopic(s, va, "accounts-alarms");
            const rotator = lambdaService(s, va, "accounts-db-rotator", { logClass: US, logKey: key, topic });
            s.add(
                "aws:secretsmanager/secretRotation:SecretRotation",
                "accounts-db-admin-rotation",
                { secretId: secret.id, rotationLambdaArn: rotator.arn, rotationRules: { automaticallyAfterDays: 30 } },
                { provider: va },
            );
            // The workflow's functions, named by their ARNs in its definition.
            for (const fn of ["accounts-export", "accounts-erase"]) lambdaService(s, va, fn, { logClass: US, logKey: key, topic });
            const step = (name: string) => accountArn("lambda", "us-east-1", `function:${name}`);
            s.add(
                "aws:sfn/stateMachine:StateMachine",
                "accounts-offboarding",
                {
                    name: "accounts-offboarding",
                    roleArn: roleArn("sfn-offboarding"),
                    definition: JSON.stringify({
                        StartAt: "Export",
                        States: {
                            Export: { Type: "Task", Resource: step("accounts-export"), Next: "Erase" },
                            Erase: { Type: "Task", Resource: step("accounts-erase"), End: true },
                        },
                    }),
                    loggingConfiguration: {
                        level: "ERROR",
                        includeExecutionData: false,
                        logDestination: `${accountArn("logs", "us-east-1", "log-group:/aws/states/accounts-offboarding")}:*`,
                    },
                },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/logGroup:LogGroup",
                "accounts-offboarding-logs",
                { name: "/aws/states/accounts-offboarding", retentionInDays: 365, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
        },
    },
];
