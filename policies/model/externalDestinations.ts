/**
 * Approved external destinations: third parties (SaaS observability, partner webhooks, email providers) that
 * may receive named data classes. Each entry is a pattern, where the destination keeps the data, the classes
 * it may receive, and a reason, a ticket and an expiry, validated as strictly as an exemption. A destination
 * outside the stack that no entry in force approves for the class is a violation.
 *
 * Pattern rules:
 * - a host: `api.partner.example` (that host exactly), or `*.partner.example` (any host under it, not the
 *   domain itself; at least two labels after the wildcard). It approves URLs of any scheme on that host,
 *   a bare hostname, and email addresses at that domain.
 * - a URL: `https://hooks.partner.example/services/T01` (exactly that URL) or with a trailing `*` after a `/`
 *   (`https://hooks.partner.example/services/T01/*`: anything under that path). The host follows the host rules;
 *   the scheme must match. `s3://partner-drop/*`, `oci://bucket@namespace/*` name buckets outside the stack.
 * - `mailto:ops@partner.example` and `tel:+15551234567`: exactly that address or number.
 * - an ARN of a resource outside the stack (`arn:aws:sns:us-east-1:111122223333:partner-intake`): exactly that ARN,
 *   with its region and account. A store of another stack or account is approved so too, even in an approved region.
 * - an OCID (`ocid1.stream.oc1.iad.amaaaaaa…`): exactly that OCID.
 * An entry whose destination names a region (an ARN's, an OCID's) must give that region as its location, or its country.
 * No other wildcard is allowed, and a pattern made only of wildcards and separators is rejected.
 */
import { DATA_CLASSES, type DataClass } from "./dataClass";
import { parseArn } from "./arn";
import { isIpAddress } from "./hosts";
import { countryOfLocation, isUnitedStatesLocation, type Location, makeLocation, parseLocation } from "./location";
import { normalizeRegion } from "./regions";

export interface ExternalDestination {
    destination: string;
    /** Where it keeps the data: a pack location (`aws:us-east-1`) or a country (`country:US`). */
    location: string;
    dataClasses: DataClass[];
    reason: string;
    ticket: string;
    expires: string;
}

const OCID = /^ocid1\.[a-z0-9_-]+\.[a-z0-9_-]+\.[a-z0-9_-]*\.[a-z0-9_-]+$/i;

/** The location a destination pattern names itself (an ARN's region, an OCID's), if any. */
function locationNamedBy(pattern: string): Location | undefined {
    const ocid = /^ocid1\.[a-z0-9_-]+\.[a-z0-9_-]+\.([a-z0-9_-]+)\./i.exec(pattern);
    const arn = /^arn:[a-z-]+:[a-z0-9-]+:([a-z0-9-]+):/.exec(pattern);
    const [cloud, raw] = ocid ? (["oci", ocid[1]] as const) : arn ? (["aws", arn[1]] as const) : [undefined, undefined];
    if (!cloud) return undefined;
    const region = normalizeRegion(cloud, raw.toLowerCase());
    return region.ok ? makeLocation(cloud, region.region) : undefined;
}

/** What is wrong with an entry's location given the region its destination names, if anything. */
function locationAgreementProblem(destination: string, location: string): string | undefined {
    const named = locationNamedBy(destination);
    if (!named || location === named) return undefined;
    const country = countryOfLocation(named);
    if (country && location === `country:${country}`) return undefined;
    return `'${location}' is not where '${destination}' is: it names ${named} (write '${named}'${country ? ` or 'country:${country}'` : ""})`;
}

const HOST_LABELS = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** What is wrong with a host pattern, if anything. */
function hostPatternProblem(host: string): string | undefined {
    if (host.startsWith("*.")) {
        const rest = host.slice(2);
        if (!HOST_LABELS.test(rest) || rest.split(".").length < 2) return `'${host}': a wildcard must be followed by at least two labels ('*.partner.example')`;
        return undefined;
    }
    if (host.includes("*")) return `'${host}': a host may only start with '*.'`;
    if (!HOST_LABELS.test(host) && !isIpAddress(host)) return `'${host}' is not a hostname`;
    return undefined;
}

/** What is wrong with a destination pattern, if anything (undefined: valid). */
export function destinationPatternProblem(pattern: string): string | undefined {
    if (/^[*?\s\-_.:/@]*$/.test(pattern.replace(/^[a-z0-9+.-]+:\/\//i, "").replace(/^(?:mailto|tel):/, ""))) {
        return `'${pattern}' is made only of wildcards and separators: name the destination`;
    }
    if (pattern !== pattern.trim() || /\s/.test(pattern)) return `'${pattern}' has spaces`;
    if (pattern.startsWith("mailto:")) {
        return /^mailto:[A-Za-z0-9._%+'-]{1,64}@[a-z0-9.-]+\.[a-z]{2,}$/.test(pattern) ? undefined : `'${pattern}' is not 'mailto:<address>'`;
    }
    if (pattern.startsWith("tel:")) return /^tel:\+[1-9]\d{6,14}$/.test(pattern) ? undefined : `'${pattern}' is not 'tel:+<digits>'`;
    const url = /^([a-z][a-z0-9+.-]*):\/\/([^/]+)(\/.*)?$/.exec(pattern);
    if (url) {
        const [, scheme, host, path = ""] = url;
        const star = path.indexOf("*");
        if (star >= 0 && (star !== path.length - 1 || !path.endsWith("/*"))) return `'${pattern}': a URL may only end in '/*'`;
        if (scheme === "s3" || scheme === "oci") {
            if (host.includes("*")) return `'${pattern}': name the bucket`;
            return undefined;
        }
        return hostPatternProblem(host.toLowerCase());
    }
    if (pattern.startsWith("ocid1.")) return OCID.test(pattern) ? undefined : `'${pattern}' is not the exact OCID of one resource (no wildcard)`;
    if (pattern.startsWith("arn:")) {
        // The account part is an API Gateway integration's service (`arn:aws:apigateway:us-east-1:events:action/PutEvents`),
        // or `$account`, every member account, in an AWS Organizations backup policy.
        if (!parseArn(pattern) || pattern.includes("*") || !/^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]+:(?:\d{12}|\$account|[a-z][a-z0-9.-]*):\S+$/.test(pattern)) {
            return `'${pattern}' is not the exact ARN of one resource, with its region and account ('arn:aws:sns:us-east-1:111122223333:topic'; no wildcard)`;
        }
        return undefined;
    }
    if (pattern.includes("/") || pattern.includes(":")) return `'${pattern}' is neither a host, a URL, an ARN, 'mailto:' nor 'tel:'`;
    return hostPatternProblem(pattern.toLowerCase());
}

function hostMatches(pattern: string, host: string): boolean {
    if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
    return host === pattern;
}

/** The host a destination URI is on: a URL's host, an email's domain, a bare host. */
function hostOf(uri: string): string | undefined {
    if (uri.startsWith("mailto:")) return uri.slice(uri.indexOf("@") + 1);
    if (uri.startsWith("tel:")) return undefined;
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/.exec(uri);
    return m ? m[1] : uri;
}

/** Whether an entry's pattern covers a destination (`https://host/path`, `s3://bucket/key`, an ARN, `mailto:`, `tel:`, `host`). */
export function destinationMatches(pattern: string, uri: string): boolean {
    if (pattern.startsWith("arn:") || uri.startsWith("arn:") || pattern.startsWith("ocid1.") || uri.startsWith("ocid1.")) return pattern === uri;
    if (pattern.startsWith("mailto:") || pattern.startsWith("tel:")) return pattern.toLowerCase() === uri.toLowerCase();
    const url = /^([a-z][a-z0-9+.-]*):\/\/([^/]+)(\/.*)?$/.exec(pattern);
    if (url) {
        const [, scheme, host, path = ""] = url;
        const m = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/.exec(uri);
        if (!m || m[1] !== scheme) return false;
        if (scheme === "s3" || scheme === "oci" ? m[2] !== host : !hostMatches(host.toLowerCase(), m[2])) return false;
        // A path with dot segments or encoded dots, slashes or backslashes is not the path it reads as: the client
        // or the server resolves it (`/services/T01/../T02` is `/services/T02`). It matches no path pattern.
        if (path !== "" && /(?:^|\/)\.{1,2}(?:[/?#]|$)|%2e|%2f|%5c|\\/i.test(m[3])) return false;
        if (path.endsWith("/*")) return m[3].startsWith(path.slice(0, -1)) || m[3] === path.slice(0, -2);
        return path === "" ? m[3] === "" || m[3] === "/" : m[3] === path;
    }
    if (uri.startsWith("s3://") || uri.startsWith("oci://") || uri.startsWith("tel:")) return false;
    const host = hostOf(uri);
    return host !== undefined && hostMatches(pattern.toLowerCase(), host.toLowerCase());
}

/** Whether an entry's location is in the United States. */
export function isUnitedStatesExternalLocation(location: string): boolean {
    return /^country:US$/i.test(location) || isUnitedStatesLocation(location);
}

/** What is wrong with an entry's location, if anything. */
export function externalLocationProblem(location: string): string | undefined {
    if (/^country:[A-Z]{2}$/.test(location)) return undefined;
    const parsed = parseLocation(location);
    return parsed.ok ? undefined : `'${location}' is neither a location (<cloud>:<region>) nor a country ('country:US', ISO 3166 code in capitals)`;
}

export const EXTERNAL_DESTINATION_KEYS = ["destination", "location", "dataClasses", "reason", "ticket", "expires"] as const;

/** Validates the raw entries as exemptions are validated; invalid entries approve nothing. */
export function parseExternalDestinations(
    raw: unknown,
    day: string,
    checks: { isIsoDate(s: unknown): s is string; daysBetween(a: string, b: string): number; minReason: number; maxDays: number },
    problems: string[],
): ExternalDestination[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
        problems.push("'approvedExternalDestinations' must be a list");
        return [];
    }
    const out: ExternalDestination[] = [];
    raw.forEach((e, i) => {
        const where = `'approvedExternalDestinations[${i}]'`;
        if (typeof e !== "object" || e === null || Array.isArray(e)) {
            problems.push(`${where} must be an object with ${EXTERNAL_DESTINATION_KEYS.join(", ")}`);
            return;
        }
        const entry = e as Record<string, unknown>;
        const extra = Object.keys(entry).filter((k) => !(EXTERNAL_DESTINATION_KEYS as readonly string[]).includes(k));
        if (extra.length > 0) {
            problems.push(`${where} has unknown keys ${extra.join(", ")} (allowed: ${EXTERNAL_DESTINATION_KEYS.join(", ")})`);
            return;
        }
        const missing = ["destination", "location", "reason", "ticket", "expires"].filter((k) => typeof entry[k] !== "string" || entry[k] === "");
        if (missing.length > 0 || !Array.isArray(entry.dataClasses) || entry.dataClasses.length === 0) {
            problems.push(
                `${where} lacks ${[...missing, ...(Array.isArray(entry.dataClasses) && entry.dataClasses.length > 0 ? [] : ["dataClasses"])].join(", ")}: every approved external destination needs a destination, location, dataClasses, reason, ticket and expiry date`,
            );
            return;
        }
        const d = entry as unknown as ExternalDestination;
        const pattern = destinationPatternProblem(d.destination);
        if (pattern) return void problems.push(`${where}.destination ${pattern}`);
        const loc = externalLocationProblem(d.location) ?? locationAgreementProblem(d.destination, d.location);
        if (loc) return void problems.push(`${where}.location ${loc}`);
        const badClass = d.dataClasses.find((c) => !(DATA_CLASSES as readonly unknown[]).includes(c));
        if (badClass !== undefined)
            return void problems.push(`${where}.dataClasses: '${String(badClass)}' is not a data class (allowed: ${DATA_CLASSES.join(", ")})`);
        if (d.reason.trim().length < checks.minReason) return void problems.push(`${where}.reason must be at least ${checks.minReason} characters`);
        if (!checks.isIsoDate(d.expires)) return void problems.push(`${where}.expires '${d.expires}' is not an ISO date (YYYY-MM-DD)`);
        if (checks.daysBetween(day, d.expires) > checks.maxDays) {
            return void problems.push(
                `${where}.expires ${d.expires} is more than ${checks.maxDays} days away: an approval of an external destination is renewed, not open-ended`,
            );
        }
        out.push({ ...d, dataClasses: [...d.dataClasses] });
    });
    return out;
}

/** The entry in force on `day` that approves `uri` for `cls`, if any. */
export function approvedExternal(entries: ExternalDestination[], uri: string, cls: DataClass, day: string): ExternalDestination | undefined {
    return entries.find((e) => e.expires >= day && e.dataClasses.includes(cls) && destinationMatches(e.destination, uri));
}
