import { Cloud, CLOUDS, normalizeRegion } from "./regions";
import { get, UNKNOWN } from "./unknown";

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
    const pkg = type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0];
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

/**
 * Where a resource lives: its own `region` input (AWS v7 resources have one), else the region of its
 * explicit or inherited provider, else the default provider's region from stack config. A region that
 * could only come from the environment or a profile file is unknown, and so is one unknown at preview.
 */
export function resolveLocation(r: LocatableResource): ResolvedLocation {
    const cloud = cloudOfType(r.type);
    if (!cloud || r.type.startsWith("pulumi:providers:")) return { kind: "not-applicable" };
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
