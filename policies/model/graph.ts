import type { LocatableResource } from "./location";
import { resolveRegion } from "./location";
import { get, isString, isUnknownSentinel, UNKNOWN } from "./unknown";
import { arnCanName, arnResourceOf, parseArn, partitionOfRegion } from "./arn";
import { plainOf } from "./propertyWalk";
import { holdsData, movesData, roleOf } from "./roles";
import { ownAddressProps } from "./propertyRoles";
import { bareHost, parseUrl } from "./hosts";

/** A resource as the stack policies see it: CrossGuard's `PolicyResource` fits, and so does the offline preview's. */
export interface ModelResource extends LocatableResource {
    urn: string;
    name: string;
    parent?: { urn: string };
    propertyDependencies: Record<string, { urn: string }[]>;
    /** Every resource this one depends on (`dependsOn` included). */
    dependencies?: { urn: string }[];
    /** False for a component resource; absent where the source does not say (CrossGuard). */
    custom?: boolean;
}

export type RefResult =
    | { kind: "resources"; resources: ModelResource[]; how: string }
    | { kind: "unknown"; reason: string }
    | { kind: "external"; value: string }
    | { kind: "absent" };

/** Properties whose values identify a resource when another resource refers to it by value. */
const IDENTITY_PROPS = [
    "arn",
    "id",
    "bucket",
    "bucketId",
    "name",
    "displayName",
    "identifier",
    "clusterIdentifier",
    "globalClusterIdentifier",
    "fileSystemId",
    "keyId",
];

/**
 * Identity properties that are the resource's own only for some types: elsewhere the same input names another
 * resource (an S3 object's `bucket`, a grant's `keyId`, an Aurora instance's `clusterIdentifier`). Such a value still
 * finds the resource for taint (an object is part of its bucket: what names the bucket reaches it), but never as a
 * place: an object does not make the bucket outside the stack it is written to a place of the stack. A type missing
 * here is one whose own identity does not name it as a place: a false alarm. test/catalogue/propertyRoles.test.ts
 * pins, against the installed SDKs, the types each of these names as their own.
 */
export const OWN_ONLY_FOR: Readonly<Record<string, (type: string) => boolean>> = {
    bucket: (type) => /^aws:s3(control)?\/(bucket|bucketV2|directoryBucket):/.test(type),
    // An OCI bucket's `id` is `n/<namespace>/b/<name>`; its OCID is `bucketId`.
    bucketId: (type) => type === "oci:ObjectStorage/bucket:Bucket",
    keyId: (type) => /^(aws:kms\/(key|replicaKey|externalKey|replicaExternalKey)|oci:Kms\/key):/.test(type),
    clusterIdentifier: (type) => /\/cluster:Cluster$/.test(type),
    globalClusterIdentifier: (type) => /\/globalCluster:GlobalCluster$/.test(type),
    // A file system's own identity is its `id`: every type with a `fileSystemId` names the file system it belongs to.
    fileSystemId: () => false,
};

/**
 * The AWS resource types that take `arn` as an input, and whether it names another resource (the queue or bus an
 * EventBridge target sends to, the topic of a topic policy) or the resource itself (a stream's own ARN, which the
 * program may set). Every other type's `arn` is its own output. test/catalogue checks that every type of the SDK
 * with an `arn` input is here.
 */
export const ARN_INPUTS: Readonly<Record<string, "another's" | "its own">> = {
    "aws:cloudwatch/eventTarget:EventTarget": "another's",
    "aws:lakeformation/resource:Resource": "another's",
    "aws:notifications/channelAssociation:ChannelAssociation": "another's",
    "aws:sns/dataProtectionPolicy:DataProtectionPolicy": "another's",
    "aws:sns/topicPolicy:TopicPolicy": "another's",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "its own",
    "aws:kinesis/stream:Stream": "its own",
    "aws:ssm/parameter:Parameter": "its own",
};

/** Whether identity property `prop` of a resource of `type` is that resource's own identity. */
function ownIdentity(type: string, prop: string): boolean {
    if (Object.hasOwn(OWN_ONLY_FOR, prop)) return OWN_ONLY_FOR[prop](type);
    return prop !== "arn" || !Object.hasOwn(ARN_INPUTS, type) || ARN_INPUTS[type] === "its own";
}

/** Identities of one type beside IDENTITY_PROPS: an ECS task definition is named by its family. */
const TYPE_IDENTITY_PROPS: Record<string, readonly string[]> = { "aws:ecs/taskDefinition:TaskDefinition": ["family"] };

/** Shortest identity a literal may match: shorter values ('db', 'x') name too many things by accident. */
const MIN_IDENTITY_LENGTH = 3;

const ARN_IN_TEXT = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d*:[^\s"',\]}]+/g;

const topPropertyOf = (path: string) => path.split(/[.[]/)[0];

/** The strings of an address output: itself, or those of its list or map (a node's `address`, a map of URLs), two levels down. */
function addressStrings(value: unknown, depth = 0, out: string[] = []): string[] {
    const v = plainOf(value);
    if (isString(v)) {
        if (!isUnknownSentinel(v)) out.push(v);
    } else if (v !== null && typeof v === "object" && depth < 2) {
        for (const x of Array.isArray(v) ? v : Object.values(v)) addressStrings(x, depth + 1, out);
    }
    return out;
}

/** The host of an address: a URL's, or a bare host's (with or without a port). */
function hostOf(value: string): string | undefined {
    const host = value.includes("://") ? parseUrl(value)?.host : bareHost(value);
    return host ? host.toLowerCase() : undefined;
}

function countUnknownLeaves(value: unknown, depth = 0): number {
    if (depth > 32) return 0;
    const v = plainOf(value);
    if (typeof v === "string") return isUnknownSentinel(v) ? 1 : 0;
    if (v === null || typeof v !== "object") return 0;
    let n = 0;
    for (const x of Array.isArray(v) ? v : Object.values(v)) n += countUnknownLeaves(x, depth + 1);
    return n;
}

export class ResourceIndex {
    readonly byUrn = new Map<string, ModelResource>();
    private readonly byIdentity = new Map<string, ModelResource[]>();
    /** `<urn>\0<value>` for each identity that is the resource's own (see OWN_ONLY_FOR). */
    private readonly ownIdentities = new Set<string>();
    /** Identity inputs of a resource that name another resource (see OWN_ONLY_FOR). */
    private readonly borrowedIdentities = new Map<ModelResource, string[]>();
    /** Hosts of the addresses providers assign (propertyRoles.ts, OWN_ADDRESSES), lower-cased. */
    private readonly byAddress = new Map<string, ModelResource[]>();
    private readonly childrenOf = new Map<string, ModelResource[]>();

    constructor(readonly resources: ModelResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            if (r.parent) {
                const siblings = this.childrenOf.get(r.parent.urn) ?? [];
                siblings.push(r);
                this.childrenOf.set(r.parent.urn, siblings);
            }
            // One read through CrossGuard's proxy for the object behind it, then plain reads.
            const props = plainOf(r.props);
            if (props === null || typeof props !== "object") continue;
            for (const p of Object.hasOwn(TYPE_IDENTITY_PROPS, r.type) ? [...IDENTITY_PROPS, ...TYPE_IDENTITY_PROPS[r.type]] : IDENTITY_PROPS) {
                let v: unknown;
                try {
                    v = (props as Record<string, unknown>)[p];
                } catch {
                    continue;
                }
                if (isString(v) && v.length >= MIN_IDENTITY_LENGTH && !isUnknownSentinel(v)) {
                    this.addIdentity(v, r);
                    if (ownIdentity(r.type, p)) this.ownIdentities.add(`${r.urn}\0${v}`);
                    else {
                        const borrowed = this.borrowedIdentities.get(r);
                        if (borrowed) borrowed.push(v);
                        else this.borrowedIdentities.set(r, [v]);
                    }
                }
            }
            for (const p of ownAddressProps(r.type)) {
                let v: unknown;
                try {
                    v = (props as Record<string, unknown>)[p];
                } catch {
                    continue;
                }
                for (const text of addressStrings(v)) {
                    const host = hostOf(text);
                    if (!host) continue;
                    const list = this.byAddress.get(host);
                    if (!list) this.byAddress.set(host, [r]);
                    else if (!list.includes(r)) list.push(r);
                }
            }
        }
    }

    /**
     * The resources `r` is part of: those whose own identity one of its identity inputs names but is not its own (the
     * bucket of an object, the cluster of an instance). What it holds, they hold.
     */
    containersOf(r: ModelResource): ModelResource[] {
        const out: ModelResource[] = [];
        for (const value of this.borrowedIdentities.get(r) ?? []) {
            for (const g of this.byIdentity.get(value) ?? []) if (g !== r && this.isOwnIdentity(g, value) && !out.includes(g)) out.push(g);
        }
        return out;
    }

    /** Whether `value` is one of `r`'s own identities, not an input of it that names another resource. */
    isOwnIdentity(r: ModelResource, value: string): boolean {
        return this.ownIdentities.has(`${r.urn}\0${value}`);
    }

    /** Resources whose provider-assigned address has this host. */
    matchAddress(host: string): ModelResource[] {
        return this.byAddress.get(host.toLowerCase()) ?? [];
    }

    private addIdentity(value: string, r: ModelResource): void {
        const list = this.byIdentity.get(value);
        if (!list) this.byIdentity.set(value, [r]);
        else if (!list.includes(r)) list.push(r);
    }

    /** Whether the region and partition of an ARN agree with where `r` is (when both are known). */
    private arnPlaceFits(arnRegion: string, partition: string, r: ModelResource): boolean {
        const loc = resolveRegion(r);
        if (loc.kind !== "known" || !loc.location.startsWith("aws:")) return true;
        const region = loc.location.slice("aws:".length);
        return partitionOfRegion(region) === partition && (arnRegion === "" || arnRegion === region);
    }

    /**
     * Resources that a value names: by an identity it equals (name, id, known ARN), or by an ARN whose
     * partition, service and resource type fit the resource's type and whose name is the resource's. `ownOnly`:
     * only by identities that are the resource's own, as a place is named (not an object by its bucket's name).
     */
    matchValue(value: string, types?: ReadonlySet<string>, ownOnly = false): ModelResource[] {
        const out: ModelResource[] = [];
        const direct = this.byIdentity.get(value);
        const arn = value.startsWith("arn:") ? parseArn(value) : undefined;
        // Most strings name nothing: no closure or list is made for them.
        if (!direct && !arn) return out;
        const fits = (r: ModelResource, identity: string) => (!types || types.has(r.type)) && !out.includes(r) && (!ownOnly || this.isOwnIdentity(r, identity));
        for (const r of direct ?? []) {
            // A value equal to an identity names that resource, unless it is an ARN that could not name its type.
            if (fits(r, value) && (!arn || get(r.props, "arn") === value || arnCanName(arn, r.type))) out.push(r);
        }
        if (arn) {
            const { id } = arnResourceOf(arn);
            for (const r of this.byIdentity.get(id) ?? []) {
                if (fits(r, id) && arnCanName(arn, r.type) && this.arnPlaceFits(arn.region, arn.partition, r)) out.push(r);
            }
        }
        return out;
    }

    /** The resources a value names as a place: by their own identities only (matchValue's `ownOnly`). */
    matchPlace(value: string, types?: ReadonlySet<string>): ModelResource[] {
        return this.matchValue(value, types, true);
    }

    /** Resources a literal string names: the whole value, or ARNs written inside it (policy documents). */
    namedBy(value: string): ModelResource[] {
        if (value.length < MIN_IDENTITY_LENGTH) return [];
        const out = this.matchValue(value);
        if (value.length > 20 && value.indexOf("arn:") >= 0 && !value.startsWith("arn:")) {
            for (const m of value.matchAll(ARN_IN_TEXT)) for (const r of this.matchValue(m[0])) if (!out.includes(r)) out.push(r);
        }
        return out;
    }

    /** The custom resources a dependency stands for: itself, or every resource inside a component. */
    expand(dep: ModelResource, out: ModelResource[] = [], depth = 0): ModelResource[] {
        if (depth > 32) return out;
        const role = roleOf(dep);
        if (role !== "component") {
            if (!out.includes(dep)) out.push(dep);
            return out;
        }
        for (const child of this.childrenOf.get(dep.urn) ?? []) this.expand(child, out, depth + 1);
        return out;
    }

    /** Resources of the given types that `carrier.<prop>` depends on, per the engine's property dependencies. */
    dependenciesOf(carrier: ModelResource, prop: string, types: ReadonlySet<string>): ModelResource[] {
        const deps = carrier.propertyDependencies?.[prop] ?? [];
        const out: ModelResource[] = [];
        for (const d of deps) {
            const r = this.byUrn.get(d.urn);
            if (r && types.has(r.type) && !out.includes(r)) out.push(r);
        }
        return out;
    }

    /**
     * What an unknown value under `carrier.<prop>` may name: dependencies of the expected types; a
     * dependency that may hold or move data though of another type (it may be the real target); and,
     * through a dependency that holds no data (a versioning setting of a bucket), what that one depends on.
     */
    candidatesOf(carrier: ModelResource, prop: string, types: ReadonlySet<string>): ModelResource[] {
        const out: ModelResource[] = [];
        const add = (r: ModelResource) => {
            if (r !== carrier && !out.includes(r)) out.push(r);
        };
        for (const d of carrier.propertyDependencies?.[prop] ?? []) {
            const found = this.byUrn.get(d.urn);
            if (!found) continue;
            for (const r of this.expand(found)) {
                const role = roleOf(r);
                if (types.has(r.type) || holdsData(role) || movesData(role)) {
                    add(r);
                    continue;
                }
                for (const deps of Object.values(r.propertyDependencies ?? {})) {
                    for (const dd of deps) {
                        const next = this.byUrn.get(dd.urn);
                        if (next && types.has(next.type)) add(next);
                    }
                }
            }
        }
        return out;
    }

    /**
     * What a reference property of `carrier` names, exactly: by its value when it is known (a name, an id,
     * an ARN of the right partition, service and type). When it is not known at preview, it names one of
     * the resources its top-level property depends on (the engine records no finer dependencies): each of
     * them is a possible target, of any type that can hold or move data, and each is checked. With no such
     * dependency it is unknown, and unknown is a violation.
     */
    resolve(carrier: ModelResource, path: string, value: unknown, types: ReadonlySet<string>): RefResult {
        if (isString(value) && value.length > 0) {
            const byValue = this.matchValue(value, types);
            if (byValue.length > 0) return { kind: "resources", resources: byValue, how: `'${path}' names it` };
            return { kind: "external", value };
        }
        if (value === undefined || value === null || value === "") return { kind: "absent" };
        if (value !== UNKNOWN) return { kind: "unknown", reason: `'${path}' is not a reference the analyzer can follow` };
        const top = topPropertyOf(path);
        const candidates = this.candidatesOf(carrier, top, types);
        if (candidates.length === 0) {
            return { kind: "unknown", reason: `'${path}' is not known at preview and depends on no resource of the expected type in this stack` };
        }
        const leaves = countUnknownLeaves(get(carrier.props, top));
        if (candidates.length === 1 && leaves <= 1) return { kind: "resources", resources: candidates, how: `'${path}' depends on it` };
        // The engine records dependencies per top-level property: the value names one of these, each is checked.
        return {
            kind: "resources",
            resources: candidates,
            how: `'${path}' is not known at preview and names one of what '${top}' depends on${leaves > 1 ? ` (${leaves} values there are unknown)` : ""}`,
        };
    }

    /** Sources resolve like destinations: for a source, every possible one raises the class of the copy. */
    resolveSources(carrier: ModelResource, path: string, value: unknown, types: ReadonlySet<string>): RefResult {
        return this.resolve(carrier, path, value, types);
    }
}
