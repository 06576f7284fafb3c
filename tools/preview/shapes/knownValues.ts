/**
 * Values for the second pass, which runs the program with every output known: each output a resource class
 * declares, and each field of an invoke's declared result, gets a value of its declared type, so ordinary code
 * (`bucket.bucket.replace(...)`, `url.split(...)`, `images[0].id`) runs as it does after `pulumi up`.
 *
 * - Outputs start as the inputs, as the engine's do; what the inputs do not give is generated.
 * - A value that decides a location is derived from the provider's region (the region itself, availability zones
 *   `us-east-1a`…, OCI availability domains of the region) or, when it cannot be, is `unknownValue`: fails closed.
 * - A value that names something (ARN, OCID, id, URL, endpoint) has the form the cloud gives it, with the resource's
 *   name, partition, region and account, so that the pack resolves it to the resource it belongs to.
 * - Deterministic: the same registration always gets the same values.
 * - A shape that cannot be read gives unknown values, never an exception.
 */
import { createHash } from "node:crypto";
import type { Field, TypeExpr } from "./dtsTypes";
import type { DeclaredShapes } from "./declaredShapes";
import { unknownValue } from "../../sdkAdapter";
import {
    awsArn,
    awsAvailabilityZoneIds,
    awsAvailabilityZones,
    awsDnsSuffix,
    awsEc2Id,
    awsHost,
    awsIdPrefix,
    awsIdPrefixOfProperty,
    awsPartitionOf,
    awsServiceOf,
    camelWords,
    derived,
    derivedLower,
    derivedUpper,
    derivedUuid,
    dnsLabel,
    kebab,
    ocid,
    ociAvailabilityDomains,
    ociHost,
    ociKindOfProperty,
    Place,
    placeOf,
} from "./cloudNames";
import { awsArnOf, awsIdOf, CLOUDS_BY_PACKAGE, nameProperties, ociIdOf, Owner, physicalNameOf, plainString, sqsQueueUrl, tokenParts } from "./resourceIdentity";

/** What the second pass knows where a resource is registered or an invoke made: the provider it goes through. */
export interface ShapeContext {
    project: string;
    stack: string;
    /** The program's SDK declarations: one reader per program, shared by every call (it caches). */
    shapes: DeclaredShapes;
    /** The provider's region as the provider has it (`us-east-1`, `us-ashburn-1`, `IAD`); undefined when not known. */
    region?: string;
    /** AWS account id from config, when config names one (`getCallerIdentity`'s sources). */
    accountId?: string;
    /** OCI tenancy OCID from config, when config names one. */
    tenancy?: string;
    /** The AWS provider's `defaultTags.tags`, which `tagsAll` adds to a resource's own tags. */
    defaultTags?: Record<string, string>;
}

export interface KnownResource {
    /** The provider id (`unknownValue` when it would name a place that is not known). */
    id: string;
    /** Every output: the inputs, then what the class declares and the inputs do not give. */
    outputs: Record<string, unknown>;
    /**
     * The name input the engine's autonaming fills in when the program gives none (`bucket` of an S3 bucket): an
     * input there, so what the analyzer sees of the resource carries it too, as the outputs do.
     */
    autonamed?: Record<string, string>;
    /** Set when the class's declared outputs could not be read: only the inputs are echoed; say why. */
    unread?: string;
}

export interface KnownInvoke {
    result: Record<string, unknown>;
    /** Set when the result's declared shape could not be read: the result is then empty; say why. */
    unread?: string;
}

/** Bounds on one generated value: nodes in all, and nesting of declared types. */
const MAX_NODES = 4000;
const MAX_DEPTH = 12;

const FIXED_TIME = "2025-01-01T00:00:00.000Z";

type LocationRole = "region" | "az" | "az-id" | "ad" | "fault-domain" | "elsewhere";

interface Slot {
    prop: string;
    depth: number;
    /** A top-level output of the resource or field of the invoke's result. */
    top: boolean;
    /** A field of the object that describes the owner itself (see `fields`). */
    root: boolean;
    owner: Owner;
    /** Distinguishes values of the same owner and property at different places. */
    path: string;
}

const DNS_MODULES = new Set(["route53", "dns", "servicediscovery", "Dns"]);

/** `BucketV2` → `bucket`: the type's word, without a version suffix. */
function typeWord(typeName: string): string {
    let end = typeName.length;
    while (end > 0 && typeName.charCodeAt(end - 1) >= 48 && typeName.charCodeAt(end - 1) <= 57) end--;
    if (end < typeName.length && end > 1 && (typeName[end - 1] === "V" || typeName[end - 1] === "v")) end--;
    else end = typeName.length;
    return typeName.slice(0, end).toLowerCase();
}

/** Which location a property's value decides, by its name, or undefined when it decides none. */
function locationRoleOf(prop: string, owner: Owner, top: boolean): LocationRole | undefined {
    const words = camelWords(prop);
    const has = (w: string) => words.includes(w);
    const last = words[words.length - 1];
    if (has("availability") && (has("zone") || has("zones"))) return last === "id" || last === "ids" ? "az-id" : "az";
    if (has("availability") && (has("domain") || has("domains"))) return "ad";
    if (has("fault") && (has("domain") || has("domains"))) return "fault-domain";
    if (!DNS_MODULES.has(owner.module)) {
        const w = words.join(" ");
        if (w === "zone" || w === "zones" || w === "zone name" || w === "zone names" || w === "az" || w === "azs") return "az";
        if (w === "zone id" || w === "zone ids") return "az-id";
    }
    if (has("region") || has("regions")) {
        const own = top && (prop === "region" || (words.length === 2 && last === "region" && words[0] === typeWord(owner.typeName)));
        return own ? "region" : "elsewhere";
    }
    if (prop === "location" || prop === "locations" || has("country") || has("datacenter")) return "elsewhere";
    return undefined;
}

/** The value of a location-deciding property: derived from the owner's region, or unknown. */
function locationValue(role: LocationRole, owner: Owner, list: boolean): unknown {
    const { place } = owner;
    let values: string[] | undefined;
    switch (role) {
        case "region":
            values = place.region ? [place.region] : undefined;
            break;
        case "az":
            values = owner.cloud === "aws" && place.region ? awsAvailabilityZones(place.region) : undefined;
            break;
        case "az-id":
            values = owner.cloud === "aws" && place.region ? awsAvailabilityZoneIds(place.region) : undefined;
            break;
        case "ad":
            values = owner.cloud === "oci" ? ociAvailabilityDomains(place) : undefined;
            break;
        case "fault-domain":
            values = ["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"];
            break;
        case "elsewhere":
            values = undefined;
    }
    if (!values) return unknownValue;
    return list ? values : values[0];
}

/** A literal read as latin1 (one byte per character), back to the text it was written as. */
const utf8Of = (s: string) => Buffer.from(s, "latin1").toString("utf8");

class ValueGenerator {
    private nodes = 0;

    constructor(
        private readonly ctx: ShapeContext,
        /** The invoke's arguments: a result field of the same name echoes them, at any level. */
        private readonly args?: Record<string, unknown>,
    ) {}

    /**
     * The fields of one object. `root`: the fields describe the owner itself (a resource's outputs, an invoke's
     * result, an element of an invoke's list), so its `id`, `arn` and `name` are the owner's.
     */
    fields(
        fields: Field[],
        owner: Owner,
        depth: number,
        top: boolean,
        root: boolean,
        echo: Record<string, unknown> | undefined,
        path: string,
    ): Record<string, unknown> {
        const out: Record<string, unknown> = {};
        for (const f of fields) {
            if (echo && Object.hasOwn(echo, f.name) && echo[f.name] !== undefined && echo[f.name] !== null) {
                out[f.name] = echo[f.name];
                continue;
            }
            // The SDK generators declare a property optional (`T | undefined`, `foo?:`) only when the provider does
            // not compute it: it holds what the program gave, so without it the provider returns nothing.
            if (f.optional || canBeAbsent(f.type)) continue;
            const v = this.value(f.type, { prop: f.name, depth, top, root, owner, path: `${path}.${f.name}` });
            if (v !== undefined) out[f.name] = v;
        }
        return out;
    }

    value(type: TypeExpr, slot: Slot): unknown {
        this.nodes++;
        switch (type.kind) {
            case "string":
                return this.string(slot);
            case "number":
                return numberFor(slot.prop);
            case "boolean":
                return false;
            case "literal":
                return typeof type.value === "string" ? utf8Of(type.value) : type.value;
            case "absent":
                return undefined;
            case "union": {
                const present = type.members.filter((m) => m.kind !== "absent");
                return present.length === 0 ? undefined : this.value(present[0], slot);
            }
            case "array":
                return this.array(type.element, slot);
            case "map":
                return {};
            case "object":
                if (slot.depth >= MAX_DEPTH) return {};
                return this.fields(type.fields, slot.owner, slot.depth + 1, false, false, undefined, slot.path);
            case "ref":
                return this.ref(type, slot);
            case "opaque":
                return unknownValue;
        }
    }

    private array(element: TypeExpr, slot: Slot): unknown {
        const role = locationRoleOf(slot.prop, slot.owner, slot.top);
        if (role && element.kind === "string") return locationValue(role, slot.owner, true);
        if (role === "elsewhere") return unknownValue;
        if (this.nodes >= MAX_NODES || slot.depth >= MAX_DEPTH) return [];
        const one = this.value(element, { ...slot, depth: slot.depth + 1, top: false, root: false, path: `${slot.path}[0]` });
        return one === undefined ? [] : [one];
    }

    private ref(type: Extract<TypeExpr, { kind: "ref" }>, slot: Slot): unknown {
        if (slot.depth >= MAX_DEPTH || this.nodes >= MAX_NODES) return {};
        const declared = this.ctx.shapes.interfaceFields(type.file, type.path);
        if (!declared.ok) return unknownValue;
        const owner = this.args ? elementOwner(slot.owner, type.path[type.path.length - 1], slot.path) : slot.owner;
        const echo = this.args ? stringArgs(this.args) : undefined;
        return this.fields(declared.fields, owner, slot.depth + 1, false, owner !== slot.owner, echo, slot.path);
    }

    private string(slot: Slot): unknown {
        const { prop, owner, top, root } = slot;
        const role = locationRoleOf(prop, owner, top);
        if (role) return locationValue(role, owner, false);
        const words = camelWords(prop);
        const last = words[words.length - 1];
        const before = words.length > 1 ? words[words.length - 2] : "";
        const seed = `${owner.seed}\0${slot.path}`;
        if (root && prop === "id") return owner.id;
        if (root && prop === "arn") return owner.arn ?? `${kebab(owner.typeName)}-${derived(seed, 12)}`;
        if (last === "arn" || last === "arns") return owner.cloud === "aws" ? arnFor(words.slice(0, -1), owner, seed) : `${kebab(prop)}-${derived(seed, 12)}`;
        if (last === "url" || last === "uri") return urlFor(words, owner, seed);
        if (
            last === "endpoint" ||
            last === "hostname" ||
            last === "host" ||
            last === "fqdn" ||
            last === "domain" ||
            (last === "name" && (before === "domain" || before === "dns"))
        ) {
            return hostFor(prop, words, owner, seed);
        }
        if (last === "address" && !words.includes("ip") && !words.includes("email") && !words.includes("mac")) return hostFor(prop, words, owner, seed);
        if (last === "id" || last === "ids" || last === "ocid") return idFor(words, owner, seed, this.ctx);
        if (prop === "name" || prop === "displayName") return `${kebab(owner.typeName)}-${derived(seed, 7)}`;
        if (root && (prop === "name" || prop === "displayName")) return owner.physicalName;
        if (last === "name" && words.length > 1) return `${owner.physicalName}-${kebab(words.slice(0, -1).join("-"))}`;
        // One address per resource and property, so that a value built from it names that resource (an own address).
        if (words.includes("ip") || words.includes("ipv4")) return privateIpv4(seed);
        if (words.includes("ipv6")) return `2001:db8::${derived(seed, 4)}:${derived(`${seed}\0v6`, 4)}`;
        if (words.includes("cidr")) return "10.0.0.0/16";
        if (
            last === "time" ||
            last === "date" ||
            last === "timestamp" ||
            (last === "at" && words.length > 1) ||
            (words[0] === "time" && words.length > 1 && words[1].endsWith("ed"))
        ) {
            return FIXED_TIME;
        }
        if (last === "policy" || last === "document" || last === "json") return "{}";
        if (last === "state" || last === "status") return owner.cloud === "oci" ? "ACTIVE" : "available";
        if (["etag", "version", "hash", "fingerprint", "checksum", "digest", "sha256"].includes(last)) return derived(seed, 32);
        return `${kebab(prop)}-${derived(seed, 8)}`;
    }
}

/** A private IPv4 address (10.0.0.0/8, never a network or broadcast address) derived from `seed`. */
function privateIpv4(seed: string): string {
    const n = parseInt(derived(seed, 6), 16);
    return `10.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${1 + ((n & 0xff) % 254)}`;
}

function canBeAbsent(t: TypeExpr): boolean {
    return t.kind === "absent" || (t.kind === "union" && t.members.some((m) => m.kind === "absent"));
}

function numberFor(prop: string): number {
    const words = camelWords(prop);
    if (words[words.length - 1] === "port") return 443;
    return 1;
}

/** String arguments of an invoke: the fields of its result's elements that mirror them echo them. */
function stringArgs(args: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args)) if (plainString(v) !== undefined) out[k] = v;
    return out;
}

/** The ARN a property names (`roleArn`, `kmsKeyArn`, `invokeArn`) when no input gives it. */
function arnFor(base: string[], owner: Owner, seed: string): string {
    const { place } = owner;
    const own = owner.arn ?? awsArnOf(owner);
    const word = base.join("-");
    // `functionArn` beside a `functionName` input names that function.
    const camel = base.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
    const given = plainString(owner.inputs[`${camel}Name`]) ?? plainString(owner.inputs[camel]);
    const label = given && !given.startsWith("arn:") ? given : `${owner.physicalName}-${word}`;
    let arn: string | undefined;
    // `dbSnapshotArn` of a Snapshot, `stateMachineArn` of a StateMachine: the owner's own ARN.
    const squashed = base.join("");
    if (squashed === "" || (squashed.length >= 3 && (squashed.endsWith(owner.typeName.toLowerCase()) || owner.typeName.toLowerCase().endsWith(squashed))))
        return own;
    // An API's `executionArn`: `arn:aws:execute-api:<region>:<account>:<api id>`, what permissions' `sourceArn` extend.
    if (word === "execution" && (owner.module === "apigateway" || owner.module === "apigatewayv2"))
        return awsArn(place, "execute-api", owner.id === unknownValue ? derivedLower(seed, 10) : dnsLabel(owner.id)) ?? unknownValue;
    switch (word) {
        case "qualified":
            return own === unknownValue ? own : `${own}:1`;
        case "invoke": {
            const partition = awsPartitionOf(place);
            arn =
                partition && place.region && own !== unknownValue
                    ? `arn:${partition}:apigateway:${place.region}:lambda:path/2015-03-31/functions/${own}/invocations`
                    : undefined;
            break;
        }
        case "role":
        case "execution-role":
        case "service-role":
            arn = awsArn(place, "iam", `role/${label}`, "global");
            break;
        case "kms-key":
        case "key":
        case "kms-master-key":
            arn = awsArn(place, "kms", `key/${derivedUuid(seed)}`);
            break;
        case "topic":
            arn = awsArn(place, "sns", label);
            break;
        case "queue":
            arn = awsArn(place, "sqs", label);
            break;
        case "bucket":
            arn = awsArn(place, "s3", dnsLabel(label), "bare");
            break;
        case "log-group":
            arn = awsArn(place, "logs", `log-group:${label}`);
            break;
        case "function":
        case "lambda":
            arn = awsArn(place, "lambda", `function:${label}`);
            break;
        case "certificate":
            arn = awsArn(place, "acm", `certificate/${derivedUuid(seed)}`);
            break;
        default:
            arn = awsArn(place, awsServiceOf(owner.module, owner.typeName), `${word}/${label}`);
    }
    return arn ?? unknownValue;
}

/** A URL property (`url`, `functionUrl`, `invokeUrl`, `queueUrl`). */
function urlFor(words: string[], owner: Owner, seed: string): string {
    const { place } = owner;
    if (!place.region && (owner.cloud === "aws" || owner.cloud === "oci")) return unknownValue;
    const key = `${owner.module}:${owner.typeName}`;
    if (owner.cloud === "aws") {
        const suffix = awsDnsSuffix(awsPartitionOf(place) ?? "aws");
        if (key === "lambda:FunctionUrl") return `https://${derivedLower(seed, 32)}.lambda-url.${place.region}.on.aws/`;
        if (key === "sqs:Queue" || words.includes("queue")) return sqsQueueUrl(place, owner.physicalName) ?? unknownValue;
        if (owner.module === "apigateway" || owner.module === "apigatewayv2") {
            const api = plainString(owner.inputs.restApi) ?? plainString(owner.inputs.apiId) ?? derivedLower(seed, 10);
            const stage = plainString(owner.inputs.stageName) ?? plainString(owner.inputs.name) ?? "";
            return `https://${dnsLabel(api)}.execute-api.${place.region}.${suffix}/${stage}`;
        }
        return `https://${awsHost(place, owner.physicalName, awsServiceOf(owner.module, owner.typeName))}/`;
    }
    if (owner.cloud === "oci") return `https://${ociHost(place, owner.physicalName, owner.module.toLowerCase())}/`;
    return `https://${dnsLabel(owner.physicalName)}.example.com/`;
}

/** A host or endpoint property, in the service's form where it has one. */
function hostFor(prop: string, words: string[], owner: Owner, seed: string): string {
    const { place } = owner;
    const key = `${owner.module}:${owner.typeName}`;
    if (key === "cloudfront:Distribution" && prop === "domainName") return `${derivedLower(seed, 14)}.cloudfront.net`;
    if (!place.region && (owner.cloud === "aws" || owner.cloud === "oci")) return unknownValue;
    const region = place.region!;
    if (owner.cloud === "aws") {
        const suffix = awsDnsSuffix(awsPartitionOf(place) ?? "aws");
        // A bucket's hosts hold its name as it is, dots and all (`www.example.com.s3.amazonaws.com`).
        const bucket = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(owner.physicalName) ? owner.physicalName : dnsLabel(owner.physicalName);
        if (owner.module === "s3") {
            if (prop === "bucketDomainName") return `${bucket}.s3.${suffix}`;
            if (prop === "bucketRegionalDomainName") return `${bucket}.s3.${region}.${suffix}`;
            if (prop === "websiteEndpoint") return `${bucket}.s3-website-${region}.${suffix}`;
            if (prop === "websiteDomain") return `s3-website-${region}.${suffix}`;
        }
        if (owner.module === "rds" || owner.module === "docdb" || owner.module === "neptune") {
            const host = `${dnsLabel(owner.physicalName)}.${derivedLower(owner.seed, 12)}.${region}.rds.${suffix}`;
            return prop === "endpoint" ? `${host}:${typeof owner.inputs.port === "number" ? owner.inputs.port : 5432}` : host;
        }
        if (key === "eks:Cluster" && prop === "endpoint") return `https://${derivedUpper(owner.seed, 32)}.gr7.${region}.eks.${suffix}`;
        if (owner.module === "apigateway" || owner.module === "apigatewayv2")
            return `https://${owner.id === unknownValue ? derivedLower(seed, 10) : dnsLabel(owner.id)}.execute-api.${region}.${suffix}`;
        return awsHost(place, owner.physicalName, awsServiceOf(owner.module, owner.typeName)) ?? unknownValue;
    }
    if (owner.cloud === "oci") {
        if (key === "Kms:Vault" && (prop === "managementEndpoint" || prop === "cryptoEndpoint")) {
            return `https://${derivedLower(owner.seed, 20)}-${prop === "managementEndpoint" ? "management" : "crypto"}.kms.${region}.oraclecloud.com`;
        }
        const host = ociHost(place, owner.physicalName, owner.module.toLowerCase())!;
        return words[words.length - 1] === "endpoint" ? `https://${host}` : host;
    }
    return `${dnsLabel(owner.physicalName)}.example.com`;
}

/** An id property (`vpcId`, `compartmentId`, `hostedZoneId`, `accountId`). */
function idFor(words: string[], owner: Owner, seed: string, ctx: ShapeContext): string {
    const { place } = owner;
    if (owner.cloud === "aws") {
        if (words.includes("account") || (words[0] === "owner" && words.length === 2)) return place.account;
        if (words.includes("hosted") || (owner.module === "route53" && words.includes("zone"))) return `Z${derivedUpper(seed, 20)}`;
        if (words.includes("key") && (words.includes("kms") || words.length === 2)) return derivedUuid(seed);
        const prefix = awsIdPrefixOfProperty(words) ?? (words.length === 1 ? listedKindPrefix(owner) : undefined);
        if (prefix) return awsEc2Id(prefix, seed);
        return derivedLower(seed, 12);
    }
    if (owner.cloud === "oci") {
        const { kind, global } = ociKindOfProperty(words);
        if (kind === "tenancy" && ctx.tenancy) return ctx.tenancy;
        return ocid(kind, place, seed, global) ?? unknownValue;
    }
    return derivedLower(seed, 12);
}

/** The id prefix of what an invoke lists (`getSubnets` → `subnet`): its bare `id`/`ids` are ids of that kind. */
function listedKindPrefix(owner: Owner): string | undefined {
    return tokenParts(owner.token).typeName.startsWith("get") && owner.typeName.endsWith("s")
        ? awsIdPrefix(owner.module, owner.typeName.slice(0, -1))
        : undefined;
}

/** The owner of an element of an invoke's result (`GetImagesImage` of `getImages` → an `Image`). */
function elementOwner(parent: Owner, interfaceName: string, path: string): Owner {
    const prefix = `Get${parent.typeName}`;
    const rest = interfaceName.startsWith(prefix) ? interfaceName.slice(prefix.length) : "";
    if (rest === "" || rest.charAt(0) !== rest.charAt(0).toUpperCase()) return parent;
    const seed = `${parent.seed}\0${path}`;
    const base = { ...parent, typeName: rest, seed, logicalName: rest.charAt(0).toLowerCase() + rest.slice(1), inputs: {} };
    const physicalName = `${base.logicalName}-${derived(`autoname\0${seed}`, 7)}`;
    return withIdentity({ ...base, physicalName });
}

function withIdentity(o: Omit<Owner, "id" | "arn">): Owner {
    const id = o.cloud === "aws" ? awsIdOf(o) : o.cloud === "oci" ? ociIdOf(o) : o.physicalName;
    const owner: Owner = { ...o, id };
    if (o.cloud === "aws") owner.arn = awsArnOf(owner);
    return owner;
}

function seedOf(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\0")).digest("hex");
}

/** A digest of a value with sorted keys, bounded in depth and size: the same arguments give the same seed. */
function stableDigest(value: unknown): string {
    const hash = createHash("sha256");
    let budget = 20_000;
    const walk = (v: unknown, depth: number) => {
        if (--budget < 0 || depth > 16) return;
        if (v === null || typeof v !== "object") {
            hash.update(`${typeof v}:${String(v).slice(0, 4096)}\0`);
            return;
        }
        if (Array.isArray(v)) {
            hash.update("[");
            for (const x of v) walk(x, depth + 1);
            hash.update("]");
            return;
        }
        hash.update("{");
        for (const k of Object.keys(v).sort()) {
            hash.update(`${k.slice(0, 256)}=`);
            walk((v as Record<string, unknown>)[k], depth + 1);
        }
        hash.update("}");
    };
    walk(value, 0);
    return hash.digest("hex");
}

function plainObject(v: unknown): Record<string, unknown> | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The owner's place: an AWS resource's own `region` input (AWS v7) wins over its provider's. */
function ownerPlace(cloud: Owner["cloud"], inputs: Record<string, unknown>, ctx: ShapeContext): Place {
    const own = cloud === "aws" && inputs.region !== undefined && inputs.region !== null ? inputs.region : ctx.region;
    return placeOf(cloud, own, ctx.accountId, ctx.tenancy);
}

/**
 * The outputs of a custom resource once created, as the second pass hands them to the program: the inputs, then
 * every output its class declares that the inputs do not give. `opts.urn`, when given, seeds the values (two
 * resources of one type and name under different parents then differ).
 */
export function knownOutputs(type: string, name: string, inputs: Record<string, unknown>, ctx: ShapeContext, opts: { urn?: string } = {}): KnownResource {
    const seed = seedOf(ctx.project, ctx.stack, type, name, opts.urn ?? "");
    if (type.startsWith("pulumi:providers:")) return { id: derivedUuid(seed), outputs: { ...inputs } };
    const { pkg, module, typeName } = tokenParts(type);
    const cloud = CLOUDS_BY_PACKAGE[pkg];
    const place = ownerPlace(cloud, inputs, ctx);
    const declared = ctx.shapes.resourceOutputs(type);
    const fields = declared.ok ? declared.fields : [];
    const names = nameProperties(pkg, module, typeName, new Set(fields.map((f) => f.name)));
    const base = { token: type, pkg, module, typeName, cloud, place, logicalName: name, seed, inputs };
    const owner = withIdentity({ ...base, physicalName: physicalNameOf(base, names, inputs) });

    const outputs: Record<string, unknown> = { ...inputs };
    if (!declared.ok) return { id: owner.id, outputs, unread: declared.reason };
    // The name the engine's autonaming would have filled in is an input there: it is the output's value too.
    const autonamed: Record<string, string> = {};
    for (const p of names.slice(0, 1)) if (outputs[p] === undefined) outputs[p] = autonamed[p] = owner.physicalName;
    const generator = new ValueGenerator(ctx);
    const fieldsToFill = fields.filter((f) => outputs[f.name] === undefined || outputs[f.name] === null);
    Object.assign(outputs, generator.fields(fieldsToFill, owner, 0, true, true, undefined, ""));
    if (fieldsToFill.some((f) => f.name === "tagsAll")) outputs.tagsAll = { ...ctx.defaultTags, ...plainObject(inputs.tags) };
    Object.assign(outputs, randomResult(type, inputs, seed));
    return { id: randomId(type, outputs) ?? owner.id, outputs, ...(Object.keys(autonamed).length > 0 ? { autonamed } : {}) };
}

/**
 * A complete result of an invoke's declared shape. `configAnswer`, the fields stack config determines
 * (`answerInvoke`'s known result), wins over generated ones.
 */
export function knownInvokeResult(token: string, args: Record<string, unknown>, ctx: ShapeContext, configAnswer?: Record<string, unknown>): KnownInvoke {
    const declared = ctx.shapes.invokeResult(token);
    if (!declared.ok) return { result: { ...configAnswer }, unread: declared.reason };
    const { pkg, module, typeName: fn } = tokenParts(token);
    const cloud = CLOUDS_BY_PACKAGE[pkg];
    const typeName = fn.startsWith("get") && fn.length > 3 ? fn.slice(3) : fn.charAt(0).toUpperCase() + fn.slice(1);
    const place = ownerPlace(cloud, args, ctx);
    const seed = seedOf(ctx.project, ctx.stack, token, stableDigest(args));
    const names = nameProperties(pkg, module, typeName, new Set(Object.keys(args)));
    const base = { token, pkg, module, typeName, cloud, place, logicalName: typeName.charAt(0).toLowerCase() + typeName.slice(1), seed, inputs: args };
    const owner = withIdentity({ ...base, physicalName: physicalNameOf(base, names, args) });
    const generator = new ValueGenerator(ctx, args);
    const result = generator.fields(declared.fields, owner, 0, true, true, args, "");
    const declaredNames = new Set(declared.fields.map((f) => f.name));
    for (const [k, v] of Object.entries({ ...documentInvokeFields(token, owner), ...locationInvokeFields(token, owner, ctx) })) {
        if (declaredNames.has(k)) result[k] = v;
    }
    return { result: { ...result, ...configAnswer } };
}

/** Invoke fields that hold a document of a known format, which programs parse: a complete one, in that format. */
function documentInvokeFields(token: string, owner: Owner): Record<string, unknown> {
    switch (token) {
        case "oci:ContainerEngine/getClusterKubeConfig:getClusterKubeConfig":
            return { content: okeKubeconfig(owner) };
    }
    return {};
}

/**
 * A kubeconfig as OKE writes it (one cluster, one context, a user authenticated by the OCI CLI). The server is an
 * address of the documentation range (RFC 5737): the cluster's real endpoint is cloud state, and a place the pack
 * reads from it is then outside every approved location. Unknown while the cluster or the region is.
 */
function okeKubeconfig(owner: Owner): string {
    const id = derivedLower(owner.seed, 11);
    const clusterId = plainString(owner.inputs.clusterId);
    const region = owner.place.region;
    if (!clusterId || !region) return unknownValue;
    const ca = Buffer.from(`-----BEGIN CERTIFICATE-----\n${derived(`ca\0${owner.seed}`, 64)}\n-----END CERTIFICATE-----\n`).toString("base64");
    return [
        "---",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: cluster-${id}`,
        "  cluster:",
        `    server: https://192.0.2.${1 + (parseInt(id.slice(0, 2), 36) % 254)}:6443`,
        `    certificate-authority-data: ${ca}`,
        "contexts:",
        `- name: context-${id}`,
        "  context:",
        `    cluster: cluster-${id}`,
        `    user: user-${id}`,
        `current-context: context-${id}`,
        "preferences: {}",
        "users:",
        `- name: user-${id}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: oci",
        "      args:",
        "      - ce",
        "      - cluster",
        "      - generate-token",
        "      - --cluster-id",
        `      - ${clusterId}`,
        "      - --region",
        `      - ${region}`,
        "      env: []",
        "",
    ].join("\n");
}

/** Invokes whose answer is a place: derived from the provider's region, or unknown (cloud state no config decides). */
function locationInvokeFields(token: string, owner: Owner, ctx: ShapeContext): Record<string, unknown> {
    const { place } = owner;
    const region = place.region ?? unknownValue;
    const partition = awsPartitionOf(place);
    switch (token) {
        case "aws:index/getRegion:getRegion":
            return {
                id: region,
                name: region,
                region,
                description: region,
                endpoint: place.region ? `ec2.${place.region}.${awsDnsSuffix(partition!)}` : unknownValue,
            };
        case "aws:index/getPartition:getPartition":
            return partition
                ? {
                      id: partition,
                      partition,
                      dnsSuffix: awsDnsSuffix(partition),
                      reverseDnsPrefix: partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
                  }
                : { id: unknownValue, partition: unknownValue, dnsSuffix: unknownValue, reverseDnsPrefix: unknownValue };
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                id: place.account,
                accountId: place.account,
                arn: `arn:${partition ?? "aws"}:iam::${place.account}:user/${dnsLabel(ctx.project)}`,
                userId: `AIDA${derivedUpper(owner.seed, 17)}`,
            };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return {
                id: region,
                region,
                names: locationValue("az", owner, true),
                zoneIds: locationValue("az-id", owner, true),
                groupNames: place.region ? [place.region] : unknownValue,
            };
        case "aws:index/getAvailabilityZone:getAvailabilityZone": {
            const zone = plainString(owner.inputs.name) ?? locationValue("az", owner, false);
            return {
                id: zone,
                name: zone,
                zoneId: locationValue("az-id", owner, false),
                region,
                groupName: region,
                nameSuffix: typeof zone === "string" && zone !== unknownValue ? zone.slice(-1) : unknownValue,
            };
        }
        case "aws:index/getRegions:getRegions":
            return { names: unknownValue };
        case "aws:s3/getBucket:getBucket":
            // Bucket names are global: a provider of one region finds a bucket of any region.
            return {
                region: unknownValue,
                bucketRegion: unknownValue,
                bucketRegionalDomainName: unknownValue,
                websiteEndpoint: unknownValue,
                websiteDomain: unknownValue,
                hostedZoneId: unknownValue,
            };
        case "oci:Identity/getAvailabilityDomains:getAvailabilityDomains": {
            const ads = ociAvailabilityDomains(place);
            const compartmentId = plainString(owner.inputs.compartmentId) ?? unknownValue;
            return {
                availabilityDomains: ads
                    ? ads.map((name, i) => ({ name, compartmentId, id: ocid("availabilitydomain", place, `${owner.seed}\0${i}`, true) }))
                    : unknownValue,
            };
        }
        case "oci:Identity/getAvailabilityDomain:getAvailabilityDomain": {
            const ads = ociAvailabilityDomains(place);
            const n = typeof owner.inputs.adNumber === "number" ? owner.inputs.adNumber : 1;
            return { name: ads?.[n - 1] ?? unknownValue };
        }
        case "oci:Identity/getRegions:getRegions":
            return { regions: unknownValue };
        case "oci:Identity/getRegionSubscriptions:getRegionSubscriptions":
            return { regionSubscriptions: unknownValue };
    }
    return {};
}

const RANDOM_WORDS = [
    "amber",
    "brisk",
    "cedar",
    "delta",
    "ember",
    "fjord",
    "grove",
    "heron",
    "iris",
    "juniper",
    "kestrel",
    "lumen",
    "maple",
    "nimbus",
    "orchid",
    "pine",
];

/** The `random` provider's results, shaped by their inputs (length, bytes, range), as the provider makes them. */
function randomResult(type: string, inputs: Record<string, unknown>, seed: string): Record<string, unknown> {
    const num = (v: unknown, dflt: number, min: number, max: number) =>
        typeof v === "number" && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : dflt;
    switch (type) {
        case "random:index/randomString:RandomString":
        case "random:index/randomPassword:RandomPassword": {
            const result = derivedLower(`random\0${seed}`, num(inputs.length, 16, 1, 1024));
            return type.endsWith("RandomPassword")
                ? { result, bcryptHash: `$2a$10$${derived(seed, 53, "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}` }
                : { result };
        }
        case "random:index/randomId:RandomId": {
            const hex = derived(`random\0${seed}`, 2 * num(inputs.byteLength, 8, 1, 512));
            const bytes = Buffer.from(hex, "hex");
            const prefix = plainString(inputs.prefix) ?? "";
            return {
                hex: prefix + hex,
                b64Std: prefix + bytes.toString("base64"),
                b64Url: prefix + bytes.toString("base64url"),
                dec: prefix + BigInt(`0x${hex}`).toString(),
            };
        }
        case "random:index/randomInteger:RandomInteger": {
            const min = num(inputs.min, 0, -(2 ** 52), 2 ** 52);
            const max = Math.max(min, num(inputs.max, min, -(2 ** 52), 2 ** 52));
            return { result: min + (parseInt(derived(seed, 12), 16) % (max - min + 1)) };
        }
        case "random:index/randomUuid:RandomUuid":
            return { result: derivedUuid(seed) };
        case "random:index/randomShuffle:RandomShuffle": {
            const list = Array.isArray(inputs.inputs) ? inputs.inputs : [];
            const count = num(inputs.resultCount, list.length, 0, list.length);
            return { results: list.slice(0, count) };
        }
        case "random:index/randomPet:RandomPet": {
            const n = num(inputs.length, 2, 1, 16);
            const words = Array.from({ length: n }, (_, i) => RANDOM_WORDS[parseInt(derived(`${seed}\0${i}`, 2), 16) % RANDOM_WORDS.length]);
            const prefix = plainString(inputs.prefix);
            return { id: [...(prefix ? [prefix] : []), ...words].join(plainString(inputs.separator) ?? "-") };
        }
    }
    return {};
}

/** The `random` provider's ids are its results. */
function randomId(type: string, outputs: Record<string, unknown>): string | undefined {
    if (!type.startsWith("random:")) return undefined;
    const v = type.endsWith(":RandomId") ? outputs.b64Url : type.endsWith(":RandomPet") ? outputs.id : outputs.result;
    return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}
