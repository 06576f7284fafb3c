import { z } from "zod";
import { UserInputError } from "../errors";
import { buildReport } from "./buildReport";
import type { BaselineDiff, BaselineStore, ReportDocument, ReportExemption, ReportFlow, ReportPolicyResult } from "./model";
import { REPORT_SCHEMA_VERSION } from "./model";
import { check } from "./pulumiFormats";
import { readJsonFile } from "./readJson";
import { isOfflinePreview, readOfflinePreview } from "./readers/offlinePreview";

const reportShape = z.looseObject({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    kind: z.literal("residency-report"),
    resources: z.array(z.looseObject({ urn: z.string(), name: z.string(), location: z.string().nullable() })),
    flows: z.array(z.looseObject({ kind: z.string(), carrier: z.string(), property: z.string(), description: z.string(), destination: z.looseObject({}) })),
    residency: z.array(
        z.looseObject({
            dataClass: z.string(),
            stores: z.array(z.looseObject({ name: z.string(), type: z.string(), location: z.string().nullable(), approved: z.boolean() })),
        }),
    ),
    violations: z.array(z.looseObject({ policy: z.string(), name: z.string(), message: z.string(), level: z.string() })),
    exemptions: z.array(z.looseObject({ policy: z.string(), name: z.string(), violation: z.string() })),
});

export function isReportDocument(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "residency-report";
}

/** A report JSON (schemaVersion 1), checked for the parts a diff and a re-render read. */
export function readReportDocument(value: unknown, file: string): ReportDocument {
    try {
        return check<ReportDocument>(reportShape, value, `report JSON ${file}`);
    } catch (e) {
        throw new UserInputError(
            (e as Error).message.replace("Pulumi's format", `the report JSON format, schemaVersion ${REPORT_SCHEMA_VERSION} (docs/report-json.md)`),
        );
    }
}

/** Reads `--baseline FILE`: a report JSON or an offline preview JSON. */
export function readBaseline(file: string): ReportDocument {
    const value = readJsonFile(file, "--baseline");
    if (isReportDocument(value)) return readReportDocument(value, file);
    if (isOfflinePreview(value)) return buildReport(readOfflinePreview(value, file));
    throw new UserInputError(
        `--baseline ${file} is neither a report JSON ('npm run report -- <input> --format json') nor an offline preview JSON ('npm run preview -- --json FILE')`,
    );
}

function nameOf(doc: ReportDocument, urn: string): string {
    return doc.resources.find((r) => r.urn === urn)?.name ?? urn.slice(urn.lastIndexOf("::") + 2);
}

/** Where a flow's copy lands, by location or store name: stable across the offline preview and the real engine. */
export function flowTarget(doc: ReportDocument, f: ReportFlow): string {
    if (f.destination.location) return f.destination.location;
    if (f.destination.resources) return f.destination.resources.map((u) => nameOf(doc, u)).join(", ");
    return "unknown destination";
}

function flowKey(doc: ReportDocument, f: ReportFlow): string {
    return [f.kind, nameOf(doc, f.carrier), f.property, flowTarget(doc, f)].join("|");
}

function resultKey(r: ReportPolicyResult): string {
    return [r.policy, r.name, r.message].join("|");
}

export function exemptionKey(e: ReportExemption): string {
    return [e.policy, e.name, e.violation].join("|");
}

function locationsByClass(doc: ReportDocument): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const g of doc.residency) {
        for (const s of g.stores) {
            const key = `${g.dataClass}|${s.location ?? "unknown location"}`;
            out.set(key, [...(out.get(key) ?? []), s.name]);
        }
    }
    return out;
}

function split(key: string, stores: string[]): { dataClass: string; location: string; stores: string[] } {
    const at = key.indexOf("|");
    return { dataClass: key.slice(0, at), location: key.slice(at + 1), stores: [...new Set(stores)].sort() };
}

/** Every store of the residency map by name (a name held twice keeps both, told apart by URN order). */
function storesByName(doc: ReportDocument): Map<string, BaselineStore> {
    const out = new Map<string, BaselineStore>();
    for (const g of doc.residency) {
        for (const s of g.stores) {
            let name = s.name;
            for (let n = 2; out.has(name); n++) name = `${s.name} (${n})`;
            out.set(name, { name, type: s.type, dataClass: g.dataClass, location: s.location, approved: s.approved });
        }
    }
    return out;
}

export function diffAgainstBaseline(current: ReportDocument, baseline: ReportDocument, file: string): BaselineDiff {
    const storesNow = storesByName(current);
    const storesBefore = storesByName(baseline);
    const now = locationsByClass(current);
    const before = locationsByClass(baseline);
    const beforeFlows = new Set(baseline.flows.map((f) => flowKey(baseline, f)));
    const nowFlows = new Set(current.flows.map((f) => flowKey(current, f)));
    const beforeResults = new Map(baseline.violations.map((r) => [resultKey(r), r]));
    const nowResults = new Map(current.violations.map((r) => [resultKey(r), r]));
    const beforeExemptions = new Set(baseline.exemptions.map(exemptionKey));
    const nowExemptions = new Set(current.exemptions.map(exemptionKey));
    return {
        file,
        addedStores: [...storesNow.values()].filter((s) => !storesBefore.has(s.name)),
        removedStores: [...storesBefore.values()].filter((s) => !storesNow.has(s.name)),
        movedStores: [...storesNow.values()]
            .filter((s) => {
                const b = storesBefore.get(s.name);
                return b !== undefined && (b.location !== s.location || b.dataClass !== s.dataClass);
            })
            .map((s) => ({ name: s.name, before: storesBefore.get(s.name)!, after: s })),
        newLocations: [...now].filter(([k]) => !before.has(k)).map(([k, s]) => split(k, s)),
        removedLocations: [...before].filter(([k]) => !now.has(k)).map(([k, s]) => split(k, s)),
        newFlows: current.flows.map((f, i) => (beforeFlows.has(flowKey(current, f)) ? -1 : i)).filter((i) => i >= 0),
        removedFlows: baseline.flows
            .filter((f) => !nowFlows.has(flowKey(baseline, f)))
            .map((f) => ({ description: f.description, to: flowTarget(baseline, f) })),
        newResults: [...nowResults].filter(([k]) => !beforeResults.has(k)).map(([, r]) => r),
        resolvedResults: [...beforeResults].filter(([k]) => !nowResults.has(k)).map(([, r]) => r),
        changedResults: [...nowResults]
            .filter(([k, r]) => beforeResults.has(k) && beforeResults.get(k)!.level !== r.level)
            .map(([k, r]) => ({ before: beforeResults.get(k)!, after: r })),
        newExemptions: current.exemptions.filter((e) => !beforeExemptions.has(exemptionKey(e))),
        expiredOrRemovedExemptions: baseline.exemptions.filter((e) => !nowExemptions.has(exemptionKey(e))),
    };
}
