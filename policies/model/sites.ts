import { knownRegions } from "./regions";

/**
 * Zones and sites that a region's API manages but whose data sits elsewhere, and the country each is in.
 *
 * An AWS Local Zone (`us-east-1-bue-1a`, group `us-east-1-bue-1`, zone ID `use1-bue1-az1`) or Wavelength Zone
 * (`us-east-1-wl1-bos-wlz-1`, zone ID `use1-wl1-bos-wlz1`) belongs to a parent region but is in another city,
 * often another country. Its location is its network border group (`aws:us-east-1-bue-1`), a location of its
 * own that an approval must name. An Availability Zone of the region (`us-east-1a`, `use1-az1`) stays in the
 * region. What the pack cannot place is unplaceable, which the location module makes an unknown location
 * (a mandatory violation): a zone-shaped name not in these tables, an AWS Outpost (on the customer's premises),
 * OCI Cloud@Customer infrastructure (Exadata, Compute, Database at a customer site).
 */

/** One city of Local Zones or Wavelength Zones of a parent region, from the provider's list of zones. */
export interface ZoneCity {
    kind: "local-zone" | "wavelength-zone";
    parentRegion: string;
    /** The location identifier in the zone's name: `bue` in `us-east-1-bue-1a`, `bos` in `us-east-1-wl1-bos-wlz-1`. */
    code: string;
    city: string;
    /** ISO 3166-1 alpha-2. */
    country: string;
    /** The provider's page that lists it. */
    source: string;
}

const LOCAL_ZONES_PAGE = "https://docs.aws.amazon.com/local-zones/latest/ug/available-local-zones.html";
const WAVELENGTH_PAGE = "https://docs.aws.amazon.com/wavelength/latest/developerguide/available-wavelength-zones.html";

const lz = (parentRegion: string, code: string, city: string, country: string): ZoneCity => ({
    kind: "local-zone",
    parentRegion,
    code,
    city,
    country,
    source: LOCAL_ZONES_PAGE,
});
const wlz = (parentRegion: string, code: string, city: string, country: string): ZoneCity => ({
    kind: "wavelength-zone",
    parentRegion,
    code,
    city,
    country,
    source: WAVELENGTH_PAGE,
});

// Every numbered group of a city (`us-east-1-atl-1`, `us-east-1-atl-2`) is in that city. A city not listed here
// is unplaceable: add it from the provider's page, with the country its "Geography" column gives.
// prettier-ignore
export const ZONE_CITIES: readonly ZoneCity[] = [
    lz("us-east-1", "atl", "Atlanta", "US"),
    lz("us-east-1", "bos", "Boston", "US"),
    lz("us-east-1", "bue", "Buenos Aires", "AR"),
    lz("us-east-1", "chi", "Chicago", "US"),
    lz("us-east-1", "dfw", "Dallas", "US"),
    lz("us-east-1", "iah", "Houston", "US"),
    lz("us-east-1", "lim", "Lima", "PE"),
    lz("us-east-1", "mci", "Kansas City", "US"),
    lz("us-east-1", "mia", "Miami", "US"),
    lz("us-east-1", "msp", "Minneapolis", "US"),
    lz("us-east-1", "nyc", "New York", "US"),
    lz("us-east-1", "phl", "Philadelphia", "US"),
    lz("us-east-1", "qro", "Querétaro", "MX"),
    lz("us-east-1", "scl", "Santiago", "CL"),
    lz("us-west-2", "den", "Denver", "US"),
    lz("us-west-2", "hnl", "Honolulu", "US"),
    lz("us-west-2", "las", "Las Vegas", "US"),
    lz("us-west-2", "lax", "Los Angeles", "US"),
    lz("us-west-2", "pdx", "Portland", "US"),
    lz("us-west-2", "phx", "Phoenix", "US"),
    lz("us-west-2", "sea", "Seattle", "US"),
    lz("af-south-1", "los", "Lagos", "NG"),
    lz("ap-northeast-1", "tpe", "Taipei", "TW"),
    lz("ap-south-1", "ccu", "Kolkata", "IN"),
    lz("ap-south-1", "del", "Delhi", "IN"),
    lz("ap-southeast-1", "bkk", "Bangkok", "TH"),
    lz("ap-southeast-1", "han", "Hanoi", "VN"),
    lz("ap-southeast-1", "mnl", "Manila", "PH"),
    lz("ap-southeast-2", "akl", "Auckland", "NZ"),
    lz("ap-southeast-2", "per", "Perth", "AU"),
    lz("eu-central-1", "ham", "Hamburg", "DE"),
    lz("eu-central-1", "waw", "Warsaw", "PL"),
    lz("eu-north-1", "cph", "Copenhagen", "DK"),
    lz("eu-north-1", "hel", "Helsinki", "FI"),
    lz("me-south-1", "mct", "Muscat", "OM"),
    wlz("us-east-1", "atl", "Atlanta", "US"),
    wlz("us-east-1", "bna", "Nashville", "US"),
    wlz("us-east-1", "bos", "Boston", "US"),
    wlz("us-east-1", "chi", "Chicago", "US"),
    wlz("us-east-1", "clt", "Charlotte", "US"),
    wlz("us-east-1", "dfw", "Dallas", "US"),
    wlz("us-east-1", "dtw", "Detroit", "US"),
    wlz("us-east-1", "iah", "Houston", "US"),
    wlz("us-east-1", "mia", "Miami", "US"),
    wlz("us-east-1", "msp", "Minneapolis", "US"),
    wlz("us-east-1", "nyc", "New York", "US"),
    wlz("us-east-1", "tpa", "Tampa", "US"),
    wlz("us-east-1", "was", "Washington, DC", "US"),
    wlz("us-west-2", "den", "Denver", "US"),
    wlz("us-west-2", "las", "Las Vegas", "US"),
    wlz("us-west-2", "lax", "Los Angeles", "US"),
    wlz("us-west-2", "phx", "Phoenix", "US"),
    wlz("us-west-2", "sea", "Seattle", "US"),
    wlz("us-west-2", "sfo", "San Francisco", "US"),
    wlz("ap-northeast-1", "nrt", "Tokyo", "JP"),
    wlz("ap-northeast-1", "kix", "Osaka", "JP"),
    wlz("ap-northeast-2", "cjj", "Daejeon", "KR"),
    wlz("ap-northeast-2", "sel", "Seoul", "KR"),
    wlz("ca-central-1", "yto", "Toronto", "CA"),
    wlz("eu-west-2", "lon", "London", "GB"),
    wlz("eu-west-2", "man", "Manchester", "GB"),
    wlz("eu-west-3", "cmn", "Casablanca", "MA"),
    wlz("eu-west-3", "dss", "Dakar", "SN"),
];

/** Kinds of site the pack knows exist but cannot place, each with where the provider describes it. */
export const UNPLACEABLE_SITES = {
    outpost: {
        what: "an AWS Outpost, on the customer's premises",
        source: "https://docs.aws.amazon.com/outposts/latest/userguide/what-is-outposts.html",
    },
    ociCustomerSite: {
        what: "OCI Cloud@Customer infrastructure (Exadata, Compute or Database), in the customer's data centre",
        source: "https://docs.oracle.com/en-us/iaas/exadata/doc/ecc-exadata-cloud-at-customer-overview.html",
    },
    unknownZone: {
        what: "not in this pack's table of zones (policies/model/sites.ts)",
        source: LOCAL_ZONES_PAGE,
    },
} as const;

export type SitePlace =
    /** An Availability Zone (AWS) of the region: the region is the place. */
    | { kind: "region-zone"; region: string; id: string }
    /** A Local or Wavelength Zone: its own place, in a city of a country. */
    | { kind: "zone"; region: string; id: string; group: string; city: ZoneCity }
    /** A zone or site whose country the pack cannot tell. */
    | { kind: "unplaceable"; id: string; why: string };

const AWS_REGIONS = new Set(knownRegions("aws"));

/** The letters a region name's direction word takes in its zone IDs (`southeast` -> `se`). */
export const ZONE_ID_DIRECTION: Readonly<Record<string, string>> = {
    east: "e",
    west: "w",
    north: "n",
    south: "s",
    central: "c",
    northeast: "ne",
    northwest: "nw",
    southeast: "se",
    southwest: "sw",
};

/** The prefix of a region's zone IDs: `us-east-1` -> `use1`, `ap-southeast-2` -> `apse2`, `us-gov-west-1` -> `usgw1`. */
export function zoneIdPrefix(region: string): string | undefined {
    const m = /^([a-z]{2})-(gov-)?([a-z]+)-(\d+)$/.exec(region);
    const direction = m ? ZONE_ID_DIRECTION[m[3]] : undefined;
    return m && direction ? `${m[1]}${m[2] ? "g" : ""}${direction}${m[4]}` : undefined;
}

const REGION_OF_PREFIX = new Map([...AWS_REGIONS].map((r) => [zoneIdPrefix(r), r] as const).filter((e): e is [string, string] => e[0] !== undefined));

const REGION = "[a-z]{2}-(?:gov-)?[a-z]+-\\d+";
const AZ_NAME = new RegExp(`^(${REGION})([a-z])$`);
const AZ_ID = /^([a-z]+\d+)-az(\d+)$/;
const LZ_NAME = new RegExp(`^(${REGION})-([a-z]{3})-(\\d+)([a-z])?$`);
const LZ_ID = /^([a-z]+\d+)-([a-z]{3})(\d+)-az(\d+)$/;
const WLZ_NAME = new RegExp(`^(${REGION})-(wl\\d+)-([a-z]{3})-wlz-(\\d+)$`);
const WLZ_ID = /^([a-z]+\d+)-(wl\d+)-([a-z]{3})-wlz(\d+)$/;
const WL_GROUP = new RegExp(`^(${REGION})-(wl\\d+)$`);
const OUTPOST_ARN = /^arn:aws[a-z-]*:outposts:[a-z0-9-]*:\d*:outpost\/op-[0-9a-f]+/;
const OUTPOST_ID = /^op-[0-9a-f]{8,17}$/;
/** OCIDs of infrastructure at a customer site: Exadata Cloud@Customer, its VM clusters, Compute Cloud@Customer, Database infrastructure. */
const OCI_CUSTOMER_SITE_OCID = /^ocid1\.(exadatainfrastructure|vmcluster|autonomousvmcluster|cccinfrastructure|dataccinfrastructure)\./;

function cityOf(kind: ZoneCity["kind"], region: string, code: string): ZoneCity | undefined {
    return ZONE_CITIES.find((c) => c.kind === kind && c.parentRegion === region && c.code === code);
}

function zone(kind: ZoneCity["kind"], region: string, code: string, id: string, group: string): SitePlace {
    const city = cityOf(kind, region, code);
    if (city) return { kind: "zone", region, id, group, city };
    const what = kind === "local-zone" ? "Local Zone" : "Wavelength Zone";
    return {
        kind: "unplaceable",
        id,
        why: `'${id}' is a ${what} of ${region} ${UNPLACEABLE_SITES.unknownZone.what}, so its country is unknown: add its city from the provider's list`,
    };
}

/**
 * Where a zone or site identifier puts data, or undefined when the value is not zone- or site-shaped. Reads AWS
 * zone names, zone IDs and network border groups, AWS Outpost ARNs and IDs, and OCIDs of OCI customer-site
 * infrastructure.
 */
export function placeOf(value: string): SitePlace | undefined {
    // Most strings a resource holds are names, ARNs, OCIDs and documents: rule them out before any pattern.
    if (value.length < 6 || value.length > 200) return undefined;
    const first = value.charCodeAt(0);
    if (first < 97 || first > 122) return value.trim() !== value ? placeOf(value.trim()) : undefined;
    if (value.startsWith("arn:") && !value.includes(":outposts:")) return undefined;
    if (value.startsWith("ocid1."))
        return OCI_CUSTOMER_SITE_OCID.test(value)
            ? { kind: "unplaceable", id: value, why: `'${value.slice(0, 80)}' is ${UNPLACEABLE_SITES.ociCustomerSite.what}` }
            : undefined;
    if (value.indexOf("-") < 0) return undefined;
    const v = value.trim();
    if (OUTPOST_ARN.test(v) || OUTPOST_ID.test(v)) return { kind: "unplaceable", id: v, why: `'${v.slice(0, 80)}' is ${UNPLACEABLE_SITES.outpost.what}` };
    if (OCI_CUSTOMER_SITE_OCID.test(v)) return { kind: "unplaceable", id: v, why: `'${v.slice(0, 80)}' is ${UNPLACEABLE_SITES.ociCustomerSite.what}` };
    let m = AZ_NAME.exec(v);
    if (m && AWS_REGIONS.has(m[1])) return { kind: "region-zone", region: m[1], id: v };
    m = AZ_ID.exec(v);
    if (m && REGION_OF_PREFIX.has(m[1])) return { kind: "region-zone", region: REGION_OF_PREFIX.get(m[1])!, id: v };
    m = WLZ_NAME.exec(v);
    if (m && AWS_REGIONS.has(m[1])) return zone("wavelength-zone", m[1], m[3], v, `${m[1]}-${m[2]}-${m[3]}-wlz-${m[4]}`);
    m = WLZ_ID.exec(v);
    if (m && REGION_OF_PREFIX.has(m[1])) {
        const region = REGION_OF_PREFIX.get(m[1])!;
        return zone("wavelength-zone", region, m[3], v, `${region}-${m[2]}-${m[3]}-wlz-${m[4]}`);
    }
    m = WL_GROUP.exec(v);
    if (m && AWS_REGIONS.has(m[1])) {
        return { kind: "unplaceable", id: v, why: `'${v}' is a Wavelength Zone group, whose zones are in several cities: name the zone` };
    }
    m = LZ_NAME.exec(v);
    if (m && AWS_REGIONS.has(m[1])) return zone("local-zone", m[1], m[2], v, `${m[1]}-${m[2]}-${m[3]}`);
    m = LZ_ID.exec(v);
    if (m && REGION_OF_PREFIX.has(m[1])) {
        const region = REGION_OF_PREFIX.get(m[1])!;
        return zone("local-zone", region, m[2], v, `${region}-${m[2]}-${m[3]}`);
    }
    return undefined;
}

/** The zone cities by location (`us-east-1-bue-1`, `us-east-1-wl1-bos-wlz-1`): what a zone location is. */
export function zoneOfLocationName(name: string): { region: string; city: ZoneCity } | undefined {
    const place = placeOf(name);
    return place?.kind === "zone" && place.group === name ? { region: place.region, city: place.city } : undefined;
}

export function describeZone(place: Extract<SitePlace, { kind: "zone" }>): string {
    const what = place.city.kind === "local-zone" ? "Local Zone" : "Wavelength Zone";
    return `${what} '${place.id}' of ${place.region}, in ${place.city.city} (${place.city.country})`;
}
