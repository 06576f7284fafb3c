/**
 * Issue 20, items 5 and 2: sources picked by tag, type or query (every store the selector matches, and what
 * it can match outside the stack), and zones or zone ids that place data in another region.
 */
import { awsAway, awsHome, bucket, ec2Instance, ociBucket, ociHome, ociKey, rdsInstanceWithoutFinalSnapshot, roleArn } from "../dsl/blocks";
import { evasion, type EvasionCase, type Where } from "../dsl/evasionCase";
import { ACCOUNT, COMPARTMENT, derived, NAMESPACE, type Res, type Stack, UNKNOWN, US } from "../dsl/stack";
import { approvedExternals } from "../dsl/external";

/** A US volume in us-east-1 carrying a backup tag (no data-class in the selector). */
function taggedVolume(s: Stack, va: Res, key: Res): Res {
    return s.add(
        "aws:ebs/volume:Volume",
        "ledger-data",
        { availabilityZone: "us-east-1a", size: 500, type: "gp3", encrypted: true, kmsKeyId: key.arn, tags: { ...US, backup: "daily" } },
        { provider: va },
    );
}

/**
 * An organization backup policy: a daily plan in us-east-1 that backs up what carries `tagKey` with one of `tagValues`
 * and copies each backup to the Default vault of `copyRegion`.
 */
function orgBackupPolicy(s: Stack, name: string, provider: Res, copyRegion: string, tagKey: string, tagValues: string[]): Res {
    const vault = `arn:aws:backup:${copyRegion}:$account:backup-vault:Default`;
    return s.add(
        "aws:organizations/policy:Policy",
        name,
        {
            name,
            type: "BACKUP_POLICY",
            content: JSON.stringify({
                plans: {
                    daily: {
                        regions: { "@@assign": ["us-east-1"] },
                        rules: {
                            daily: {
                                target_backup_vault_name: { "@@assign": "Default" },
                                copy_actions: { [vault]: { target_backup_vault_arn: { "@@assign": vault } } },
                            },
                        },
                        selections: {
                            tags: {
                                daily: {
                                    iam_role_arn: { "@@assign": "arn:aws:iam::$account:role/backup" },
                                    tag_key: { "@@assign": tagKey },
                                    tag_value: { "@@assign": tagValues },
                                },
                            },
                        },
                    },
                },
            }),
        },
        { provider },
    );
}

/** A US OCI bucket at home and a log archive bucket, under a key of its own, in the place `w` names; the home provider. */
function usDocsAndLogArchive(s: Stack, w: Where): Res {
    const { ash, key } = ociHome(s);
    ociBucket(s, "users-docs", ash, key);
    const far = s.oci(w.oci);
    const farKey = ociKey(s, "archive-key", far);
    ociBucket(s, "log-archive", far, farKey, w.ociLabel);
    return ash;
}

export const selectorsAndZones: EvasionCase[] = [
    evasion({
        id: "dlm-target-tags-without-class-copy-abroad",
        how: "a DLM policy selecting volumes by a 'backup' tag (the US volume carries it) and copying their snapshots to another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            taggedVolume(s, va, key);
            s.add(
                "aws:dlm/lifecyclePolicy:LifecyclePolicy",
                "daily-snapshots",
                {
                    description: "daily snapshots",
                    executionRoleArn: roleArn("dlm"),
                    state: "ENABLED",
                    policyDetails: {
                        resourceTypes: ["VOLUME"],
                        targetTags: { backup: "daily" },
                        schedules: [
                            {
                                name: "daily",
                                createRule: { interval: 24, intervalUnit: "HOURS", times: "03:00" },
                                retainRule: { count: 14 },
                                crossRegionCopyRules: [{ target: w.aws, encrypted: true, retainRule: { interval: 7, intervalUnit: "DAYS" } }],
                            },
                        ],
                    },
                },
                { provider: va },
            );
        },
        offenders: ["daily-snapshots"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dlm-event-policy-copies-shared-snapshots-abroad",
        how: "an event-based DLM policy copying every snapshot other accounts share with this one to another region",
        build: (s, w) => {
            const { va } = awsHome(s);
            s.add(
                "aws:dlm/lifecyclePolicy:LifecyclePolicy",
                "shared-snapshot-copies",
                {
                    description: "copy shared snapshots",
                    executionRoleArn: roleArn("dlm"),
                    state: "ENABLED",
                    policyDetails: {
                        policyType: "EVENT_BASED_POLICY",
                        eventSource: {
                            type: "MANAGED_CWE",
                            parameters: { eventType: "shareSnapshot", snapshotOwners: ["444455556666"], descriptionRegex: ".*" },
                        },
                        action: { name: "copy", crossRegionCopies: [{ target: w.aws, encryptionConfiguration: { encrypted: true } }] },
                    },
                },
                { provider: va },
            );
        },
        offenders: ["shared-snapshot-copies"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "ssm-association-by-tag-output-abroad",
        how: "an SSM association running a dump on instances tagged 'role=ledger' (the US instance is one) with its output in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            ec2Instance(s, "ledger-host", va, key, { ...US, role: "ledger" });
            s.add(
                "aws:ssm/association:Association",
                "ledger-dumps",
                {
                    name: "AWS-RunShellScript",
                    parameters: { commands: "pg_dump ledger > /tmp/ledger.sql" },
                    targets: [{ key: "tag:role", values: ["ledger"] }],
                    outputLocation: { s3BucketName: "acme-ssm-output", s3Region: w.aws },
                },
                { provider: va },
            );
            const { far, farKey } = awsAway(s, w.aws);
            bucket(s, "ssm-output", far, farKey, w.label);
        },
        offenders: ["ledger-dumps", "ssm-output"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "ssm-association-all-instances-output-abroad",
        how: "an SSM association targeting every instance of the account (InstanceIds '*') with its output in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            ec2Instance(s, "ledger-host", va, key);
            s.add(
                "aws:ssm/association:Association",
                "inventory-dumps",
                {
                    name: "AWS-RunShellScript",
                    parameters: { commands: "tar czf - /var/lib/app" },
                    targets: [{ key: "InstanceIds", values: ["*"] }],
                    outputLocation: { s3BucketName: "acme-ssm-output", s3Region: w.aws },
                },
                { provider: va },
            );
            const { far, farKey } = awsAway(s, w.aws);
            bucket(s, "ssm-output", far, farKey, w.label);
        },
        offenders: ["inventory-dumps", "ssm-output"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "organizations-backup-policy-copy-abroad",
        config: approvedExternals,
        how: "an organization backup policy selecting every resource tagged 'backup=daily' and copying recovery points to a vault in another region",
        build: (s, w) => {
            const { va } = awsHome(s);
            orgBackupPolicy(s, "org-backups", va, w.aws, "backup", ["daily"]);
        },
        offenders: ["org-backups"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "organizations-backup-policy-pin-with-a-value-that-is-no-class",
        config: approvedExternals,
        how: "an organization backup policy selecting resources whose 'data-class' tag is 'no-user-data' or 'legacy' (not a class, so held to us-user-data) and copying them to a vault in another region",
        build: (s, w) => {
            const { va } = awsHome(s);
            orgBackupPolicy(s, "org-backups-by-class", va, w.aws, "data-class", ["no-user-data", "legacy"]);
        },
        offenders: ["org-backups-by-class"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "log-account-policy-forwards-every-log-group-abroad",
        how: "an account-wide CloudWatch Logs subscription policy forwarding every log group to a stream in another region",
        config: approvedExternals,
        build: (s, w) => {
            const { va, key } = awsHome(s);
            s.add(
                "aws:cloudwatch/logGroup:LogGroup",
                "users-api-logs",
                { name: "/app/users-api", kmsKeyId: key.arn, retentionInDays: 365, tags: US },
                { provider: va },
            );
            s.add(
                "aws:cloudwatch/logAccountPolicy:LogAccountPolicy",
                "all-logs-out",
                {
                    policyName: "all-logs-out",
                    policyType: "SUBSCRIPTION_FILTER_POLICY",
                    policyDocument: JSON.stringify({
                        DestinationArn: `arn:aws:logs:${w.aws}:${ACCOUNT}:destination:central`,
                        FilterPattern: "",
                        Distribution: "Random",
                    }),
                    selectionCriteria: 'LogGroupName NOT IN ["/aws/lambda/noise"]',
                },
                { provider: va },
            );
        },
        offenders: ["all-logs-out"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "oci-connector-compartment-logs-to-bucket-abroad",
        how: "an OCI service connector moving every log of the compartment (bucket access logs of US data among them) into a bucket in another region",
        build: (s, w) => {
            const ash = usDocsAndLogArchive(s, w);
            s.add(
                "oci:Sch/connector:Connector",
                "logs-to-archive",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "logs-to-archive",
                    source: { kind: "logging", logSources: [{ compartmentId: COMPARTMENT }] },
                    target: { kind: "objectStorage", bucket: "log-archive", namespace: NAMESPACE },
                },
                { provider: ash },
            );
        },
        offenders: ["logs-to-archive", "log-archive"],
        message: /ap-singapore-1|log-archive/,
    }),
    evasion({
        id: "oci-connector-source-unknown-to-bucket-abroad",
        how: "an OCI service connector whose whole source is not known at preview (it may be every log of the compartment) moving into a bucket in another region",
        build: (s, w) => {
            const ash = usDocsAndLogArchive(s, w);
            const group = s.add("oci:Logging/logGroup:LogGroup", "app-logs", { compartmentId: COMPARTMENT, displayName: "app-logs" }, { provider: ash });
            s.add(
                "oci:Sch/connector:Connector",
                "logs-to-archive",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "logs-to-archive",
                    source: derived(UNKNOWN, group),
                    target: { kind: "objectStorage", bucket: "log-archive", namespace: NAMESPACE },
                },
                { provider: ash },
            );
        },
        offenders: ["logs-to-archive", "log-archive"],
        message: /ap-singapore-1|log-archive|not known at preview/,
    }),
    evasion({
        id: "oci-unified-agent-dynamic-groups-log-abroad",
        config: approvedExternals,
        how: "an OCI unified agent collecting files from every instance of a dynamic group into a log in another region",
        build: (s, w) => {
            const { ash } = ociHome(s);
            s.add(
                "oci:Logging/unifiedAgentConfiguration:UnifiedAgentConfiguration",
                "app-files",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "app-files",
                    description: "application files",
                    isEnabled: true,
                    groupAssociation: { groupLists: ["ocid1.dynamicgroup.oc1..aaaaappservers"] },
                    serviceConfiguration: {
                        configurationType: "LOGGING",
                        destination: { logObjectId: `ocid1.log.oc1.${w.oci}.aaaaapplog` },
                        sources: [{ sourceType: "LOG_TAIL", name: "app", paths: ["/var/lib/app/*.log"] }],
                    },
                },
                { provider: ash },
            );
        },
        offenders: ["app-files"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "s3-directory-bucket-zone-id-abroad",
        how: "a US S3 Express directory bucket placed, by availability zone id, in a zone of another region",
        build: (s, w) => {
            const { va } = awsHome(s);
            const zone = w.aws === "us-east-1" ? "use1-az4" : "apse1-az1";
            s.add(
                "aws:s3/directoryBucket:DirectoryBucket",
                "sessions-express",
                { bucket: `sessions--${zone}--x-s3`, location: { name: zone, type: "AvailabilityZone" }, tags: US },
                { provider: va },
            );
        },
        offenders: ["sessions-express"],
        message: /apse1-az1/,
    }),
    evasion({
        id: "ebs-volume-zone-of-another-region",
        how: "a US EBS volume whose availability zone is a zone of another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            s.add(
                "aws:ebs/volume:Volume",
                "ledger-data",
                { availabilityZone: `${w.aws}a`, size: 500, type: "gp3", encrypted: true, kmsKeyId: key.arn, tags: US },
                { provider: va },
            );
        },
        offenders: ["ledger-data"],
        message: /ap-southeast-1a/,
    }),
    evasion({
        id: "rds-instance-zone-of-another-region",
        how: "a US database whose availability zone is a zone of another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            rdsInstanceWithoutFinalSnapshot(s, "users-db", va, key, US, { availabilityZone: `${w.aws}b` });
        },
        offenders: ["users-db"],
        message: /ap-southeast-1b/,
    }),
    evasion({
        id: "ec2-instance-in-local-zone",
        how: "a US instance placed in a Local Zone, whose data is kept in another city than its parent region's",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            s.add(
                "aws:ec2/instance:Instance",
                "edge-cache",
                {
                    ami: "ami-0abcdef1234567890",
                    instanceType: "m6i.large",
                    availabilityZone: w.aws === "us-east-1" ? "us-east-1b" : "us-east-1-mia-2a",
                    rootBlockDevice: { encrypted: true, kmsKeyId: key.arn, volumeSize: 100 },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["edge-cache"],
        message: /Local or Wavelength Zone/,
    }),
    evasion({
        id: "athena-workgroup-writes-results-of-us-glue-table-abroad",
        how: "an Athena workgroup in us-east-1, beside a Glue table over the US bucket in its region's catalog, that writes every query's results to a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            bucket(s, "users", va, key);
            const { far, farKey } = awsAway(s, w.aws);
            bucket(s, "query-results", far, farKey, w.label);
            const db = s.add("aws:glue/catalogDatabase:CatalogDatabase", "users-db", { name: "users_db" }, { provider: va });
            s.add(
                "aws:glue/catalogTable:CatalogTable",
                "users-table",
                { name: "users", databaseName: db.out("name"), storageDescriptor: { location: "s3://acme-users/data/" } },
                { provider: va },
            );
            s.add(
                "aws:athena/workgroup:Workgroup",
                "analysts",
                { name: "analysts", configuration: { resultConfiguration: { outputLocation: "s3://acme-query-results/out/" } } },
                { provider: va },
            );
        },
        offenders: ["analysts", "query-results"],
    }),
];
