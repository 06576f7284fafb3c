/**
 * Every place a resource's inputs name, resolved once: a resource of this stack (judged by where it is), a
 * cloud location, a destination outside the stack (which only an approved external destination may receive),
 * something that is not a place at all (an IAM identity), or a place the pack cannot determine (a violation).
 *
 * What counts as naming a place, whatever the key that holds the value (a description, a name or an
 * environment variable exempts nothing): URLs of any scheme (`https://`, `s3://`, `oci://bucket@ns/`...),
 * bare hostnames, email addresses and phone numbers given as whole values, ARNs and OCIDs, availability
 * zones and zone ids, bucket names under a bucket key, names and ids of the stack's resources, and all of
 * these inside JSON documents. Values unknown at preview name what their property depends on.
 */
import { arnResourceOf, modulesOfArnService, parseArn } from "./arn";
import type { ModelResource, ResourceIndex } from "./graph";
import { bareHost, emailDomain, isIpAddress, parseUrl, phoneUri, URL_IN_TEXT } from "./hosts";
import { type Location, makeLocation, resolveLocation } from "./location";
import { ociKindOfType } from "./ociKinds";
import { plainOf, PRINCIPAL_KEYS } from "./propertyWalk";
import { knownRegions, normalizeRegion } from "./regions";
import { isUnknownSentinel } from "./unknown";

export type Place =
    | { kind: "resources"; resources: ModelResource[] }
    | { kind: "location"; location: Location }
    /** `note`: why a place that names a region is outside the stack all the same. */
    | { kind: "external"; uri: string; note?: string; passedOnFrom?: PassedOnFrom }
    /** `host`: a cloud host whose region the pack cannot read; an approved external destination may still place it. */
    | { kind: "unknown"; reason: string; host?: string }
    | { kind: "nowhere" };

/**
 * What a value outside the stack's names (an OCID, a store's host) would be if the program passed it on from a
 * resource of the stack, which the analyzer, sent no resource's id and only some of their own addresses, cannot match
 * it to: a resource of that OCID kind, or of a module of that host's service, in that location. `store`: the OCID or
 * the host, however the value wrote it.
 */
export type PassedOnFrom = { store: string; location: Location } & ({ ociKind: string } | { awsModules: readonly string[] });

/** One value that names a place: where it is written, what was written, what shape it has, and the place. */
export interface NamedPlace {
    path: string;
    literal: string;
    what: string;
    place: Place;
}

/** ARN services whose resources are identities (IAM, certificates) or service integrations, never a place data is sent to. */
const IDENTITY_ARN_SERVICES = new Set(["iam", "sts", "organizations", "sso", "identitystore", "identity-sync", "acm", "acm-pca"]);
/** Global DNS: hosted zones and health checks hold names and probe results; where a name leads is read from its records. */
const DNS_ARN_SERVICES = new Set(["route53"]);
/** OCID types that name identities and containers (compartments, groups, policies): they hold no data. */
const IDENTITY_OCID_TYPES = new Set([
    "tenancy",
    "compartment",
    "user",
    "group",
    "dynamicgroup",
    "policy",
    "tagnamespace",
    "tagdefinition",
    "tagdefault",
    "identityprovider",
    "saml2idp",
    "domain",
    "credential",
    "apikey",
    "authenticationpolicy",
    // Network attachment points: OCI attaches a resource only to one in its own region, and they hold no data.
    "subnet",
    "vcn",
    "networksecuritygroup",
    "securitylist",
    "routetable",
    "dhcpoptions",
]);

/** OCID types that data is read from, never sent to (a boot image): outside the stack they are placed by their region. */
const SOURCE_ONLY_OCID_TYPES = new Set(["image"]);
/** The top-level property of a value's path (`routeRules` of `routeRules[0].networkEntityId`). */
const topProperty = (path: string) => path.split(/[.[<]/)[0];

/** Whether each of `wants` can be given one member of its own set, none shared (a bipartite matching, by augmenting paths). */
function eachGetsOwn<T>(wants: Set<T>[]): boolean {
    const holder = new Map<T, number>();
    const tryGive = (i: number, seen: Set<T>): boolean => {
        for (const x of wants[i]) {
            if (seen.has(x)) continue;
            seen.add(x);
            const other = holder.get(x);
            if (other === undefined || tryGive(other, seen)) {
                holder.set(x, i);
                return true;
            }
        }
        return false;
    };
    return wants.every((_, i) => tryGive(i, new Set()));
}

/** Keys whose value is the name of an S3 or OCI bucket (a bucket name alone has no region: outside the stack it is external). */
const BUCKET_KEY = /^(?:s3|os|oss)?(?:target|destination|output|log|logs|artifact|artifacts|results?|export|delivery|archive)?_?bucket(?:_?name)?$/i;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.\-_]{1,62}$/;

/** AWS availability zone ids (`use1-az4`): the prefix names the region. */
const AZ_ID_PREFIX: Record<string, string> = {
    use1: "us-east-1",
    use2: "us-east-2",
    usw1: "us-west-1",
    usw2: "us-west-2",
    usge1: "us-gov-east-1",
    usgw1: "us-gov-west-1",
    cac1: "ca-central-1",
    caw1: "ca-west-1",
    mxc1: "mx-central-1",
    sae1: "sa-east-1",
    euc1: "eu-central-1",
    euc2: "eu-central-2",
    euw1: "eu-west-1",
    euw2: "eu-west-2",
    euw3: "eu-west-3",
    eus1: "eu-south-1",
    eus2: "eu-south-2",
    eun1: "eu-north-1",
    ilc1: "il-central-1",
    mes1: "me-south-1",
    mec1: "me-central-1",
    afs1: "af-south-1",
    ape1: "ap-east-1",
    ape2: "ap-east-2",
    aps1: "ap-south-1",
    aps2: "ap-south-2",
    apne1: "ap-northeast-1",
    apne2: "ap-northeast-2",
    apne3: "ap-northeast-3",
    apse1: "ap-southeast-1",
    apse2: "ap-southeast-2",
    apse3: "ap-southeast-3",
    apse4: "ap-southeast-4",
    apse5: "ap-southeast-5",
    apse6: "ap-southeast-6",
    apse7: "ap-southeast-7",
    cnn1: "cn-north-1",
    cnnw1: "cn-northwest-1",
};
const AWS_REGION_ALT = knownRegions("aws")
    .map((r) => r.replace(/-/g, "\\-"))
    .join("|");
/** `us-east-1a` (a zone of the region), `us-west-2-lax-1a` (a Local Zone), `us-east-1-wl1-bos-wlz-1` (a Wavelength Zone). */
const AZ_NAME = new RegExp(`^(${AWS_REGION_ALT})([a-z])$`);
const EDGE_ZONE = new RegExp(`^(${AWS_REGION_ALT})-(?:[a-z]{3}-\\d[a-z]|wl\\d-[a-z]{3}-wlz-\\d+)$`);
const AZ_ID = /^([a-z]{3,5}\d)-(az\d{1,2}|[a-z]{3}\d-az\d|wl\d-[a-z]{3}-wlz\d?-?\d*)$/;
/** Cheap test before the zone patterns: `us-east-1a`, `us-west-2-lax-1a`, `use1-az4`. */
const ZONE_SHAPE = /^(?:[a-z]{2}-[a-z]+-\d|[a-z]{3,5}\d-)/i;

const AMAZON_HOST = /(?:^|\.)(?:amazonaws\.com(?:\.cn)?|api\.aws|on\.aws|amazonaws-us-gov\.com)$/;
const ORACLE_HOST = /(?:^|\.)(?:oraclecloud\.com|oci\.customer-oci\.com|oraclecloud\d*\.com|oci\.oraclecloud\.com)$/;
const EDGE_HOST = /(?:^|\.)(?:cloudfront\.net|awsglobalaccelerator\.com)$/;
const AWS_REGION_GLUED = new RegExp(`^([a-z0-9-]+?)-(${AWS_REGION_ALT})$`);
/**
 * The AWS services whose hosts lead to where what is sent to them is kept, in the region the host names: stores and
 * the APIs that read and write them (and STS, whose calls are kept only in that region's trail). Their regional
 * endpoints are placed in that region; a customer's host under one (a database's) is one store, outside the stack
 * unless passed on from a resource of the stack (`PassedOnFrom`). A host of any other
 * AWS service (an API Gateway stage, a Lambda function URL, an AppSync API, a load balancer, an IoT endpoint, SNS,
 * SES, EventBridge, Firehose, Step Functions, an EC2 instance, a VPC endpoint...) answers in its region but may pass
 * what it is sent on to any region: outside the stack it is an external destination, which the policy config must
 * approve. A store missing here is a false alarm, never a pass.
 */
const AWS_STORE_SERVICES = new Set([
    "s3",
    "s3-accesspoint",
    "s3express",
    "dynamodb",
    "sqs",
    "kinesis",
    "logs",
    "monitoring",
    "xray",
    "rds",
    "rds-data",
    "es",
    "aoss",
    "docdb",
    "docdb-elastic",
    "neptune",
    "neptune-graph",
    "redshift",
    "redshift-serverless",
    "redshift-data",
    "dax-clusters",
    "memorydb",
    "efs",
    "fsx",
    "ecr",
    "glacier",
    "backup",
    "timestream",
    "cassandra",
    "qldb",
    "kafka",
    "mq",
    "cloudsearch",
    "secretsmanager",
    "ssm",
    "kms",
    "sts",
]);
/**
 * The same for ARNs of resources outside the stack, by the service an ARN names: a pattern of stores' ARNs (`table/*`)
 * is placed in its region, and one store's exact ARN is a store outside the stack; any other (an SNS topic, a Lambda
 * function, an EventBridge bus, a Firehose stream, a state machine, a CloudWatch Logs destination, a DMS endpoint of
 * another account) may pass what it is sent on. Either is an external destination an approval must name by its exact ARN.
 */
const AWS_STORE_ARN_SERVICES = new Set([
    "s3",
    "s3express",
    "dynamodb",
    "sqs",
    "kinesis",
    "logs",
    "cloudwatch",
    "xray",
    "rds",
    "rds-db",
    "es",
    "aoss",
    "elasticfilesystem",
    "fsx",
    "redshift",
    "redshift-serverless",
    "memorydb",
    "dax",
    "cassandra",
    "timestream",
    "qldb",
    "kafka",
    "mq",
    "ecr",
    "glacier",
    "backup",
    "secretsmanager",
    "ssm",
    "kms",
    "glue",
    "elasticache",
    "cognito-idp",
    "codecommit",
]);
const AWS_ARN_FORWARDS = "the ARN of a resource outside this stack that may pass on what it is sent to any region";
const AWS_FORWARDS = "an AWS host of a service that may pass on what it is sent to any region";
/**
 * Why a store outside the stack is external even in an approved region: the stack that owns it (or another account)
 * decides what class it is labelled, who may read it and where it copies what it keeps, and no policy here sees that.
 */
const storeOutside = (location: Location) =>
    `a store outside this stack, in ${location}: the stack or account that owns it decides its data class, who may read it and where it copies what it keeps`;

/** The service and region an AWS host names (`sqs.us-east-1`, `db.x.us-east-1.rds`, `s3-us-west-2`, `acct.dkr.ecr.us-east-1`). */
function awsServiceOf(host: string): { service: string; region: string } | undefined {
    const labels = host
        .replace(AMAZON_HOST, "")
        .split(".")
        .filter((l) => l !== "dualstack");
    for (let i = 0; i < labels.length; i++) {
        const glued = AWS_REGION_GLUED.exec(labels[i]);
        const region = glued ? glued[2] : labels[i];
        if (!region.includes("-") || !normalizeRegion("aws", region).ok) continue;
        // `<service>.<region>` (a regional endpoint, or a customer's host under it) or `<customer>.<region>.<service>`.
        const service = glued ? glued[1] : i === labels.length - 1 ? labels[i - 1] : labels[i + 1];
        return { service: (service ?? "").replace(/-fips$/, "").replace(/^s3express-.*$/, "s3express"), region };
    }
    return undefined;
}

/**
 * The store services whose hosts name one customer's store (a database's, a domain's, a registry's), by the label
 * the host names the service with, and the provider modules of such stores: the modules of the ARN service of that
 * name (`arn.ts`), but where the host's label is not the ARN service's. A service missing here makes such a host
 * passed on from the stack a false alarm, never a pass.
 */
const HOST_SERVICE_MODULES: Readonly<Record<string, readonly string[]>> = {
    ...Object.fromEntries(
        ["rds", "docdb", "neptune", "es", "aoss", "ecr", "efs", "fsx", "redshift", "redshift-serverless", "kafka", "memorydb", "mq", "s3express"].map(
            (service) => [service, modulesOfArnService(service)],
        ),
    ),
    "dax-clusters": modulesOfArnService("dax"),
    // An access point's host; S3 Control's types hold its policy.
    "s3-accesspoint": [...modulesOfArnService("s3"), "s3control"],
};

/** `dynamodb.us-east-1.amazonaws.com`, `s3-fips.dualstack...`, `s3-us-west-2...`: the service's own endpoint, not a customer's host under it. */
function isServiceEndpoint(host: string, service: string): boolean {
    const first = host.replace(AMAZON_HOST, "").split(".")[0];
    return first === service || first.startsWith(`${service}-`);
}

const unknownArnRegion = (region: string): Place => ({ kind: "unknown", reason: `the ARN region '${region.slice(0, 32)}' is not a region this pack knows` });

const API_GATEWAY_INTEGRATION = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):(?:([a-z0-9.-]+)\.)?([a-z0-9-]+):(path|action)\/(.*)$/;
const DNS_RECORD_TYPES = new Set(["aws:route53/record:Record", "oci:Dns/rrset:Rrset", "oci:Dns/record:Record"]);
const S3_BUCKET_TYPES = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:s3/directoryBucket:DirectoryBucket"]);
const OCI_BUCKET_TYPES = new Set(["oci:ObjectStorage/bucket:Bucket"]);
const QUEUE_TYPES = new Set(["aws:sqs/queue:Queue"]);

const MAX_JSON = 200_000;
/** Values of one JSON document the pack reads. */
const JSON_VALUES = 5_000;

/** A special scheme (WHATWG) not followed by `//`: `https:host`, `https:/host`, `https:\\host`. */
const SLASHLESS_URL = /^(https?|wss?|ftp):(?!\/\/)(?=[/\\]*[A-Za-z0-9[])/i;
const SLASHLESS_URL_IN_TEXT = /(?<![A-Za-z0-9+.-])(?:https?|wss?|ftp):(?!\/\/)[/\\]*[A-Za-z0-9[][^\s"'<>`{}|^]*/gi;

const BACKSLASH_HOST = (text: string) =>
    `'${text.slice(0, 120)}' has a backslash in its host part, which URL parsers read differently (one ends the host there, another reads on to an '@'): write the URL with '/' only`;

function regionIn(host: string): { cloud: "aws" | "oci"; region: string } | undefined {
    for (const part of host.split(/[.]/)) {
        for (const cloud of ["aws", "oci"] as const) {
            // `s3-us-west-2`, `dualstack.us-east-1`: a region may be glued to a service name by a hyphen.
            for (const candidate of [part, part.replace(/^[a-z0-9]+-(?=[a-z]{2}-)/, "")]) {
                const r = normalizeRegion(cloud, candidate);
                if (r.ok && candidate.includes("-")) return { cloud, region: r.region };
            }
        }
    }
    return undefined;
}

/** The place a zone or zone id names, when `value` is one. */
export function zonePlace(value: string): Place | undefined {
    const v = value.trim().toLowerCase();
    const az = AZ_NAME.exec(v);
    if (az) return { kind: "location", location: makeLocation("aws", az[1]) };
    if (EDGE_ZONE.test(v)) {
        return {
            kind: "unknown",
            reason: `'${value.slice(0, 64)}' is a Local or Wavelength Zone: its data is kept in another city than its parent region's, and the pack cannot place it`,
        };
    }
    const id = AZ_ID.exec(v);
    if (id) {
        const region = AZ_ID_PREFIX[id[1]];
        if (!region) return { kind: "unknown", reason: `'${value.slice(0, 64)}' is a zone id of a region this pack does not know` };
        if (/^az\d+$/.test(id[2])) return { kind: "location", location: makeLocation("aws", region) };
        return { kind: "unknown", reason: `'${value.slice(0, 64)}' is the id of a Local or Wavelength Zone of ${region}: the pack cannot place it` };
    }
    return undefined;
}

export class Destinations {
    constructor(private readonly index: ResourceIndex) {}

    private resources(found: ModelResource[], self: ModelResource): Place | undefined {
        const others = found.filter((x) => x !== self);
        if (found.length > 0 && others.length === 0) return { kind: "nowhere" };
        return others.length > 0 ? { kind: "resources", resources: others } : undefined;
    }

    /** An IP address: the resource of the stack whose own address it is (an instance's public IP), else outside the stack. */
    private ip(address: string, self: ModelResource): Place {
        return this.resources(this.index.matchAddress(address), self) ?? { kind: "external", uri: address };
    }

    /** A bucket by name: the stack's bucket of that name, else a bucket outside the stack. */
    bucket(name: string, scheme: "s3" | "oci", self: ModelResource, rest = ""): Place {
        const types = scheme === "s3" ? S3_BUCKET_TYPES : OCI_BUCKET_TYPES;
        const found = this.resources(this.index.matchPlace(name, types), self);
        if (found) return found;
        return { kind: "external", uri: `${scheme}://${name}${rest}` };
    }

    /** Where a host is: a resource of the stack, a cloud region, the edge, or outside (external). */
    host(host: string, self: ModelResource, path = "", depth = 0): Place {
        const byAddress = this.resources(this.index.matchAddress(host), self);
        if (byAddress) return byAddress;
        const byName = this.index.matchPlace(host);
        if (byName.length > 0) {
            const found = this.viaRecords(byName, self, depth);
            if (found) return found;
        }
        if (EDGE_HOST.test(host)) return { kind: "unknown", reason: `'${host}' is served from edge locations worldwide`, host };
        if (AMAZON_HOST.test(host)) {
            // A bucket named in the host (bucket.s3.amazonaws.com, bucket.s3.<region>.amazonaws.com,
            // bucket.s3-<region>.amazonaws.com, its website endpoint) or in a path-style URL's path is where that
            // bucket is: the stack's, or one outside it, whatever region the host names (S3 redirects a request to
            // the bucket's own region, and the SDKs follow). An access point's or S3 Control's host is in its region.
            const s3 = /^(.+?)\.s3(?!-(?:accesspoint|object-lambda|control|outposts)\b)(?:[.-]|\.dualstack\.)/.exec(host);
            if (s3 && !/^s3[.-]/.test(host)) return this.bucket(s3[1], "s3", self, path);
            const directory = /^(.+--x-s3)\.s3express-/.exec(host);
            if (directory) return this.bucket(directory[1], "s3", self, path);
            if (/^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com/.test(host) && path) {
                const [, bucket, ...key] = path.split("/");
                if (bucket) return this.bucket(bucket, "s3", self, key.length > 0 ? `/${key.join("/")}` : "");
            }
            if (/^sqs\./.test(host) && path) {
                const name = path.split("/")[2];
                const found = name ? this.resources(this.index.matchPlace(name, QUEUE_TYPES), self) : undefined;
                if (found) return found;
            }
            const at = awsServiceOf(host);
            if (at) {
                if (!AWS_STORE_SERVICES.has(at.service)) return { kind: "external", uri: host, note: AWS_FORWARDS };
                const location = makeLocation("aws", at.region);
                // A queue outside the stack, named in its URL's path, is a store outside it.
                if (at.service === "sqs" && path.split("/")[2]) return { kind: "external", uri: host, note: storeOutside(location) };
                // A regional endpoint names only a region (what it writes to is named elsewhere: a table's ARN in a
                // grant); a customer's host under it (a database's, a domain's, a registry's) is one store.
                if (isServiceEndpoint(host, at.service)) return { kind: "location", location };
                const awsModules = HOST_SERVICE_MODULES[at.service] ?? [];
                return { kind: "external", uri: host, note: storeOutside(location), passedOnFrom: { store: host, location, awsModules } };
            }
            // A service principal or global endpoint (`lambda.amazonaws.com`, `s3.amazonaws.com` with no bucket in a
            // path): names a service, not where data is kept.
            if (/^[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/.test(host) && (host !== "s3.amazonaws.com" || !path.split("/")[1])) return { kind: "nowhere" };
            return { kind: "unknown", reason: `'${host}' is an AWS host that names no region`, host };
        }
        if (ORACLE_HOST.test(host)) {
            // An Object Storage URL, a pre-authenticated request's included, names its bucket: the stack's, or one outside it.
            const objects = /^objectstorage\./.test(host) ? /^(?:\/p\/[^/]+)?\/n\/([^/]+)\/b\/([^/]+)(\/.*)?$/.exec(path) : null;
            if (objects) {
                const [, namespace, bucket, rest = ""] = objects;
                const found = this.resources(this.index.matchPlace(bucket, OCI_BUCKET_TYPES), self);
                return found ?? { kind: "external", uri: `oci://${bucket}@${namespace}${rest}` };
            }
            const at = regionIn(host);
            if (at) return { kind: "location", location: makeLocation(at.cloud, at.region) };
            return { kind: "unknown", reason: `'${host}' is an OCI host that names no region`, host };
        }
        return { kind: "external", uri: host };
    }

    /** A host defined by a DNS record of the stack leads where the record points. */
    private viaRecords(found: ModelResource[], self: ModelResource, depth: number): Place | undefined {
        const records = found.filter((r) => DNS_RECORD_TYPES.has(r.type));
        const direct = found.filter((r) => !DNS_RECORD_TYPES.has(r.type));
        const targets: ModelResource[] = [...direct];
        for (const rec of records) {
            if (depth > 3) return { kind: "unknown", reason: `'${rec.name}' leads through too many records` };
            let any = false;
            const add = (t: ModelResource) => {
                if (targets.includes(t)) return;
                targets.push(t);
                any = true;
            };
            for (const deps of Object.values(rec.propertyDependencies ?? {})) {
                for (const d of deps) {
                    const x = this.index.byUrn.get(d.urn);
                    if (x) for (const t of this.index.expand(x)) add(t);
                }
            }
            const values = plainOf(rec.props) as Record<string, unknown> | undefined;
            for (const key of ["records", "items"]) {
                const list = values && Array.isArray(values[key]) ? (values[key] as unknown[]) : [];
                for (const item of list) {
                    const text = typeof item === "string" ? item : typeof item === "object" && item ? (item as Record<string, unknown>).rdata : undefined;
                    if (typeof text !== "string" || isUnknownSentinel(text)) continue;
                    const h = bareHost(text);
                    if (!h) continue;
                    const p: Place = isIpAddress(h) ? this.ip(h, self) : this.host(h, self, "", depth + 1);
                    if (p.kind === "resources") p.resources.forEach(add);
                    else if (p.kind !== "nowhere") return p;
                }
            }
            if (!any) return { kind: "unknown", reason: `record '${rec.name}' points at nothing the pack can follow` };
        }
        return this.resources(targets, self);
    }

    /**
     * `https:host/path`, `https:/host`, `https:\\host`: WHATWG URL parsers (Node's `fetch`) read a special scheme
     * followed by any slashes or backslashes, or none, as `https://host`; so does the pack.
     */
    slashlessUrl(text: string, self: ModelResource): Place | undefined {
        const m = SLASHLESS_URL.exec(text);
        if (!m) return undefined;
        const rest = text.slice(m[0].length).replace(/^[/\\]+/, "");
        // `HTTP:80/health` (a health check's protocol and port) names a port, not a host.
        if (/^\d+(?:[/?#]|$)/.test(rest)) return undefined;
        if (/^[^/?#]*\\/.test(rest) || /^[/\\]*\\/.test(text.slice(m[0].length))) return { kind: "unknown", reason: BACKSLASH_HOST(text) };
        return this.url(`${m[1].toLowerCase()}://${rest}`, self);
    }

    url(text: string, self: ModelResource): Place | undefined {
        const u = parseUrl(text);
        if (!u) return undefined;
        // A backslash before the path: WHATWG parsers (Node's fetch) end the host there, others read on to an '@' and
        // take what follows as the host; the pack cannot tell which host the code will reach.
        if (/^[^:]*:\/\/[^/?#]*\\/.test(text)) return { kind: "unknown", reason: BACKSLASH_HOST(text) };
        if (u.scheme === "s3" || u.scheme === "s3a" || u.scheme === "s3n") {
            if (!u.host) return { kind: "unknown", reason: `'${text.slice(0, 120)}' names no bucket` };
            return this.bucket(u.host, "s3", self, u.path);
        }
        if (u.scheme === "oci") {
            const [bucket] = u.host.split("@");
            if (!bucket) return { kind: "unknown", reason: `'${text.slice(0, 120)}' names no bucket` };
            const found = this.resources(this.index.matchPlace(bucket, OCI_BUCKET_TYPES), self);
            return found ?? { kind: "external", uri: `oci://${u.host}${u.path}` };
        }
        if (!u.host) return u.scheme === "file" ? { kind: "nowhere" } : { kind: "unknown", reason: `'${text.slice(0, 120)}' names no host` };
        const place = this.host(u.host, self, u.path);
        // A bucket outside the stack keeps its `s3://` or `oci://` name, which an approval names it by, whatever URL named it.
        if (place.kind !== "external" || place.uri.startsWith("s3://") || place.uri.startsWith("oci://")) return place;
        return { ...place, uri: `${u.scheme}://${u.host}${u.path}` };
    }

    arn(text: string, self: ModelResource): Place | undefined {
        const found = this.resources(this.index.matchPlace(text), self);
        if (found) return found;
        const integration = this.apiGatewayIntegration(text, self);
        if (integration) return integration;
        const arn = parseArn(text);
        if (!arn) return undefined;
        if (IDENTITY_ARN_SERVICES.has(arn.service) || (DNS_ARN_SERVICES.has(arn.service) && /^(hostedzone|healthcheck)\//.test(arn.resource)))
            return { kind: "nowhere" };
        // Service integrations of Step Functions and EventBridge Scheduler (arn:aws:states:::sqs:sendMessage) name an API, not a resource.
        if (
            (arn.service === "states" || arn.service === "scheduler") &&
            arn.region === "" &&
            !/^(stateMachine|execution|activity|schedule)[:/]/.test(arn.resource)
        )
            return { kind: "nowhere" };
        if (arn.region) {
            if (arn.region.includes("*")) return { kind: "unknown", reason: `'${text.slice(0, 120)}' names any region` };
            const r = normalizeRegion("aws", arn.region);
            if (!r.ok) return unknownArnRegion(arn.region);
            // A Logs destination passes what it is sent on to a stream of any account and region.
            if (!AWS_STORE_ARN_SERVICES.has(arn.service) || /^destination:/.test(arn.resource)) return { kind: "external", uri: text, note: AWS_ARN_FORWARDS };
            const location = makeLocation("aws", r.region);
            // A pattern (a grant's `table/*`, a backup selection's) is judged by its region; one store is that store.
            return text.includes("*") ? { kind: "location", location } : { kind: "external", uri: text, note: storeOutside(location) };
        }
        if (arn.service === "s3") {
            const { id } = arnResourceOf(arn);
            if (id.includes("*")) return { kind: "unknown", reason: `'${text.slice(0, 120)}' names any bucket, in this stack or not` };
            return this.bucket(id, "s3", self);
        }
        return { kind: "unknown", reason: `'${text.slice(0, 120)}' is outside this stack and carries no region` };
    }

    /**
     * An API Gateway integration's target, `arn:aws:apigateway:<region>:[<subdomain>.]<service>:path|action/...`, is
     * what its path names, not API Gateway's region: the function of a Lambda integration (its ARN inside), the bucket
     * of an S3 integration (`s3:path/<bucket>/<key>` or `<bucket>.s3:path/<key>`), the queue of an SQS one; any other
     * store's API is in the region; any other service's (`events:action/PutEvents`) acts on what the request template
     * names: external, approved by its exact ARN.
     */
    private apiGatewayIntegration(text: string, self: ModelResource): Place | undefined {
        const m = API_GATEWAY_INTEGRATION.exec(text);
        if (!m) return undefined;
        const [, region, subdomain, service, form, rest] = m;
        const inner = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d*:[^/\s"']+/.exec(rest);
        if (inner) return this.arn(inner[0], self);
        if (service === "s3" && form === "path") {
            const [bucket, ...key] = subdomain ? [subdomain, ...rest.split("/")] : rest.split("/");
            if (bucket) return this.bucket(bucket, "s3", self, key.length > 0 ? `/${key.join("/")}` : "");
        }
        if (service === "sqs" && form === "path") {
            const queue = rest.split("/")[1];
            const found = queue ? this.resources(this.index.matchPlace(queue, QUEUE_TYPES), self) : undefined;
            if (found) return found;
        }
        const r = normalizeRegion("aws", region);
        if (!r.ok) return unknownArnRegion(region);
        if (AWS_STORE_SERVICES.has(service)) return { kind: "location", location: makeLocation("aws", r.region) };
        return {
            kind: "external",
            uri: text,
            note: `API Gateway calls ${service}'s API with what it receives, and which ${service} resource is named in the integration's request template, which the pack does not read`,
        };
    }

    /**
     * An OCID outside the stack's names (the stack's own are matched by name and address first): an identity, a network
     * or an image is placed by its region; anything else is outside the stack unless it was passed on from a resource
     * of the stack of its kind (`settlePassedOn`: an OCID is a resource's id, which the analyzer is not sent).
     */
    ocid(text: string): Place | undefined {
        const m = /^ocid1\.([a-z0-9_-]+)\.([a-z0-9_-]+)\.([a-z0-9_-]*)\./i.exec(text);
        if (!m) return undefined;
        const type = m[1].toLowerCase();
        if (IDENTITY_OCID_TYPES.has(type) && !m[3]) return { kind: "nowhere" };
        if (!m[3]) {
            return { kind: "unknown", reason: `the OCID '${text.slice(0, 80)}' is outside this stack and carries no region` };
        }
        const r = normalizeRegion("oci", m[3]);
        if (!r.ok) return { kind: "unknown", reason: `the OCID region '${m[3].slice(0, 32)}' is not a region this pack knows` };
        const location = makeLocation("oci", r.region);
        if (IDENTITY_OCID_TYPES.has(type) || SOURCE_ONLY_OCID_TYPES.has(type)) return { kind: "location", location };
        return { kind: "external", uri: text, note: storeOutside(location), passedOnFrom: { store: text, location, ociKind: type } };
    }

    /** The resources of the stack (or children of one) `property` of `self` depends on that `from`'s value may come from. */
    private sourcesOf(self: ModelResource, property: string, from: PassedOnFrom): Set<ModelResource> {
        const fits = (r: ModelResource) => {
            const kindFits = "ociKind" in from ? ociKindOfType(r.type) === from.ociKind : from.awsModules.includes(r.type.split(/[:/]/)[1]);
            if (!kindFits) return false;
            const at = resolveLocation(r);
            return at.kind === "known" && at.location === from.location;
        };
        const out = new Set<ModelResource>();
        for (const { urn } of self.propertyDependencies?.[property] ?? []) {
            const dep = this.index.byUrn.get(urn);
            if (dep === undefined || dep.type.startsWith("pulumi:pulumi:")) continue;
            for (const r of this.index.expand(dep)) if (fits(r)) out.add(r);
        }
        return out;
    }

    /**
     * Settles the values of `found` (from index `start`) that say what they would be if passed on from a resource of
     * the stack: placed by their region only if each distinct such value of a top-level property can be given a
     * resource of its own among those the property depends on (of its kind, where it says). A property holding more
     * such values than that (a literal written beside one passed on, in a map, a list or a document) cannot tell which
     * is which: every one of them stays outside the stack. A stack reference's outputs are another stack's.
     */
    settlePassedOn(self: ModelResource, found: NamedPlace[], start = 0): void {
        const byProperty = new Map<string, Map<string, { sources: Set<ModelResource>; places: NamedPlace[] }>>();
        for (let i = start; i < found.length; i++) {
            const p = found[i];
            if (p.place.kind !== "external" || !p.place.passedOnFrom) continue;
            const property = topProperty(p.path);
            const values = byProperty.get(property) ?? new Map();
            byProperty.set(property, values);
            // One value per store named: the same host in two URLs is one.
            const { store } = p.place.passedOnFrom;
            const entry = values.get(store) ?? { sources: this.sourcesOf(self, property, p.place.passedOnFrom), places: [] };
            values.set(store, entry);
            entry.places.push(p);
        }
        for (const [property, values] of byProperty) {
            const candidates = [...values.values()].filter((v) => v.sources.size > 0);
            const each = eachGetsOwn(candidates.map((v) => v.sources));
            for (const v of candidates) {
                for (const p of v.places) {
                    const place = p.place as Extract<Place, { kind: "external" }>;
                    p.place = each
                        ? { kind: "location", location: place.passedOnFrom!.location }
                        : {
                              ...place,
                              note: `${place.note ?? storeOutside(place.passedOnFrom!.location)}; '${property}' holds ${candidates.length} such values and depends on fewer resources of this stack they may come from, so which of them is passed on cannot be told`,
                          };
                }
            }
        }
    }

    /**
     * The places one string names, appended to `out`. `key` is the property that holds it. Region names in
     * prose are the region-literal reader's (regionLiterals.ts); this reads every other shape.
     */
    inString(value: string, key: string, pathOf: () => string, self: ModelResource, out: NamedPlace[], depth = 0): void {
        if (value.length < 3 || isUnknownSentinel(value)) return;
        // A value that may be passed on from the stack is settled once every value of the resource is read (settlePassedOn).
        const push = (literal: string, what: string, named: Place | undefined) => {
            if (!named || named.kind === "nowhere") return;
            out.push({ path: pathOf(), literal: literal.slice(0, 200), what, place: named });
        };
        const first = value.charCodeAt(0);
        // JSON documents: every string inside is read the same way, with its own key.
        if ((first === 123 || first === 91) && value.length < MAX_JSON && depth < 3) {
            let doc: unknown;
            try {
                doc = JSON.parse(value);
            } catch {
                doc = undefined;
            }
            if (doc !== undefined && typeof doc === "object" && doc !== null) {
                this.inJson(doc, key, pathOf, self, out, depth + 1);
                return;
            }
        }
        // A whole value: a name or id of the stack, an ARN, an OCID, a URL, an email, a phone, a host, a zone.
        const stack = this.index.matchPlace(value);
        if (stack.length > 0) {
            push(value, "a name or id of a resource of this stack", this.resources(stack, self));
            if (!value.startsWith("arn:")) return;
        }
        if (value.startsWith("arn:")) {
            if (stack.length === 0) push(value, "an ARN", this.arn(value, self));
            return;
        }
        if (value.startsWith("ocid1.")) return push(value, "an OCID", this.ocid(value));
        if (value.indexOf("://") > 0 && /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/.test(value)) return push(value, "a URL", this.url(value, self));
        if (SLASHLESS_URL.test(value) && !/\s/.test(value)) return push(value, "a URL", this.slashlessUrl(value, self));
        if (value.indexOf("@") > 0) {
            const domain = emailDomain(value);
            if (domain) {
                const at = this.host(domain, self);
                return push(value, "an email address", at.kind === "external" ? { kind: "external", uri: `mailto:${value.replace(/^mailto:/, "")}` } : at);
            }
        }
        if (value.charCodeAt(0) === 43 /* + */ || value.startsWith("tel:")) {
            const tel = phoneUri(value);
            if (tel) return push(value, "a phone number", { kind: "external", uri: tel });
        }
        if (value.indexOf(".") > 0) {
            const host = bareHost(value);
            if (host) return push(value, "a hostname", isIpAddress(host) ? this.ip(host, self) : this.host(host, self));
        }
        if (BUCKET_KEY.test(key) && BUCKET_NAME.test(value) && !/^\d+$/.test(value)) {
            return push(value, `a bucket name ('${key}')`, this.bucket(value, self.type.startsWith("oci:") ? "oci" : "s3", self));
        }
        // A bucket/key pair (`CopySource: "bucket/key"`): the bucket when it is one of the stack.
        const slash = value.indexOf("/");
        if (slash >= 3 && slash <= 63 && !value.includes("://") && BUCKET_NAME.test(value.slice(0, slash))) {
            const types = self.type.startsWith("oci:") ? OCI_BUCKET_TYPES : S3_BUCKET_TYPES;
            const found = this.resources(this.index.matchPlace(value.slice(0, slash), types), self);
            if (found) return push(value, "a bucket/key pair", found);
        }
        if (value.length <= 40 && ZONE_SHAPE.test(value)) {
            const zone = zonePlace(value);
            if (zone) return push(value, "a zone", zone);
        }
        // Inside text: URLs, ARNs and OCIDs.
        if (value.length > 12) {
            if (value.indexOf("://") > 0)
                for (const m of value.matchAll(URL_IN_TEXT)) {
                    // The match stops at a backslash: one that ends the host part is read as the whole value's is.
                    const cut = value[m.index + m[0].length] === "\\" && !/:\/\/[^/?#]*[/?#]/.test(m[0]);
                    push(m[0], "a URL", cut ? { kind: "unknown", reason: BACKSLASH_HOST(m[0]) } : this.url(m[0].replace(/[.,;:)\]]+$/, ""), self));
                }
            for (const m of value.matchAll(SLASHLESS_URL_IN_TEXT)) push(m[0], "a URL", this.slashlessUrl(m[0].replace(/[.,;:)\]]+$/, ""), self));
            if (value.indexOf("arn:") >= 0) {
                for (const m of value.matchAll(/arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-*]*:[0-9*]*:[^\s"',\]}]+/g)) {
                    const named = this.index.matchPlace(m[0]);
                    push(m[0], "an ARN", named.length > 0 ? this.resources(named, self) : this.arn(m[0], self));
                }
            }
            if (value.indexOf("ocid1.") >= 0)
                for (const m of value.matchAll(/ocid1\.[a-z0-9_-]+\.[a-z0-9_-]+\.[a-z0-9_-]*\.[a-z0-9_-]+/gi)) push(m[0], "an OCID", this.ocid(m[0]));
        }
    }

    private inJson(doc: unknown, key: string, pathOf: () => string, self: ModelResource, out: NamedPlace[], depth: number): void {
        const pending: { v: unknown; k: string; p: string }[] = [{ v: doc, k: key, p: "" }];
        let budget = JSON_VALUES;
        while (pending.length > 0 && budget-- > 0) {
            const { v, k, p } = pending.pop()!;
            if (typeof v === "string") {
                this.inString(v, k, () => `${pathOf()}<json>${p}`, self, out, depth);
                continue;
            }
            if (v === null || typeof v !== "object") continue;
            if (Array.isArray(v)) v.forEach((x, i) => pending.push({ v: x, k, p: `${p}[${i}]` }));
            else
                for (const [kk, x] of Object.entries(v)) {
                    // IAM principals are identities (a service, an account, a role), never where data is sent.
                    if (PRINCIPAL_KEYS.has(kk)) continue;
                    pending.push({ v: x, k: kk, p: p ? `${p}.${kk}` : kk });
                }
        }
        // What was not read may name any place: the document is not passed as if it named none.
        if (pending.length > 0) {
            out.push({
                path: pathOf(),
                literal: "",
                what: "a JSON document",
                place: {
                    kind: "unknown",
                    reason: `the JSON document holds more than ${JSON_VALUES.toLocaleString("en-US")} values, more than the pack reads: split it`,
                },
            });
        }
    }
}
