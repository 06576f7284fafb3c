import type { TypeCategory } from "../../policies/model/typeCatalogue";

/** A first guess at a new type's category, for a reviewer to confirm or change. */
export interface Seed {
    category: TypeCategory;
    /** Which heuristic fired, so the reviewer can judge it. */
    because: string;
}

type Rule = [RegExp, TypeCategory];

// Input properties that name another store or region to copy from or to.
const COPY_PROPERTIES =
    /^(sourceRegion|destinationRegion\w*|replica\w*|replicat\w*|replicateSourceDb|copy\w*|crossRegion\w*|sourceDbInstanceIdentifier|sourceDbClusterSnapshotIdentifier|sourceSnapshotId|sourceSnapshotIdentifier|sourceVolumeId|sourceImageId|sourceAmiId|sourceUri\w*|sourceArn|sourceTableArn|restore\w*|snapshotIdentifier|snapshotArn|globalClusterIdentifier|globalReplicationGroupId|peerRegion|targetRegion|regions|destination\w*|s3BucketDestination|kinesisStream\w*|deliveryStream\w*|sourceDetails|cloneType|dataGuard\w*|standby\w*|backupCopy\w*|exportDestination|targetArn)$/;

// Type names, first match wins. The class name is matched, not the module.
const NAME_RULES: Rule[] = [
    [
        /Replicat|Replica$|Copy$|Export|Restore|Clone|DataGuard|Standby|Subscription(Filter)?$|DeliveryStream|Pipe$|Mirror|Sync|Migration|Transfer|EventTarget|Datashare|DataShare|Share$|Sharing|Connector$|Ingestion|Destination$|Forward/,
        "copy",
    ],
    [/(Key|KeyVersion|ExternalKey|KeyStore)$/, "key"],
    [
        /Polic(y|ies)|Permission|Grant|Acl|AclV2|Authorizer|Role|User$|UserGroup|Group$|Membership|Principal|Credential|AccessKey|PublicAccessBlock|Login|Mfa|Trust|IdentityProvider|Assignment|AccessEntry/,
        "access",
    ],
    [/Alarm|Dashboard|Record$|Tag$|Tags$|Budget|Metric|HealthCheck|Monitor$|Alert|Insight|Alias$|Documentation/, "reference"],
    [
        /Bucket|Table$|Database|DbSystem|DbHome|Queue$|Stream$|Topic$|LogGroup|LogStream|Snapshot|Backup$|Image$|ImageVersion|Ami$|FileSystem|Volume$|Secret|Parameter$|Repository|Cache$|Vault$|Index$|DataSet|Dataset|Collection$|Ledger|Object|Datastore|DataLake|Lake$|Graph$|Keyspace|Archive$|Ledger|Cluster$|Instance$|Disk$|Domain$|Broker$|Workspace$|Warehouse|Namespace$|Catalog$/,
        "store",
    ],
    [
        /Function|TaskDefinition|Job$|JobDefinition|NodeGroup|NodePool|Notebook|Application$|App$|Environment$|Container|Fleet$|Build$|Project$|StateMachine|Endpoint$|Model$|Workflow|Canary|Pipeline$|Service$|Crawler|Script$|Agent$|Runtime|Session/,
        "compute",
    ],
];

const NEUTRAL_MODULES =
    /^aws:(ec2transitgateway|directconnect|networkmanager|vpclattice|globalaccelerator|vpc|ec2clientvpn|waf|wafregional|wafv2|shield|networkfirewall|elb|alb|lb|appautoscaling|autoscalingplans|servicequotas|computeoptimizer|costoptimizationhub)\//;

/** Seeds a category from the type's name and its input property names. */
export function seedCategory(token: string, inputProperties: readonly string[]): Seed {
    if (token.startsWith("random:")) return { category: "neutral", because: "random values" };
    const name = token.slice(token.lastIndexOf(":") + 1);
    for (const [pattern, category] of NAME_RULES) {
        if (pattern.test(name)) {
            const copyInput = inputProperties.find((p) => COPY_PROPERTIES.test(p));
            if (category === "store" && copyInput) return { category, because: `name ${pattern.source.slice(0, 20)}; also copies via ${copyInput}` };
            return { category, because: `name` };
        }
    }
    const copyInput = inputProperties.find((p) => COPY_PROPERTIES.test(p));
    if (copyInput) return { category: "copy", because: `input ${copyInput}` };
    if (NEUTRAL_MODULES.test(token)) return { category: "neutral", because: "networking or settings module" };
    return { category: "neutral", because: "no heuristic matched" };
}
