/** The clouds whose regions this pack understands. */
export type Cloud = "aws" | "oci";
export const CLOUDS: Cloud[] = ["aws", "oci"];

const AWS_REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "ca-central-1",
    "ca-west-1",
    "mx-central-1",
    "sa-east-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "cn-north-1",
    "cn-northwest-1",
];

/** OCI region identifiers and their three-letter region keys (as in availability domain names like `PHX-AD-1`). */
const OCI_REGION_KEYS: Record<string, string> = {
    "us-ashburn-1": "IAD",
    "us-phoenix-1": "PHX",
    "us-sanjose-1": "SJC",
    "us-chicago-1": "ORD",
    "ca-toronto-1": "YYZ",
    "ca-montreal-1": "YUL",
    "mx-queretaro-1": "QRO",
    "mx-monterrey-1": "MTY",
    "sa-saopaulo-1": "GRU",
    "sa-vinhedo-1": "VCP",
    "sa-santiago-1": "SCL",
    "sa-valparaiso-1": "VAP",
    "sa-bogota-1": "BOG",
    "uk-london-1": "LHR",
    "uk-cardiff-1": "CWL",
    "eu-frankfurt-1": "FRA",
    "eu-amsterdam-1": "AMS",
    "eu-zurich-1": "ZRH",
    "eu-madrid-1": "MAD",
    "eu-marseille-1": "MRS",
    "eu-milan-1": "LIN",
    "eu-paris-1": "CDG",
    "eu-stockholm-1": "ARN",
    "eu-jovanovac-1": "BEG",
    "il-jerusalem-1": "MTZ",
    "me-jeddah-1": "JED",
    "me-dubai-1": "DXB",
    "me-abudhabi-1": "AUH",
    "me-riyadh-1": "RUH",
    "af-johannesburg-1": "JNB",
    "ap-mumbai-1": "BOM",
    "ap-hyderabad-1": "HYD",
    "ap-tokyo-1": "NRT",
    "ap-osaka-1": "KIX",
    "ap-seoul-1": "ICN",
    "ap-chuncheon-1": "YNY",
    "ap-singapore-1": "SIN",
    "ap-singapore-2": "XSP",
    "ap-sydney-1": "SYD",
    "ap-melbourne-1": "MEL",
    "ap-batam-1": "HSG",
};

/** Every known region name of a cloud, canonical spelling. */
export function knownRegions(cloud: Cloud): readonly string[] {
    return cloud === "aws" ? AWS_REGIONS : Object.keys(OCI_REGION_KEYS);
}

const OCI_BY_KEY = new Map(Object.entries(OCI_REGION_KEYS).map(([name, key]) => [key, name]));

export type RegionResult = { ok: true; region: string } | { ok: false; reason: string };

/** Canonical region name: lower case, OCI region keys (`IAD`, `phx`) mapped to names. */
export function normalizeRegion(cloud: Cloud, raw: string): RegionResult {
    const text = raw.trim();
    const lower = text.toLowerCase();
    if (cloud === "aws") {
        if (AWS_REGIONS.includes(lower)) return { ok: true, region: lower };
    } else {
        if (Object.hasOwn(OCI_REGION_KEYS, lower)) return { ok: true, region: lower };
        const byKey = OCI_BY_KEY.get(text.toUpperCase());
        if (byKey) return { ok: true, region: byKey };
    }
    return { ok: false, reason: `'${text.slice(0, 64)}' is not a known ${cloud.toUpperCase()} region` };
}

/** The region of an OCI availability domain name such as `Uocm:PHX-AD-1`. */
export function ociRegionOfAvailabilityDomain(ad: string): RegionResult {
    const m = /(?:^|:)([A-Za-z0-9-]+?)-AD-\d+$/.exec(ad.trim());
    if (!m) return { ok: false, reason: `'${ad.slice(0, 64)}' is not an OCI availability domain name (like 'Uocm:PHX-AD-1')` };
    for (const candidate of [m[1], `${m[1]}-1`]) {
        const region = normalizeRegion("oci", candidate);
        if (region.ok) return region;
    }
    return { ok: false, reason: `'${ad.slice(0, 64)}' names no known OCI region` };
}

/**
 * The OCI commercial-realm regions located in the United States. The program (infra/config.ts) takes its allowed
 * OCI regions from here, so the program and the pack never disagree on which regions are in the US.
 */
export const US_OCI_REGIONS = ["us-ashburn-1", "us-phoenix-1", "us-chicago-1", "us-sanjose-1"] as const;
export type UsOciRegion = (typeof US_OCI_REGIONS)[number];
