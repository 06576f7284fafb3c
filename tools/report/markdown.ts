import type { PreviewDocument } from "../preview/previewDocument";
import { buildReport } from "./buildReport";
import { flowTarget } from "./baseline";
import type { FlowDestinationVerdict, ReportDocument, ReportExemption, ReportPolicyResult, ResidencyStore } from "./model";
import { readOfflinePreview } from "./readers/offlinePreview";
import { flowDiagram } from "./render/mermaid";
import { cellCode, code, collapsible, details, plural, table, text } from "./render/markdownText";

/** Tables longer than this are collapsed under `<details>`. */
const ROWS_SHOWN = 10;
const EDGES_SHOWN = 30;
/** The policies whose exemptions the residency map and the flow table show next to the store or copy. */
const STORE_POLICY = "us-user-data-in-approved-locations";
const COPY_POLICY = "copies-stay-in-approved-locations";
const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];
const INPUT_NAMES: Record<string, string> = {
    "offline-preview": "offline preview",
    "pulumi-preview": "`pulumi preview --json`",
    "stack-export": "`pulumi stack export` checkpoint",
    audit: "audit of the deployed stack (`pulumi stack export`)",
    report: "report JSON",
};

function headline(doc: ReportDocument): string {
    const s = doc.summary;
    const outside = [
        s.storesOutsideApproved > 0 ? plural(s.storesOutsideApproved, "store") : "",
        s.copiesOutsideApproved > 0 ? plural(s.copiesOutsideApproved, "copy", "copies") : "",
    ]
        .filter(Boolean)
        .join(" and ");
    switch (s.verdict) {
        case "not-enforced": {
            const accepted = doc.enforcement.acceptedWeakenedConfig ? " (accepted with `--accept-weakened-config`)" : "";
            return `## ⛔ Data residency: NOT ENFORCED${accepted}, the policy config weakens the gate: ${doc.enforcement.weakenedConfig.map(text).join("; ")}`;
        }
        case "fail":
            return doc.policyResultsAvailable
                ? `## ❌ Data residency: FAIL, ${plural(s.mandatory, "mandatory policy violation")}`
                : `## ❌ Data residency: FAIL, ${outside} outside approved locations (this input has no policy results)`;
        case "advisory":
            return `## ⚠️ Data residency: PASS with ${plural(s.advisory, "advisory result")}`;
        case "pass":
            return "## ✅ Data residency: PASS";
        default:
            return "## ❔ Data residency: policies not evaluated; every store and copy is in an approved location";
    }
}

function context(doc: ReportDocument): string[] {
    const s = doc.summary;
    const where = doc.stack ? `Stack ${code(doc.stack)}${doc.project ? ` of ${code(doc.project)}` : ""}` : "Stack unknown";
    const from = `${INPUT_NAMES[doc.input.kind] ?? doc.input.kind}${doc.input.file ? ` ${code(doc.input.file)}` : ""}`;
    const results = doc.policyResultsAvailable ? `${s.mandatory} mandatory, ${s.advisory} advisory, ${s.exempted} exempted` : "not available";
    const approvals = doc.settings.source === "default" ? "the pack's defaults" : doc.settings.source === "policy-config" ? "the policy config" : "the input";
    return [
        `${where} · from ${from} · evaluated on ${doc.today}`,
        "",
        `${plural(s.resources, "resource")}, ${plural(s.dataStores, "data store")}, ${plural(s.flows, "data flow")} · policy results: ${results} · approved locations from ${approvals}`,
    ];
}

function approvedCell(
    v: { approved: boolean; approvedUntil: string | null; location: string | null },
    problem: string | null,
    daysUntil: (d: string) => number,
    exempted?: ReportExemption,
): string {
    const exemption = exempted ? ` (exempted until ${exempted.expires}, ticket ${cellCode(exempted.ticket)})` : "";
    if (!v.location) return `❌ location unknown: ${text(problem ?? "not determinable")}${exemption}`;
    if (!v.approved) return `❌ not approved${exemption}`;
    if (v.approvedUntil) return `⏳ until ${v.approvedUntil} (${plural(daysUntil(v.approvedUntil), "day")} left)`;
    return "✅ approved";
}

function residencySection(doc: ReportDocument, daysUntil: (d: string) => number): string[] {
    const out = ["### Residency map", ""];
    if (doc.residency.length === 0) return [...out, "No data stores in this stack.", ""];
    for (const g of doc.residency) {
        const outside = g.stores.filter((s) => !s.approved).length;
        const note = g.dataClass === "unclassified" ? " (held to the rules for us-user-data)" : "";
        const approved = doc.settings.approvedLocations[g.dataClass === "unclassified" ? "us-user-data" : g.dataClass] ?? [];
        out.push(`#### ${text(g.dataClass)}${note}: ${plural(g.stores.length, "store")}${outside > 0 ? `, ${outside} outside approved locations ❌` : ""}`, "");
        out.push(`Approved: ${approved.map((a) => `${code(a.location)}${a.until ? ` (until ${a.until})` : ""}`).join(", ") || "none"}`, "");
        const exemptionOf = (urn: string) => doc.exemptions.find((e) => e.urn === urn && e.policy === STORE_POLICY);
        const rows = g.stores.map((s: ResidencyStore) => [
            cellCode(s.name),
            cellCode(s.type),
            s.location ? cellCode(s.location) : "unknown",
            approvedCell(s, s.locationProblem, daysUntil, exemptionOf(s.urn)),
        ]);
        out.push(
            ...collapsible(
                `${plural(g.stores.length, "store")} holding ${text(g.dataClass)}`,
                table(["Store", "Type", "Location", "Approved"], rows),
                rows.length,
                ROWS_SHOWN,
            ),
            "",
        );
    }
    return out;
}

function destinationText(doc: ReportDocument, d: FlowDestinationVerdict): string {
    const store = d.store ? doc.resources.find((r) => r.urn === d.store)?.name : undefined;
    if (store) return `${cellCode(store)} in ${d.location ? cellCode(d.location) : "an unknown location"}`;
    return d.location ? cellCode(d.location) : `unknown: ${text(d.problem ?? "")}`;
}

function flowSection(doc: ReportDocument, daysUntil: (d: string) => number): string[] {
    const out = ["### Data flows", ""];
    if (doc.flows.length === 0) return [...out, "No data flows (replications, backup copies, replicas, snapshot copies) in this stack.", ""];
    const diagram = ["```mermaid", ...flowDiagram(doc), "```"];
    const edges = doc.flowVerdicts.reduce((n, v) => n + v.destinations.length, 0);
    out.push(...(edges > EDGES_SHOWN ? details(`Flow diagram (${plural(edges, "copy", "copies")})`, diagram) : diagram), "");
    const rows = doc.flowVerdicts.flatMap((v) => {
        const f = doc.flows[v.flow];
        const from = f.sources
            ? f.sources.map((u) => cellCode(doc.resources.find((r) => r.urn === u)?.name ?? u)).join(", ")
            : `unknown: ${text(f.sourceProblem ?? "")}`;
        return v.destinations.map((d) => [
            text(f.kind),
            from,
            destinationText(doc, d),
            `${text(v.dataClass)}${v.assumed ? " (assumed)" : ""}`,
            `${cellCode(doc.resources.find((r) => r.urn === f.carrier)?.name ?? f.carrier)}.${cellCode(f.property)}`,
            approvedCell(
                d,
                d.problem,
                daysUntil,
                doc.exemptions.find((e) => e.urn === f.carrier && e.policy === COPY_POLICY),
            ),
        ]);
    });
    out.push(
        ...collapsible(
            `${plural(rows.length, "copy", "copies")}`,
            table(["Flow", "From", "To", "Class", "Declared by", "Approved"], rows),
            rows.length,
            ROWS_SHOWN,
        ),
        "",
    );
    return out;
}

function resourceCell(doc: ReportDocument, r: ReportPolicyResult): string {
    if (!r.urn) return "(stack)";
    const res = doc.resources.find((x) => x.urn === r.urn);
    return `${cellCode(r.name || r.urn)}${res ? ` (${cellCode(res.type)})` : ""}`;
}

function policySection(doc: ReportDocument): string[] {
    const out = ["### Policy results", ""];
    if (!doc.policyResultsAvailable) {
        const why =
            doc.input.kind === "pulumi-preview"
                ? "`pulumi preview --json` leaves policy violations out of its output."
                : "a checkpoint records no policy results.";
        return [...out, `Not available: ${why} Run ${code("npm run audit -- <stack-export.json>")} or the offline preview to evaluate the policies.`, ""];
    }
    if (doc.policyPacks.length > 0) out.push(`Policy packs: ${doc.policyPacks.map((p) => code(`${p.name}@v${p.version}`)).join(", ")}`, "");
    if (doc.violations.length === 0) return [...out, "✅ No policy violations.", ""];
    const byPolicy = new Map<string, ReportPolicyResult[]>();
    const sorted = [...doc.violations].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.policy.localeCompare(b.policy));
    for (const v of sorted) byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
    for (const [policy, results] of byPolicy) {
        const levels = [...new Set(results.map((r) => r.level))];
        const icon = levels.some((l) => l === "mandatory" || l === "remediate") ? "❌" : "⚠️";
        const meta = doc.policies.find((p) => p.name === policy);
        out.push(
            `#### ${icon} ${text(policy)}: ${results.length} ${levels.join("/")}${results[0].severity !== "unspecified" ? `, severity ${text(results[0].severity)}` : ""}`,
            "",
        );
        if (meta?.description) out.push(`${text(meta.description)}`, "");
        const rows = results.map((r) => [resourceCell(doc, r), text(r.message)]);
        out.push(...collapsible(`${plural(rows.length, "result")} of ${text(policy)}`, table(["Resource", "Message"], rows), rows.length, ROWS_SHOWN), "");
        if (meta?.remediationSteps) out.push(`How to fix: ${text(meta.remediationSteps)}`, "");
    }
    return out;
}

function exemptionSection(doc: ReportDocument): string[] {
    const out = ["### Exemptions in force", ""];
    if (doc.exemptions.length === 0) return [...out, doc.policyResultsAvailable ? "None." : "Not available without policy results.", ""];
    const rows = doc.exemptions.map((e) => [
        text(e.policy),
        cellCode(e.name || e.urn),
        e.expires,
        `${e.daysLeft}`,
        cellCode(e.ticket),
        text(e.reason),
        text(e.violation),
    ]);
    out.push(
        ...collapsible(
            plural(rows.length, "exemption"),
            table(["Policy", "Resource", "Expires", "Days left", "Ticket", "Reason", "Violation set aside"], rows),
            rows.length,
            ROWS_SHOWN,
        ),
        "",
    );
    return out;
}

function transitionalSection(doc: ReportDocument): string[] {
    const out = ["### Transitional approvals", ""];
    if (doc.transitionalApprovals.length === 0) return [...out, "None: no approved location has a sunset.", ""];
    const rows = doc.transitionalApprovals.map((t) => {
        const stores = doc.residency
            .flatMap((g) => g.stores)
            .filter((s) => s.location === t.location && s.approvedUntil === t.until)
            .map((s) => cellCode(s.name));
        return [text(t.dataClass), cellCode(t.location), t.until, `${t.daysLeft}`, t.inForce ? "⏳ in force" : "⛔ expired", stores.join(", ") || "nothing"];
    });
    out.push(...table(["Data class", "Location", "Sunset", "Days to sunset", "Status", "Relied on by"], rows), "");
    return out;
}

function resultLine(r: ReportPolicyResult): string {
    return `[${r.level}] ${text(r.policy)} on ${r.name ? code(r.name) : "the stack"}: ${text(r.message)}`;
}

function baselineSection(doc: ReportDocument): string[] {
    const b = doc.baseline;
    if (!b) return [];
    const out = ["### Changes since the baseline", "", `Compared with ${code(b.file)}.`, ""];
    const items: string[] = [];
    for (const l of b.newLocations) items.push(`🆕 ${text(l.dataClass)} is now held in ${code(l.location)}: ${l.stores.map(code).join(", ")}`);
    for (const l of b.removedLocations) items.push(`➖ ${text(l.dataClass)} is no longer held in ${code(l.location)}`);
    for (const i of b.newFlows) {
        const f = doc.flows[i];
        const ok = doc.flowVerdicts[i]?.destinations.every((d) => d.approved);
        items.push(`🆕 flow: ${text(f.description)} → ${code(flowTarget(doc, f))} ${ok ? "(✅ approved)" : "(❌ NOT APPROVED)"}`);
    }
    for (const f of b.removedFlows) items.push(`➖ flow removed: ${text(f.description)} → ${code(f.to)}`);
    for (const r of b.newResults) items.push(`🆕 policy result: ${resultLine(r)}`);
    for (const r of b.resolvedResults) items.push(`✅ resolved: ${resultLine(r)}`);
    for (const e of b.newExemptions) items.push(`🆕 exemption: ${text(e.policy)} on ${code(e.name)} until ${e.expires}, ticket ${code(e.ticket)}`);
    for (const e of b.expiredOrRemovedExemptions) items.push(`➖ exemption gone: ${text(e.policy)} on ${code(e.name)} (was until ${e.expires})`);
    for (const c of b.changedResults) items.push(`🔁 ${text(c.after.policy)} on ${code(c.after.name)}: ${c.before.level} → ${c.after.level}`);
    if (items.length === 0) return [...out, "No change in locations, flows or policy results.", ""];
    return [
        ...out,
        ...collapsible(
            plural(items.length, "change"),
            items.map((i) => `- ${i}`),
            items.length,
            2 * ROWS_SHOWN,
        ),
        "",
    ];
}

function diagnosticsSection(doc: ReportDocument): string[] {
    if (doc.diagnostics.length === 0) return [];
    const rows = doc.diagnostics.map((d) => [text(d.severity), d.urn ? cellCode(d.urn.slice(d.urn.lastIndexOf("::") + 2)) : "(stack)", text(d.message)]);
    return [
        "### Engine diagnostics",
        "",
        ...collapsible(plural(rows.length, "diagnostic"), table(["Severity", "Resource", "Message"], rows), rows.length, ROWS_SHOWN),
        "",
    ];
}

/** The report as GitHub-flavored Markdown for a pull-request comment. */
export function renderMarkdown(doc: ReportDocument): string {
    const daysUntil = (d: string) => Math.round((Date.parse(`${d}T00:00:00Z`) - Date.parse(`${doc.today}T00:00:00Z`)) / 86_400_000);
    const lines = [
        "<!-- residency-report -->",
        headline(doc),
        "",
        ...context(doc),
        "",
        ...baselineSection(doc),
        ...residencySection(doc, daysUntil),
        ...flowSection(doc, daysUntil),
        ...policySection(doc),
        ...exemptionSection(doc),
        ...transitionalSection(doc),
        ...diagnosticsSection(doc),
        `<sub>${text("npm run report")} · report JSON schemaVersion ${doc.schemaVersion}</sub>`,
    ];
    return lines.join("\n") + "\n";
}

/** What `npm run preview -- --report FILE` writes: the offline preview's document as a Markdown report. */
export function renderMarkdownReport(doc: PreviewDocument | ReportDocument): string {
    if ((doc as ReportDocument).kind === "residency-report") return renderMarkdown(doc as ReportDocument);
    return renderMarkdown(buildReport(readOfflinePreview(doc, null)));
}
