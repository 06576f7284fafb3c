/** Region literals deep in inputs: a region name, an OCI region key or AD, an ARN or OCID carrying a region. */
import { awsAway, awsHome, bucket, dataSyncS3Location, dynamoTable, fargateTaskReading, iamRole, ociHome, roleArn } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { ACCOUNT, COMPARTMENT, US } from "../dsl/stack";
import { approvedExternals } from "../dsl/external";

export const regionLiterals: EvasionCase[] = [
    evasion({
        id: "oci-data-guard-peer-by-ocid-region",
        config: approvedExternals,
        how: "a Data Guard association to an existing peer DB system named by an OCID that carries another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const db = s.add(
                "oci:Database/dbSystem:DbSystem",
                "billing-db",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: "Uocm:US-ASHBURN-AD-1",
                    hostname: "billing",
                    shape: "VM.Standard.E5.Flex",
                    sshPublicKeys: ["ssh-ed25519 AAAA"],
                    subnetId: "ocid1.subnet.oc1.iad.aaaadb",
                    kmsKeyId: key.id,
                    dbHome: { database: { adminPassword: "x", dbName: "billing" } },
                    freeformTags: US,
                },
                { provider: ash },
            );
            s.add(
                "oci:Database/dataGuardAssociation:DataGuardAssociation",
                "billing-standby",
                {
                    databaseId: db.computed(),
                    creationType: "ExistingDbSystem",
                    databaseAdminPassword: "x",
                    protectionMode: "MAXIMUM_PERFORMANCE",
                    transportType: "ASYNC",
                    deleteStandbyDbHomeOnDelete: "true",
                    peerDbSystemId: `ocid1.dbsystem.oc1.${w.oci}.amaaaaaabillingstandby`,
                },
                { provider: ash },
            );
        },
        offenders: ["billing-standby"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-nosql-replica-by-region-key",
        how: "an OCI NoSQL table replica whose region is given as a region key ('SIN')",
        build: (s, w) => {
            const { ash } = ociHome(s);
            const table = s.add(
                "oci:Nosql/table:Table",
                "carts",
                {
                    compartmentId: COMPARTMENT,
                    name: "carts",
                    ddlStatement: "CREATE TABLE carts (userId STRING, cart JSON, PRIMARY KEY (userId))",
                    tableLimits: { capacityMode: "ON_DEMAND", maxStorageInGbs: 50 },
                    freeformTags: US,
                },
                { provider: ash },
            );
            s.add(
                "oci:Nosql/tableReplica:TableReplica",
                "carts-replica",
                { compartmentId: COMPARTMENT, tableNameOrId: table.out("name"), region: w.ociKey },
                { provider: ash },
            );
        },
        offenders: ["carts-replica"],
        message: /ap-singapore-1|SIN/,
    }),
    evasion({
        id: "lambda-reading-us-table-names-foreign-region",
        how: "a us-east-1 Lambda that reads a US table and is told, in its environment, to write to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            const role = iamRole(s, "users-fanout", "lambda.amazonaws.com");
            s.add(
                "aws:lambda/function:Function",
                "users-fanout",
                {
                    name: "users-fanout",
                    role: role.arn,
                    runtime: "python3.12",
                    handler: "app.handler",
                    s3Bucket: "acme-artifacts",
                    s3Key: "fanout.zip",
                    environment: { variables: { SOURCE_TABLE: table.out("name"), TARGET_REGION: w.aws, TARGET_TABLE: "users-replica" } },
                },
                { provider: va },
            );
        },
        offenders: ["users-fanout"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "lambda-env-var-called-name-holds-foreign-arn",
        config: approvedExternals,
        how: "a us-east-1 Lambda that reads a US table and writes to a queue in another region, named by its ARN in an environment variable called 'name' (a key the region-literal reader passes over)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            const role = iamRole(s, "users-forward", "lambda.amazonaws.com");
            s.add(
                "aws:lambda/function:Function",
                "users-forward",
                {
                    name: "users-forward",
                    role: role.arn,
                    runtime: "python3.12",
                    handler: "app.handler",
                    s3Bucket: "acme-artifacts",
                    s3Key: "forward.zip",
                    environment: { variables: { SOURCE_TABLE: table.out("name"), name: `arn:aws:sqs:${w.aws}:${ACCOUNT}:users-out` } },
                },
                { provider: va },
            );
        },
        offenders: ["users-forward"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "glue-job-arguments-name-foreign-region",
        how: "a Glue job reading a US table whose default arguments name another region as the target",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const table = dynamoTable(s, "users", va, key);
            s.add(
                "aws:glue/job:Job",
                "users-export-job",
                {
                    name: "users-export-job",
                    roleArn: roleArn("glue"),
                    glueVersion: "4.0",
                    command: { name: "glueetl", scriptLocation: "s3://acme-artifacts/jobs/export.py", pythonVersion: "3" },
                    defaultArguments: { "--source_table": table.out("name"), "--target_region": w.aws, "--enable-metrics": "true" },
                },
                { provider: va },
            );
        },
        offenders: ["users-export-job"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "datasync-destination-location-arn-abroad",
        how: "a DataSync task from a US bucket to a destination location named by a literal ARN of another region",
        config: approvedExternals,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const uploads = bucket(s, "users-uploads", va, key);
            const from = dataSyncS3Location(s, "uploads-source", uploads, va);
            s.add(
                "aws:datasync/task:Task",
                "uploads-sync",
                {
                    name: "uploads-sync",
                    sourceLocationArn: from.arn,
                    destinationLocationArn: `arn:aws:datasync:${w.aws}:${ACCOUNT}:location/loc-0f1e2d3c4b5a69788`,
                },
                { provider: va },
            );
        },
        offenders: ["uploads-sync"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "ecs-task-reading-us-bucket-env-region",
        how: "an ECS task definition whose container reads a US bucket and names another region in its environment",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const uploads = bucket(s, "users-uploads", va, key);
            // The mirror is a bucket of the stack: an s3:// URI outside the stack would be a violation wherever it is.
            const { far, farKey } = awsAway(s, w.aws);
            bucket(s, "uploads-mirror", far, farKey, w.label);
            // pulumi.jsonStringify([...]) over the bucket's name: known at preview, with the edge to the bucket.
            fargateTaskReading(
                s,
                "uploads-mirror",
                va,
                uploads,
                [
                    {
                        name: "mirror",
                        image: "public.ecr.aws/aws-cli/aws-cli:2.17.0",
                        command: ["s3", "sync", "s3://acme-users-uploads", "s3://acme-uploads-mirror"],
                        environment: [
                            { name: "AWS_REGION", value: w.aws },
                            { name: "SOURCE_BUCKET", value: "acme-users-uploads" },
                        ],
                    },
                ],
                { executionRoleArn: roleArn("ecs-execution") },
            );
        },
        offenders: ["uploads-mirror"],
        message: /ap-southeast-1/,
    }),
];
