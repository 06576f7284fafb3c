import { DATA_CLASSES, DataClass } from "./dataClass";
import { type ExternalDestination, parseExternalDestinations } from "./externalDestinations";
import { Location, parseLocation } from "./location";
import { globMatches } from "./glob";

export interface Approval {
    /** A location, or `*` for anywhere. */
    location: Location | "*";
    /** ISO date after which this entry no longer approves: the sunset of a transitional location. */
    until?: string;
}

export interface Exemption {
    policy: string;
    /** A URN or a resource name, or a name pattern where `*` matches any run of characters. */
    resource: string;
    /**
     * For a pattern: the resources (names or URNs) it was approved for. It exempts those only, so a resource
     * added later under the same pattern is not exempted without a new review.
     */
    resources?: string[];
    reason: string;
    ticket: string;
    expires: string;
}

export interface ResidencySettings {
    approvedLocations: Record<DataClass, Approval[]>;
    custodianGroups: string[];
    auditorGroups: string[];
    nonUsStaffGroups: string[];
    approvedAwsPrincipals: string[];
    /**
     * For each approved role (as 'approvedAwsPrincipals' names it), the token subjects (`<provider>:sub`, or the
     * user claim of a web identity provider IAM knows by name, such as `accounts.google.com:sub`) of the identity
     * providers its trust policy lets assume it. An OIDC provider such as GitHub's issues tokens to everyone on it:
     * approving the provider alone would let anyone there assume the role.
     */
    approvedOidcSubjects: Record<string, string[]>;
    ociEndpoints: string[];
    minAuditRetentionDays: number;
    exemptions: Exemption[];
    /** Third parties that may receive named data classes (see externalDestinations.ts); nothing else outside the stack may. */
    approvedExternalDestinations: ExternalDestination[];
}

export const DEFAULT_SETTINGS: ResidencySettings = {
    approvedLocations: {
        "us-user-data": [{ location: "oci:us-ashburn-1" }, { location: "oci:us-phoenix-1" }, { location: "aws:us-east-1" }],
        "non-us-user-data": [
            { location: "oci:us-ashburn-1" },
            { location: "oci:us-phoenix-1" },
            { location: "aws:us-east-1" },
            { location: "aws:ap-southeast-1" },
        ],
        "no-user-data": [{ location: "*" }],
    },
    custodianGroups: ["us-data-custodians", "us-data-custodians-staging"],
    auditorGroups: ["us-data-auditors", "us-data-auditors-staging"],
    nonUsStaffGroups: [],
    approvedAwsPrincipals: [],
    approvedOidcSubjects: {},
    ociEndpoints: [],
    minAuditRetentionDays: 365,
    exemptions: [],
    approvedExternalDestinations: [],
};

export const MIN_REASON_LENGTH = 20;
/** An exemption is a stopgap: one that runs longer than this is open-ended in all but name. */
export const MAX_EXEMPTION_DAYS = 366;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: unknown): s is string {
    if (typeof s !== "string" || !ISO_DATE.test(s)) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// today() runs for every resource and policy; the last answer is kept while its inputs stay the same.
let lastPinned: { value: string; valid: boolean } | undefined;
let lastDay: { day: string; until: number } | undefined;

/** Today as `YYYY-MM-DD` (UTC). `RESIDENCY_POLICY_TODAY` pins it for reproducible runs and tests. */
export function today(): string {
    const pinned = process.env.RESIDENCY_POLICY_TODAY;
    if (pinned) {
        if (lastPinned?.value !== pinned) lastPinned = { value: pinned, valid: isIsoDate(pinned) };
        if (lastPinned.valid) return pinned;
    }
    const now = Date.now();
    if (!lastDay || now >= lastDay.until || now < lastDay.until - 86_400_000) {
        lastDay = { day: new Date(now).toISOString().slice(0, 10), until: (Math.floor(now / 86_400_000) + 1) * 86_400_000 };
    }
    return lastDay.day;
}

export function daysBetween(from: string, to: string): number {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringList(raw: unknown, key: string, problems: string[], fallback: string[]): string[] {
    if (raw === undefined) return fallback;
    if (Array.isArray(raw) && raw.every((x) => typeof x === "string")) return raw as string[];
    problems.push(`'${key}' must be a list of strings`);
    return fallback;
}

/** 'approvedOidcSubjects': each key a principal of 'approvedAwsPrincipals', each value a list of subjects. */
function oidcSubjects(raw: unknown, approved: string[], problems: string[]): Record<string, string[]> {
    if (raw === undefined) return {};
    if (!isRecord(raw)) {
        problems.push("'approvedOidcSubjects' must map each approved role to the list of OIDC token subjects that may assume it");
        return {};
    }
    const out: [string, string[]][] = [];
    for (const [role, subjects] of Object.entries(raw)) {
        const where = `'approvedOidcSubjects.${role}'`;
        if (!approved.includes(role)) problems.push(`${where}: '${role}' is not in 'approvedAwsPrincipals'; list the role there as it is named there`);
        else if (!Array.isArray(subjects) || subjects.length === 0 || subjects.some((x) => typeof x !== "string" || x === ""))
            problems.push(`${where} must be a list of token subjects (such as 'repo:owner/name:environment:prod')`);
        else out.push([role, subjects as string[]]);
    }
    return Object.fromEntries(out);
}

/**
 * Reads the pack's settings from policy config. The CLI validates the JSON schema; this checks what a
 * schema cannot (dates, locations, policy names) and reports every problem. A problem never loosens a
 * check: the setting falls back to its strict default.
 */
export function parseSettings(raw: Record<string, unknown>, policyNames: string[], day: string = today()): { settings: ResidencySettings; problems: string[] } {
    const problems: string[] = [];
    const settings: ResidencySettings = structuredClone(DEFAULT_SETTINGS);

    if (raw.approvedLocations !== undefined) {
        if (!isRecord(raw.approvedLocations)) {
            problems.push("'approvedLocations' must map each data class to a list of locations");
        } else {
            for (const [cls, entries] of Object.entries(raw.approvedLocations)) {
                if (!(DATA_CLASSES as readonly string[]).includes(cls)) {
                    problems.push(`'approvedLocations.${cls}': unknown data class (allowed: ${DATA_CLASSES.join(", ")})`);
                    continue;
                }
                if (!Array.isArray(entries)) {
                    problems.push(`'approvedLocations.${cls}' must be a list`);
                    continue;
                }
                const parsed: Approval[] = [];
                entries.forEach((e, i) => {
                    const entry = typeof e === "string" ? { location: e } : e;
                    const where = `'approvedLocations.${cls}[${i}]'`;
                    if (!isRecord(entry) || typeof entry.location !== "string") {
                        problems.push(`${where} must be a location string or { location, until }`);
                        return;
                    }
                    if (entry.until !== undefined && !isIsoDate(entry.until)) {
                        problems.push(`${where}.until '${String(entry.until)}' is not an ISO date (YYYY-MM-DD)`);
                        return;
                    }
                    if (entry.location === "*") {
                        parsed.push({ location: "*", until: entry.until as string | undefined });
                        return;
                    }
                    const loc = parseLocation(entry.location);
                    if (!loc.ok) problems.push(`${where}: ${loc.reason}`);
                    else parsed.push({ location: loc.location, until: entry.until as string | undefined });
                });
                settings.approvedLocations[cls as DataClass] = parsed;
            }
        }
    }
    settings.custodianGroups = stringList(raw.custodianGroups, "custodianGroups", problems, settings.custodianGroups);
    settings.auditorGroups = stringList(raw.auditorGroups, "auditorGroups", problems, settings.auditorGroups);
    settings.nonUsStaffGroups = stringList(raw.nonUsStaffGroups, "nonUsStaffGroups", problems, settings.nonUsStaffGroups);
    settings.approvedAwsPrincipals = stringList(raw.approvedAwsPrincipals, "approvedAwsPrincipals", problems, settings.approvedAwsPrincipals);
    settings.approvedOidcSubjects = oidcSubjects(raw.approvedOidcSubjects, settings.approvedAwsPrincipals, problems);
    settings.ociEndpoints = stringList(raw.ociEndpoints, "ociEndpoints", problems, settings.ociEndpoints);
    for (const g of settings.custodianGroups.concat(settings.auditorGroups)) {
        if (settings.nonUsStaffGroups.some((n) => n.toLowerCase() === g.toLowerCase())) {
            problems.push(`group '${g}' is listed both as approved and in 'nonUsStaffGroups'`);
        }
    }
    if (raw.minAuditRetentionDays !== undefined) {
        const n = raw.minAuditRetentionDays;
        if (typeof n === "number" && Number.isInteger(n) && n >= 365) settings.minAuditRetentionDays = n;
        else problems.push(`'minAuditRetentionDays' must be an integer of at least 365, got ${JSON.stringify(n)}`);
    }
    if (raw.exemptions !== undefined) {
        if (!Array.isArray(raw.exemptions)) {
            problems.push("'exemptions' must be a list");
        } else {
            // Invalid exemptions are dropped: they exempt nothing, and each is reported.
            raw.exemptions.forEach((e, i) => {
                const where = `'exemptions[${i}]'`;
                if (!isRecord(e)) {
                    problems.push(`${where} must be an object with policy, resource, reason, ticket, expires`);
                    return;
                }
                const missing = ["policy", "resource", "reason", "ticket", "expires"].filter((k) => typeof e[k] !== "string" || e[k] === "");
                if (missing.length > 0) {
                    problems.push(`${where} lacks ${missing.join(", ")}: every exemption needs a policy, resource, reason, ticket and expiry date`);
                    return;
                }
                const ex = e as unknown as Exemption;
                if (!policyNames.includes(ex.policy)) {
                    problems.push(`${where}.policy '${ex.policy}' is not a policy of this pack (policies: ${policyNames.join(", ")})`);
                    return;
                }
                if (ex.reason.trim().length < MIN_REASON_LENGTH) {
                    problems.push(`${where}.reason must be at least ${MIN_REASON_LENGTH} characters`);
                    return;
                }
                if (!isIsoDate(ex.expires)) {
                    problems.push(`${where}.expires '${ex.expires}' is not an ISO date (YYYY-MM-DD)`);
                    return;
                }
                if (daysBetween(day, ex.expires) > MAX_EXEMPTION_DAYS) {
                    problems.push(`${where}.expires ${ex.expires} is more than ${MAX_EXEMPTION_DAYS} days away: an exemption is renewed, not open-ended`);
                    return;
                }
                if (isWildcardOnly(ex.resource)) {
                    problems.push(`${where}.resource '${ex.resource}' is made only of wildcards and separators: name the resources it exempts`);
                    return;
                }
                const listProblem = recordedListProblem(ex);
                if (listProblem) {
                    problems.push(`${where}.${listProblem}`);
                    return;
                }
                settings.exemptions.push(ex);
            });
        }
    }
    settings.approvedExternalDestinations = parseExternalDestinations(
        raw.approvedExternalDestinations,
        day,
        { isIsoDate, daysBetween, minReason: MIN_REASON_LENGTH, maxDays: MAX_EXEMPTION_DAYS },
        problems,
    );
    return { settings, problems };
}

/** Is `location` approved for `cls` on `day`? Returns the matching approval, if any. */
export function approvalFor(settings: ResidencySettings, cls: DataClass, location: Location, day: string): Approval | undefined {
    return settings.approvedLocations[cls].find((a) => (a.location === "*" || a.location === location) && (!a.until || day <= a.until));
}

/** Whether `cls` is approved in every location ('*'), so that not knowing where something is cannot matter. */
export function approvedAnywhere(settings: ResidencySettings, cls: DataClass, day: string): boolean {
    return settings.approvedLocations[cls].some((a) => a.location === "*" && (!a.until || day <= a.until));
}

export function approvedList(settings: ResidencySettings, cls: DataClass, day: string): string {
    const live = settings.approvedLocations[cls].filter((a) => !a.until || day <= a.until).map((a) => a.location);
    return live.length > 0 ? live.join(", ") : "none";
}

/** The sunset that has passed for `location`, if it was once approved for `cls`. */
export function expiredApproval(settings: ResidencySettings, cls: DataClass, location: Location, day: string): Approval | undefined {
    return settings.approvedLocations[cls].find((a) => a.location === location && a.until !== undefined && day > a.until);
}

/** An exemption pattern (`*` for any run of characters) against a resource name, in linear time. */
function globMatchesName(pattern: string, name: string): boolean {
    return globMatches(pattern, name, { whole: true, beyondLimit: false });
}

/** A pattern names no resource when, wildcards and separators removed, nothing is left (`*`, `*-*`, `*.*`). */
function isWildcardOnly(resource: string): boolean {
    return /^[*?\s\-_.:/]*$/.test(resource.replace(/^urn:.*::/, ""));
}

function isPattern(e: Exemption): boolean {
    return !e.resource.startsWith("urn:") && e.resource.includes("*");
}

/** What is wrong with an exemption's recorded `resources`, if anything. A pattern needs them; an exact name takes none. */
function recordedListProblem(e: Exemption): string | undefined {
    const list: unknown = (e as { resources?: unknown }).resources;
    if (!isPattern(e)) {
        return list === undefined ? undefined : `resources is only for a pattern: '${e.resource}' already names one resource`;
    }
    if (!Array.isArray(list) || list.length === 0 || list.some((r) => typeof r !== "string" || r === "")) {
        return `resource '${e.resource}' is a pattern: list the resources it was approved for in 'resources' (names or URNs); it exempts those only`;
    }
    const unmatched = list.filter(
        (r: string) => !(r.startsWith("urn:") ? globMatchesName(e.resource, r.slice(r.lastIndexOf("::") + 2)) : globMatchesName(e.resource, r)),
    );
    if (unmatched.length > 0) return `resources ${unmatched.map((r) => `'${r}'`).join(", ")} do not match its pattern '${e.resource}'`;
    return undefined;
}

function patternMatches(e: Exemption, name: string): boolean {
    return isPattern(e) && globMatchesName(e.resource, name);
}

/** Does exemption `e` set aside `policy`'s violation on this resource? A pattern covers only the resources it lists. */
export function exemptionMatches(e: Exemption, policy: string, urn: string, name: string): boolean {
    if (e.policy !== policy) return false;
    if (e.resource === urn || e.resource === name) return true;
    return patternMatches(e, name) && (e.resources ?? []).some((r) => r === name || r === urn);
}

/** The resources an exemption names: its exact name or URN, or for a pattern the resources it was approved for. */
export function exemptedResources(e: Exemption): string[] {
    return isPattern(e) ? (e.resources ?? []) : [e.resource];
}

/** The same exemption, whichever parse of the same config it comes from. */
export function sameExemption(a: Exemption, b: Exemption): boolean {
    return a.policy === b.policy && a.resource === b.resource && a.ticket === b.ticket && a.expires === b.expires;
}

/** The exemption in force on `day` that sets aside `policy`'s violation on this resource, if any. */
export function exemptionInForce(settings: ResidencySettings, policy: string, r: { urn: string; name: string }, day: string): Exemption | undefined {
    return settings.exemptions.find((e) => e.expires >= day && exemptionMatches(e, policy, r.urn, r.name));
}

/**
 * The exemptions whose pattern matches this resource although their recorded `resources` do not list it: a
 * resource added after the exemption was approved. Its violation stands, and says why it was not exempted.
 */
export function unlistedPatternMatches(exemptions: Exemption[], policy: string, urn: string, name: string): Exemption[] {
    return exemptions.filter((e) => e.policy === policy && patternMatches(e, name) && !exemptionMatches(e, policy, urn, name));
}

export function unlistedNote(e: Exemption): string {
    return ` Not exempted: the exemption pattern '${e.resource}' (ticket ${e.ticket}) matches this resource, but the resources it was approved for do not include it (${(e.resources ?? []).join(", ")}). Fix the resource, or add it to that exemption's 'resources' through review.`;
}
