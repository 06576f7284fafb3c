/**
 * The forms the clouds give the values that name things: ARNs, EC2-style ids, OCIDs, endpoint hosts, availability
 * zones and domains. Every value is derived from where the resource is (its region, partition, account, realm)
 * and a seed, so the same registration always gets the same value, and a value that names a place names the
 * resource's own place.
 */
import { normalizeRegion, Cloud } from "../../../policies/model/regions";
import { partitionOfRegion } from "../../../policies/model/arn";
import { ZONE_ID_DIRECTION } from "../../../policies/model/sites";
import { ociKindOf as ociKind } from "../../../policies/model/ociKinds";

/** Where a resource or an invoke is: what every location-bearing value is derived from. */
export interface Place {
    cloud?: Cloud;
    /** Canonical region name (`us-east-1`, `us-ashburn-1`); undefined when not known, and then no value names one. */
    region?: string;
    /** AWS account id, or a placeholder when config names none (it decides no location). */
    account: string;
    /** OCI tenancy OCID, when config names one (it seeds the availability domains' tenancy prefix). */
    tenancy?: string;
}

/** The account ARNs carry when config names none: plainly a placeholder, and not a location. */
export const PLACEHOLDER_ACCOUNT = "123456789012";

export function placeOf(cloud: Cloud | undefined, rawRegion: unknown, account: string | undefined, tenancy?: string): Place {
    let region: string | undefined;
    if (cloud && typeof rawRegion === "string" && rawRegion !== "") {
        const normalized = normalizeRegion(cloud, rawRegion);
        region = normalized.ok ? normalized.region : undefined;
    }
    return { cloud, region, account: account ?? PLACEHOLDER_ACCOUNT, tenancy };
}

const HEX = "0123456789abcdef";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * `n` characters of `alphabet`, derived from `seed`: deterministic and well spread, not secret. A value per
 * generated string, so it is cheap: two 32-bit FNV-1a lanes over the seed (64 bits of state), then a
 * splitmix-style stream of 32-bit words, a character per byte.
 */
export function derived(seed: string, n: number, alphabet = HEX): string {
    let a = 0x811c9dc5;
    let b = 0x050c5d1f;
    for (let i = 0; i < seed.length; i++) {
        const c = seed.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c ^ (a >>> 13), 0x01000193);
    }
    let out = "";
    while (out.length < n) {
        a = (a + 0x9e3779b9) | 0;
        let z = a ^ Math.imul(b, 0x2545f491);
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        z ^= z >>> 16;
        b = (b + z) | 0;
        for (let shift = 0; shift < 32 && out.length < n; shift += 8) out += alphabet[((z >>> shift) & 0xff) % alphabet.length];
    }
    return out;
}

export const derivedLower = (seed: string, n: number) => derived(seed, n, LOWER_ALNUM);
export const derivedUpper = (seed: string, n: number) => derived(seed, n, UPPER_ALNUM);

export function derivedUuid(seed: string): string {
    const h = derived(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `SecurityGroup` → `security-group`, `bucketRegionalDomainName` → `bucket-regional-domain-name`. */
export function kebab(name: string): string {
    let out = "";
    for (let i = 0; i < name.length && i < 256; i++) {
        const c = name[i];
        const lower = c.toLowerCase();
        if (c !== lower && i > 0 && name[i - 1].toLowerCase() === name[i - 1]) out += "-";
        out += lower;
    }
    return out;
}

/** The words of a camelCase name, lower case: `availabilityZoneIds` → availability, zone, ids. */
export function camelWords(name: string): string[] {
    return kebab(name).split(/[-_]/);
}

/** A DNS label made of a name: lower case letters, digits and hyphens, at most 63 characters. */
export function dnsLabel(name: string): string {
    let out = "";
    for (const c of name.toLowerCase()) {
        if (out.length >= 63) break;
        out += (c >= "a" && c <= "z") || (c >= "0" && c <= "9") ? c : "-";
    }
    let start = 0;
    let end = out.length;
    while (start < end && out[start] === "-") start++;
    while (end > start && out[end - 1] === "-") end--;
    return out.slice(start, end) || "x";
}

// ---------------------------------------------------------------- AWS

/** How many zones each region's names run to (`us-east-1a` … `us-east-1f`); three elsewhere. */
const AWS_ZONE_COUNT: Record<string, number> = { "us-east-1": 6, "us-west-2": 4, "ap-northeast-2": 4 };

export function awsAvailabilityZones(region: string): string[] {
    const n = AWS_ZONE_COUNT[region] ?? 3;
    return Array.from({ length: n }, (_, i) => `${region}${String.fromCharCode(97 + i)}`);
}

/** Zone ids: `us-east-1` → `use1-az1` …, `us-gov-west-1` → `usgw1-az1`. */
export function awsAvailabilityZoneIds(region: string): string[] {
    const parts = region.split("-");
    const number = parts[parts.length - 1];
    let code = parts[0];
    for (const word of parts.slice(1, -1)) code += word === "gov" ? "g" : (ZONE_ID_DIRECTION[word] ?? word[0]);
    return awsAvailabilityZones(region).map((_, i) => `${code}${number}-az${i + 1}`);
}

export function awsDnsSuffix(partition: string): string {
    return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

export function awsPartitionOf(place: Place): string | undefined {
    return place.region ? partitionOfRegion(place.region) : undefined;
}

/** A host name in a service's regional endpoint: `<label>.<service>.<region>.amazonaws.com`. */
export function awsHost(place: Place, label: string, service: string): string | undefined {
    const partition = awsPartitionOf(place);
    if (!place.region || !partition) return undefined;
    return `${dnsLabel(label)}.${service}.${place.region}.${awsDnsSuffix(partition)}`;
}

/** AWS ARN services whose module name differs (`cloudwatch` log groups are `logs`), by module then type. */
const ARN_SERVICE: Record<string, string | Record<string, string>> = {
    ebs: "ec2",
    efs: "elasticfilesystem",
    docdb: "rds",
    neptune: "rds",
    opensearch: "es",
    elasticsearch: "es",
    msk: "kafka",
    keyspaces: "cassandra",
    sfn: "states",
    alb: "elasticloadbalancing",
    lb: "elasticloadbalancing",
    elb: "elasticloadbalancing",
    cognito: "cognito-idp",
    apigatewayv2: "apigateway",
    ec2transitgateway: "ec2",
    vpc: "ec2",
    cloudwatch: {
        LogGroup: "logs",
        LogStream: "logs",
        LogResourcePolicy: "logs",
        LogSubscriptionFilter: "logs",
        LogMetricFilter: "logs",
        EventRule: "events",
        EventBus: "events",
        EventTarget: "events",
        EventArchive: "events",
        EventConnection: "events",
        EventApiDestination: "events",
    },
    kinesis: { FirehoseDeliveryStream: "firehose", AnalyticsApplication: "kinesisanalytics" },
};

export function awsServiceOf(module: string, typeName: string): string {
    const entry = ARN_SERVICE[module];
    if (typeof entry === "string") return entry;
    return entry?.[typeName] ?? module;
}

/**
 * `arn:<partition>:<service>:<region>:<account>:<resource>`; undefined when the place is not known. Scope: both
 * parts (regional), no region (global: IAM, CloudFront), neither (bare: S3 buckets, Route 53), no account (API Gateway).
 */
export type ArnScope = "regional" | "global" | "bare" | "no-account";

export function awsArn(place: Place, service: string, resource: string, scope: ArnScope = "regional"): string | undefined {
    const partition = awsPartitionOf(place);
    if (!partition || !place.region) return undefined;
    const region = scope === "regional" || scope === "no-account" ? place.region : "";
    const account = scope === "bare" || scope === "no-account" ? "" : place.account;
    return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

/** EC2-style ids by type (`vpc-0a1b…`): the type's name, without `Default`, to the id's prefix. */
const AWS_ID_PREFIX: Record<string, string> = {
    Vpc: "vpc",
    Subnet: "subnet",
    SecurityGroup: "sg",
    Instance: "i",
    InternetGateway: "igw",
    EgressOnlyInternetGateway: "eigw",
    NatGateway: "nat",
    RouteTable: "rtb",
    Eip: "eipalloc",
    NetworkInterface: "eni",
    LaunchTemplate: "lt",
    VpcEndpoint: "vpce",
    NetworkAcl: "acl",
    TransitGateway: "tgw",
    VpcPeeringConnection: "pcx",
    VpcDhcpOptions: "dopt",
    CustomerGateway: "cgw",
    VpnGateway: "vgw",
    VpnConnection: "vpn",
    FlowLog: "fl",
    ManagedPrefixList: "pl",
    SecurityGroupRule: "sgr",
    SecurityGroupIngressRule: "sgr",
    SecurityGroupEgressRule: "sgr",
    Ami: "ami",
    AmiCopy: "ami",
    AmiFromInstance: "ami",
    Volume: "vol",
    Snapshot: "snap",
    SnapshotCopy: "snap",
    FileSystem: "fs",
    AccessPoint: "fsap",
    MountTarget: "fsmt",
};

const AWS_ID_PREFIX_MODULES = new Set(["ec2", "ebs", "efs", "vpc", "ec2transitgateway"]);

/** The prefix of an EC2-style id for a type, or undefined when the type's id is not of that form. */
export function awsIdPrefix(module: string, typeName: string): string | undefined {
    if (!AWS_ID_PREFIX_MODULES.has(module)) return undefined;
    return AWS_ID_PREFIX[typeName.replace(/^Default/, "")];
}

/** `vpcId` → `vpc`, `securityGroupIds` → `sg`: the id prefix a property named after a type carries. */
export function awsIdPrefixOfProperty(words: string[]): string | undefined {
    const base = words
        .slice(0, -1)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join("");
    if (base === "Image" || base === "Ami") return "ami";
    if (base === "Allocation") return "eipalloc";
    return AWS_ID_PREFIX[base];
}

export const awsEc2Id = (prefix: string, seed: string) => `${prefix}-${derived(seed, 17)}`;

// ---------------------------------------------------------------- OCI

/** OCI regions whose OCIDs carry the region key (`iad`) rather than the name (the oldest regions). */
const OCI_KEYED_REGIONS: Record<string, string> = { "us-ashburn-1": "iad", "us-phoenix-1": "phx" };
/** Regions with three availability domains; the others have one. */
const OCI_THREE_AD_REGIONS = new Set(["us-ashburn-1", "us-phoenix-1", "uk-london-1", "eu-frankfurt-1"]);

export function ociRealm(region: string | undefined): string {
    if (region === "us-langley-1" || region === "us-luke-1") return "oc2";
    if (region?.startsWith("us-gov-")) return "oc3";
    if (region?.startsWith("uk-gov-")) return "oc4";
    return "oc1";
}

/** `ocid1.<kind>.<realm>.<region>.<unique>`; a global kind has an empty region part. Undefined when a regional one's region is not known. */
export function ocid(kind: string, place: Place, seed: string, global: boolean): string | undefined {
    if (!global && !place.region) return undefined;
    const regionPart = global ? "" : (OCI_KEYED_REGIONS[place.region!] ?? place.region!);
    return `ocid1.${kind}.${ociRealm(place.region)}.${regionPart}.aaaaaaaa${derived(seed, 52, "abcdefghijklmnopqrstuvwxyz234567")}`;
}

/** Kinds that belong to the tenancy, not a region (their OCIDs have an empty region part). */
const OCI_GLOBAL_KINDS = new Set([
    "tenancy",
    "compartment",
    "user",
    "group",
    "policy",
    "dynamicgroup",
    "tagnamespace",
    "tagdefinition",
    "tagdefault",
    "authenticationpolicy",
    "identityprovider",
    "networksource",
    "dns-zone",
]);

export function ociKindOf(module: string, typeName: string): { kind: string; global: boolean } {
    const kind = ociKind(module, typeName);
    return { kind, global: module === "Identity" || OCI_GLOBAL_KINDS.has(kind) };
}

/** `compartmentId` → compartment, `kmsKeyId` → key, `vcnId` → vcn. */
export function ociKindOfProperty(words: string[]): { kind: string; global: boolean } {
    let base = words.slice(0, -1).join("");
    if (base === "kmskey" || base === "masterencryptionkey" || base === "encryptionkey") base = "key";
    if (base === "tenancy" || base === "tenant") base = "tenancy";
    // A VCN's default route table, security list and DHCP options are OCIDs of those kinds (`ocid1.routetable`).
    if (/^default(?:routetable|securitylist|dhcpoptions)$/.test(base)) base = base.slice("default".length);
    return { kind: base || "resource", global: OCI_GLOBAL_KINDS.has(base) };
}

/** Availability domains of a region (`Abcd:US-ASHBURN-AD-1`, `Abcd:PHX-AD-1`), with a tenancy-specific prefix. */
export function ociAvailabilityDomains(place: Place): string[] | undefined {
    if (!place.region) return undefined;
    const prefix = derived(`ad-prefix\0${place.tenancy ?? ""}`, 4, LETTERS);
    const name = place.region === "us-phoenix-1" ? "PHX" : place.region === "us-ashburn-1" ? "US-ASHBURN" : place.region.toUpperCase();
    const n = OCI_THREE_AD_REGIONS.has(place.region) ? 3 : 1;
    return Array.from({ length: n }, (_, i) => `${prefix}:${name}-AD-${i + 1}`);
}

/** A host in an OCI service's regional endpoint: `<label>.<service>.<region>.oci.oraclecloud.com`. */
export function ociHost(place: Place, label: string, service: string): string | undefined {
    if (!place.region) return undefined;
    return `${dnsLabel(label)}.${service}.${place.region}.oci.oraclecloud.com`;
}
