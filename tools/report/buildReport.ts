import { DATA_CLASSES, DataClass, isDataClass } from "../../policies/model/dataClass";
import type { Location } from "../../policies/model/location";
import { approvalFor, daysBetween, DEFAULT_SETTINGS, parseSettings, ResidencySettings, today } from "../../policies/model/settings";
import { EXEMPTIONS_IN_FORCE, parseExempted } from "../../policies/rules/exemptionsInForce";
import { UserInputError } from "../errors";
import { copiesOf, roleOf } from "./facts";
import {
    ApprovalEntry,
    FlowDestinationVerdict,
    FlowVerdict,
    isBlocking,
    REPORT_SCHEMA_VERSION,
    ReportDocument,
    ReportExemption,
    ReportInput,
    ReportPolicyResult,
    ResidencyClass,
    TransitionalApproval,
    Verdict,
} from "./model";

export const UNCLASSIFIED = "unclassified";

function settingsOf(input: ReportInput): { settings: ResidencySettings; source: ReportDocument["settings"]["source"]; file: string | null } {
    if (!input.approvedLocations) return { settings: DEFAULT_SETTINGS, source: "default", file: null };
    // A JSON document writes "no sunset" as null; the settings parser knows it as an absent `until`.
    const approvedLocations = Object.fromEntries(
        Object.entries(input.approvedLocations).map(([c, list]) => [
            c,
            list.map((a) => (a.until ? { location: a.location, until: a.until } : { location: a.location })),
        ]),
    );
    const { settings, problems } = parseSettings({ approvedLocations }, []);
    // A live run's packs judged with these settings as parsed, invalid entries dropped (residency-config-valid
    // reports each): so does the report. Settings read from a file must be valid.
    if (problems.length > 0 && !input.settingsFromRun) throw new UserInputError(`the approved locations of the input are invalid: ${problems.join("; ")}`);
    return { settings, source: input.settingsSource ?? "input", file: input.settingsFile ?? null };
}

function approvedLocationsOf(settings: ResidencySettings): Record<string, ApprovalEntry[]> {
    return Object.fromEntries(DATA_CLASSES.map((c) => [c, settings.approvedLocations[c].map((a) => ({ location: a.location, until: a.until ?? null }))]));
}

export function parseExemption(r: ReportPolicyResult, day: string): ReportExemption | undefined {
    const e = parseExempted(r.message);
    if (!e) return undefined;
    return {
        policy: e.policy,
        urn: r.urn,
        name: r.name,
        expires: e.expires,
        daysLeft: daysBetween(day, e.expires),
        ticket: e.ticket,
        reason: e.reason,
        violation: e.violation,
        result: r,
    };
}

function classOf(value: string | null): DataClass {
    return isDataClass(value) ? value : "us-user-data";
}

function verdictFor(settings: ResidencySettings, cls: DataClass, location: string | null, day: string): { approved: boolean; approvedUntil: string | null } {
    if (!location) return { approved: false, approvedUntil: null };
    const a = approvalFor(settings, cls, location as Location, day);
    return { approved: a !== undefined, approvedUntil: a?.until ?? null };
}

/** Derives the residency map, flow verdicts, exemptions, sunsets and the verdict from what a reader read. */
export function buildReport(input: ReportInput): ReportDocument {
    const day = today();
    const { settings, source, file } = settingsOf(input);
    const resources = input.resources.map((r) => ({ ...r, role: r.role ?? roleOf(r.type, r.isDataStore) }));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const flows = copiesOf(input.flows, resources);

    const groups = new Map<string, ResidencyClass>([...DATA_CLASSES, UNCLASSIFIED].map((c) => [c, { dataClass: c, stores: [] }]));
    for (const r of resources) {
        if (!r.isDataStore) continue;
        const group = isDataClass(r.dataClass) ? r.dataClass : UNCLASSIFIED;
        const v = verdictFor(settings, classOf(r.dataClass), r.location, day);
        groups
            .get(group)!
            .stores.push({ urn: r.urn, name: r.name, type: r.type, role: r.role, location: r.location, locationProblem: r.locationProblem, ...v });
    }
    for (const g of groups.values())
        g.stores.sort((a, b) => (a.location ?? "~").localeCompare(b.location ?? "~") || a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn));
    const residency = [...groups.values()].filter((g) => g.stores.length > 0);

    const flowVerdicts: FlowVerdict[] = flows.map((f, i) => {
        const cls = classOf(f.sourceClass);
        let destinations: FlowDestinationVerdict[];
        if (f.destination.location) {
            destinations = [{ store: null, location: f.destination.location, problem: null, ...verdictFor(settings, cls, f.destination.location, day) }];
        } else if (f.destination.resources) {
            destinations = f.destination.resources.map((urn) => {
                const store = byUrn.get(urn);
                const location = store?.location ?? null;
                const problem = location ? null : (store?.locationProblem ?? "the destination's location cannot be determined");
                return { store: urn, location, problem, ...verdictFor(settings, cls, location, day) };
            });
        } else {
            destinations = [
                { store: null, location: null, problem: f.destination.problem ?? "the destination cannot be determined", approved: false, approvedUntil: null },
            ];
        }
        return { flow: i, dataClass: cls, assumed: !isDataClass(f.sourceClass), destinations };
    });

    const exemptions = input.results
        .filter((r) => r.policy === EXEMPTIONS_IN_FORCE)
        .map((r) => parseExemption(r, day))
        .filter((e): e is ReportExemption => e !== undefined);
    const violations = input.results.filter((r) => r.policy !== EXEMPTIONS_IN_FORCE || !parseExempted(r.message));

    const transitionalApprovals: TransitionalApproval[] = DATA_CLASSES.flatMap((c) =>
        settings.approvedLocations[c]
            .filter((a) => a.until)
            .map((a) => ({ dataClass: c, location: a.location, until: a.until!, daysLeft: daysBetween(day, a.until!), inForce: day <= a.until! })),
    );

    const mandatory = violations.filter((v) => isBlocking(v.level)).length;
    const advisory = violations.filter((v) => v.level === "advisory").length;
    const storesOutsideApproved = residency.reduce((n, g) => n + g.stores.filter((s) => !s.approved).length, 0);
    const copiesOutsideApproved = flowVerdicts.filter((v) => v.destinations.some((d) => !d.approved)).length;
    let verdict: Verdict;
    if (input.policyResultsAvailable) verdict = mandatory > 0 ? "fail" : advisory > 0 ? "advisory" : "pass";
    else verdict = storesOutsideApproved + copiesOutsideApproved > 0 ? "fail" : "not-evaluated";
    const weakenedConfig = input.weakenedConfig ?? [];
    if (weakenedConfig.length > 0) verdict = "not-enforced";

    return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        kind: "residency-report",
        input: input.input,
        project: input.project,
        stack: input.stack,
        today: day,
        settings: {
            source,
            file,
            approvedLocations: approvedLocationsOf(settings),
            ...(input.approvedExternalDestinations?.length ? { approvedExternalDestinations: input.approvedExternalDestinations } : {}),
        },
        policyResultsAvailable: input.policyResultsAvailable,
        policyPacks: input.policyPacks.map((p) => ({ name: p.name, version: p.version, ...(p.path !== undefined ? { path: p.path } : {}) })),
        policies: input.policies ?? [],
        resources,
        flows,
        residency,
        flowVerdicts,
        violations,
        exemptions,
        transitionalApprovals,
        diagnostics: input.diagnostics ?? [],
        baseline: null,
        enforcement: { weakenedConfig, acceptedWeakenedConfig: input.acceptedWeakenedConfig === true },
        scope: { partial: input.partial ?? [], unisolated: input.unisolated === true },
        preview: input.preview ?? null,
        summary: {
            verdict,
            resources: resources.length,
            dataStores: resources.filter((r) => r.role === "data-store").length,
            classifiedNonStores: resources.filter((r) => r.role === "classified").length,
            flows: flows.length,
            storesOutsideApproved,
            copiesOutsideApproved,
            mandatory,
            advisory,
            exempted: exemptions.length,
        },
    };
}
