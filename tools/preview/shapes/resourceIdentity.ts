/**
 * What names a resource once it exists: its physical name (the name input, else an autoname as the engine makes
 * them), its provider id and, on AWS, its ARN, in the forms the providers give them. The pack resolves a value to
 * the resource it names by these (an ARN's partition, service, region and name; an OCID's kind and region).
 */
import type { Cloud } from "../../../policies/model/regions";
import { unknownValue } from "../../sdkAdapter";
import {
    ArnScope,
    awsArn,
    awsDnsSuffix,
    awsEc2Id,
    awsIdPrefix,
    awsPartitionOf,
    awsServiceOf,
    derived,
    derivedLower,
    derivedUpper,
    derivedUuid,
    kebab,
    ocid,
    ociKindOf,
    Place,
} from "./cloudNames";
import { splitToken } from "./declaredShapes";

/** The resource (or looked-up object) a value describes. */
export interface Owner {
    token: string;
    pkg: string;
    /** The token's module (`s3`, `ObjectStorage`). */
    module: string;
    /** The class name (`Bucket`), or for an invoke the thing it gets (`Images` of `getImages`). */
    typeName: string;
    cloud?: Cloud;
    place: Place;
    logicalName: string;
    /** The name the cloud knows it by: the name input, else an autoname. */
    physicalName: string;
    /** Seeds every derived value, so the same registration always gets the same values. */
    seed: string;
    /** The provider id; `unknownValue` when it would name a place that is not known. */
    id: string;
    /** AWS: the resource's ARN (`unknownValue` when its place is not known); undefined elsewhere. */
    arn?: string;
    /** Inputs (or invoke arguments), to echo and to derive from. */
    inputs: Record<string, unknown>;
}

export const CLOUDS_BY_PACKAGE: Record<string, Cloud> = { aws: "aws", oci: "oci" };

export function tokenParts(token: string): { pkg: string; module: string; typeName: string } {
    const parts = splitToken(token);
    if (!parts) return { pkg: "", module: "", typeName: token };
    const slash = parts.module.indexOf("/");
    return { pkg: parts.pkg, module: slash < 0 ? parts.module : parts.module.slice(0, slash), typeName: parts.member };
}

/** A plain string input: not a secret, not unknown, not empty (a secret never seeds a derived value). */
export function plainString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && value !== unknownValue && value.length <= 2048 ? value : undefined;
}

/** Inputs that carry a resource's physical name, by type, where it is not `name`. */
const NAME_PROPERTIES: Record<string, string[]> = {
    "aws:s3:Bucket": ["bucket"],
    "aws:s3:BucketV2": ["bucket"],
    "aws:s3:DirectoryBucket": ["bucket"],
    "aws:s3:BucketObject": ["key"],
    "aws:s3:BucketObjectv2": ["key"],
    "aws:rds:Instance": ["identifier"],
    "aws:rds:Cluster": ["clusterIdentifier"],
    "aws:rds:ClusterInstance": ["identifier"],
    "aws:rds:Snapshot": ["dbSnapshotIdentifier"],
    "aws:rds:ClusterSnapshot": ["dbClusterSnapshotIdentifier"],
    "aws:elasticache:Cluster": ["clusterId"],
    "aws:elasticache:ReplicationGroup": ["replicationGroupId"],
    "aws:ecs:TaskDefinition": ["family"],
    "aws:lambda:LayerVersion": ["layerName"],
    "aws:opensearch:Domain": ["domainName"],
    "aws:msk:Cluster": ["clusterName"],
};

/** The properties that would hold the physical name, of those the type declares (or, for invokes, takes). */
export function nameProperties(pkg: string, module: string, typeName: string, declared: ReadonlySet<string>): string[] {
    const special = NAME_PROPERTIES[`${pkg}:${module}:${typeName}`] ?? [];
    const generic = ["name", `${typeName.charAt(0).toLowerCase()}${typeName.slice(1)}Name`, "displayName"];
    return [...special, ...generic].filter((p) => declared.has(p));
}

/** The physical name: the first name input, else (when the type has a name) an autoname `<name>-<7 hex>` as the engine makes them. */
export function physicalNameOf(
    owner: { pkg: string; module: string; typeName: string; logicalName: string; seed: string },
    nameProps: string[],
    inputs: Record<string, unknown>,
): string {
    for (const p of nameProps) {
        const given = plainString(inputs[p]);
        if (given) return given;
    }
    if (nameProps.length === 0) return owner.logicalName;
    const auto = `${owner.logicalName}-${derived(`autoname\0${owner.seed}`, 7)}`;
    return owner.pkg === "aws" && owner.module === "s3" ? auto.toLowerCase() : auto;
}

const lastSegment = (value: unknown): string | undefined => {
    const s = plainString(value);
    return s === undefined ? undefined : s.slice(s.lastIndexOf("/") + 1);
};

/** AWS ARNs whose resource part is not `<kebab type>/<name>` (from each service's documented ARN format). */
const AWS_ARNS: Record<string, (o: Owner) => { resource: string; scope?: ArnScope; service?: string }> = {
    "s3:Bucket": (o) => ({ resource: o.physicalName, scope: "bare" }),
    "s3:BucketV2": (o) => ({ resource: o.physicalName, scope: "bare" }),
    "s3:BucketObject": (o) => ({ resource: `${lastSegment(o.inputs.bucket) ?? "bucket"}/${o.physicalName}`, scope: "bare" }),
    "s3:BucketObjectv2": (o) => ({ resource: `${lastSegment(o.inputs.bucket) ?? "bucket"}/${o.physicalName}`, scope: "bare" }),
    "s3:AccessPoint": (o) => ({ resource: `accesspoint/${o.physicalName}` }),
    "s3:DirectoryBucket": (o) => ({ resource: `bucket/${o.physicalName}`, service: "s3express" }),
    "ec2:VpcDhcpOptions": (o) => ({ resource: `dhcp-options/${o.id}` }),
    "ec2:DefaultVpcDhcpOptions": (o) => ({ resource: `dhcp-options/${o.id}` }),
    "iam:Role": (o) => ({ resource: `role${plainString(o.inputs.path) ?? "/"}${o.physicalName}`, scope: "global" }),
    "iam:User": (o) => ({ resource: `user${plainString(o.inputs.path) ?? "/"}${o.physicalName}`, scope: "global" }),
    "iam:Group": (o) => ({ resource: `group${plainString(o.inputs.path) ?? "/"}${o.physicalName}`, scope: "global" }),
    "iam:Policy": (o) => ({ resource: `policy${plainString(o.inputs.path) ?? "/"}${o.physicalName}`, scope: "global" }),
    "iam:InstanceProfile": (o) => ({ resource: `instance-profile/${o.physicalName}`, scope: "global" }),
    "iam:OpenIdConnectProvider": (o) => ({
        resource: `oidc-provider/${(plainString(o.inputs.url) ?? o.physicalName).replace("https://", "")}`,
        scope: "global",
    }),
    "lambda:Function": (o) => ({ resource: `function:${o.physicalName}` }),
    "lambda:Alias": (o) => ({ resource: `function:${lastSegment(o.inputs.functionName) ?? "function"}:${o.physicalName}` }),
    "lambda:LayerVersion": (o) => ({ resource: `layer:${o.physicalName}:1` }),
    "sqs:Queue": (o) => ({ resource: o.physicalName }),
    "sns:Topic": (o) => ({ resource: o.physicalName }),
    "kms:Key": (o) => ({ resource: `key/${o.id}` }),
    "kms:ReplicaKey": (o) => ({ resource: `key/${o.id}` }),
    "kms:Alias": (o) => ({ resource: o.physicalName.startsWith("alias/") ? o.physicalName : `alias/${o.physicalName}` }),
    "cloudwatch:LogGroup": (o) => ({ resource: `log-group:${o.physicalName}` }),
    "cloudwatch:EventRule": (o) => ({ resource: `rule/${o.physicalName}` }),
    "cloudwatch:MetricAlarm": (o) => ({ resource: `alarm:${o.physicalName}`, service: "cloudwatch" }),
    "kinesis:FirehoseDeliveryStream": (o) => ({ resource: `deliverystream/${o.physicalName}` }),
    "sfn:StateMachine": (o) => ({ resource: `stateMachine:${o.physicalName}` }),
    "sfn:Activity": (o) => ({ resource: `activity:${o.physicalName}` }),
    "ecs:Service": (o) => ({ resource: `service/${lastSegment(o.inputs.cluster) ?? "default"}/${o.physicalName}` }),
    "ecs:TaskDefinition": (o) => ({ resource: `task-definition/${o.physicalName}:1` }),
    "rds:Instance": (o) => ({ resource: `db:${o.physicalName}` }),
    "rds:ClusterInstance": (o) => ({ resource: `db:${o.physicalName}` }),
    "rds:Cluster": (o) => ({ resource: `cluster:${o.physicalName}` }),
    "rds:SubnetGroup": (o) => ({ resource: `subgrp:${o.physicalName}` }),
    "rds:Snapshot": (o) => ({ resource: `snapshot:${o.physicalName}` }),
    "rds:ClusterSnapshot": (o) => ({ resource: `cluster-snapshot:${o.physicalName}` }),
    "elasticache:Cluster": (o) => ({ resource: `cluster:${o.physicalName}` }),
    "elasticache:ReplicationGroup": (o) => ({ resource: `replicationgroup:${o.physicalName}` }),
    "secretsmanager:Secret": (o) => ({
        resource: `secret:${o.physicalName}-${derived(`secret\0${o.seed}`, 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`,
    }),
    "ssm:Parameter": (o) => ({ resource: `parameter/${o.physicalName.replace(/^\//, "")}` }),
    "backup:Vault": (o) => ({ resource: `backup-vault:${o.physicalName}` }),
    "backup:Plan": (o) => ({ resource: `backup-plan:${o.id}` }),
    "cloudfront:Distribution": (o) => ({ resource: `distribution/${o.id}`, scope: "global" }),
    "route53:Zone": (o) => ({ resource: `hostedzone/${o.id}`, scope: "bare", service: "route53" }),
    "apigateway:RestApi": (o) => ({ resource: `/restapis/${o.id}`, scope: "no-account" }),
    "apigatewayv2:Api": (o) => ({ resource: `/apis/${o.id}`, scope: "no-account" }),
    "dynamodb:Table": (o) => ({ resource: `table/${o.physicalName}` }),
    // A replica is the global table's name in the replica's own region.
    "dynamodb:TableReplica": (o) => ({ resource: `table/${lastSegment(o.inputs.globalTableArn) ?? o.physicalName}` }),
    "acm:Certificate": (o) => ({ resource: `certificate/${o.id}` }),
    "lb:LoadBalancer": (o) => ({ resource: `loadbalancer/app/${o.physicalName}/${derived(o.seed, 16)}` }),
    "alb:LoadBalancer": (o) => ({ resource: `loadbalancer/app/${o.physicalName}/${derived(o.seed, 16)}` }),
    "lb:TargetGroup": (o) => ({ resource: `targetgroup/${o.physicalName}/${derived(o.seed, 16)}` }),
    "alb:TargetGroup": (o) => ({ resource: `targetgroup/${o.physicalName}/${derived(o.seed, 16)}` }),
    "msk:Cluster": (o) => ({ resource: `cluster/${o.physicalName}/${derivedUuid(o.seed)}` }),
    "eks:NodeGroup": (o) => ({ resource: `nodegroup/${lastSegment(o.inputs.clusterName) ?? "cluster"}/${o.physicalName}/${derivedUuid(o.seed)}` }),
    "cognito:UserPool": (o) => ({ resource: `userpool/${o.id}` }),
    "ec2:Ami": (o) => ({ resource: `image/${o.id}` }),
    "ec2:AmiCopy": (o) => ({ resource: `image/${o.id}` }),
    "ec2:Eip": (o) => ({ resource: `elastic-ip/${o.id}` }),
};

/** The ARN of an AWS resource, or `unknownValue` when its region (so its partition) is not known. */
export function awsArnOf(o: Owner): string {
    const special = AWS_ARNS[`${o.module}:${o.typeName}`]?.(o);
    const typeWord = kebab(o.typeName.replace(/^Default/, ""));
    const prefixed = awsIdPrefix(o.module, o.typeName) !== undefined;
    const resource = special?.resource ?? `${typeWord}/${prefixed ? o.id : o.physicalName}`;
    return awsArn(o.place, special?.service ?? awsServiceOf(o.module, o.typeName), resource, special?.scope) ?? unknownValue;
}

export function sqsQueueUrl(place: Place, name: string): string | undefined {
    const partition = awsPartitionOf(place);
    if (!place.region || !partition) return undefined;
    return `https://sqs.${place.region}.${awsDnsSuffix(partition)}/${place.account}/${name}`;
}

/** The provider id of an AWS resource, in its service's form. */
export function awsIdOf(o: Omit<Owner, "id" | "arn">): string {
    const prefix = awsIdPrefix(o.module, o.typeName);
    if (prefix) return awsEc2Id(prefix, o.seed);
    const key = `${o.module}:${o.typeName}`;
    switch (key) {
        case "kms:Key":
        case "kms:ReplicaKey":
        case "acm:Certificate":
            return derivedUuid(o.seed);
        case "sqs:Queue":
            return sqsQueueUrl(o.place, o.physicalName) ?? unknownValue;
        case "apigateway:RestApi":
        case "apigatewayv2:Api":
            return derivedLower(o.seed, 10);
        case "cloudfront:Distribution":
            return `E${derivedUpper(o.seed, 13)}`;
        case "route53:Zone":
            return `Z${derivedUpper(o.seed, 20)}`;
        case "rds:Instance":
            return `db-${derivedUpper(o.seed, 26)}`;
        case "cognito:UserPool":
            return o.place.region ? `${o.place.region}_${derived(o.seed, 9, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}` : unknownValue;
        case "backup:Plan":
            return derivedUuid(o.seed);
        case "sns:Topic":
        case "secretsmanager:Secret":
        case "iam:Policy":
        case "ecs:Cluster":
        case "ecs:Service":
        case "lb:LoadBalancer":
        case "alb:LoadBalancer":
        case "lb:TargetGroup":
        case "alb:TargetGroup":
        case "sfn:StateMachine":
            // These ids are the ARN.
            return awsArnOf({ ...o, id: "" });
    }
    return o.physicalName;
}

/** The provider id of an OCI resource: its OCID (an Object Storage bucket's is `n/<namespace>/b/<name>`). */
export function ociIdOf(o: Omit<Owner, "id" | "arn">): string {
    if (o.module === "ObjectStorage" && o.typeName === "Bucket") return `n/${plainString(o.inputs.namespace) ?? "namespace"}/b/${o.physicalName}`;
    const { kind, global } = ociKindOf(o.module, o.typeName);
    return ocid(kind, o.place, o.seed, global) ?? unknownValue;
}
