import { Cloud, CLOUDS, knownRegions, normalizeRegion } from "./regions";
import { get, UNKNOWN } from "./unknown";
import { providerInputValue } from "./providerInputs";

/** `<cloud>:<region>`, lower case: `oci:us-ashburn-1`, `aws:us-east-1`. */
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
    const region = normalizeRegion(cloud, text.slice(at + 1));
    return region.ok ? { ok: true, location: makeLocation(cloud, region.region) } : region;
}

/** True when the location is a region in the United States (AWS and OCI both name them `us-…`). */
export function isUnitedStatesLocation(text: string): boolean {
    const parsed = parseLocation(text);
    return parsed.ok && parsed.location.split(":")[1].startsWith("us-");
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

export type LocationSource = "resource" | "provider" | "default-provider" | "destination";

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

/** Types whose data is served and cached from edge locations worldwide, whatever region their provider names. */
const EDGE_TYPES: ReadonlySet<string> = new Set(["aws:cloudfront/distribution:Distribution", "aws:lightsail/distribution:Distribution"]);

const AWS_ENDPOINT_HOST = new RegExp(`(?:^|[.-])(${knownRegions("aws").join("|")})\\.(?:amazonaws\\.com(?:\\.cn)?|api\\.aws)$`);

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
 */
export function resolveLocation(r: LocatableResource): ResolvedLocation {
    const cloud = cloudOfType(r.type);
    if (!cloud || r.type.startsWith("pulumi:providers:")) return { kind: "not-applicable" };
    if (EDGE_TYPES.has(r.type)) {
        return {
            kind: "unknown",
            reason: "it serves and caches content from edge locations worldwide, whatever its provider's region",
            fix: "do not put user data behind it, or serve that data from its origin in an approved location",
        };
    }
    return endpointProblem(r, placeOf(r, cloud));
}

function placeOf(r: LocatableResource, cloud: Cloud): ResolvedLocation {
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
