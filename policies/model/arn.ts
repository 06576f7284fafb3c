import type * as ArnParser from "@aws-sdk/util-arn-parser";
import { normalizeRegion } from "./regions";
import { Location, makeLocation } from "./location";

export interface ParsedArn {
    partition: string;
    service: string;
    region: string;
    resource: string;
}

let arnParser: typeof ArnParser | undefined;

/** Loaded on first use: it pulls in @aws-sdk/core, which a stack without ARNs never needs. */
function parser(): typeof ArnParser {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (arnParser ??= require("@aws-sdk/util-arn-parser") as typeof ArnParser);
}

export function parseArn(text: string): ParsedArn | undefined {
    if (!text.startsWith("arn:") || !parser().validate(text)) return undefined;
    try {
        const arn = parser().parse(text);
        return { partition: arn.partition, service: arn.service, region: arn.region, resource: arn.resource };
    } catch {
        return undefined;
    }
}

/** The location an ARN names, when it names one (S3 bucket ARNs carry no region). */
export function locationOfArn(text: string): Location | undefined {
    const arn = parseArn(text);
    if (!arn || !arn.region) return undefined;
    const region = normalizeRegion("aws", arn.region);
    return region.ok ? makeLocation("aws", region.region) : undefined;
}

/** `arn:aws:s3:::name/key` → `name`. */
export function s3BucketNameOfArn(text: string): string | undefined {
    const arn = parseArn(text);
    if (!arn || arn.service !== "s3") return undefined;
    return arn.resource.split("/")[0];
}

/** An ARN's resource part split into its type and the name or id it carries (`table/users` → table, users). */
export function arnResourceOf(arn: ParsedArn): { type: string; id: string } {
    if (arn.service === "s3") {
        const slash = arn.resource.indexOf("/");
        return slash < 0 ? { type: "bucket", id: arn.resource } : { type: "object", id: arn.resource.slice(0, slash) };
    }
    const at = arn.resource.search(/[:/]/);
    if (at < 0) return { type: "", id: arn.resource };
    const type = arn.resource.slice(0, at);
    let id = arn.resource.slice(at + 1);
    if (type === "log-group") id = id.replace(/:\*$/, "");
    // `loadbalancer/app/<name>/<hash>` (application, network, gateway), `loadbalancer/<name>` (classic).
    else if (arn.service === "elasticloadbalancing" && type === "loadbalancer") id = id.replace(/^(?:app|net|gwy)\//, "").split("/")[0];
    else id = id.split(/[:/]/)[0];
    return { type, id };
}

/** ARN service → the modules of the AWS provider whose resources it names (default: same name). */
const ARN_SERVICE_MODULES: Record<string, string[]> = {
    ec2: ["ec2", "ebs", "ec2transitgateway", "vpc"],
    apigateway: ["apigateway", "apigatewayv2"],
    "cognito-idp": ["cognito"],
    "cognito-identity": ["cognito"],
    kinesisanalytics: ["kinesis", "kinesisanalyticsv2"],
    s3express: ["s3"],
    // Services whose IAM name differs from the provider module (data-plane APIs among them): their actions reach
    // that module's stores.
    "s3-outposts": ["s3control", "s3outposts"],
    "neptune-db": ["neptune"],
    "neptune-graph": ["neptunegraph"],
    "rds-data": ["rds"],
    "redshift-data": ["redshift", "redshiftdata", "redshiftserverless"],
    "redshift-serverless": ["redshiftserverless"],
    "docdb-elastic": ["docdb"],
    timestream: ["timestreamwrite", "timestreamquery"],
    "timestream-influxdb": ["timestreaminfluxdb"],
    elasticmapreduce: ["emr"],
    "emr-serverless": ["emrserverless"],
    "emr-containers": ["emrcontainers"],
    mobiletargeting: ["pinpoint"],
    geo: ["location"],
    aoss: ["opensearch"],
    aps: ["amp"],
    cloudhsm: ["cloudhsmv2"],
    ses: ["ses", "sesv2"],
    profile: ["customerprofiles"],
    bedrock: ["bedrock", "bedrockfoundation", "bedrockmodel"],
    rds: ["rds", "docdb", "neptune"],
    // IAM database authentication: `rds-db:connect` on arn:aws:rds-db:<region>:<account>:dbuser:<resource id>/<user>.
    "rds-db": ["rds"],
    elasticfilesystem: ["efs"],
    logs: ["cloudwatch"],
    events: ["cloudwatch"],
    firehose: ["kinesis"],
    es: ["opensearch", "elasticsearch"],
    kafka: ["msk"],
    cassandra: ["keyspaces"],
    states: ["sfn"],
    elasticloadbalancing: ["lb", "alb", "elb"],
};

/** (service, ARN resource type) → the type names it may name, where the name differs from the ARN's word. */
const ARN_TYPE_NAMES: Record<string, string[]> = {
    "s3:bucket": ["Bucket", "BucketV2"],
    // arn:aws:s3:::bucket/key names an object, and the bucket that holds it.
    "s3:object": ["BucketObject", "BucketObjectv2", "Bucket", "BucketV2"],
    "rds:db": ["Instance", "ClusterInstance"],
    "rds:cluster": ["Cluster"],
    "rds:snapshot": ["Snapshot", "SnapshotCopy"],
    "rds:cluster-snapshot": ["ClusterSnapshot", "ClusterSnapshotCopy"],
    "ec2:snapshot": ["Snapshot", "SnapshotCopy"],
    "ec2:image": ["Ami", "AmiCopy", "AmiFromInstance"],
    "backup:backup-vault": ["Vault", "LogicallyAirGappedVault"],
    "backup:backup-plan": ["Plan"],
    "kms:key": ["Key", "ReplicaKey", "ExternalKey", "ReplicaExternalKey"],
    "dynamodb:table": ["Table", "TableReplica", "GlobalTable"],
    "events:rule": ["EventRule"],
    "events:event-bus": ["EventBus"],
    "elasticloadbalancing:targetgroup": ["TargetGroup"],
    "elasticloadbalancing:loadbalancer": ["LoadBalancer"],
    "firehose:deliverystream": ["FirehoseDeliveryStream"],
    "lambda:layer": ["LayerVersion"],
    "ec2:elastic-ip": ["Eip"],
    "ec2:route-table": ["RouteTable", "DefaultRouteTable"],
    "s3express:bucket": ["DirectoryBucket"],
    "cloudwatch:alarm": ["MetricAlarm", "CompositeAlarm"],
    "ec2:network-acl": ["NetworkAcl", "DefaultNetworkAcl"],
    "ec2:security-group": ["SecurityGroup", "DefaultSecurityGroup"],
    "ec2:subnet": ["Subnet", "DefaultSubnet"],
    "ec2:vpc": ["Vpc", "DefaultVpc"],
    "ec2:dhcp-options": ["VpcDhcpOptions", "DefaultVpcDhcpOptions"],
    "iam:oidc-provider": ["OpenIdConnectProvider"],
    "rds:subgrp": ["SubnetGroup"],
    "route53:hostedzone": ["Zone"],
};

/**
 * The ARN services that name resources of an AWS provider module: its own name, and each service the table above
 * gives it. An IAM action's prefix is its service's ARN name (`logs:GetLogEvents` on `arn:aws:logs:...`), so these
 * are also the prefixes of the actions on those resources. A wrong entry above only adds a service.
 */
export function arnServicesOfModule(module: string): string[] {
    const out = [module];
    for (const [service, modules] of Object.entries(ARN_SERVICE_MODULES)) if (modules.includes(module) && !out.includes(service)) out.push(service);
    return out;
}

/** The provider modules whose resources an ARN service names (`es`: opensearch, elasticsearch; `ecr`: ecr). */
export function modulesOfArnService(service: string): readonly string[] {
    return ARN_SERVICE_MODULES[service] ?? [service];
}

const squash = (s: string) => s.replace(/[-_]/g, "").toLowerCase();

/** Whether an ARN can name a resource of this Pulumi type: same partition family, service and resource type. */
export function arnCanName(arn: ParsedArn, pulumiType: string): boolean {
    const m = /^aws:([A-Za-z0-9]+)\/[^:]+:(.+)$/.exec(pulumiType);
    if (!m || !arn.partition.startsWith("aws")) return false;
    const [, module, typeName] = m;
    if (!modulesOfArnService(arn.service).includes(module)) return false;
    const { type } = arnResourceOf(arn);
    const names = ARN_TYPE_NAMES[`${arn.service}:${type}`];
    if (names) return names.includes(typeName);
    // ARNs without a resource type (sqs, sns) name the module's resources; otherwise the words must agree.
    return type === "" || squash(typeName) === squash(type);
}

/** The partition of a region: where an ARN of a resource there would say it lives. */
export function partitionOfRegion(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}
