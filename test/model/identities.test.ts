/**
 * Which identity properties name the resource itself (a place of the stack) and which are inputs naming another
 * resource (graph.ts, OWN_ONLY_FOR): an object's `bucket` must not make the bucket it is written to a place.
 */
import { ResourceIndex, type ModelResource } from "../../policies/model/graph";
import { resource } from "./modelResources";

/** A resource named after its type, in Virginia. */
const ofType = (type: string, props: Record<string, unknown>): ModelResource => resource(type, type.split(":").pop() ?? type, props);

const QUEUE = "arn:aws:sqs:ap-southeast-1:111122223333:archive";

test.each([
    ["aws:s3/bucket:Bucket", "bucket", "acme-users", true],
    ["aws:s3/directoryBucket:DirectoryBucket", "bucket", "acme-users--use1-az4--x-s3", true],
    ["aws:s3control/bucket:Bucket", "bucket", "acme-outpost", true],
    ["aws:s3/bucketObjectv2:BucketObjectv2", "bucket", "acme-users", false],
    ["aws:s3/objectCopy:ObjectCopy", "bucket", "acme-users", false],
    ["aws:s3/bucketPolicy:BucketPolicy", "bucket", "acme-users", false],
    ["oci:ObjectStorage/storageObject:StorageObject", "bucket", "users", false],
    ["aws:s3/bucket:Bucket", "arn", "arn:aws:s3:::acme-users", true],
    ["aws:cloudwatch/eventTarget:EventTarget", "arn", QUEUE, false],
    ["aws:sns/topicPolicy:TopicPolicy", "arn", "arn:aws:sns:us-east-1:111122223333:alerts", false],
    ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "arn", "arn:aws:firehose:us-east-1:111122223333:deliverystream/users", true],
    ["aws:apigatewayv2/api:Api", "arn", "arn:aws:apigateway:us-east-1::/apis/a1b2c3", true],
    ["aws:kms/key:Key", "keyId", "1234abcd-12ab-34cd-56ef-1234567890ab", true],
    ["aws:kms/grant:Grant", "keyId", "1234abcd-12ab-34cd-56ef-1234567890ab", false],
    ["aws:rds/cluster:Cluster", "clusterIdentifier", "users-db", true],
    ["aws:rds/clusterInstance:ClusterInstance", "clusterIdentifier", "users-db", false],
    ["aws:rds/globalCluster:GlobalCluster", "globalClusterIdentifier", "users-global", true],
    ["aws:rds/cluster:Cluster", "globalClusterIdentifier", "users-global", false],
    ["aws:efs/mountTarget:MountTarget", "fileSystemId", "fs-0123456789", false],
    ["aws:dynamodb/table:Table", "name", "users", true],
] as const)("%s: '%s' = %s is its own identity: %s", (type, prop, value, own) => {
    const r = ofType(type, { [prop]: value });
    const index = new ResourceIndex([r]);
    expect(index.isOwnIdentity(r, value)).toBe(own);
    // Found by that value for taint either way; as a place only by its own identity.
    expect(index.matchValue(value)).toEqual([r]);
    expect(index.matchPlace(value)).toEqual(own ? [r] : []);
});

test("an object is part of the bucket its 'bucket' names; the bucket is part of nothing", () => {
    const bucket = ofType("aws:s3/bucket:Bucket", { bucket: "acme-users" });
    const object = ofType("aws:s3/bucketObjectv2:BucketObjectv2", { bucket: "acme-users", key: "users.json" });
    const index = new ResourceIndex([bucket, object]);
    expect(index.containersOf(object)).toEqual([bucket]);
    expect(index.containersOf(bucket)).toEqual([]);
});
