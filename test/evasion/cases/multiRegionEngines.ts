/** Multi-region engines: one logical store whose members live in several regions. */
import { awsAway, awsHome, bucket, dynamoTable } from "../dsl/blocks";
import { evasion, type EvasionCase } from "../dsl/evasionCase";
import { ACCOUNT, type Res, type Stack, US } from "../dsl/stack";

function redisGroup(s: Stack, name: string, provider: Res, key: Res, tags: Record<string, string>, extra: Record<string, unknown> = {}): Res {
    return s.add(
        "aws:elasticache/replicationGroup:ReplicationGroup",
        name,
        {
            replicationGroupId: name,
            description: name,
            engine: "redis",
            nodeType: "cache.r7g.large",
            numCacheClusters: 2,
            atRestEncryptionEnabled: true,
            transitEncryptionEnabled: true,
            kmsKeyId: key.arn,
            tags,
            ...extra,
        },
        { provider },
    );
}

function docCluster(
    s: Stack,
    type: "docdb" | "neptune",
    name: string,
    provider: Res,
    key: Res,
    tags: Record<string, string>,
    extra: Record<string, unknown> = {},
): Res {
    const keyProp = type === "docdb" ? { kmsKeyId: key.arn } : { kmsKeyArn: key.arn };
    return s.add(
        `aws:${type}/cluster:Cluster`,
        name,
        { clusterIdentifier: name, engine: type, storageEncrypted: true, ...keyProp, tags, ...extra },
        { provider },
    );
}

export const multiRegionEngines: EvasionCase[] = [
    evasion({
        id: "elasticache-global-datastore-secondary-abroad",
        how: "an ElastiCache global datastore over a US replication group, with a secondary group in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const primary = redisGroup(s, "sessions-primary", va, key, US);
            const global = s.add(
                "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
                "sessions-global",
                { globalReplicationGroupIdSuffix: "sessions", primaryReplicationGroupId: primary.id },
                { provider: va },
            );
            redisGroup(s, "sessions-secondary", far, farKey, w.label, { globalReplicationGroupId: global.computed(), numCacheClusters: 1 });
        },
        offenders: ["sessions-secondary", "sessions-global"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "docdb-global-cluster-secondary-abroad",
        how: "a DocumentDB global cluster made from a US cluster, with a secondary cluster in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const primary = docCluster(s, "docdb", "profiles-primary", va, key, US, { masterUsername: "app", manageMasterUserPassword: true });
            const global = s.add(
                "aws:docdb/globalCluster:GlobalCluster",
                "profiles-global",
                { globalClusterIdentifier: "profiles-global", sourceDbClusterIdentifier: primary.arn },
                { provider: va },
            );
            docCluster(s, "docdb", "profiles-secondary", far, farKey, w.label, { globalClusterIdentifier: global.out("globalClusterIdentifier") });
        },
        offenders: ["profiles-secondary", "profiles-global"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "neptune-global-cluster-secondary-abroad",
        how: "a Neptune global database over a US graph, with a secondary cluster in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const primary = docCluster(s, "neptune", "social-graph", va, key, US);
            const global = s.add(
                "aws:neptune/globalCluster:GlobalCluster",
                "social-graph-global",
                { globalClusterIdentifier: "social-graph-global", sourceDbClusterIdentifier: primary.arn },
                { provider: va },
            );
            docCluster(s, "neptune", "social-graph-secondary", far, farKey, w.label, { globalClusterIdentifier: global.out("globalClusterIdentifier") });
        },
        offenders: ["social-graph-secondary", "social-graph-global"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "keyspaces-multi-region-keyspace",
        how: "an Amazon Keyspaces keyspace replicated to another region (replicationSpecification.regionLists)",
        build: (s, w) => {
            const { va } = awsHome(s);
            const ks = s.add(
                "aws:keyspaces/keyspace:Keyspace",
                "profiles-keyspace",
                { name: "profiles", replicationSpecification: { replicationStrategy: "MULTI_REGION", regionLists: ["us-east-1", w.aws] }, tags: US },
                { provider: va },
            );
            s.add(
                "aws:keyspaces/table:Table",
                "profiles-table",
                {
                    keyspaceName: ks.out("name"),
                    tableName: "profiles",
                    schemaDefinition: {
                        columns: [
                            { name: "user_id", type: "text" },
                            { name: "profile", type: "text" },
                        ],
                        partitionKeys: [{ name: "user_id" }],
                    },
                    tags: US,
                },
                { provider: va },
            );
        },
        offenders: ["profiles-keyspace", "profiles-table"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "memorydb-multi-region-cluster-member-abroad",
        how: "a MemoryDB multi-region cluster of US data with a member cluster in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const multi = s.add(
                "aws:memorydb/multiRegionCluster:MultiRegionCluster",
                "carts",
                { multiRegionClusterNameSuffix: "carts", nodeType: "db.r7g.xlarge", numShards: 2, tlsEnabled: true, tags: US },
                { provider: va },
            );
            const member = (name: string, provider: Res, k: Res, tags: Record<string, string>) =>
                s.add(
                    "aws:memorydb/cluster:Cluster",
                    name,
                    {
                        name,
                        aclName: "open-access",
                        nodeType: "db.r7g.xlarge",
                        tlsEnabled: true,
                        kmsKeyArn: k.arn,
                        multiRegionClusterName: multi.computed(),
                        tags,
                    },
                    { provider },
                );
            member("carts-us", va, key, US);
            member("carts-apac", far, farKey, w.label);
        },
        offenders: ["carts-apac"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "s3-multi-region-access-point-spans-abroad",
        how: "an S3 Multi-Region Access Point over a US bucket and a bucket in another region: writes land in either",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const us = bucket(s, "media-us", va, key);
            const other = bucket(s, "media-apac", far, farKey, w.label);
            s.add(
                "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint",
                "media",
                { accountId: ACCOUNT, details: { name: "media", regions: [{ bucket: us.out("bucket") }, { bucket: other.out("bucket") }] } },
                { provider: va },
            );
        },
        offenders: ["media", "media-apac"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "s3-bucketv2-inline-replication-configurations",
        how: "aws.s3.BucketV2 with inline replicationConfigurations whose destination is a bucket in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const dr = bucket(s, "documents-dr", far, farKey, w.label);
            s.add(
                "aws:s3/bucketV2:BucketV2",
                "documents",
                {
                    bucket: "acme-documents",
                    tags: US,
                    serverSideEncryptionConfigurations: [
                        { rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }] }] },
                    ],
                    versionings: [{ enabled: true }],
                    replicationConfigurations: [
                        {
                            role: `arn:aws:iam::${ACCOUNT}:role/s3-replication`,
                            rules: [{ id: "dr", status: "Enabled", destinations: [{ bucket: dr.arn, storageClass: "STANDARD" }] }],
                        },
                    ],
                },
                { provider: va },
            );
        },
        offenders: ["documents", "documents-dr"],
        message: /ap-southeast-1/,
    }),
    evasion({
        id: "dynamodb-legacy-global-table",
        how: "an aws.dynamodb.GlobalTable (2017 version) joining a US table and a table of the same name in another region",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const us = dynamoTable(s, "sessions", va, key, US, { streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" });
            const other = s.add(
                "aws:dynamodb/table:Table",
                "sessions-apac",
                {
                    name: "sessions",
                    billingMode: "PAY_PER_REQUEST",
                    hashKey: "userId",
                    attributes: [{ name: "userId", type: "S" }],
                    streamEnabled: true,
                    streamViewType: "NEW_AND_OLD_IMAGES",
                    serverSideEncryption: { enabled: true, kmsKeyArn: farKey.arn },
                    tags: w.label,
                },
                { provider: far },
            );
            s.add(
                "aws:dynamodb/globalTable:GlobalTable",
                "sessions-global",
                { name: "sessions", replicas: [{ regionName: "us-east-1" }, { regionName: w.aws }] },
                { provider: va, dependsOn: [us, other] },
            );
        },
        offenders: ["sessions-global", "sessions-apac"],
        message: /ap-southeast-1/,
        // aws.dynamodb.GlobalTable has no tags input, so it can never carry a data-class label of its own.
        control: false,
    }),
    evasion({
        id: "dsql-cluster-peering-abroad",
        how: "an Aurora DSQL multi-region cluster peered with a cluster in another region (and a witness region holding the log)",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const us = s.add(
                "aws:dsql/cluster:Cluster",
                "ledger-us",
                { kmsEncryptionKey: key.arn, deletionProtectionEnabled: true, multiRegionProperties: { witnessRegion: "us-west-2" }, tags: US },
                { provider: va },
            );
            const other = s.add(
                "aws:dsql/cluster:Cluster",
                "ledger-apac",
                { kmsEncryptionKey: farKey.arn, deletionProtectionEnabled: true, multiRegionProperties: { witnessRegion: "us-west-2" }, tags: w.label },
                { provider: far },
            );
            s.add(
                "aws:dsql/clusterPeering:ClusterPeering",
                "ledger-peering",
                { identifier: us.id, clusters: [other.arn], witnessRegion: "us-west-2" },
                { provider: va },
            );
        },
        offenders: ["ledger-peering", "ledger-apac", "ledger-us"],
        control: false,
    }),
    evasion({
        id: "rds-global-cluster-secondary-by-literal-identifier",
        how: "an Aurora global database whose secondary cluster in another region joins it by a literal globalClusterIdentifier",
        build: (s, w) => {
            const { va, key } = awsHome(s);
            const { far, farKey } = awsAway(s, w.aws);
            const primary = s.add(
                "aws:rds/cluster:Cluster",
                "orders-primary",
                {
                    clusterIdentifier: "orders-primary",
                    engine: "aurora-postgresql",
                    storageEncrypted: true,
                    kmsKeyId: key.arn,
                    masterUsername: "app",
                    manageMasterUserPassword: true,
                    tags: US,
                },
                { provider: va },
            );
            s.add(
                "aws:rds/globalCluster:GlobalCluster",
                "orders-global",
                { globalClusterIdentifier: "orders-global", sourceDbClusterIdentifier: primary.arn, forceDestroy: true, tags: US },
                { provider: va },
            );
            s.add(
                "aws:rds/cluster:Cluster",
                "orders-secondary",
                {
                    clusterIdentifier: "orders-secondary",
                    engine: "aurora-postgresql",
                    globalClusterIdentifier: "orders-global",
                    storageEncrypted: true,
                    kmsKeyId: farKey.arn,
                    tags: w.label,
                },
                { provider: far },
            );
        },
        offenders: ["orders-secondary"],
        message: /ap-southeast-1/,
    }),
];
