/**
 * Issue 20, item 2: buckets named by URI (`s3://`, `oci://bucket@namespace/`) or by a bucket key, and
 * bucket/key pairs. Each names a bucket of the stack in another region, or one outside the stack; only a
 * bucket of the stack in an approved location, or an approved external destination, may receive the data.
 */
import { awsAway, awsHome, bucket, dynamoTable, ociBucket, ociHome, ociKey, redshiftCluster, roleArn } from "../dsl/blocks";
import { evasion, type EvasionCase, type Where } from "../dsl/evasionCase";
import { approvedExternals, ext } from "../dsl/external";
import { COMPARTMENT, derived, NAMESPACE, type Res, type Stack, US } from "../dsl/stack";

/** A bucket of the stack in the case's region (abroad: labelled as what the program claims there). */
function farBucket(s: Stack, w: Where, name: string): Res {
    const { far, farKey } = awsAway(s, w.aws);
    return bucket(s, name, far, farKey, w.label);
}

const config = approvedExternals;

export const storageUris: EvasionCase[] = [
    evasion({
        id: "athena-workgroup-results-abroad",
        how: "an Athena workgroup for US analysts whose query results (rows of US data) land in a bucket in another region, named by s3:// URI",
        build: (s, w) => {
            const { va } = awsHome(s);
            farBucket(s, w, "athena-results");
            s.add(
                "aws:athena/workgroup:Workgroup",
                "us-analysts",
                {
                    name: "us-analysts",
                    configuration: { enforceWorkgroupConfiguration: true, resultConfiguration: { outputLocation: "s3://acme-athena-results/us/" } },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["us-analysts", "athena-results"],
        message: /athena-results/,
    }),
    evasion({
        id: "athena-workgroup-results-external-bucket",
        how: "an Athena workgroup for US analysts writing query results to a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va } = awsHome(s);
            s.add(
                "aws:athena/workgroup:Workgroup",
                "us-analysts",
                { name: "us-analysts", configuration: { resultConfiguration: { outputLocation: `s3://${ext(w).bucket}/athena/` } }, tags: US },
                { provider: va },
            );
        },
        offenders: ["us-analysts"],
        message: /s3:\/\/acme-partner-drop-eu/,
    }),
    evasion({
        id: "emr-cluster-log-uri-abroad",
        how: "an EMR cluster processing the US events bucket whose logs (with task output) go to a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const events = bucket(s, "user-events", va, key);
            farBucket(s, w, "emr-logs");
            s.add(
                "aws:emr/cluster:Cluster",
                "sessions-etl",
                {
                    name: "sessions-etl",
                    releaseLabel: "emr-7.2.0",
                    applications: ["Spark"],
                    serviceRole: roleArn("emr-service"),
                    logUri: "s3://acme-emr-logs/sessions/",
                    masterInstanceGroup: { instanceType: "m7g.xlarge" },
                    steps: [
                        {
                            name: "sessionize",
                            actionOnFailure: "CONTINUE",
                            hadoopJarStep: {
                                jar: "command-runner.jar",
                                args: ["spark-submit", "s3://acme-user-events/jobs/sessionize.py", derived("s3://acme-user-events/raw/", events)],
                            },
                        },
                    ],
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["sessions-etl", "emr-logs"],
        message: /emr-logs/,
    }),
    evasion({
        id: "fsx-lustre-export-path-abroad",
        how: "a US FSx for Lustre file system exporting its files to a bucket of the stack in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            farBucket(s, w, "hpc-export");
            s.add(
                "aws:fsx/lustreFileSystem:LustreFileSystem",
                "genomics-scratch",
                {
                    storageCapacity: 1200,
                    subnetIds: "subnet-0a",
                    deploymentType: "SCRATCH_2",
                    exportPath: "s3://acme-hpc-export/results",
                    kmsKeyId: key.arn,
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["genomics-scratch"],
        message: /hpc-export/,
    }),
    evasion({
        id: "sagemaker-data-capture-abroad",
        how: "a SageMaker endpoint configuration capturing every US request and response into a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            farBucket(s, w, "inference-capture");
            s.add(
                "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
                "churn-model",
                {
                    name: "churn-model",
                    kmsKeyArn: key.arn,
                    productionVariants: [{ variantName: "main", modelName: "churn", initialInstanceCount: 1, instanceType: "ml.m5.large" }],
                    dataCaptureConfig: {
                        initialSamplingPercentage: 100,
                        destinationS3Uri: "s3://acme-inference-capture/churn",
                        captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
                    },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["churn-model", "inference-capture"],
        message: /inference-capture/,
    }),
    evasion({
        id: "comprehend-classifier-output-external",
        how: "a Comprehend classifier trained on US support tickets writing its output to a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const tickets = bucket(s, "support-tickets", va, key);
            s.add(
                "aws:comprehend/documentClassifier:DocumentClassifier",
                "ticket-router",
                {
                    name: "ticket-router",
                    languageCode: "en",
                    dataAccessRoleArn: roleArn("comprehend"),
                    inputDataConfig: { s3Uri: derived("s3://acme-support-tickets/training/", tickets) },
                    outputDataConfig: { s3Uri: `s3://${ext(w).bucket}/comprehend/` },
                },
                { provider: va },
            );
        },
        offenders: ["ticket-router"],
        message: /outputDataConfig/,
    }),
    evasion({
        id: "glue-job-argument-output-external",
        how: "a Glue job reading the US events bucket with an --output argument that names a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const events = bucket(s, "user-events", va, key);
            s.add(
                "aws:glue/job:Job",
                "events-export",
                {
                    name: "events-export",
                    roleArn: roleArn("glue"),
                    command: { name: "glueetl", scriptLocation: "s3://acme-artifacts/jobs/export.py" },
                    defaultArguments: { "--input": derived("s3://acme-user-events/raw/", events), "--output": `s3://${ext(w).bucket}/events/` },
                },
                { provider: va },
            );
        },
        offenders: ["events-export"],
        message: /--output/,
    }),
    evasion({
        id: "iot-rule-s3-action-external-bucket",
        how: "an IoT topic rule storing device readings into a US table and into a bucket outside the stack, by bucket name and key",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "device-readings", va, key);
            s.add(
                "aws:iot/topicRule:TopicRule",
                "readings-archive",
                {
                    name: "readings_archive",
                    enabled: true,
                    sql: "SELECT * FROM 'devices/+/readings'",
                    sqlVersion: "2016-03-23",
                    dynamodbv2s: [{ putItem: { tableName: table.out("name") }, roleArn: roleArn("iot") }],
                    s3: [{ bucketName: ext(w).bucket, key: "${topic()}/${timestamp()}", roleArn: roleArn("iot") }],
                },
                { provider: va },
            );
        },
        offenders: ["readings-archive"],
        message: /bucketName/,
    }),
    evasion({
        id: "redshift-audit-logging-external-bucket",
        how: "audit logging of the US warehouse (connections and queries, with their literals) into a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const dw = redshiftCluster(s, "users-dw", va, key, US, { skipFinalSnapshot: true });
            s.add(
                "aws:redshift/logging:Logging",
                "users-dw-audit",
                { clusterIdentifier: dw.out("clusterIdentifier"), logDestinationType: "s3", bucketName: ext(w).bucket, s3KeyPrefix: "redshift/" },
                { provider: va },
            );
        },
        offenders: ["users-dw-audit"],
        message: /bucketName/,
    }),
    evasion({
        id: "connect-call-recordings-external-bucket",
        how: "an Amazon Connect instance for US customers storing call recordings in a bucket outside the stack",
        config,
        build: (s, w) => {
            const { va } = awsHome(s);
            const instance = s.add(
                "aws:connect/instance:Instance",
                "support-center",
                { identityManagementType: "CONNECT_MANAGED", inboundCallsEnabled: true, outboundCallsEnabled: true, instanceAlias: "acme-support", tags: US },
                { provider: va },
            );
            s.add(
                "aws:connect/instanceStorageConfig:InstanceStorageConfig",
                "call-recordings",
                {
                    instanceId: instance.id,
                    resourceType: "CALL_RECORDINGS",
                    storageConfig: { storageType: "S3", s3Config: { bucketName: ext(w).bucket, bucketPrefix: "calls" } },
                },
                { provider: va },
            );
        },
        offenders: ["call-recordings"],
        message: /bucketName/,
    }),
    evasion({
        id: "scheduler-copy-object-bucket-key-pair",
        how: "an EventBridge Scheduler universal target copying a US export, named as a bucket/key pair, into a bucket of the stack abroad",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            bucket(s, "users-exports", va, key);
            farBucket(s, w, "exports-mirror");
            s.add(
                "aws:scheduler/schedule:Schedule",
                "nightly-export-copy",
                {
                    name: "nightly-export-copy",
                    scheduleExpression: "cron(0 3 * * ? *)",
                    flexibleTimeWindow: { mode: "OFF" },
                    target: {
                        arn: "arn:aws:scheduler:::aws-sdk:s3:copyObject",
                        roleArn: roleArn("scheduler"),
                        input: JSON.stringify({ Bucket: "acme-exports-mirror", CopySource: "acme-users-exports/latest/users.csv", Key: "users.csv" }),
                    },
                },
                { provider: va },
            );
        },
        offenders: ["nightly-export-copy", "exports-mirror"],
        message: /exports-mirror/,
    }),
    evasion({
        id: "s3-virtual-host-url-in-env",
        how: "a function reading the US users table uploading to a bucket of the stack abroad, named by its virtual-hosted URL",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            farBucket(s, w, "users-offsite");
            s.add(
                "aws:lambda/function:Function",
                "users-offsite-sync",
                {
                    name: "users-offsite-sync",
                    runtime: "nodejs20.x",
                    handler: "index.handler",
                    role: roleArn("users-offsite-sync"),
                    s3Bucket: "acme-artifacts",
                    s3Key: "sync.zip",
                    environment: { variables: { TABLE_NAME: table.out("name"), UPLOAD_TO: "https://acme-users-offsite.s3.amazonaws.com/" } },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["users-offsite-sync", "users-offsite"],
        message: /users-offsite/,
    }),
    evasion({
        id: "oci-dataflow-logs-bucket-uri-abroad",
        how: "an OCI Data Flow application reading the US bucket whose run logs go to a bucket of the stack in Singapore, by oci:// URI",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            ociBucket(s, "users-raw", ash, key);
            const far = s.oci(w.oci);
            const farKey = ociKey(s, `df-logs-key`, far);
            ociBucket(s, "dataflow-logs", far, farKey, w.ociLabel);
            s.add(
                "oci:DataFlow/application:Application",
                "users-compaction",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "users-compaction",
                    language: "PYTHON",
                    sparkVersion: "3.2.1",
                    driverShape: "VM.Standard.E4.Flex",
                    executorShape: "VM.Standard.E4.Flex",
                    numExecutors: 2,
                    fileUri: `oci://artifacts@${NAMESPACE}/compaction.py`,
                    arguments: [`oci://users-raw@${NAMESPACE}/events/`],
                    logsBucketUri: `oci://dataflow-logs@${NAMESPACE}/`,
                    freeformTags: US,
                },
                { provider: ash },
            );
        },
        offenders: ["users-compaction"],
        message: /dataflow-logs/,
    }),
    evasion({
        id: "oci-dataflow-warehouse-external-bucket",
        how: "an OCI Data Flow application over the US bucket whose warehouse is a bucket of another tenancy",
        config,
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            ociBucket(s, "users-raw", ash, key);
            s.add(
                "oci:DataFlow/application:Application",
                "users-tables",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "users-tables",
                    language: "PYTHON",
                    sparkVersion: "3.2.1",
                    driverShape: "VM.Standard.E4.Flex",
                    executorShape: "VM.Standard.E4.Flex",
                    numExecutors: 2,
                    fileUri: `oci://artifacts@${NAMESPACE}/tables.py`,
                    arguments: [`oci://users-raw@${NAMESPACE}/events/`],
                    warehouseBucketUri: `oci://${ext(w).ociBucket}@partnerns/`,
                    freeformTags: US,
                },
                { provider: ash },
            );
        },
        offenders: ["users-tables"],
        message: /warehouseBucketUri/,
    }),
];
