/**
 * Issue 20, item 1: taint reaches every category. Alarms, dashboards and other types the catalogue calls
 * reference-only, types reached through `dependsOn` or a custom parent, and classes named inside JSON
 * documents: each takes the class of what it is connected to and is judged by where it is and sends.
 */
import { awsAway, awsHome, bucket, dynamoTable, ec2Instance, ociBucket, ociHome, roleArn, usersTableWorkflow } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { ACCOUNT, COMPARTMENT, derived, US } from "../dsl/stack";
import { approvedExternals } from "../dsl/external";

export const taintEverywhere: EvasionCase[] = [
    evasion({
        id: "dashboard-abroad-shows-us-logs",
        how: "a CloudWatch dashboard created in another region whose log widget queries the US application log group",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const logs = s.add(
                "aws:cloudwatch/logGroup:LogGroup",
                "users-api-logs",
                { name: "/app/users-api", kmsKeyId: key.arn, retentionInDays: 365, tags: US },
                { provider: va },
            );
            const far = s.aws(w.aws);
            s.add(
                "aws:cloudwatch/dashboard:Dashboard",
                "users-ops",
                {
                    dashboardName: "users-ops",
                    dashboardBody: derived(
                        JSON.stringify({
                            widgets: [
                                {
                                    type: "log",
                                    properties: { query: "SOURCE '/app/users-api' | fields email, @message | limit 50", region: "us-east-1", view: "table" },
                                },
                            ],
                        }),
                        logs,
                    ),
                },
                { provider: far },
            );
        },
        offenders: ["users-ops"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dashboard-log-widget-region-abroad",
        how: "a us-east-1 dashboard over the US log group whose log widget reads and shows it through another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const logs = s.add(
                "aws:cloudwatch/logGroup:LogGroup",
                "users-api-logs",
                { name: "/app/users-api", kmsKeyId: key.arn, retentionInDays: 365, tags: US },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/dashboard:Dashboard",
                "users-ops",
                {
                    dashboardName: "users-ops",
                    dashboardBody: derived(
                        JSON.stringify({
                            widgets: [{ type: "log", properties: { query: "SOURCE '/app/users-api' | fields email", region: w.aws, view: "table" } }],
                        }),
                        logs,
                    ),
                },
                { provider: va },
            );
        },
        offenders: ["users-ops"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "alarm-depends-on-us-table-notifies-abroad",
        how: "a metric alarm that depends on the US table and notifies a topic in another region by ARN",
        config: approvedExternals,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            s.add(
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "users-throttles",
                {
                    name: "users-throttles",
                    namespace: "AWS/DynamoDB",
                    metricName: "ThrottledRequests",
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    alarmActions: [`arn:aws:sns:${w.aws}:${ACCOUNT}:oncall`],
                },
                { provider: va, dependsOn: [table] },
            );
        },
        offenders: ["users-throttles"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "alarm-created-abroad-depends-on-us-table",
        how: "an alarm on the US table created with another region's provider and depending on the table",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            s.add(
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "users-errors",
                {
                    name: "users-errors",
                    namespace: "AWS/DynamoDB",
                    metricName: "SystemErrors",
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    alarmDescription: derived("errors on users", table),
                },
                { provider: s.aws(w.aws) },
            );
        },
        offenders: ["users-errors"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "route53-record-set-abroad-names-us-endpoint",
        how: "a DNS record created with another region's provider that carries the US database's endpoint",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            s.add(
                "aws:route53/record:Record",
                "users-endpoint",
                { zoneId: "Z0123456789ABCDEFGHIJ", name: "users.internal.acme.example", type: "TXT", ttl: 300, records: [derived("table=users", table)] },
                { provider: s.aws(w.aws) },
            );
        },
        offenders: ["users-endpoint"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "ssm-association-child-of-us-instance",
        how: "an SSM association whose parent is the US instance, writing its command output through another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const host = ec2Instance(s, "ledger-host", va, key);
            s.add(
                "aws:ssm/association:Association",
                "ledger-dump",
                {
                    name: "AWS-RunShellScript",
                    parameters: { commands: "pg_dump ledger" },
                    outputLocation: { s3BucketName: "acme-ssm-output", s3Region: w.aws },
                },
                { provider: va, parent: host },
            );
            const { far, farKey } = awsAway(s, w.aws);
            bucket(s, "ssm-output", far, farKey, w.label);
        },
        offenders: ["ledger-dump", "ssm-output"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "neutral-type-depends-on-us-bucket-names-region",
        how: "a VPC endpoint policy-less setting (neutral) that depends on the US bucket and names a service in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const uploads = bucket(s, "users-uploads", va, key);
            s.add(
                "aws:ec2/vpcEndpoint:VpcEndpoint",
                "uploads-endpoint",
                { vpcId: "vpc-0abc", serviceName: `com.amazonaws.${w.aws}.s3`, vpcEndpointType: "Interface" },
                { provider: va, dependsOn: [uploads] },
            );
        },
        offenders: ["uploads-endpoint"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "iam-policy-names-us-bucket-and-foreign-bucket",
        how: "an IAM policy granting read on the US bucket and write on a bucket of the stack in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            bucket(s, "users-uploads", va, key);
            const { far, farKey } = awsAway(s, w.aws);
            bucket(s, "uploads-dr", far, farKey, w.label);
            s.add(
                "aws:iam/policy:Policy",
                "uploads-mover",
                {
                    name: "uploads-mover",
                    policy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-users-uploads/*" },
                            { Effect: "Allow", Action: ["s3:PutObject"], Resource: "arn:aws:s3:::acme-uploads-dr/*" },
                        ],
                    }),
                },
                { provider: va },
            );
        },
        offenders: ["uploads-mover"],
        message: /uploads-dr/,
    }),
    evasion({
        id: "json-names-us-table-sfn-queue-url-abroad",
        config: approvedExternals,
        how: "a Step Functions workflow naming the US table inside its definition and sending the items to a queue URL in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            dynamoTable(s, "users", va, key);
            usersTableWorkflow(s, "users-fanout", va, "Send", {
                Type: "Task",
                Resource: "arn:aws:states:::sqs:sendMessage",
                Parameters: { QueueUrl: `https://sqs.${w.aws}.amazonaws.com/${ACCOUNT}/users`, "MessageBody.$": "$.Item" },
            });
        },
        offenders: ["users-fanout"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "json-event-pattern-names-us-bucket-target-abroad",
        how: "an EventBridge rule whose pattern names the US bucket (inside its JSON) and whose target is a bus in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            bucket(s, "users-uploads", va, key);
            const rule = s.add(
                "aws:cloudwatch/eventRule:EventRule",
                "uploads-created",
                { name: "uploads-created", eventPattern: JSON.stringify({ source: ["aws.s3"], detail: { bucket: { name: ["acme-users-uploads"] } } }) },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/eventTarget:EventTarget",
                "uploads-to-bus",
                { rule: rule.out("name"), arn: `arn:aws:events:${w.aws}:${ACCOUNT}:event-bus/default`, roleArn: roleArn("events") },
                { provider: va },
            );
        },
        offenders: ["uploads-to-bus", "uploads-created"],
        message: /ap-southeast-1/,
        // Kept at home, the target is still an event bus outside the stack, which may forward what it is sent to any
        // region: a violation unless approved in approvedExternalDestinations.
        control: false,
    }),
    evasion({
        id: "oci-alarm-depends-on-us-bucket-notifies-sin-topic",
        config: approvedExternals,
        how: "an OCI monitoring alarm depending on the US bucket that notifies a topic in another region by OCID",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const b = ociBucket(s, "users-docs", ash, key);
            s.add(
                "oci:Monitoring/alarm:Alarm",
                "docs-errors",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "docs-errors",
                    isEnabled: true,
                    metricCompartmentId: COMPARTMENT,
                    namespace: "oci_objectstorage",
                    query: "ClientErrors[1m].sum() > 10",
                    severity: "CRITICAL",
                    destinations: [`ocid1.onstopic.oc1.${w.ociKey.toLowerCase()}.aaaaoncall`],
                },
                { provider: ash, dependsOn: [b] },
            );
        },
        offenders: ["docs-errors"],
        message: /ap-singapore-1/,
    }),
];
