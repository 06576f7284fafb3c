import { Cloud, CLOUDS, knownRegions, normalizeRegion } from "./regions";
import { elementsOf, get, getPath, UNKNOWN } from "./unknown";
import { providerInputValue } from "./providerInputs";
import { walkStrings } from "./propertyWalk";
import { describeZone, placeOf, SitePlace, UNPLACEABLE_SITES, zoneOfLocationName } from "./sites";

/**
 * `<cloud>:<region>`, lower case: `oci:us-ashburn-1`, `aws:us-east-1`; or, for an AWS Local or Wavelength Zone,
 * `aws:<network border group>` (`aws:us-east-1-bue-1`, `aws:us-east-1-wl1-bos-wlz-1`): a place of its own.
 */
export type Location = `${Cloud}:${string}`;

export function makeLocation(cloud: Cloud, region: string): Location {
    return `${cloud}:${region}`;
}

/** Parses and normalizes `<cloud>:<region>` as written in policy config. */
export function parseLocation(text: string): { ok: true; location: Location } | { ok: false; reason: string } {
    const at = text.indexOf(":");
    const cloud = text.slice(0, at).trim().toLowerCase() as Cloud;
    if (at < 0 || !CLOUDS.includes(cloud)) {
        return { ok: false, reason: `'${text}' is not a location: write <cloud>:<region> with cloud one of ${CLOUDS.join(", ")}` };
    }
    const place = text
        .slice(at + 1)
        .trim()
        .toLowerCase();
    const zone = cloud === "aws" ? zoneOfLocationName(place) : undefined;
    if (zone) return { ok: true, location: makeLocation(cloud, place) };
    const region = normalizeRegion(cloud, place);
    return region.ok ? { ok: true, location: makeLocation(cloud, region.region) } : region;
}

/** The country of a location: `US` for a region AWS or OCI names `us-…`, a zone's own country, else undefined. */
export function countryOfLocation(location: Location): string | undefined {
    const place = location.slice(location.indexOf(":") + 1);
    const zone = location.startsWith("aws:") ? zoneOfLocationName(place) : undefined;
    if (zone) return zone.city.country;
    return place.startsWith("us-") ? "US" : undefined;
}

/** True when the location is in the United States: a region AWS or OCI names `us-…`, or a zone in the US. */
export function isUnitedStatesLocation(text: string): boolean {
    const parsed = parseLocation(text);
    return parsed.ok && countryOfLocation(parsed.location) === "US";
}

/** The region whose API manages a location: the region itself, or a zone's parent region. */
export function apiRegionOf(location: Location): string {
    const place = location.slice(location.indexOf(":") + 1);
    return (location.startsWith("aws:") ? zoneOfLocationName(place)?.region : undefined) ?? place;
}

export function cloudOfType(type: string): Cloud | undefined {
    const colon = type.indexOf(":");
    const pkg = type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : colon < 0 ? type : type.slice(0, colon);
    return (CLOUDS as string[]).includes(pkg) ? (pkg as Cloud) : undefined;
}

/** The parts of a resource that location resolution reads; both CrossGuard's resource args and the offline preview's fit. */
export interface LocatableResource {
    type: string;
    props: unknown;
    provider?: { type: string; name: string; urn: string; props: unknown };
}

export type LocationSource = "resource" | "provider" | "default-provider" | "destination" | "zone";

export type ResolvedLocation =
    | { kind: "known"; location: Location; source: LocationSource; detail: string }
    | { kind: "unknown"; reason: string; fix: string }
    | { kind: "invalid"; reason: string; fix: string }
    | { kind: "not-applicable" };

export function isDefaultProviderName(name: string): boolean {
    return name === "default" || name.startsWith("default_");
}

function fromValue(cloud: Cloud, value: unknown, source: LocationSource, detail: string, fix: string): ResolvedLocation | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    if (value === UNKNOWN) {
        return { kind: "unknown", reason: `${detail} is not known at preview`, fix };
    }
    if (typeof value !== "string") {
        return { kind: "invalid", reason: `${detail} is not a string`, fix };
    }
    const region = normalizeRegion(cloud, value);
    if (!region.ok) return { kind: "invalid", reason: `${detail}: ${region.reason}`, fix };
    return { kind: "known", location: makeLocation(cloud, region.region), source, detail };
}

/**
 * Types whose data is served, cached, run or received at edge locations (or checkers) in many countries, whatever
 * region their provider names: their location is unknown.
 */
const EDGE_TYPES: ReadonlyMap<string, string> = new Map([
    ["aws:cloudfront/distribution:Distribution", "it serves and caches content from edge locations worldwide"],
    ["aws:cloudfront/multitenantDistribution:MultitenantDistribution", "it serves and caches content from edge locations worldwide"],
    ["aws:cloudfront/distributionTenant:DistributionTenant", "it serves and caches content from edge locations worldwide"],
    ["aws:cloudfront/function:Function", "CloudFront Functions run at edge locations worldwide"],
    ["aws:cloudfront/connectionFunction:ConnectionFunction", "CloudFront connection functions run at edge locations worldwide"],
    ["aws:cloudfront/keyValueStore:KeyValueStore", "a CloudFront KeyValueStore is replicated to edge locations worldwide"],
    ["aws:cloudfront/keyvaluestoreKey:KeyvaluestoreKey", "a CloudFront KeyValueStore is replicated to edge locations worldwide"],
    ["aws:cloudfront/keyvaluestoreKeysExclusive:KeyvaluestoreKeysExclusive", "a CloudFront KeyValueStore is replicated to edge locations worldwide"],
    ["aws:cloudfront/realtimeLogConfig:RealtimeLogConfig", "its log records are made at edge locations worldwide"],
    ["aws:cloudfront/vpcOrigin:VpcOrigin", "it carries requests from edge locations worldwide"],
    ["aws:lightsail/distribution:Distribution", "it serves and caches content from edge locations worldwide"],
    ["aws:globalaccelerator/accelerator:Accelerator", "it receives traffic at AWS edge locations worldwide"],
    ["aws:globalaccelerator/customRoutingAccelerator:CustomRoutingAccelerator", "it receives traffic at AWS edge locations worldwide"],
    ["aws:globalaccelerator/listener:Listener", "it receives traffic at AWS edge locations worldwide"],
    ["aws:globalaccelerator/customRoutingListener:CustomRoutingListener", "it receives traffic at AWS edge locations worldwide"],
    ["aws:globalaccelerator/endpointGroup:EndpointGroup", "it carries traffic received at AWS edge locations worldwide"],
    ["aws:globalaccelerator/customRoutingEndpointGroup:CustomRoutingEndpointGroup", "it carries traffic received at AWS edge locations worldwide"],
    ["aws:s3/bucketAccelerateConfiguration:BucketAccelerateConfiguration", "transfer acceleration carries the bucket's data through edge locations worldwide"],
    [
        "aws:s3/bucketAccelerateConfigurationV2:BucketAccelerateConfigurationV2",
        "transfer acceleration carries the bucket's data through edge locations worldwide",
    ],
    ["aws:amplify/app:App", "Amplify Hosting serves the app through CloudFront edge locations worldwide"],
    ["aws:amplify/branch:Branch", "Amplify Hosting serves the branch through CloudFront edge locations worldwide"],
    ["aws:amplify/domainAssociation:DomainAssociation", "Amplify Hosting serves the domain through CloudFront edge locations worldwide"],
    ["aws:route53/healthCheck:HealthCheck", "its checkers in many regions send requests to the endpoint and read its responses"],
    ["oci:Waas/policy:Policy", "WAAS serves and caches the domain at Oracle's edge nodes worldwide"],
    ["oci:Waas/httpRedirect:HttpRedirect", "WAAS answers the domain at Oracle's edge nodes worldwide"],
    ["oci:HealthChecks/httpMonitor:HttpMonitor", "it probes from vantage points in many countries and reads the responses"],
    ["oci:HealthChecks/httpProbe:HttpProbe", "it probes from vantage points in many countries and reads the responses"],
    ["oci:HealthChecks/pingMonitor:PingMonitor", "it probes from vantage points in many countries"],
    ["oci:HealthChecks/pingProbe:PingProbe", "it probes from vantage points in many countries"],
]);

/** Types whose endpoint type decides: an edge-optimized endpoint (the default) receives requests at CloudFront edge locations. */
const EDGE_ENDPOINT_TYPES: ReadonlySet<string> = new Set(["aws:apigateway/restApi:RestApi", "aws:apigateway/domainName:DomainName"]);

/** Web ACLs of scope CLOUDFRONT inspect (and sample) requests at edge locations. */
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";

const EDGE_FIX = "do not put user data behind it, or serve that data from an approved location (a regional endpoint, the origin itself)";

function edgeReason(r: LocatableResource): string | undefined {
    const reason = EDGE_TYPES.get(r.type);
    if (reason) return reason;
    if (EDGE_ENDPOINT_TYPES.has(r.type)) {
        const types = getPath(r.props, "endpointConfiguration", "types");
        const list = elementsOf(types);
        if (list.includes(UNKNOWN))
            return "its endpoint type is not known at preview, and an edge-optimized endpoint receives requests at edge locations worldwide";
        if (types === undefined || types === null || list.some((t) => typeof t === "string" && t.toUpperCase() === "EDGE")) {
            return "it is edge-optimized (the default endpoint type): requests reach it through CloudFront edge locations worldwide";
        }
    }
    if (r.type === WEB_ACL) {
        const scope = get(r.props, "scope");
        if (scope === UNKNOWN) return "its scope is not known at preview, and a CLOUDFRONT web ACL inspects requests at edge locations";
        if (typeof scope === "string" && scope.toUpperCase() === "CLOUDFRONT")
            return "a CLOUDFRONT web ACL inspects and samples requests at edge locations worldwide";
    }
    return undefined;
}

/**
 * An AWS service endpoint: one service label (`s3`, `s3-fips`, `execute-api`), optionally `.dualstack`, then the
 * region (after a dot, or a dash in S3's legacy `s3-<region>` form). A host with more labels in front is a customer's
 * own (an API Gateway stage, an AppSync API: `abc123.execute-api.us-east-1.amazonaws.com`), which can forward
 * the calls anywhere.
 */
const AWS_ENDPOINT_HOST = new RegExp(
    `^[a-z0-9]+(?:-[a-z0-9]+)*(?:\\.dualstack)?[.-](${knownRegions("aws").join("|")})\\.(?:amazonaws\\.com(?:\\.cn)?|api\\.aws)$`,
);

/** The endpoint overrides of an AWS provider as (service, url) pairs; UNKNOWN when not known at preview. */
function endpointOverrides(providerProps: unknown): { service: string; url: unknown }[] | typeof UNKNOWN {
    const raw = providerInputValue(get(providerProps, "endpoints"));
    if (raw === UNKNOWN) return UNKNOWN;
    const out: { service: string; url: unknown }[] = [];
    for (const entry of Array.isArray(raw) ? raw : raw && typeof raw === "object" ? [raw] : []) {
        for (const service of Object.keys(entry ?? {})) {
            const url = get(entry, service);
            if (url !== undefined && url !== null && url !== "") out.push({ service, url });
        }
    }
    return out;
}

/** The region of an AWS regional endpoint URL (`https://s3.us-east-1.amazonaws.com`), or undefined for any other host. */
export function regionOfAwsEndpoint(url: string): string | undefined {
    let host: string;
    try {
        host = new URL(url).hostname.toLowerCase();
    } catch {
        return undefined;
    }
    return AWS_ENDPOINT_HOST.exec(host)?.[1];
}

/**
 * An `endpoints` override sends a provider's calls elsewhere: the location stays known only when every
 * override is the AWS regional endpoint of the region the resource is in.
 */
function endpointProblem(r: LocatableResource, loc: ResolvedLocation): ResolvedLocation {
    if (loc.kind !== "known" || !r.provider || !loc.location.startsWith("aws:")) return loc;
    const overrides = endpointOverrides(r.provider.props);
    if (overrides !== UNKNOWN && overrides.length === 0) return loc;
    const who = isDefaultProviderName(r.provider.name) ? "the default aws provider ('aws:endpoints' in stack config)" : `provider '${r.provider.name}'`;
    const fix = "remove the 'endpoints' override, or point it at the AWS regional endpoint of the resource's region";
    if (overrides === UNKNOWN) return { kind: "unknown", reason: `the endpoints of ${who} are not known at preview`, fix };
    const region = loc.location.slice("aws:".length);
    for (const { service, url } of overrides) {
        const at = typeof url === "string" ? regionOfAwsEndpoint(url) : undefined;
        if (at === region) continue;
        const shown = typeof url === "string" ? `'${url.slice(0, 120)}'` : "a value that is not a URL";
        const where = at ? `the AWS endpoint of ${at}` : "an endpoint the pack cannot place";
        return {
            kind: "unknown",
            reason: `${who} overrides endpoint '${service}' with ${shown}, ${where}, so the data of its resources may go anywhere`,
            fix,
        };
    }
    return loc;
}

/**
 * Where a resource lives: its own `region` input (AWS v7 resources have one), else the region of its
 * explicit or inherited provider, else the default provider's region from stack config. A region that
 * could only come from the environment or a profile file is unknown, and so is one unknown at preview.
 *
 * Then where in (or outside) that region its data is: a resource served or run at edge locations, or that is
 * itself infrastructure at a customer site, has an unknown location; one whose inputs name a Local or Wavelength
 * Zone is in that zone (its own location), or unknown when the zone, an Outpost or a customer site cannot be
 * placed. With `lookup` (the stack's graph), the zones and sites of what it is placed on (its subnets, the
 * Exadata infrastructure or VM cluster under it) count too, and a function a CloudFront distribution runs at the
 * edge (Lambda@Edge) is at the edge.
 */
export function resolveLocation(r: LocatableResource, lookup?: PlacementLookup): ResolvedLocation {
    const inRegion = resolveRegion(r);
    if (inRegion.kind !== "known") return inRegion;
    const edge = lookup ? edgeRunBy(r, lookup) : undefined;
    if (edge) return { kind: "unknown", reason: `${edge}, whatever its provider's region`, fix: EDGE_FIX };
    return placeWithinRegion(r, inRegion, lookup);
}

/**
 * The region whose API manages a resource, as a location, and whether it is served at the edge: what
 * `resolveLocation` knows before it reads zones and sites. An ARN carries this region.
 */
export function resolveRegion(r: LocatableResource): ResolvedLocation {
    const cloud = cloudOfType(r.type);
    if (!cloud || r.type.startsWith("pulumi:providers:")) return { kind: "not-applicable" };
    const edge = edgeReason(r);
    if (edge) return { kind: "unknown", reason: `${edge}, whatever its provider's region`, fix: EDGE_FIX };
    return endpointProblem(r, regionOf(r, cloud));
}

function regionOf(r: LocatableResource, cloud: Cloud): ResolvedLocation {
    const pin =
        cloud === "aws"
            ? "set 'region' on the resource or on an explicit aws.Provider, or 'aws:region' in the stack config"
            : "set 'region' on an explicit oci.Provider, or 'oci:region' in the stack config";
    if (cloud === "aws") {
        const own = fromValue(cloud, get(r.props, "region"), "resource", "the resource's 'region' input", pin);
        if (own) return own;
    }
    if (r.provider) {
        const isDefault = isDefaultProviderName(r.provider.name);
        const detail = isDefault ? `'${cloud}:region' of the default provider (stack config)` : `'region' of provider '${r.provider.name}'`;
        const fromProvider = fromValue(cloud, get(r.provider.props, "region"), isDefault ? "default-provider" : "provider", detail, pin);
        if (fromProvider) return fromProvider;
        return {
            kind: "unknown",
            reason: isDefault
                ? `the default ${cloud} provider has no '${cloud}:region' in stack config, so the region would come from the environment or a profile file`
                : `provider '${r.provider.name}' sets no region, so it would come from the environment or a profile file`,
            fix: pin,
        };
    }
    return { kind: "unknown", reason: "the resource has no provider the analyzer can see", fix: pin };
}

/** What location resolution may read of the stack's graph: the resources a property depends on, and the reverse. */
export interface PlacementLookup {
    dependencies(r: LocatableResource, property: string): readonly LocatableResource[];
    dependents(r: LocatableResource): readonly { resource: LocatableResource; property: string }[];
    /** Where each resource is placed, once per stack. */
    readonly placed: Map<LocatableResource, Places>;
}

interface GraphResource extends LocatableResource {
    urn: string;
    propertyDependencies?: Record<string, { urn: string }[]>;
}

/** A lookup over a stack's resources and their property dependencies (built once per stack; `byUrn` if the caller has it). */
export function placementLookup(
    resources: readonly GraphResource[],
    byUrn: ReadonlyMap<string, GraphResource> = new Map(resources.map((r) => [r.urn, r])),
): PlacementLookup {
    let dependents: Map<string, { resource: LocatableResource; property: string }[]> | undefined;
    // Built on first use: only a function a distribution may run at the edge asks who depends on it.
    const dependentsOf = (urn: string) => {
        if (!dependents) {
            dependents = new Map();
            for (const r of resources) {
                for (const property of Object.keys(r.propertyDependencies ?? {})) {
                    if (!CACHE_BEHAVIOR_PROPS.has(property)) continue;
                    for (const d of r.propertyDependencies![property] ?? []) {
                        const list = dependents.get(d.urn) ?? [];
                        list.push({ resource: r, property });
                        dependents.set(d.urn, list);
                    }
                }
            }
        }
        return dependents.get(urn) ?? [];
    };
    return {
        placed: new Map(),
        dependencies: (r, property) => {
            const out: LocatableResource[] = [];
            for (const d of (r as GraphResource).propertyDependencies?.[property] ?? []) {
                const found = byUrn.get(d.urn);
                if (found && !out.includes(found)) out.push(found);
            }
            return out;
        },
        dependents: (r) => dependentsOf((r as GraphResource).urn),
    };
}

const LAMBDA_FUNCTION_TYPES = new Set(["aws:lambda/function:Function", "aws:lambda/alias:Alias"]);
const DISTRIBUTION_TYPES = new Set(["aws:cloudfront/distribution:Distribution", "aws:cloudfront/multitenantDistribution:MultitenantDistribution"]);
const CACHE_BEHAVIOR_PROPS = new Set(["defaultCacheBehavior", "orderedCacheBehaviors", "cacheBehaviors"]);

/** Lambda@Edge: a function a CloudFront distribution's cache behaviors associate is replicated to edge locations. */
function edgeRunBy(r: LocatableResource, lookup: PlacementLookup): string | undefined {
    if (!LAMBDA_FUNCTION_TYPES.has(r.type)) return undefined;
    const by = lookup.dependents(r).find((d) => DISTRIBUTION_TYPES.has(d.resource.type) && CACHE_BEHAVIOR_PROPS.has(d.property));
    return by ? `a CloudFront distribution runs it at edge locations worldwide (Lambda@Edge, from its '${by.property}')` : undefined;
}

/** Infrastructure that is itself at a customer site. */
const CUSTOMER_SITE_TYPES: ReadonlySet<string> = new Set([
    "oci:Database/exadataInfrastructure:ExadataInfrastructure",
    "oci:Database/exadataInfrastructureCompute:ExadataInfrastructureCompute",
    "oci:Database/exadataInfrastructureStorage:ExadataInfrastructureStorage",
    "oci:ComputeCloud/atCustomerCccInfrastructure:AtCustomerCccInfrastructure",
    "oci:oci/dataccInfrastructure:DataccInfrastructure",
]);

/** Properties that place a resource on another one: its subnets, the infrastructure or cluster it runs on. */
const PLACEMENT_REF: ReadonlySet<string> = new Set(
    `subnetId subnetIds subnets subnetMappings subnetGroupName dbSubnetGroupName cacheSubnetGroupName replicationSubnetGroupId
    vpcZoneIdentifiers vpcConfig networkConfiguration createVnicDetails vnicDetails placement placementGroup
    capacityReservationSpecification hostId hostResourceGroupArn exadataInfrastructureId vmClusterId autonomousVmClusterId
    autonomousContainerDatabaseId dbHomeId infrastructureId cccInfrastructureId outpostArn outpostId instanceId`.split(/\s+/),
);

/** Parts of the inputs that say where data goes, not where the resource is (region literals judge those). */
const DESTINATION_SEGMENT = /destination|target|replica|peer|source|copy|restore|backup|failover|standby|secondary|remote/i;
const NAME_KEYS = new Set(["name", "displayName", "description", "namePrefix", "comment", "comments"]);

export type Places = { places: SitePlace[]; via: string[] };

/** The answer for most resources: nothing in their inputs places them (shared, so that no object is made for it). */
const NOWHERE: Places = Object.freeze({ places: [], via: [] }) as unknown as Places;

function addPlace(out: Places | undefined, place: SitePlace, via: string): Places {
    const to = out ?? { places: [], via: [] };
    to.places.push(place);
    to.via.push(via);
    return to;
}

function ownPlaces(r: LocatableResource): Places | undefined {
    let out: Places | undefined;
    walkStrings(r.props, (value, key, pathOf) => {
        if (NAME_KEYS.has(key)) return;
        const place = placeOf(value);
        if (!place) return;
        const path = pathOf();
        if (path.split(/[.[\]]/).some((segment) => DESTINATION_SEGMENT.test(segment))) return;
        out = addPlace(out, place, `'${path}'`);
    });
    return out;
}

const MAX_PLACEMENT_DEPTH = 6;

function placesOf(r: LocatableResource, lookup: PlacementLookup | undefined, depth: number, seen?: Set<LocatableResource>): Places {
    const cached = lookup?.placed.get(r);
    if (cached) return cached;
    let out = ownPlaces(r);
    if (CUSTOMER_SITE_TYPES.has(r.type)) {
        out = addPlace(out, { kind: "unplaceable", id: r.type, why: `it is ${UNPLACEABLE_SITES.ociCustomerSite.what}` }, "its type");
    }
    const deps = (r as GraphResource).propertyDependencies;
    if (lookup && deps && depth < MAX_PLACEMENT_DEPTH) {
        for (const prop in deps) {
            if (!PLACEMENT_REF.has(prop)) continue;
            for (const under of lookup.dependencies(r, prop)) {
                if (under === r || seen?.has(under)) continue;
                (seen ??= new Set([r])).add(under);
                const found = placesOf(under, lookup, depth + 1, seen);
                for (let i = 0; i < found.places.length; i++) {
                    out = addPlace(out, found.places[i], `'${prop}' (on '${(under as { name?: string }).name ?? under.type}', ${found.via[i]})`);
                }
            }
        }
    }
    const result = out ?? NOWHERE;
    // Only a complete answer is kept (a walk cut short by depth or a cycle may be partial).
    if (lookup && depth === 0) lookup.placed.set(r, result);
    return result;
}

const ZONE_FIX =
    "place it in an Availability Zone of an approved region, or approve the zone's own location (aws:<network border group>) if its country is allowed";

/** Narrows a location known by region to the zone or site its inputs, or what it is placed on, put its data in. */
function placeWithinRegion(r: LocatableResource, loc: Extract<ResolvedLocation, { kind: "known" }>, lookup: PlacementLookup | undefined): ResolvedLocation {
    const { places, via } = placesOf(r, lookup, 0);
    if (places.length === 0) return loc;
    const region = apiRegionOf(loc.location);
    const distinct = new Map<string, string>();
    for (const [i, place] of places.entries()) {
        if (place.kind === "unplaceable") {
            return { kind: "unknown", reason: `${via[i]} puts it where the pack cannot place it: ${place.why}`, fix: ZONE_FIX };
        }
        if (loc.location.startsWith("oci:")) continue;
        if (place.region !== region) {
            return {
                kind: "unknown",
                reason: `${via[i]} names '${place.id}', a zone of ${place.region}, but the resource is in ${region}`,
                fix: ZONE_FIX,
            };
        }
        const at = place.kind === "zone" ? place.group : region;
        if (!distinct.has(at)) distinct.set(at, place.kind === "zone" ? `${describeZone(place)}, from ${via[i]}` : `${loc.detail}`);
    }
    if (distinct.size > 1) {
        return { kind: "unknown", reason: `its inputs place it in more than one location: ${[...distinct.keys()].join(", ")}`, fix: ZONE_FIX };
    }
    const [[at, detail]] = [...distinct];
    if (at === region) return loc;
    return { kind: "known", location: makeLocation("aws", at), source: "zone", detail };
}
