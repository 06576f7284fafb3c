/**
 * Building blocks that real platform stacks repeat: keys, hardened buckets and databases, audit
 * settings. Each is what a careful team writes, so that a graph built from them raises no violation
 * except the one a case is about.
 */
import type { InputsOf } from "./sdkTypes";
import { ACCOUNT, COMPARTMENT, derived, NAMESPACE, Res, Stack, TENANCY, US } from "./stack";

export type Labels = Record<string, string>;

export function kmsKey(s: Stack, name: string, provider: Res, tags: Labels = {}): Res {
    return s.add("aws:kms/key:Key", name, { description: `${name} key`, enableKeyRotation: true, deletionWindowInDays: 30, tags }, { provider });
}

/** An S3 bucket with SSE-KMS under `key`, a full public access block and versioning. */
export function bucket(s: Stack, name: string, provider: Res, key: Res, tags: Labels = US): Res {
    const b = s.add("aws:s3/bucket:Bucket", name, { bucket: `acme-${name}`, forceDestroy: false, tags }, { provider });
    s.add(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        `${name}-sse`,
        {
            bucket: b.out("bucket"),
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
        },
        { provider },
    );
    s.add(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        `${name}-pab`,
        { bucket: b.out("bucket"), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        { provider },
    );
    s.add(
        "aws:s3/bucketVersioning:BucketVersioning",
        `${name}-versioning`,
        { bucket: b.out("bucket"), versioningConfiguration: { status: "Enabled" } },
        { provider },
    );
    return b;
}

/** A CloudTrail trail with S3 data events for every bucket, writing to its own hardened bucket. */
export function dataEventTrail(s: Stack, provider: Res, key: Res): Res {
    const logs = bucket(s, "audit-trail-logs", provider, key, US);
    return s.add(
        "aws:cloudtrail/trail:Trail",
        "data-events",
        {
            name: "data-events",
            s3BucketName: logs.out("bucket"),
            kmsKeyId: key.arn,
            enableLogFileValidation: true,
            isMultiRegionTrail: true,
            advancedEventSelectors: [
                {
                    name: "S3 data events",
                    fieldSelectors: [
                        { field: "eventCategory", equals: ["Data"] },
                        { field: "resources.type", equals: ["AWS::S3::Object"] },
                    ],
                },
            ],
        },
        { provider },
    );
}

/** An RDS Postgres 16.4 instance encrypted under `key` that leaves a final snapshot; `extra` adds or overrides inputs. */
export function rdsInstance(s: Stack, name: string, provider: Res, key: Res, tags: Labels = US, extra: InputsOf<"aws:rds/instance:Instance"> = {}): Res {
    return postgresInstance(s, name, provider, key, tags, {
        engineVersion: "16.4",
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${name}-final`,
        ...extra,
    });
}

/** An RDS Postgres instance (engine version left to AWS) encrypted under `key`, deleted without a final snapshot. */
export function rdsInstanceWithoutFinalSnapshot(
    s: Stack,
    name: string,
    provider: Res,
    key: Res,
    tags: Labels = US,
    extra: InputsOf<"aws:rds/instance:Instance"> = {},
): Res {
    return postgresInstance(s, name, provider, key, tags, { skipFinalSnapshot: true, ...extra });
}

function postgresInstance(s: Stack, name: string, provider: Res, key: Res, tags: Labels, extra: InputsOf<"aws:rds/instance:Instance">): Res {
    return s.add(
        "aws:rds/instance:Instance",
        name,
        {
            identifier: name,
            engine: "postgres",
            instanceClass: "db.r6g.large",
            allocatedStorage: 100,
            storageEncrypted: true,
            kmsKeyId: key.arn,
            username: "app",
            manageMasterUserPassword: true,
            tags,
            ...extra,
        },
        { provider },
    );
}

/** A Redshift RA3 cluster of two nodes encrypted under `key`, with a managed master password; `extra` adds inputs (final snapshot). */
export function redshiftCluster(s: Stack, name: string, provider: Res, key: Res, tags: Labels = US, extra: InputsOf<"aws:redshift/cluster:Cluster"> = {}): Res {
    return s.add(
        "aws:redshift/cluster:Cluster",
        name,
        {
            clusterIdentifier: name,
            nodeType: "ra3.xlplus",
            numberOfNodes: 2,
            encrypted: "true",
            kmsKeyId: key.arn,
            masterUsername: "admin",
            manageMasterPassword: true,
            tags,
            ...extra,
        },
        { provider },
    );
}

/** An MSK cluster of three brokers in the shared Kafka subnets, encrypted at rest under `key`. */
export function mskCluster(s: Stack, name: string, provider: Res, key: Res, tags: Labels = US): Res {
    return s.add(
        "aws:msk/cluster:Cluster",
        name,
        {
            clusterName: name,
            kafkaVersion: "3.6.0",
            numberOfBrokerNodes: 3,
            brokerNodeGroupInfo: { instanceType: "kafka.m7g.large", clientSubnets: ["subnet-0a", "subnet-0b", "subnet-0c"], securityGroups: ["sg-0kafka"] },
            encryptionInfo: { encryptionAtRestKmsKeyArn: key.arn },
            tags,
        },
        { provider },
    );
}

/** The table mappings of a DMS task that selects every table of `schema` (all schemas by default). */
export const dmsSelectAll = (schema = "%") =>
    JSON.stringify({
        rules: [
            {
                "rule-type": "selection",
                "rule-id": "1",
                "rule-name": "all",
                "object-locator": { "schema-name": schema, "table-name": "%" },
                "rule-action": "include",
            },
        ],
    });

type DmsInstanceInputs = InputsOf<"aws:dms/replicationInstance:ReplicationInstance">;
type DmsEndpointInputs = InputsOf<"aws:dms/endpoint:Endpoint">;

/** A private DMS replication instance encrypted under `key`; `extra` adds inputs (subnet group, security groups). */
export function dmsReplicationInstance(s: Stack, name: string, provider: Res, key: Res, extra: DmsInstanceInputs = {}): Res {
    const inputs: DmsInstanceInputs = { replicationInstanceId: name, replicationInstanceClass: "dms.c6i.large", allocatedStorage: 100, kmsKeyArn: key.arn };
    return s.add("aws:dms/replicationInstance:ReplicationInstance", name, { ...inputs, publiclyAccessible: false, ...extra }, { provider });
}

/** A DMS endpoint (`source` or `target`) on the Postgres database `users` at `serverName`, over TLS. */
export function dmsPostgresEndpoint(
    s: Stack,
    name: string,
    endpointType: string,
    serverName: DmsEndpointInputs["serverName"],
    provider: Res,
    extra: DmsEndpointInputs = {},
): Res {
    const server: DmsEndpointInputs = { endpointId: name, endpointType, engineName: "postgres", serverName, port: 5432, databaseName: "users" };
    return s.add("aws:dms/endpoint:Endpoint", name, { ...server, username: "dms", password: "x", sslMode: "require", ...extra }, { provider });
}

/**
 * A Step Functions workflow, run as the `sfn` role, that reads the record `$.key` of the US `users` table and hands
 * the item to its last state `lastName` (`last` without `End`).
 */
export function usersTableWorkflow(s: Stack, name: string, provider: Res, lastName: string, last: Record<string, unknown>): Res {
    const read = { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Parameters: { TableName: "users", "Key.$": "$.key" }, Next: lastName };
    return s.add(
        "aws:sfn/stateMachine:StateMachine",
        name,
        { name, roleArn: roleArn("sfn"), definition: JSON.stringify({ StartAt: "Read", States: { Read: read, [lastName]: { ...last, End: true } } }) },
        { provider },
    );
}

/** A DataSync location over the whole of `bucket`, reached through the DataSync role. */
export function dataSyncS3Location(s: Stack, name: string, bucket: Res, provider: Res): Res {
    return s.add(
        "aws:datasync/s3Location:S3Location",
        name,
        { s3BucketArn: bucket.arn, subdirectory: "/", s3Config: { bucketAccessRoleArn: roleArn("datasync") } },
        { provider },
    );
}

/**
 * A Fargate task definition (512 CPU units, 1 GiB) running as the role of its own name, whose container
 * definitions are built (`pulumi.jsonStringify`) over the bucket it reads, so they keep the edge to it.
 */
export function fargateTaskReading(
    s: Stack,
    name: string,
    provider: Res,
    reads: Res,
    containers: Record<string, unknown>[],
    extra: InputsOf<"aws:ecs/taskDefinition:TaskDefinition"> = {},
): Res {
    return s.add(
        "aws:ecs/taskDefinition:TaskDefinition",
        name,
        {
            family: name,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: "512",
            memory: "1024",
            taskRoleArn: roleArn(name),
            ...extra,
            containerDefinitions: derived(JSON.stringify(containers), reads),
        },
        { provider },
    );
}

export function dynamoTable(s: Stack, name: string, provider: Res, key: Res, tags: Labels = US, extra: Record<string, unknown> = {}): Res {
    return s.add(
        "aws:dynamodb/table:Table",
        name,
        {
            name,
            billingMode: "PAY_PER_REQUEST",
            hashKey: "userId",
            attributes: [{ name: "userId", type: "S" }],
            pointInTimeRecovery: { enabled: true },
            serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
            tags,
            ...extra,
        },
        { provider },
    );
}

export function iamRole(s: Stack, name: string, service: string): Res {
    return s.add("aws:iam/role:Role", name, {
        name,
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
        }),
    });
}

export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The role S3 replication runs as. */
export const REPLICATION_ROLE = roleArn("s3-replication");

/** An S3 replication of every object of `source` into `destination`. */
export function replicateAll(s: Stack, name: string, source: Res, destination: Res, provider: Res): Res {
    return s.add(
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        name,
        { bucket: source.out("bucket"), role: REPLICATION_ROLE, rules: [{ id: "all", status: "Enabled", destination: { bucket: destination.arn } }] },
        { provider },
    );
}

/** A manual snapshot of an RDS instance, named as the resource. */
export function rdsSnapshot(s: Stack, name: string, db: Res, provider: Res, tags: Labels = US): Res {
    return s.add("aws:rds/snapshot:Snapshot", name, { dbInstanceIdentifier: db.out("identifier"), dbSnapshotIdentifier: name, tags }, { provider });
}

/** An EC2 instance whose root volume, encrypted under `key`, holds what it processes; `extra` adds inputs (user data). */
export function ec2Instance(s: Stack, name: string, provider: Res, key: Res, tags: Labels = US, extra: InputsOf<"aws:ec2/instance:Instance"> = {}): Res {
    return s.add(
        "aws:ec2/instance:Instance",
        name,
        { ami: "ami-0abcdef1234567890", instanceType: "m6i.large", rootBlockDevice: { encrypted: true, kmsKeyId: key.arn, volumeSize: 200 }, tags, ...extra },
        { provider },
    );
}

/** An OCI vault and an AES key in it, in the provider's region. */
export function ociKey(s: Stack, name: string, provider: Res): Res {
    const vault = s.add(
        "oci:Kms/vault:Vault",
        `${name}-vault`,
        { compartmentId: COMPARTMENT, displayName: `${name}-vault`, vaultType: "DEFAULT" },
        { provider },
    );
    return s.add(
        "oci:Kms/key:Key",
        name,
        {
            compartmentId: COMPARTMENT,
            displayName: name,
            keyShape: { algorithm: "AES", length: 32 },
            managementEndpoint: vault.computed(),
            protectionMode: "HSM",
        },
        { provider },
    );
}

export function ociBucket(s: Stack, name: string, provider: Res, key: Res, tags: Labels = US, extra: Record<string, unknown> = {}): Res {
    return s.add(
        "oci:ObjectStorage/bucket:Bucket",
        name,
        {
            compartmentId: COMPARTMENT,
            namespace: NAMESPACE,
            name,
            accessType: "NoPublicAccess",
            versioning: "Enabled",
            kmsKeyId: key.id,
            freeformTags: tags,
            ...extra,
        },
        { provider },
    );
}

/** Tenancy-wide OCI audit retention of a year, which any stack holding US user data in OCI needs. */
export function ociAudit(s: Stack, provider: Res): Res {
    return s.add("oci:Audit/configuration:Configuration", "tenancy-audit", { compartmentId: TENANCY, retentionPeriodDays: 365 }, { provider });
}

export function ociAdb(s: Stack, name: string, provider: Res, key: Res, tags: Labels = US, extra: Record<string, unknown> = {}): Res {
    return s.add(
        "oci:Database/autonomousDatabase:AutonomousDatabase",
        name,
        {
            compartmentId: COMPARTMENT,
            dbName: name.replace(/[^a-zA-Z0-9]/g, "").slice(0, 14),
            displayName: name,
            dbWorkload: "OLTP",
            computeModel: "ECPU",
            computeCount: 2,
            dataStorageSizeInTbs: 1,
            kmsKeyId: key.id,
            freeformTags: tags,
            ...extra,
        },
        { provider },
    );
}

/** The approved home of US user data on AWS: a us-east-1 provider and a key there. */
export function awsHome(s: Stack): { va: Res; key: Res } {
    const va = s.aws("us-east-1");
    return { va, key: kmsKey(s, "us-data", va) };
}

/** The provider and a key in the region a case copies to. */
export function awsAway(s: Stack, region: string): { far: Res; farKey: Res } {
    const far = s.aws(region);
    return { far, farKey: kmsKey(s, `dr-${region}`, far) };
}

/** The approved home of US user data on OCI: an Ashburn provider, a vault key there, tenancy audit. */
export function ociHome(s: Stack): { ash: Res; key: Res } {
    const ash = s.oci("us-ashburn-1");
    ociAudit(s, ash);
    return { ash, key: ociKey(s, "us-data", ash) };
}

export function ociAway(s: Stack, region: string): { far: Res; farKey: Res } {
    const far = s.oci(region);
    return { far, farKey: ociKey(s, `dr-${region}`, far) };
}
