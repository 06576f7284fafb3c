import { Location, makeLocation } from "./location";
import { walkStrings } from "./propertyWalk";
import { Cloud, knownRegions, normalizeRegion, ociRegionOfAvailabilityDomain } from "./regions";
import { placeOf, SitePlace } from "./sites";

/** A region written somewhere in a resource's inputs: where it sits, what was written, what it names. */
export interface RegionLiteral {
    path: string;
    /** The whole string the literal was found in. */
    value: string;
    literal: string;
    /** Set when the literal names a known region; otherwise `reason` says why it cannot be placed. */
    location?: Location;
    reason?: string;
}

const escape = (s: string) => s.replace(/[-]/g, "\\-");
/** AWS-shaped names this pack does not know yet are still destinations (in an unknown place). */
const AWS_SHAPE = "(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:gov-|iso-|isob-)?(?:east|west|north|south|central|northeast|southeast|northwest|southwest)-\\d{1,2}";
const REGION_ALTERNATIVES = `${[...knownRegions("oci"), ...knownRegions("aws")].map(escape).join("|")}|${AWS_SHAPE}`;
const REGION_NAMES = new RegExp(`(?<![A-Za-z0-9])(${REGION_ALTERNATIVES})(?![A-Za-z0-9])`, "gi");
const REGION_EXACT = new RegExp(`^(?:${REGION_ALTERNATIVES})$`, "i");
const ARN = /arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):[a-z0-9-]+:([a-z0-9-]*):/gi;
const OCID = /ocid1\.[a-z0-9_-]+\.[a-z0-9_-]+\.([a-z0-9_-]*)\./gi;
const AVAILABILITY_DOMAIN = /(?:^|:)[A-Za-z0-9-]+-AD-\d+$/;
const OCI_REGION_KEY = /^[A-Za-z]{3}$/;
/** Names and descriptions: people write regions into them ('backups-us-east-1'); no API sends data to one. */
const NAME_KEYS = new Set(["name", "displayName", "description", "namePrefix", "bucketPrefix", "comment", "comments"]);

/** Whether the string at `path` (as the destinations module writes it) is read by this module: held by a key not in NAME_KEYS. */
export function literalReadAt(path: string): boolean {
    const held = path
        .split("<json>")[0]
        .split(/[.[\]]/)
        .filter((s) => s !== "");
    return !NAME_KEYS.has(held[held.length - 1] ?? "");
}

/** Keys that hold a zone: there, an AZ or Local Zone name (`us-east-1a`, `us-east-1-bue-1a`) is a zone, not any name. */
const ZONE_KEY = /zone|availability|(^|[a-z])azs?$|bordergroup|placement/i;
/** Zone IDs, Wavelength Zones, Outposts and customer-site OCIDs: shapes that name nothing else. */
const UNAMBIGUOUS_SITE =
    /^(?:[a-z]+\d+-(?:[a-z]{3}\d+-)?az\d+|[a-z]{2}-[a-z-]+-\d+-wl\d+(?:-[a-z]{3}-wlz-\d+)?|[a-z]+\d+-wl\d+-[a-z]{3}-wlz\d+|arn:aws[a-z-]*:outposts:.*|op-[0-9a-f]{8,17}|ocid1\.[a-z]+\..*)$/;

/** The place a zone or site identifier names, as a literal: its region, its zone's own location, or why it cannot be placed. */
function zoneLiteral(value: string, key: string): { literal: string; location?: Location; reason?: string } | undefined {
    const trimmed = value.trim();
    if (!ZONE_KEY.test(key) && !UNAMBIGUOUS_SITE.test(trimmed)) return undefined;
    const place: SitePlace | undefined = placeOf(trimmed);
    if (!place) return undefined;
    if (place.kind === "unplaceable") return { literal: trimmed, reason: place.why };
    if (place.kind === "region-zone") return { literal: trimmed, location: makeLocation("aws", place.region) };
    return { literal: trimmed, location: makeLocation("aws", place.group) };
}

function cloudOfName(name: string): Cloud {
    return knownRegions("oci").includes(name) ? "oci" : "aws";
}

/** The regions one string names: whole names, names inside hosts and ARNs, OCID region parts, AD names. */
export function regionsInString(value: string, key: string): { literal: string; location?: Location; reason?: string }[] {
    const out: { literal: string; location?: Location; reason?: string }[] = [];
    if (value.length < 3 || value.length > 100_000) return out;
    if (OCI_REGION_KEY.test(value) && /region/i.test(key)) {
        const key3 = normalizeRegion("oci", value);
        if (key3.ok) out.push({ literal: value, location: makeLocation("oci", key3.region) });
        return out;
    }
    const zone = zoneLiteral(value, key);
    if (zone) {
        out.push(zone.location ? { literal: zone.literal, location: zone.location } : { literal: zone.literal, reason: zone.reason });
        return out;
    }
    if (AVAILABILITY_DOMAIN.test(value)) {
        const ad = ociRegionOfAvailabilityDomain(value);
        out.push(ad.ok ? { literal: value, location: makeLocation("oci", ad.region) } : { literal: value, reason: ad.reason });
        return out;
    }
    if (value.indexOf("-") < 0 && value.indexOf("ocid1.") < 0) return out;
    for (const m of value.matchAll(REGION_NAMES)) {
        const name = m[1].toLowerCase();
        const cloud = cloudOfName(name);
        const region = normalizeRegion(cloud, name);
        out.push(
            region.ok
                ? { literal: m[1], location: makeLocation(cloud, region.region) }
                : { literal: m[1], reason: `'${m[1]}' is not a region this pack knows` },
        );
    }
    for (const m of value.matchAll(OCID)) {
        const part = m[1];
        if (!part) continue;
        const region = normalizeRegion("oci", part);
        out.push(
            region.ok
                ? { literal: part, location: makeLocation("oci", region.region) }
                : { literal: part, reason: `the OCID region '${part.slice(0, 32)}' is not a region this pack knows` },
        );
    }
    // ARN regions are region names and were found above; the pattern is kept for ARNs with odd casing.
    for (const m of value.matchAll(ARN)) {
        if (m[2] && !REGION_EXACT.test(m[2])) {
            out.push({ literal: m[2], reason: `the ARN region '${m[2].slice(0, 32)}' is not a region this pack knows` });
        }
    }
    return out;
}

/**
 * Every region a resource's inputs name, at any depth: region names (also inside hosts, URLs and ARNs),
 * OCI region keys in a property named like a region, availability-domain names and OCID region parts.
 * `ownRegionProp` (AWS `region`) is the resource's own location and is left out.
 */
export function regionLiteralsOf(props: unknown, ownRegionProp?: string): RegionLiteral[] {
    const out: RegionLiteral[] = [];
    const seen = new Set<string>();
    walkStrings(props, (value, key, pathOf) => {
        // The path ends in its key, so only a string held by that key can be the own region.
        if ((ownRegionProp && key === ownRegionProp && pathOf() === ownRegionProp) || NAME_KEYS.has(key)) return;
        const found = regionsInString(value, key);
        if (found.length === 0) return;
        const path = pathOf();
        for (const one of found) {
            const id = `${path}|${one.location ?? one.literal}`;
            if (seen.has(id)) continue;
            seen.add(id);
            out.push({ path, value, ...one });
        }
    });
    return out;
}

export function describeLiteral(l: RegionLiteral): string {
    return `'${l.literal.slice(0, 64)}' at '${l.path}'`;
}
