import type { ResourceGraph } from "../tools/graph/resourceGraph";
import { derived, type Res, Stack, UNKNOWN } from "../test/evasion/dsl/stack";
import { Random } from "./random";

/** Share of optional leaf values (descriptions, names, ids) that are unknown at preview, besides references. */
const OPTIONAL_UNKNOWN = 0.4;
const ACCOUNT = "111111111111";
const COMPARTMENT = "ocid1.compartment.oc1..benchcompartment";
const NAMESPACE = "benchnamespace";

type DataClass = "us-user-data" | "non-us-user-data" | "no-user-data";

interface Place {
    cloud: "aws" | "oci";
    region: string;
    provider: Res;
}

/** An S3 bucket and what a program refers to it by: its name when set literally, else unknown at preview. */
interface Bucket {
    res: Res;
    ref: string;
}

export interface SyntheticStack {
    graph: ResourceGraph;
    /** Share of all leaf property values that are the unknown sentinel. */
    unknownShare: number;
    /** Resources per type. */
    types: Record<string, number>;
}

/**
 * Builds the graph a large residency program would send at preview, with the graph builder the rule tests use
 * (test/evasion/dsl/stack.ts; inputs typed by the SDK's args): providers in the four locations, component parents,
 * buckets with data-class labels, keys referenced through their outputs, public access blocks, SSE, bucket
 * policies, access logging, S3 and OCI replication, backup plans with copy actions. References to other
 * resources' outputs are unknown, as they are at preview.
 */
class StackGenerator {
    readonly s = new Stack("bench", "synthetic", {});
    private unit = 0;
    readonly places: Record<"ashburn" | "phoenix" | "virginia" | "singapore", Place>;
    /** S3 buckets of earlier units, for backup selections to pick from. */
    private readonly s3Buckets: Res[] = [];

    constructor(private readonly rng: Random) {
        const defaultTags = { tags: { "managed-by": "pulumi", team: "storage" } };
        this.places = {
            ashburn: { cloud: "oci", region: "us-ashburn-1", provider: this.s.provider("oci", "oci-ashburn", { region: "us-ashburn-1" }) },
            phoenix: { cloud: "oci", region: "us-phoenix-1", provider: this.s.provider("oci", "oci-phoenix", { region: "us-phoenix-1" }) },
            virginia: { cloud: "aws", region: "us-east-1", provider: this.s.provider("aws", "aws-virginia", { region: "us-east-1", defaultTags }) },
            singapore: { cloud: "aws", region: "ap-southeast-1", provider: this.s.provider("aws", "aws-singapore", { region: "ap-southeast-1", defaultTags }) },
        };
    }

    get size(): number {
        return this.s.resources.length;
    }

    /** An optional value that is sometimes computed, hence unknown at preview. */
    maybe(value: string): string {
        return this.rng.chance(OPTIONAL_UNKNOWN) ? UNKNOWN : value;
    }

    private at(place: Place, parent: Res): { provider: Res; parent: Res } {
        return { provider: place.provider, parent };
    }

    private s3Bucket(place: Place, parent: Res, name: string, cls: DataClass): Bucket {
        const literal = this.rng.chance(0.5) ? `bench-${name}-${this.rng.hex(8)}` : undefined;
        const owner = this.maybe("storage");
        const region = this.rng.chance(0.7) ? place.region : undefined;
        const res = this.s.add(
            "aws:s3/bucket:Bucket",
            name,
            { bucket: literal ?? UNKNOWN, forceDestroy: false, tags: { "data-class": cls, owner }, region },
            this.at(place, parent),
        );
        this.s3Buckets.push(res);
        // A bucket id is known when its name is set literally, unknown when it is generated.
        return { res, ref: literal ?? UNKNOWN };
    }

    /** The bucket as a later resource names it: its id, with the edge to it. */
    private idOf(bucket: Bucket) {
        return derived(bucket.ref, bucket.res);
    }

    private s3Protection(place: Place, parent: Res, name: string, bucket: Bucket, key: Res): void {
        const region = place.region;
        this.s.add(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            `${name}-pab`,
            { region, bucket: this.idOf(bucket), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            this.at(place, parent),
        );
        this.s.add(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            `${name}-sse`,
            {
                region,
                bucket: this.idOf(bucket),
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
            },
            this.at(place, parent),
        );
    }

    private kmsKey(place: Place, parent: Res, name: string): Res {
        return this.s.add(
            "aws:kms/key:Key",
            name,
            {
                region: place.region,
                description: this.maybe(`${name} (${place.region})`),
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags: { "data-class": "no-user-data" },
            },
            this.at(place, parent),
        );
    }

    private role(place: Place, parent: Res, name: string, service: string): Res {
        const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
        return this.s.add(
            "aws:iam/role:Role",
            name,
            { assumeRolePolicy: doc, maxSessionDuration: 3600, description: this.maybe(`${name} role`) },
            this.at(place, parent),
        );
    }

    /** Like the program's AwsBackupVault: 14 resources. */
    awsBackupVault(place: Place, cls: DataClass): void {
        const name = `vault-${++this.unit}`;
        const parent = this.s.component("residency:aws:BackupVault", name);
        const key = this.kmsKey(place, parent, `${name}-key`);
        const bucket = this.s3Bucket(place, parent, `${name}-bucket`, cls);
        this.s.add(
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            `${name}-ownership`,
            { region: place.region, bucket: this.idOf(bucket), rule: { objectOwnership: "BucketOwnerEnforced" } },
            this.at(place, parent),
        );
        this.s3Protection(place, parent, name, bucket, key);
        this.s.add(
            "aws:s3/bucketVersioning:BucketVersioning",
            `${name}-versioning`,
            { region: place.region, bucket: this.idOf(bucket), versioningConfiguration: { status: "Enabled" } },
            this.at(place, parent),
        );
        this.s.add(
            "aws:s3/bucketPolicy:BucketPolicy",
            `${name}-policy`,
            { region: place.region, bucket: this.idOf(bucket), policy: derived(UNKNOWN, bucket.res) },
            this.at(place, parent),
        );
        const logs = this.s3Bucket(place, parent, `${name}-access-logs`, "no-user-data");
        this.s3Protection(place, parent, `${name}-access-logs`, logs, key);
        this.s.add(
            "aws:s3/bucketLogging:BucketLogging",
            `${name}-logging`,
            { region: place.region, bucket: this.idOf(bucket), targetBucket: this.idOf(logs), targetPrefix: "access-logs/" },
            this.at(place, parent),
        );
        const role = this.role(place, parent, `${name}-writer`, "backup.amazonaws.com");
        this.s.add(
            "aws:iam/rolePolicy:RolePolicy",
            `${name}-writer-put-only`,
            { role: role.id, policy: derived(UNKNOWN, bucket.res, key) },
            this.at(place, parent),
        );
    }

    /** A bucket replicated to a second bucket (same class), through BucketReplicationConfig: 11 resources. */
    awsReplicatedBucket(from: Place, to: Place, cls: DataClass): void {
        const name = `replicated-${++this.unit}`;
        const parent = this.s.component("acme:storage:ReplicatedBucket", name);
        const key = this.kmsKey(from, parent, `${name}-key`);
        const source = this.s3Bucket(from, parent, `${name}-source`, cls);
        this.s3Protection(from, parent, `${name}-source`, source, key);
        const replicaKey = this.kmsKey(to, parent, `${name}-replica-key`);
        const replica = this.s3Bucket(to, parent, `${name}-replica`, cls);
        this.s3Protection(to, parent, `${name}-replica`, replica, replicaKey);
        const role = this.role(from, parent, `${name}-replication`, "s3.amazonaws.com");
        this.s.add(
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            `${name}-replication`,
            {
                region: from.region,
                bucket: this.idOf(source),
                role: role.arn,
                rules: [
                    {
                        id: "all",
                        status: "Enabled",
                        filter: {},
                        deleteMarkerReplication: { status: "Enabled" },
                        destination: { bucket: replica.res.arn, storageClass: "STANDARD" },
                    },
                ],
            },
            this.at(from, parent),
        );
    }

    /** An AWS Backup plan with a copy action to a vault in a second region, selecting an earlier bucket: 8 resources. */
    awsBackupPlan(place: Place, copyTo: Place, cls: DataClass): void {
        const name = `backup-${++this.unit}`;
        const parent = this.s.component("acme:backup:Plan", name);
        const key = this.kmsKey(place, parent, `${name}-key`);
        const vault = this.s.add(
            "aws:backup/vault:Vault",
            `${name}-vault`,
            { region: place.region, name: `${name}-vault`, kmsKeyArn: key.arn, tags: { "data-class": cls } },
            this.at(place, parent),
        );
        const remote = this.s.add(
            "aws:backup/vault:Vault",
            `${name}-copy-vault`,
            {
                region: copyTo.region,
                name: `${name}-copy-vault`,
                kmsKeyArn: `arn:aws:kms:${copyTo.region}:${ACCOUNT}:key/${this.rng.hex(8)}`,
                tags: { "data-class": cls },
            },
            this.at(copyTo, parent),
        );
        const copyArn = this.rng.chance(0.5) ? `arn:aws:backup:${copyTo.region}:${ACCOUNT}:backup-vault:${name}-copy-vault` : UNKNOWN;
        const plan = this.s.add(
            "aws:backup/plan:Plan",
            `${name}-plan`,
            {
                region: place.region,
                name: this.maybe(`${name}-plan`),
                rules: [
                    {
                        ruleName: "daily",
                        targetVaultName: derived(`${name}-vault`, vault),
                        schedule: "cron(0 5 * * ? *)",
                        lifecycle: { deleteAfter: 35 },
                        copyActions: [{ destinationVaultArn: derived(copyArn, remote), lifecycle: { deleteAfter: 35 } }],
                    },
                ],
            },
            this.at(place, parent),
        );
        const role = this.role(place, parent, `${name}-role`, "backup.amazonaws.com");
        const target = this.s3Buckets.length > 0 ? this.rng.pick(this.s3Buckets) : undefined;
        this.s.add(
            "aws:backup/selection:Selection",
            `${name}-selection`,
            { region: place.region, name: `${name}-selection`, planId: plan.id, iamRoleArn: role.arn, resources: target ? [target.arn] : [] },
            this.at(place, parent),
        );
    }

    private ociVaultKey(place: Place, parent: Res, name: string): Res {
        const vault = this.s.add(
            "oci:Kms/vault:Vault",
            `${name}-vault`,
            { compartmentId: COMPARTMENT, displayName: this.maybe(`${name}-vault`), vaultType: "DEFAULT" },
            this.at(place, parent),
        );
        return this.s.add(
            "oci:Kms/key:Key",
            `${name}-key`,
            {
                compartmentId: COMPARTMENT,
                displayName: this.maybe(`${name}-key`),
                keyShape: { algorithm: "AES", length: 32 },
                managementEndpoint: vault.computed(),
                protectionMode: "HSM",
            },
            this.at(place, parent),
        );
    }

    private ociBucket(place: Place, parent: Res, name: string, cls: DataClass, key: Res): Res {
        const namespace = this.maybe(NAMESPACE);
        return this.s.add(
            "oci:ObjectStorage/bucket:Bucket",
            name,
            {
                compartmentId: COMPARTMENT,
                namespace,
                name,
                accessType: "NoPublicAccess",
                versioning: "Enabled",
                kmsKeyId: key.id,
                freeformTags: { "data-class": cls, owner: this.maybe("storage") },
            },
            this.at(place, parent),
        );
    }

    /** Like the program's OciPrimaryStore: a bucket replicated to the DR region, each with a vault key: 8 resources. */
    ociPrimaryStore(primary: Place, dr: Place, cls: DataClass): void {
        const name = `store-${++this.unit}`;
        const parent = this.s.component("residency:oci:PrimaryStore", name);
        const key = this.ociVaultKey(primary, parent, `${name}-primary`);
        const bucket = this.ociBucket(primary, parent, `${name}-primary`, cls, key);
        const drKey = this.ociVaultKey(dr, parent, `${name}-dr`);
        this.ociBucket(dr, parent, `${name}-dr`, cls, drKey);
        this.s.add(
            "oci:ObjectStorage/replicationPolicy:ReplicationPolicy",
            `${name}-replication`,
            {
                bucket: derived(`${name}-primary`, bucket),
                namespace: this.maybe(NAMESPACE),
                name: `${name}-to-dr`,
                destinationRegionName: dr.region,
                destinationBucketName: `${name}-dr`,
            },
            this.at(primary, parent),
        );
    }

    /** Stack-wide resources: OCI audit retention, custodian policy, DNS steering of US users to OCI. */
    singletons(): void {
        const provider = this.places.ashburn.provider;
        this.s.add("oci:Audit/configuration:Configuration", "audit-retention", { compartmentId: COMPARTMENT, retentionPeriodDays: 365 }, { provider });
        this.s.add(
            "oci:Identity/policy:Policy",
            "custodians",
            {
                compartmentId: COMPARTMENT,
                description: "US data custodians",
                name: "custodians",
                statements: [
                    "Allow group us-data-custodians to manage object-family in compartment id " + COMPARTMENT,
                    "Allow group us-data-auditors to read audit-events in tenancy",
                ],
            },
            { provider },
        );
        this.s.add(
            "oci:Dns/steeringPolicy:SteeringPolicy",
            "us-steering",
            {
                compartmentId: COMPARTMENT,
                displayName: "us-steering",
                template: "CUSTOM",
                answers: [{ name: "ashburn", rtype: "A", rdata: "192.0.2.10", pool: "oci" }],
                rules: [
                    { ruleType: "FILTER" },
                    {
                        ruleType: "FILTER",
                        cases: [
                            { caseCondition: "query.client.geoKey in (6252001)", answerDatas: [{ answerCondition: "answer.pool == 'oci'", shouldKeep: true }] },
                        ],
                    },
                ],
            },
            { provider },
        );
    }

    /** Fills up to `size` with small resources outside both clouds (random suffixes, on the default random provider). */
    pad(size: number): void {
        while (this.size < size) this.s.add("random:index/randomId:RandomId", `pad-${this.size}`, { byteLength: 4 });
    }
}

/** Share of the leaf values of every resource's properties that are the unknown sentinel. */
function unknownShareOf(graph: ResourceGraph): number {
    let leaves = 0;
    let unknowns = 0;
    const count = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(count);
        else if (v !== null && typeof v === "object") Object.values(v).forEach(count);
        else {
            leaves++;
            if (v === UNKNOWN) unknowns++;
        }
    };
    for (const r of graph.resources) count(r.properties.toJavaScript());
    return leaves === 0 ? 0 : unknowns / leaves;
}

/** The mix of units, in the order they repeat. Largest unit: 14 resources. */
const UNITS: ((g: StackGenerator) => void)[] = [
    (g) => g.ociPrimaryStore(g.places.ashburn, g.places.phoenix, "us-user-data"),
    (g) => g.awsBackupVault(g.places.virginia, "us-user-data"),
    (g) => g.ociPrimaryStore(g.places.phoenix, g.places.ashburn, "us-user-data"),
    (g) => g.awsReplicatedBucket(g.places.virginia, g.places.virginia, "us-user-data"),
    (g) => g.awsBackupVault(g.places.singapore, "non-us-user-data"),
    (g) => g.awsBackupPlan(g.places.virginia, g.places.virginia, "us-user-data"),
    (g) => g.ociPrimaryStore(g.places.ashburn, g.places.phoenix, "non-us-user-data"),
    (g) => g.awsReplicatedBucket(g.places.virginia, g.places.singapore, "non-us-user-data"),
    (g) => g.awsBackupPlan(g.places.singapore, g.places.virginia, "non-us-user-data"),
];
const LARGEST_UNIT = 14;

export function buildSyntheticStack(size: number, seed = 20261129): SyntheticStack {
    const g = new StackGenerator(new Random(seed));
    g.singletons();
    for (let i = 0; g.size + LARGEST_UNIT <= size; i++) UNITS[i % UNITS.length](g);
    g.pad(size);
    const graph = g.s.graph();
    const types: Record<string, number> = {};
    for (const r of graph.resources) types[r.type] = (types[r.type] ?? 0) + 1;
    return { graph, unknownShare: unknownShareOf(graph), types };
}

/**
 * The AWS part of a stack, as a program with only AWS resources would send it: the stack, AWS providers,
 * AWS resources, and the components whose children are all AWS.
 */
export function awsSubset(graph: ResourceGraph): ResourceGraph {
    const isAws = (type: string) => type.startsWith("aws:") || type === "pulumi:providers:aws";
    const childTypes = new Map<string, string[]>();
    for (const r of graph.resources) {
        if (!r.parent) continue;
        const kids = childTypes.get(r.parent) ?? [];
        kids.push(r.type);
        childTypes.set(r.parent, kids);
    }
    const keep = graph.resources.filter((r) => {
        if (r.type === "pulumi:pulumi:Stack" || isAws(r.type)) return true;
        const kids = childTypes.get(r.urn);
        return !r.custom && kids !== undefined && kids.every(isAws);
    });
    return { ...graph, resources: keep };
}
