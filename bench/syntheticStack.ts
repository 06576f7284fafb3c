import type { ResourceGraph } from "../tools/graph/resourceGraph";
import { GraphBuilder, UNKNOWN } from "../test/support/graphBuilder";
import { Random } from "./random";

/** Share of optional leaf values (descriptions, names, ids) that are unknown at preview, besides references. */
const OPTIONAL_UNKNOWN = 0.4;
const ACCOUNT = "111111111111";
const COMPARTMENT = "ocid1.compartment.oc1..benchcompartment";
const NAMESPACE = "benchnamespace";

type Opts = Parameters<GraphBuilder["add"]>[3];
type DataClass = "us-user-data" | "non-us-user-data" | "no-user-data";

interface Place {
    cloud: "aws" | "oci";
    region: string;
    provider: string;
}

export interface SyntheticStack {
    graph: ResourceGraph;
    /** Share of all leaf property values that are the unknown sentinel. */
    unknownShare: number;
    /** Resources per type. */
    types: Record<string, number>;
}

/**
 * Builds the graph a large residency program would send at preview: providers in the four locations,
 * component parents, buckets with data-class labels, keys referenced through propertyDependencies,
 * public access blocks, SSE, bucket policies, access logging, S3 and OCI replication, backup plans with
 * copy actions. References to other resources' outputs are unknown, as they are at preview.
 */
class StackGenerator {
    readonly b = new GraphBuilder("bench", "synthetic");
    private leaves = 0;
    private unknowns = 0;
    private unit = 0;
    readonly places: Record<"ashburn" | "phoenix" | "virginia" | "singapore", Place>;
    /** S3 buckets of earlier units, for backup selections to pick from. */
    private readonly s3Buckets: string[] = [];

    constructor(private readonly rng: Random) {
        const defaultTags = JSON.stringify({ tags: { "managed-by": "pulumi", team: "storage" } });
        this.places = {
            ashburn: { cloud: "oci", region: "us-ashburn-1", provider: this.b.provider("oci", "oci-ashburn", { region: "us-ashburn-1" }) },
            phoenix: { cloud: "oci", region: "us-phoenix-1", provider: this.b.provider("oci", "oci-phoenix", { region: "us-phoenix-1" }) },
            virginia: { cloud: "aws", region: "us-east-1", provider: this.b.provider("aws", "aws-virginia", { region: "us-east-1", defaultTags }) },
            singapore: { cloud: "aws", region: "ap-southeast-1", provider: this.b.provider("aws", "aws-singapore", { region: "ap-southeast-1", defaultTags }) },
        };
    }

    get size(): number {
        return this.b.resources.length;
    }

    get unknownShare(): number {
        return this.leaves === 0 ? 0 : this.unknowns / this.leaves;
    }

    private count(value: unknown): void {
        if (Array.isArray(value)) value.forEach((v) => this.count(v));
        else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => this.count(v));
        else {
            this.leaves++;
            if (value === UNKNOWN) this.unknowns++;
        }
    }

    add(type: string, name: string, props: Record<string, unknown>, opts: Opts): string {
        this.count(props);
        return this.b.add(type, name, props, opts);
    }

    /** An optional value that is sometimes computed, hence unknown at preview. */
    maybe<T>(value: T): T | string {
        return this.rng.chance(OPTIONAL_UNKNOWN) ? UNKNOWN : value;
    }

    private component(type: string, name: string): string {
        return this.add(type, name, {}, { custom: false });
    }

    private child(place: Place, parent: string, propertyDependencies: Record<string, string[]> = {}): Opts {
        return { provider: place.provider, parent, propertyDependencies };
    }

    private s3Bucket(place: Place, parent: string, name: string, cls: DataClass): { urn: string; ref: string } {
        const literal = this.rng.chance(0.5) ? `bench-${name}-${this.rng.hex(8)}` : undefined;
        const props: Record<string, unknown> = { bucket: literal ?? UNKNOWN, forceDestroy: false, tags: { "data-class": cls, owner: this.maybe("storage") } };
        if (this.rng.chance(0.7)) props.region = place.region;
        const urn = this.add("aws:s3/bucket:Bucket", name, props, this.child(place, parent));
        this.s3Buckets.push(urn);
        // A bucket id is known when its name is set literally, unknown when it is generated.
        return { urn, ref: literal ?? UNKNOWN };
    }

    private s3Protection(place: Place, parent: string, name: string, bucket: { urn: string; ref: string }, key: string): void {
        const region = { region: place.region };
        this.add(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            `${name}-pab`,
            { ...region, bucket: bucket.ref, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            this.child(place, parent, { bucket: [bucket.urn] }),
        );
        this.add(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            `${name}-sse`,
            {
                ...region,
                bucket: bucket.ref,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }, bucketKeyEnabled: true }],
            },
            this.child(place, parent, { bucket: [bucket.urn], rules: [key] }),
        );
    }

    private kmsKey(place: Place, parent: string, name: string): string {
        return this.add(
            "aws:kms/key:Key",
            name,
            {
                region: place.region,
                description: this.maybe(`${name} (${place.region})`),
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags: { "data-class": "no-user-data" },
            },
            this.child(place, parent),
        );
    }

    private role(place: Place, parent: string, name: string, service: string): string {
        const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
        return this.add(
            "aws:iam/role:Role",
            name,
            { assumeRolePolicy: doc, maxSessionDuration: 3600, description: this.maybe(`${name} role`) },
            this.child(place, parent),
        );
    }

    /** Like the program's AwsBackupVault: 14 resources. */
    awsBackupVault(place: Place, cls: DataClass): void {
        const name = `vault-${++this.unit}`;
        const parent = this.component("residency:aws:BackupVault", name);
        const key = this.kmsKey(place, parent, `${name}-key`);
        const bucket = this.s3Bucket(place, parent, `${name}-bucket`, cls);
        const deps = { bucket: [bucket.urn] };
        this.add(
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            `${name}-ownership`,
            { region: place.region, bucket: bucket.ref, rule: { objectOwnership: "BucketOwnerEnforced" } },
            this.child(place, parent, deps),
        );
        this.s3Protection(place, parent, name, bucket, key);
        this.add(
            "aws:s3/bucketVersioning:BucketVersioning",
            `${name}-versioning`,
            { region: place.region, bucket: bucket.ref, versioningConfiguration: { status: "Enabled" } },
            this.child(place, parent, deps),
        );
        this.add(
            "aws:s3/bucketPolicy:BucketPolicy",
            `${name}-policy`,
            { region: place.region, bucket: bucket.ref, policy: UNKNOWN },
            this.child(place, parent, { bucket: [bucket.urn], policy: [bucket.urn] }),
        );
        const logs = this.s3Bucket(place, parent, `${name}-access-logs`, "no-user-data");
        this.s3Protection(place, parent, `${name}-access-logs`, logs, key);
        this.add(
            "aws:s3/bucketLogging:BucketLogging",
            `${name}-logging`,
            { region: place.region, bucket: bucket.ref, targetBucket: logs.ref, targetPrefix: "access-logs/" },
            this.child(place, parent, { bucket: [bucket.urn], targetBucket: [logs.urn] }),
        );
        const role = this.role(place, parent, `${name}-writer`, "backup.amazonaws.com");
        this.add(
            "aws:iam/rolePolicy:RolePolicy",
            `${name}-writer-put-only`,
            { role: UNKNOWN, policy: UNKNOWN },
            this.child(place, parent, { role: [role], policy: [bucket.urn, key] }),
        );
    }

    /** A bucket replicated to a second bucket (same class), through BucketReplicationConfig: 11 resources. */
    awsReplicatedBucket(from: Place, to: Place, cls: DataClass): void {
        const name = `replicated-${++this.unit}`;
        const parent = this.component("acme:storage:ReplicatedBucket", name);
        const key = this.kmsKey(from, parent, `${name}-key`);
        const source = this.s3Bucket(from, parent, `${name}-source`, cls);
        this.s3Protection(from, parent, `${name}-source`, source, key);
        const replicaKey = this.kmsKey(to, parent, `${name}-replica-key`);
        const replica = this.s3Bucket(to, parent, `${name}-replica`, cls);
        this.s3Protection(to, parent, `${name}-replica`, replica, replicaKey);
        const role = this.role(from, parent, `${name}-replication`, "s3.amazonaws.com");
        this.add(
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            `${name}-replication`,
            {
                region: from.region,
                bucket: source.ref,
                role: UNKNOWN,
                rules: [
                    {
                        id: "all",
                        status: "Enabled",
                        filter: {},
                        deleteMarkerReplication: { status: "Enabled" },
                        destination: { bucket: UNKNOWN, storageClass: "STANDARD" },
                    },
                ],
            },
            this.child(from, parent, { bucket: [source.urn], role: [role], rules: [replica.urn] }),
        );
    }

    /** An AWS Backup plan with a copy action to a vault in a second region, selecting an earlier bucket: 8 resources. */
    awsBackupPlan(place: Place, copyTo: Place, cls: DataClass): void {
        const name = `backup-${++this.unit}`;
        const parent = this.component("acme:backup:Plan", name);
        const key = this.kmsKey(place, parent, `${name}-key`);
        const vault = this.add(
            "aws:backup/vault:Vault",
            `${name}-vault`,
            { region: place.region, name: `${name}-vault`, kmsKeyArn: UNKNOWN, tags: { "data-class": cls } },
            this.child(place, parent, { kmsKeyArn: [key] }),
        );
        const remote = this.add(
            "aws:backup/vault:Vault",
            `${name}-copy-vault`,
            {
                region: copyTo.region,
                name: `${name}-copy-vault`,
                kmsKeyArn: `arn:aws:kms:${copyTo.region}:${ACCOUNT}:key/${this.rng.hex(8)}`,
                tags: { "data-class": cls },
            },
            this.child(copyTo, parent),
        );
        const copyArn = this.rng.chance(0.5) ? `arn:aws:backup:${copyTo.region}:${ACCOUNT}:backup-vault:${name}-copy-vault` : UNKNOWN;
        const plan = this.add(
            "aws:backup/plan:Plan",
            `${name}-plan`,
            {
                region: place.region,
                name: this.maybe(`${name}-plan`),
                rules: [
                    {
                        ruleName: "daily",
                        targetVaultName: `${name}-vault`,
                        schedule: "cron(0 5 * * ? *)",
                        lifecycle: { deleteAfter: 35 },
                        copyActions: [{ destinationVaultArn: copyArn, lifecycle: { deleteAfter: 35 } }],
                    },
                ],
            },
            this.child(place, parent, { rules: [vault, remote] }),
        );
        const role = this.role(place, parent, `${name}-role`, "backup.amazonaws.com");
        const target = this.s3Buckets.length > 0 ? this.rng.pick(this.s3Buckets) : undefined;
        this.add(
            "aws:backup/selection:Selection",
            `${name}-selection`,
            { region: place.region, name: `${name}-selection`, planId: UNKNOWN, iamRoleArn: UNKNOWN, resources: target ? [UNKNOWN] : [] },
            this.child(place, parent, { planId: [plan], iamRoleArn: [role], resources: target ? [target] : [] }),
        );
    }

    private ociVaultKey(place: Place, parent: string, name: string): string {
        const vault = this.add(
            "oci:Kms/vault:Vault",
            `${name}-vault`,
            { compartmentId: COMPARTMENT, displayName: this.maybe(`${name}-vault`), vaultType: "DEFAULT" },
            this.child(place, parent),
        );
        return this.add(
            "oci:Kms/key:Key",
            `${name}-key`,
            {
                compartmentId: COMPARTMENT,
                displayName: this.maybe(`${name}-key`),
                keyShape: { algorithm: "AES", length: 32 },
                managementEndpoint: UNKNOWN,
                protectionMode: "HSM",
            },
            this.child(place, parent, { managementEndpoint: [vault] }),
        );
    }

    private ociBucket(place: Place, parent: string, name: string, cls: DataClass, key: string): string {
        return this.add(
            "oci:ObjectStorage/bucket:Bucket",
            name,
            {
                compartmentId: COMPARTMENT,
                namespace: this.maybe(NAMESPACE),
                name,
                accessType: "NoPublicAccess",
                versioning: "Enabled",
                kmsKeyId: UNKNOWN,
                freeformTags: { "data-class": cls, owner: this.maybe("storage") },
            },
            this.child(place, parent, { kmsKeyId: [key] }),
        );
    }

    /** Like the program's OciPrimaryStore: a bucket replicated to the DR region, each with a vault key: 8 resources. */
    ociPrimaryStore(primary: Place, dr: Place, cls: DataClass): void {
        const name = `store-${++this.unit}`;
        const parent = this.component("residency:oci:PrimaryStore", name);
        const key = this.ociVaultKey(primary, parent, `${name}-primary`);
        const bucket = this.ociBucket(primary, parent, `${name}-primary`, cls, key);
        const drKey = this.ociVaultKey(dr, parent, `${name}-dr`);
        this.ociBucket(dr, parent, `${name}-dr`, cls, drKey);
        this.add(
            "oci:ObjectStorage/replicationPolicy:ReplicationPolicy",
            `${name}-replication`,
            {
                bucket: `${name}-primary`,
                namespace: this.maybe(NAMESPACE),
                name: `${name}-to-dr`,
                destinationRegionName: dr.region,
                destinationBucketName: `${name}-dr`,
            },
            this.child(primary, parent, { bucket: [bucket] }),
        );
    }

    /** Stack-wide resources: OCI audit retention, custodian policy, DNS steering of US users to OCI. */
    singletons(): void {
        const root = this.b.stackUrn;
        const at = this.places.ashburn;
        this.add(
            "oci:Audit/configuration:Configuration",
            "audit-retention",
            { compartmentId: COMPARTMENT, retentionPeriodDays: 365 },
            { provider: at.provider, parent: root },
        );
        this.add(
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
            { provider: at.provider, parent: root },
        );
        this.add(
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
            { provider: at.provider, parent: root },
        );
    }

    /** Fills up to `size` with small resources outside both clouds (random suffixes). */
    pad(size: number): void {
        while (this.size < size) this.add("random:index/randomId:RandomId", `pad-${this.size}`, { byteLength: 4 }, {});
    }
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
    const graph = g.b.graph();
    const types: Record<string, number> = {};
    for (const r of graph.resources) types[r.type] = (types[r.type] ?? 0) + 1;
    return { graph, unknownShare: g.unknownShare, types };
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
