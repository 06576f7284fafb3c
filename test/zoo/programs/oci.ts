/** OCI platform stacks: US user data in Ashburn, with its copies in Phoenix. */
import { ociAdb, ociAudit, ociBucket, ociKey } from "../../evasion/dsl/blocks";
import { COMPARTMENT, NAMESPACE, NO_USER_DATA, type Res, type Stack, US } from "../../evasion/dsl/stack";
import { ociCustodianPolicy, ociNetwork } from "../platform";
import type { ZooProgram } from "../program";

const ASHBURN_AD = "Uocm:US-ASHBURN-AD-1";
const PHOENIX_AD = "Uocm:PHX-AD-1";

function homes(s: Stack): { ash: Res; phx: Res; ashKey: Res; phxKey: Res } {
    const ash = s.oci("us-ashburn-1");
    const phx = s.oci("us-phoenix-1");
    ociAudit(s, ash);
    return { ash, phx, ashKey: ociKey(s, "us-data-iad", ash), phxKey: ociKey(s, "us-data-phx", phx) };
}

export const ociPrograms: ZooProgram[] = [
    {
        name: "oci-object-replication-ashburn-to-phoenix",
        what: "US documents in an Ashburn bucket replicated to a Phoenix bucket of the stack, with vault keys in both and custodian-only IAM",
        holds: ["us-user-data"],
        build: (s) => {
            const { ash, phx, ashKey, phxKey } = homes(s);
            ociNetwork(s, ash, "docs", "10.49");
            const primary = ociBucket(s, "documents", ash, ashKey);
            const dr = ociBucket(s, "documents-dr", phx, phxKey);
            ociCustodianPolicy(s, ash, "us-data-access", ["Allow service objectstorage-us-ashburn-1 to manage object-family in compartment us-data"]);
            s.add(
                "oci:ObjectStorage/replicationPolicy:ReplicationPolicy",
                "documents-to-phoenix",
                {
                    bucket: primary.out("name"),
                    namespace: NAMESPACE,
                    name: "documents-to-phoenix",
                    destinationRegionName: "us-phoenix-1",
                    destinationBucketName: dr.out("name"),
                },
                { provider: ash },
            );
        },
    },
    {
        name: "oci-adb-data-guard-to-phoenix",
        what: "a US Autonomous Database in Ashburn with a cross-region Data Guard standby in Phoenix, on a private VCN",
        holds: ["us-user-data"],
        build: (s) => {
            const { ash, phx, ashKey, phxKey } = homes(s);
            const net = ociNetwork(s, ash, "db", "10.50");
            const primary = ociAdb(s, "accounts-adb", ash, ashKey, US, { subnetId: net.privateSubnet.id, isMtlsConnectionRequired: true });
            ociAdb(s, "accounts-adb-standby", phx, phxKey, US, { source: "CROSS_REGION_DATAGUARD", sourceId: primary.id });
            ociCustodianPolicy(s, ash, "us-data-access");
        },
    },
    {
        name: "oci-block-volumes-replicated-to-phoenix",
        what: "an Ashburn instance with a US data volume replicated to a Phoenix AD and a backup policy copying to Phoenix",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const { ash, ashKey } = homes(s);
            const net = ociNetwork(s, ash, "app", "10.51");
            const host = s.add(
                "oci:Core/instance:Instance",
                "ledger-host",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: ASHBURN_AD,
                    shape: "VM.Standard.E5.Flex",
                    shapeConfig: { ocpus: 2, memoryInGbs: 32 },
                    createVnicDetails: { subnetId: net.privateSubnet.id, assignPublicIp: "false" },
                    sourceDetails: { sourceType: "image", sourceId: "ocid1.image.oc1.iad.aaaaoraclelinux9", kmsKeyId: ashKey.id },
                    freeformTags: NO_USER_DATA,
                },
                { provider: ash },
            );
            const policy = s.add(
                "oci:Core/volumeBackupPolicy:VolumeBackupPolicy",
                "ledger-daily",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "ledger-daily",
                    destinationRegion: "us-phoenix-1",
                    schedules: [{ backupType: "INCREMENTAL", period: "ONE_DAY", retentionSeconds: 2592000, timeZone: "UTC", hourOfDay: 2 }],
                },
                { provider: ash },
            );
            const vol = s.add(
                "oci:Core/volume:Volume",
                "ledger-data",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: ASHBURN_AD,
                    sizeInGbs: "1024",
                    vpusPerGb: "20",
                    kmsKeyId: ashKey.id,
                    blockVolumeReplicas: [{ availabilityDomain: PHOENIX_AD, displayName: "ledger-data-phx" }],
                    freeformTags: US,
                },
                { provider: ash },
            );
            s.add(
                "oci:Core/volumeBackupPolicyAssignment:VolumeBackupPolicyAssignment",
                "ledger-data-backups",
                { assetId: vol.id, policyId: policy.id },
                { provider: ash },
            );
            s.add(
                "oci:Core/volumeAttachment:VolumeAttachment",
                "ledger-data-attachment",
                { attachmentType: "paravirtualized", instanceId: host.id, volumeId: vol.id },
                { provider: ash },
            );
        },
    },
    {
        name: "oci-mysql-backups-copied-to-phoenix",
        what: "a US MySQL HeatWave DB system in Ashburn whose backups are copied to Phoenix, with a bastion and an NSG",
        holds: ["us-user-data"],
        build: (s) => {
            const { ash, ashKey } = homes(s);
            const net = ociNetwork(s, ash, "mysql", "10.52");
            const nsg = s.add(
                "oci:Core/networkSecurityGroup:NetworkSecurityGroup",
                "mysql-nsg",
                { compartmentId: COMPARTMENT, vcnId: net.vcn.id, displayName: "mysql" },
                { provider: ash },
            );
            s.add(
                "oci:Core/networkSecurityGroupSecurityRule:NetworkSecurityGroupSecurityRule",
                "mysql-from-app",
                {
                    networkSecurityGroupId: nsg.id,
                    direction: "INGRESS",
                    protocol: "6",
                    source: "10.52.0.0/16",
                    sourceType: "CIDR_BLOCK",
                    tcpOptions: { destinationPortRange: { min: 3306, max: 3306 } },
                },
                { provider: ash },
            );
            s.add(
                "oci:Mysql/mysqlDbSystem:MysqlDbSystem",
                "shop-mysql",
                {
                    compartmentId: COMPARTMENT,
                    availabilityDomain: ASHBURN_AD,
                    displayName: "shop-mysql",
                    shapeName: "MySQL.4",
                    subnetId: net.privateSubnet.id,
                    nsgIds: [nsg.id],
                    adminUsername: "admin",
                    adminPassword: "x",
                    dataStorageSizeInGb: 200,
                    isHighlyAvailable: true,
                    encryptData: { keyGenerationType: "BYOK", keyId: ashKey.id },
                    backupPolicy: {
                        isEnabled: true,
                        retentionInDays: 35,
                        windowStartTime: "02:00",
                        copyPolicies: [{ copyToRegion: "us-phoenix-1", backupCopyRetentionInDays: 35 }],
                    },
                    freeformTags: US,
                },
                { provider: ash },
            );
            s.add(
                "oci:Bastion/bastion:Bastion",
                "ops-bastion",
                {
                    compartmentId: COMPARTMENT,
                    bastionType: "STANDARD",
                    targetSubnetId: net.privateSubnet.id,
                    clientCidrBlockAllowLists: ["203.0.113.0/24"],
                    name: "ops",
                },
                { provider: ash },
            );
            ociCustodianPolicy(s, ash, "us-data-access", ["Allow group us-data-custodians to manage mysql-family in compartment us-data"]);
        },
    },
    {
        name: "oci-app-platform-ashburn",
        what: "an Ashburn app platform: VCN, load balancer, Functions behind API Gateway over a US uploads bucket, DNS, alarms and notifications",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const { ash, ashKey } = homes(s);
            const net = ociNetwork(s, ash, "app", "10.60");
            ociBucket(s, "user-uploads", ash, ashKey);
            const app = s.add(
                "oci:Functions/application:Application",
                "api-app",
                { compartmentId: COMPARTMENT, displayName: "api-app", subnetIds: [net.privateSubnet.id] },
                { provider: ash },
            );
            const fn = s.add(
                "oci:Functions/function:Function",
                "profile-api",
                {
                    applicationId: app.id,
                    displayName: "profile-api",
                    image: "iad.ocir.io/acmecorp/profile-api:1.4.2",
                    memoryInMbs: "256",
                    config: { UPLOADS_BUCKET: "user-uploads", NAMESPACE },
                },
                { provider: ash },
            );
            const gw = s.add(
                "oci:ApiGateway/gateway:Gateway",
                "public-gw",
                { compartmentId: COMPARTMENT, endpointType: "PUBLIC", subnetId: net.publicSubnet.id },
                { provider: ash },
            );
            s.add(
                "oci:ApiGateway/deployment:Deployment",
                "profile-api-v1",
                {
                    compartmentId: COMPARTMENT,
                    gatewayId: gw.id,
                    pathPrefix: "/v1",
                    specification: { routes: [{ path: "/profile", methods: ["GET"], backend: { type: "ORACLE_FUNCTIONS_BACKEND", functionId: fn.id } }] },
                },
                { provider: ash },
            );
            const lb = s.add(
                "oci:LoadBalancer/loadBalancer:LoadBalancer",
                "web-lb",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "web-lb",
                    shape: "flexible",
                    shapeDetails: { minimumBandwidthInMbps: 10, maximumBandwidthInMbps: 100 },
                    subnetIds: [net.publicSubnet.id],
                },
                { provider: ash },
            );
            s.add(
                "oci:LoadBalancer/backendSet:BackendSet",
                "web-backends",
                { loadBalancerId: lb.id, name: "web", policy: "ROUND_ROBIN", healthChecker: { protocol: "HTTP", port: 8080, urlPath: "/healthz" } },
                { provider: ash },
            );
            const topic = s.add(
                "oci:Ons/notificationTopic:NotificationTopic",
                "ops-alerts",
                { compartmentId: COMPARTMENT, name: "ops-alerts", freeformTags: NO_USER_DATA },
                { provider: ash },
            );
            s.add(
                "oci:Monitoring/alarm:Alarm",
                "lb-5xx",
                {
                    compartmentId: COMPARTMENT,
                    displayName: "lb-5xx",
                    metricCompartmentId: COMPARTMENT,
                    namespace: "oci_lbaas",
                    query: "HttpResponses5xx[1m].sum() > 10",
                    severity: "CRITICAL",
                    isEnabled: true,
                    destinations: [topic.id],
                },
                { provider: ash },
            );
            s.add(
                "oci:Dns/record:Record",
                "www-record",
                { zoneNameOrId: "acme.example", domain: "www.acme.example", rtype: "A", rdata: "203.0.113.10", ttl: 300 },
                { provider: ash },
            );
            ociCustodianPolicy(s, ash, "us-data-access");
        },
    },
    {
        name: "oci-adb-long-term-backup-restored-in-phoenix",
        what: "a US Autonomous Database in Ashburn, a long-term backup of it, and a reporting copy restored from that backup in Phoenix",
        holds: ["us-user-data"],
        build: (s) => {
            const { ash, phx, ashKey, phxKey } = homes(s);
            const net = ociNetwork(s, ash, "reporting", "10.53");
            const primary = ociAdb(s, "billing-adb", ash, ashKey, US, { subnetId: net.privateSubnet.id });
            const backup = s.add(
                "oci:Database/autonomousDatabaseBackup:AutonomousDatabaseBackup",
                "billing-adb-yearly",
                { autonomousDatabaseId: primary.id, displayName: "billing-adb-yearly", isLongTermBackup: true, retentionPeriodInDays: 365 },
                { provider: ash },
            );
            ociAdb(s, "billing-adb-reporting", phx, phxKey, US, { source: "BACKUP_FROM_ID", autonomousDatabaseBackupId: backup.id });
            ociCustodianPolicy(s, ash, "us-data-access");
        },
    },
    {
        name: "oci-file-storage-replicated-to-phoenix",
        what: "a US file system in Ashburn with mount target and export, replicated to a file system of the stack in Phoenix",
        holds: ["us-user-data"],
        build: (s) => {
            const { ash, phx, ashKey, phxKey } = homes(s);
            const net = ociNetwork(s, ash, "files", "10.54");
            const fsys = s.add(
                "oci:FileStorage/fileSystem:FileSystem",
                "case-files",
                { compartmentId: COMPARTMENT, availabilityDomain: ASHBURN_AD, displayName: "case-files", kmsKeyId: ashKey.id, freeformTags: US },
                { provider: ash },
            );
            const target = s.add(
                "oci:FileStorage/fileSystem:FileSystem",
                "case-files-dr",
                { compartmentId: COMPARTMENT, availabilityDomain: PHOENIX_AD, displayName: "case-files-dr", kmsKeyId: phxKey.id, freeformTags: US },
                { provider: phx },
            );
            const mt = s.add(
                "oci:FileStorage/mountTarget:MountTarget",
                "files-mt",
                { compartmentId: COMPARTMENT, availabilityDomain: ASHBURN_AD, subnetId: net.privateSubnet.id, displayName: "files-mt" },
                { provider: ash },
            );
            const es = s.add("oci:FileStorage/exportSet:ExportSet", "files-exports", { mountTargetId: mt.id }, { provider: ash });
            s.add("oci:FileStorage/export:Export", "case-files-export", { exportSetId: es.id, fileSystemId: fsys.id, path: "/case-files" }, { provider: ash });
            s.add(
                "oci:FileStorage/replication:Replication",
                "case-files-replication",
                { compartmentId: COMPARTMENT, sourceId: fsys.id, targetId: target.id, displayName: "case-files-replication", replicationInterval: "60" },
                { provider: ash },
            );
        },
    },
    {
        name: "oci-singapore-static-content",
        what: "a no-user-data public-content bucket and a container repository in OCI Singapore, next to the US data in Ashburn",
        holds: ["us-user-data", "no-user-data"],
        build: (s) => {
            const { ash, ashKey } = homes(s);
            const sin = s.oci("ap-singapore-1");
            const sinKey = ociKey(s, "content-sin", sin);
            ociBucket(s, "profiles", ash, ashKey);
            ociBucket(s, "public-content-sin", sin, sinKey, NO_USER_DATA);
            s.add(
                "oci:Artifacts/containerRepository:ContainerRepository",
                "web-images-sin",
                { compartmentId: COMPARTMENT, displayName: "web", isPublic: false, isImmutable: true, freeformTags: NO_USER_DATA },
                { provider: sin },
            );
            ociNetwork(s, sin, "edge-sin", "10.70");
            ociCustodianPolicy(s, ash, "us-data-access");
        },
    },
];
