/** OCI cross-region mechanisms: Data Guard, clones, backup copies, replicas, channels and connectors. */
import { ociAdb, ociAway, ociBucket, ociHome } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { COMPARTMENT, NAMESPACE, type Res, type Stack, US } from "../dsl/stack";

function volume(s: Stack, name: string, provider: Res, key: Res, tags: Record<string, string>, ad: string, extra: Record<string, unknown> = {}): Res {
    return s.add(
        "oci:Core/volume:Volume",
        name,
        { compartmentId: COMPARTMENT, availabilityDomain: ad, displayName: name, sizeInGbs: "500", kmsKeyId: key.id, freeformTags: tags, ...extra },
        { provider },
    );
}

function mysql(s: Stack, name: string, provider: Res, key: Res, tags: Record<string, string>, ad: string): Res {
    return s.add(
        "oci:Mysql/mysqlDbSystem:MysqlDbSystem",
        name,
        {
            compartmentId: COMPARTMENT,
            availabilityDomain: ad,
            displayName: name,
            shapeName: "MySQL.4",
            subnetId: "ocid1.subnet.oc1..aaaadb",
            adminUsername: "admin",
            adminPassword: "x",
            dataStorageSizeInGb: 100,
            encryptData: { keyGenerationType: "BYOK", keyId: key.id },
            freeformTags: tags,
        },
        { provider },
    );
}

const ASHBURN_AD = "Uocm:US-ASHBURN-AD-1";

export const ociMechanisms: EvasionCase[] = [
    evasion({
        id: "oci-adb-cross-region-data-guard-standby",
        how: "an Autonomous Database standby in another region (source CROSS_REGION_DATAGUARD) of a US database",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const primary = ociAdb(s, "users-adb", ash, key);
            ociAdb(s, "users-adb-standby", far, farKey, w.ociLabel, { source: "CROSS_REGION_DATAGUARD", sourceId: primary.id });
        },
        offenders: ["users-adb-standby"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-adb-clone-in-other-region",
        how: "a full clone (source DATABASE) of a US Autonomous Database created in another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const primary = ociAdb(s, "users-adb", ash, key);
            ociAdb(s, "users-adb-clone", far, farKey, w.ociLabel, { source: "DATABASE", sourceId: primary.id, cloneType: "FULL" });
        },
        offenders: ["users-adb-clone"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-adb-backup-based-disaster-recovery",
        how: "a backup-based cross-region disaster-recovery peer of a US Autonomous Database",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const primary = ociAdb(s, "users-adb", ash, key);
            ociAdb(s, "users-adb-dr", far, farKey, w.ociLabel, {
                source: "CROSS_REGION_DISASTER_RECOVERY",
                sourceId: primary.id,
                remoteDisasterRecoveryType: "BACKUP_BASED",
            });
        },
        offenders: ["users-adb-dr"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-adb-refreshable-clone-abroad",
        how: "a refreshable clone of a US Autonomous Database in another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const primary = ociAdb(s, "users-adb", ash, key);
            ociAdb(s, "users-adb-reporting", far, farKey, w.ociLabel, {
                source: "CLONE_TO_REFRESHABLE",
                sourceId: primary.id,
                isRefreshableClone: true,
                refreshableMode: "AUTOMATIC",
            });
        },
        offenders: ["users-adb-reporting"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-adb-restored-from-us-backup",
        how: "an Autonomous Database in another region restored from a backup of a US database (BACKUP_FROM_ID)",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const primary = ociAdb(s, "users-adb", ash, key);
            const backup = s.add(
                "oci:Database/autonomousDatabaseBackup:AutonomousDatabaseBackup",
                "users-adb-longterm",
                { autonomousDatabaseId: primary.id, displayName: "users-adb-longterm", isLongTermBackup: true, retentionPeriodInDays: 365 },
                { provider: ash },
            );
            ociAdb(s, "users-adb-restored", far, farKey, w.ociLabel, { source: "BACKUP_FROM_ID", autonomousDatabaseBackupId: backup.id });
        },
        offenders: ["users-adb-restored"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-data-guard-association-new-peer-abroad",
        how: "a Database Data Guard association creating a new standby DB system in an availability domain of another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const db = s.add(
                "oci:Database/dbSystem:DbSystem",
                "billing-db",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: ASHBURN_AD,
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
                    creationType: "NewDbSystem",
                    databaseAdminPassword: "x",
                    protectionMode: "MAXIMUM_PERFORMANCE",
                    transportType: "ASYNC",
                    deleteStandbyDbHomeOnDelete: "true",
                    availabilityDomain: w.ociAd,
                    subnetId: `ocid1.subnet.oc1.${w.oci}.aaaastandby`,
                    shape: "VM.Standard.E5.Flex",
                    hostname: "billing-sb",
                    displayName: "billing-standby",
                    dbSystemFreeformTags: w.ociLabel,
                },
                { provider: ash },
            );
        },
        offenders: ["billing-standby"],
        message: /ap-singapore-1|AP-SINGAPORE-1/,
    }),
    evasion({
        id: "oci-storage-object-copied-by-source-uri",
        how: "an oci.objectstorage.StorageObject in a bucket of another region, copied from a US bucket with sourceUriDetails",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const users = ociBucket(s, "users-exports", ash, key);
            const drop = ociBucket(s, "partner-drop", far, farKey, w.ociLabel);
            s.add(
                "oci:ObjectStorage/storageObject:StorageObject",
                "users-export-copy",
                {
                    bucket: drop.out("name"),
                    namespace: NAMESPACE,
                    object: "users.json",
                    sourceUriDetails: { region: "us-ashburn-1", namespace: NAMESPACE, bucket: users.out("name"), object: "users.json" },
                },
                { provider: far },
            );
        },
        offenders: ["users-export-copy", "partner-drop"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-volume-backup-cross-region-copy",
        how: "an oci.core.VolumeBackup in another region copied (sourceDetails) from a backup of a US volume",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const vol = volume(s, "ledger-volume", ash, key, US, ASHBURN_AD);
            const backup = s.add(
                "oci:Core/volumeBackup:VolumeBackup",
                "ledger-backup",
                { volumeId: vol.id, type: "FULL", displayName: "ledger-backup", freeformTags: US },
                { provider: ash },
            );
            s.add(
                "oci:Core/volumeBackup:VolumeBackup",
                "ledger-backup-copy",
                {
                    displayName: "ledger-backup-copy",
                    sourceDetails: { region: "us-ashburn-1", volumeBackupId: backup.id, kmsKeyId: farKey.id },
                    freeformTags: w.ociLabel,
                },
                { provider: far },
            );
        },
        offenders: ["ledger-backup-copy"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-boot-volume-backup-cross-region-copy",
        how: "an oci.core.BootVolumeBackup in another region copied from a backup of a US instance's boot volume",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const boot = s.add(
                "oci:Core/bootVolume:BootVolume",
                "etl-boot",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: ASHBURN_AD,
                    sourceDetails: { type: "bootVolume", id: "ocid1.bootvolume.oc1.iad.aaaaimage" },
                    kmsKeyId: key.id,
                    freeformTags: US,
                },
                { provider: ash },
            );
            const backup = s.add(
                "oci:Core/bootVolumeBackup:BootVolumeBackup",
                "etl-boot-backup",
                { bootVolumeId: boot.id, type: "FULL", freeformTags: US },
                { provider: ash },
            );
            s.add(
                "oci:Core/bootVolumeBackup:BootVolumeBackup",
                "etl-boot-backup-copy",
                { sourceDetails: { region: "us-ashburn-1", bootVolumeBackupId: backup.id, kmsKeyId: farKey.id }, freeformTags: w.ociLabel },
                { provider: far },
            );
        },
        offenders: ["etl-boot-backup-copy"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-volume-group-replica-abroad",
        how: "a volume group of US volumes with a volume group replica in an availability domain of another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const a = volume(s, "ledger-a", ash, key, US, ASHBURN_AD);
            const b = volume(s, "ledger-b", ash, key, US, ASHBURN_AD);
            s.add(
                "oci:Core/volumeGroup:VolumeGroup",
                "ledger-group",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: ASHBURN_AD,
                    displayName: "ledger-group",
                    sourceDetails: { type: "volumeIds", volumeIds: [a.id, b.id] },
                    volumeGroupReplicas: [{ availabilityDomain: w.ociAd, displayName: "ledger-group-replica" }],
                    freeformTags: US,
                },
                { provider: ash },
            );
        },
        offenders: ["ledger-group"],
        message: /ap-singapore-1|AP-SINGAPORE-1/,
    }),
    evasion({
        id: "oci-volume-backup-policy-via-backupPolicyId",
        how: "a US volume whose backupPolicyId names a backup policy that copies every backup to another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const policy = s.add(
                "oci:Core/volumeBackupPolicy:VolumeBackupPolicy",
                "daily-with-copy",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "daily-with-copy",
                    destinationRegion: w.oci,
                    schedules: [{ backupType: "INCREMENTAL", period: "ONE_DAY", retentionSeconds: 2592000, timeZone: "UTC", hourOfDay: 3 }],
                },
                { provider: ash },
            );
            volume(s, "ledger-volume", ash, key, US, ASHBURN_AD, { backupPolicyId: policy.id });
        },
        offenders: ["ledger-volume", "daily-with-copy"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-nosql-table-replica",
        how: "an oci.nosql.TableReplica of a US NoSQL table in another region",
        build: (s, w) => {
            const { ash } = ociHome(s);
            const table = s.add(
                "oci:Nosql/table:Table",
                "carts",
                {
                    compartmentId: COMPARTMENT,
                    name: "carts",
                    ddlStatement: "CREATE TABLE carts (userId STRING, cart JSON, PRIMARY KEY (userId)) WITH SCHEMA FROZEN",
                    tableLimits: { capacityMode: "ON_DEMAND", maxStorageInGbs: 50 },
                    freeformTags: US,
                },
                { provider: ash },
            );
            s.add(
                "oci:Nosql/tableReplica:TableReplica",
                "carts-replica",
                { compartmentId: COMPARTMENT, tableNameOrId: table.id, region: w.oci },
                { provider: ash },
            );
        },
        offenders: ["carts-replica"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-mysql-channel-to-foreign-db-system",
        how: "an oci.mysql.Channel replicating a US MySQL DB system into a DB system in another region",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const source = mysql(s, "shop-mysql", ash, key, US, ASHBURN_AD);
            const replica = mysql(s, "shop-mysql-replica", far, farKey, w.ociLabel, w.ociAd);
            s.add(
                "oci:Mysql/channel:Channel",
                "shop-inbound",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "shop-inbound",
                    isEnabled: true,
                    source: { sourceType: "MYSQL", hostname: source.computed(), port: 3306, username: "repl", password: "x", sslMode: "REQUIRED" },
                    target: { targetType: "DBSYSTEM", dbSystemId: replica.id, channelName: "shop" },
                },
                { provider: far },
            );
        },
        offenders: ["shop-inbound", "shop-mysql-replica"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-mysql-backup-cross-region-copy",
        how: "an oci.mysql.MysqlBackup in another region copied (sourceDetails) from a backup of a US DB system",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far } = ociAway(s, w.oci);
            const db = mysql(s, "shop-mysql", ash, key, US, ASHBURN_AD);
            const backup = s.add(
                "oci:Mysql/mysqlBackup:MysqlBackup",
                "shop-backup",
                { dbSystemId: db.id, backupType: "FULL", retentionInDays: 35, freeformTags: US },
                { provider: ash },
            );
            s.add(
                "oci:Mysql/mysqlBackup:MysqlBackup",
                "shop-backup-copy",
                { sourceDetails: { region: "us-ashburn-1", backupId: backup.id, compartmentId: COMPARTMENT }, freeformTags: w.ociLabel },
                { provider: far },
            );
        },
        offenders: ["shop-backup-copy"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-service-connector-stream-to-foreign-bucket",
        how: "a Service Connector Hub connector moving a US stream's messages into a bucket in another region",
        build: (s, w) => {
            const { ash } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const events = s.add(
                "oci:Streaming/stream:Stream",
                "user-events",
                { compartmentId: COMPARTMENT, name: "user-events", partitions: 3, retentionInHours: 24, freeformTags: US },
                { provider: ash },
            );
            const archive = ociBucket(s, "events-archive", far, farKey, w.ociLabel);
            s.add(
                "oci:Sch/connector:Connector",
                "events-to-archive",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "events-to-archive",
                    source: { kind: "streaming", streamId: events.id, cursor: { kind: "TRIM_HORIZON" } },
                    target: { kind: "objectStorage", bucket: archive.out("name"), namespace: NAMESPACE, objectNamePrefix: "events/" },
                },
                { provider: far },
            );
        },
        offenders: ["events-to-archive", "events-archive"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-db-system-cloned-abroad",
        how: "a Base Database DB system in another region cloned from a US DB system (source DB_SYSTEM)",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const dbSystem = (name: string, provider: Res, k: Res, ad: string, tags: Record<string, string>, extra: Record<string, unknown> = {}) =>
                s.add(
                    "oci:Database/dbSystem:DbSystem",
                    name,
                    {
                        compartmentId: COMPARTMENT,
                        availabilityDomain: ad,
                        hostname: name,
                        shape: "VM.Standard.E5.Flex",
                        sshPublicKeys: ["ssh-ed25519 AAAA"],
                        subnetId: `ocid1.subnet.oc1..${name}`,
                        kmsKeyId: k.id,
                        dbHome: { database: { adminPassword: "x", dbName: "billing" } },
                        freeformTags: tags,
                        ...extra,
                    },
                    { provider },
                );
            const primary = dbSystem("billing-db", ash, key, ASHBURN_AD, US);
            dbSystem("billing-db-clone", far, farKey, w.ociAd, w.ociLabel, { source: "DB_SYSTEM", sourceDbSystemId: primary.id });
        },
        offenders: ["billing-db-clone"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-mysql-restored-from-us-backup-abroad",
        how: "a MySQL DB system in another region restored (source BACKUP) from a backup of a US DB system",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far, farKey } = ociAway(s, w.oci);
            const db = mysql(s, "shop-mysql", ash, key, US, ASHBURN_AD);
            const backup = s.add(
                "oci:Mysql/mysqlBackup:MysqlBackup",
                "shop-backup",
                { dbSystemId: db.id, backupType: "FULL", freeformTags: US },
                { provider: ash },
            );
            s.add(
                "oci:Mysql/mysqlDbSystem:MysqlDbSystem",
                "shop-mysql-restored",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: w.ociAd,
                    shapeName: "MySQL.4",
                    subnetId: "ocid1.subnet.oc1..restored",
                    encryptData: { keyGenerationType: "BYOK", keyId: farKey.id },
                    source: { sourceType: "BACKUP", backupId: backup.id },
                    freeformTags: w.ociLabel,
                },
                { provider: far },
            );
        },
        offenders: ["shop-mysql-restored"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-redis-imported-from-us-bucket-abroad",
        how: "an OCI Cache (Redis) cluster in another region seeded from RDB files in a US bucket (importFromObjectStorageDetails)",
        build: (s, w) => {
            const { ash, key } = ociHome(s);
            const { far } = ociAway(s, w.oci);
            const dumps = ociBucket(s, "cache-dumps", ash, key);
            s.add(
                "oci:Redis/redisCluster:RedisCluster",
                "sessions-cache",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "sessions-cache",
                    nodeCount: 3,
                    nodeMemoryInGbs: 8,
                    softwareVersion: "REDIS_7_0",
                    subnetId: "ocid1.subnet.oc1..cache",
                    importFromObjectStorageDetails: { bucket: dumps.out("name"), namespace: NAMESPACE, objects: [{ object: "sessions.rdb" }] },
                    freeformTags: w.ociLabel,
                },
                { provider: far },
            );
        },
        offenders: ["sessions-cache"],
        message: /ap-singapore-1/,
    }),
    evasion({
        id: "oci-volume-restored-from-replica-outside-stack",
        how: "a volume labelled no-user-data abroad, restored (sourceDetails) from a block volume replica outside the stack, which may be of a US volume",
        build: (s, w) => {
            const { far, farKey } = ociAway(s, w.oci);
            volume(s, "ledger-dr-volume", far, farKey, w.ociLabel, w.ociAd, {
                sourceDetails: { type: "blockVolumeReplica", id: `ocid1.blockvolumereplica.oc1.${w.ociKey.toLowerCase()}.abuwcljrledgerreplica` },
            });
        },
        offenders: ["ledger-dr-volume"],
        message: /outside this stack/,
    }),
];
