import { lookupTable } from "./lookupTable";
import { flowTarget } from "./baseline";
import type { PolicyRole } from "../../policies/model/policyRoles";
import {
    isBlocking,
    type FlowDestinationVerdict,
    type ReportDocument,
    type ReportExemption,
    type ReportPolicyResult,
    type ReportResource,
    type ResidencyStore,
} from "./model";
import { flowDiagram } from "./render/mermaid";
import { append, cellCode, code, collapsible, details, plural, t, table, text } from "./render/markdownText";

/** Tables longer than this are collapsed under `<details>`. */
const ROWS_SHOWN = 10;
const EDGES_SHOWN = 30;
const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];
const INPUT_NAMES = lookupTable({
    "offline-preview": "offline preview",
    "pulumi-preview": "`pulumi preview --json`",
    "stack-export": "`pulumi stack export` checkpoint",
    audit: "audit of the deployed stack (`pulumi stack export`)",
    report: "report JSON",
});

const resourceIndexes = new WeakMap<ReportDocument, Map<string, ReportResource>>();

/** The resource with this URN, from an index built once per document. */
function resourceOf(doc: ReportDocument, urn: string): ReportResource | undefined {
    let index = resourceIndexes.get(doc);
    if (!index) {
        index = new Map(doc.resources.map((r) => [r.urn, r]));
        resourceIndexes.set(doc, index);
    }
    return index.get(urn);
}

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
    const results = doc.policyResultsAvailable ? `${t(s.mandatory)} mandatory, ${t(s.advisory)} advisory, ${t(s.exempted)} exempted` : "not available";
    const approvals =
        doc.settings.source === "default"
            ? "the pack's defaults"
            : doc.settings.source === "policy-config"
              ? `the policy config${doc.settings.file ? ` ${code(doc.settings.file)}` : ""}`
              : "the input";
    const scope = [
        ...(doc.scope.unisolated ? ["", "> ⛔ The program ran without its box (`--unisolated`): this verdict is no gate."] : []),
        ...(doc.scope.partial.length > 0
            ? ["", `> ⚠️ Partial verdict: ${doc.scope.partial.map(text).join("; ")}. The cloud preview job judges what the offline preview could not see.`]
            : []),
    ];
    return [
        `${where} · from ${from} · evaluated on ${t(doc.today)}`,
        ...scope,
        "",
        `${plural(s.resources, "resource")}, ${plural(s.dataStores, "data store")}${s.classifiedNonStores ? ` (and ${plural(s.classifiedNonStores, "classified key or other resource")})` : ""}, ${plural(s.flows, "data flow")} · policy results: ${results} · approved locations from ${approvals}`,
    ];
}

function approvedCell(
    v: { approved: boolean; approvedUntil: string | null; location: string | null },
    problem: string | null,
    daysUntil: (d: string) => number,
    exempted?: ReportExemption,
): string {
    const exemption = exempted ? ` (exempted until ${t(exempted.expires)}, ticket ${cellCode(exempted.ticket)})` : "";
    if (!v.location) return `❌ location unknown: ${text(problem ?? "not determinable")}${exemption}`;
    if (!v.approved) return `❌ not approved${exemption}`;
    if (v.approvedUntil) return `⏳ until ${t(v.approvedUntil)} (${plural(daysUntil(v.approvedUntil), "day")} left)`;
    return "✅ approved";
}

/**
 * The exemption in force that set aside a violation of a policy with `role` on this resource: the residency map
 * shows it beside a store (`store-location`), the flow table beside a copy (`copy-destination`). Roles come from
 * the policies' own metadata; a document without it shows no exemption beside a store, only in its own table.
 */
function exemptionWithRole(doc: ReportDocument, role: PolicyRole, urn: string): ReportExemption | undefined {
    return doc.exemptions.find((e) => e.urn === urn && doc.policies.some((p) => p.name === e.policy && (p.roles ?? []).includes(role)));
}

function approvedIn(doc: ReportDocument, dataClass: string) {
    const cls = dataClass === "unclassified" ? "us-user-data" : dataClass;
    const list = Object.hasOwn(doc.settings.approvedLocations, cls) ? doc.settings.approvedLocations[cls] : [];
    return Array.isArray(list) ? list : [];
}

function residencySection(doc: ReportDocument, daysUntil: (d: string) => number): string[] {
    const out = ["### Residency map", ""];
    const exemptionOf = (urn: string) => exemptionWithRole(doc, "store-location", urn);
    const groups = doc.residency
        .map((g) => ({ ...g, stores: g.stores.filter((s) => (s.role ?? "data-store") === "data-store") }))
        .filter((g) => g.stores.length > 0);
    if (groups.length === 0) out.push("No data stores in this stack.", "");
    for (const g of groups) {
        const outside = g.stores.filter((s) => !s.approved).length;
        const note = g.dataClass === "unclassified" ? " (held to the rules for us-user-data)" : "";
        out.push(
            `#### ${text(g.dataClass)}${note}: ${plural(g.stores.length, "store")}${outside > 0 ? `, ${t(outside)} outside approved locations ❌` : ""}`,
            "",
        );
        const approved = approvedIn(doc, g.dataClass);
        out.push(`Approved: ${approved.map((a) => `${code(a.location)}${a.until ? ` (until ${t(a.until)})` : ""}`).join(", ") || "none"}`, "");
        const rows = g.stores.map((s: ResidencyStore) => [
            cellCode(s.name),
            cellCode(s.type),
            s.location ? cellCode(s.location) : "unknown",
            approvedCell(s, s.locationProblem, daysUntil, exemptionOf(s.urn)),
        ]);
        append(
            out,
            collapsible(
                `${plural(g.stores.length, "store")} holding ${text(g.dataClass)}`,
                table(["Store", "Type", "Location", "Approved"], rows),
                rows.length,
                ROWS_SHOWN,
            ),
            "",
        );
    }
    const others = doc.residency.flatMap((g) => g.stores.filter((s) => s.role === "classified").map((s) => ({ g, s })));
    if (others.length > 0) {
        out.push(
            "#### Keys and other classified resources",
            "",
            "They hold no user data themselves, and are held to the locations approved for their class.",
            "",
        );
        const rows = others.map(({ g, s }) => [
            cellCode(s.name),
            cellCode(s.type),
            text(g.dataClass),
            s.location ? cellCode(s.location) : "unknown",
            approvedCell(s, s.locationProblem, daysUntil, exemptionOf(s.urn)),
        ]);
        append(
            out,
            collapsible(plural(rows.length, "resource"), table(["Resource", "Type", "Class", "Location", "Approved"], rows), rows.length, ROWS_SHOWN),
            "",
        );
    }
    return [...out, ...externalDestinationsSection(doc, daysUntil)];
}

/** The third parties the config lets receive data; anything else outside the stack is a violation. */
function externalDestinationsSection(doc: ReportDocument, daysUntil: (d: string) => number): string[] {
    const entries = doc.settings.approvedExternalDestinations ?? [];
    if (entries.length === 0) return [];
    const rows = entries.map((e) => [
        cellCode(e.destination),
        cellCode(e.location),
        e.dataClasses.map(text).join(", "),
        `${t(e.expires)} (${daysUntil(e.expires) < 0 ? "⛔ expired" : `${t(daysUntil(e.expires))} days`})`,
        cellCode(e.ticket),
        text(e.reason),
    ]);
    return [
        "#### Approved external destinations",
        "",
        "Destinations outside the stack that may receive the classes listed; any other is a violation.",
        "",
        ...collapsible(
            plural(rows.length, "destination"),
            table(["Destination", "Location", "Classes", "Expires", "Ticket", "Reason"], rows),
            rows.length,
            ROWS_SHOWN,
        ),
        "",
    ];
}

function destinationText(doc: ReportDocument, d: FlowDestinationVerdict): string {
    const store = d.store ? resourceOf(doc, d.store)?.name : undefined;
    if (store) return `${cellCode(store)} in ${d.location ? cellCode(d.location) : "an unknown location"}`;
    return d.location ? cellCode(d.location) : `unknown: ${text(d.problem ?? "")}`;
}

function flowSection(doc: ReportDocument, daysUntil: (d: string) => number): string[] {
    const out = ["### Data flows", ""];
    if (doc.flows.length === 0) return [...out, "No data flows (replications, backup copies, replicas, snapshot copies) in this stack.", ""];
    const diagram = ["```mermaid", ...flowDiagram(doc), "```"];
    const edges = doc.flowVerdicts.reduce((n, v) => n + v.destinations.length, 0);
    append(out, edges > EDGES_SHOWN ? details(`Flow diagram (${plural(edges, "copy", "copies")})`, diagram) : diagram, "");
    const rows = doc.flowVerdicts.flatMap((v) => {
        const f = doc.flows[v.flow];
        const from = f.sources ? f.sources.map((u) => cellCode(resourceOf(doc, u)?.name ?? u)).join(", ") : `unknown: ${text(f.sourceProblem ?? "")}`;
        return v.destinations.map((d) => [
            text(f.kind),
            from,
            destinationText(doc, d),
            `${text(v.dataClass)}${v.assumed ? " (assumed)" : ""}`,
            `${cellCode(resourceOf(doc, f.carrier)?.name ?? f.carrier)}.${cellCode(f.property)}`,
            approvedCell(d, d.problem, daysUntil, exemptionWithRole(doc, "copy-destination", f.carrier)),
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
    const res = resourceOf(doc, r.urn);
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
    for (const v of sorted) {
        const list = byPolicy.get(v.policy);
        if (list) list.push(v);
        else byPolicy.set(v.policy, [v]);
    }
    for (const [policy, results] of byPolicy) {
        const levels = [...new Set(results.map((r) => r.level))];
        const icon = levels.some(isBlocking) ? "❌" : "⚠️";
        const meta = doc.policies.find((p) => p.name === policy);
        out.push(
            `#### ${icon} ${text(policy)}: ${results.length} ${text(levels.join("/"))}${results[0].severity !== "unspecified" ? `, severity ${text(results[0].severity)}` : ""}`,
            "",
        );
        if (meta?.description) out.push(`${text(meta.description)}`, "");
        const rows = results.map((r) => [resourceCell(doc, r), text(r.message)]);
        append(out, collapsible(`${plural(rows.length, "result")} of ${text(policy)}`, table(["Resource", "Message"], rows), rows.length, ROWS_SHOWN), "");
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
        t(e.expires),
        t(e.daysLeft),
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
    const rows = doc.transitionalApprovals.map((a) => {
        const stores = doc.residency
            .flatMap((g) => g.stores)
            .filter((s) => s.location === a.location && s.approvedUntil === a.until)
            .map((s) => cellCode(s.name));
        return [text(a.dataClass), cellCode(a.location), t(a.until), t(a.daysLeft), a.inForce ? "⏳ in force" : "⛔ expired", stores.join(", ") || "nothing"];
    });
    append(out, table(["Data class", "Location", "Sunset", "Days to sunset", "Status", "Relied on by"], rows), "");
    return out;
}

function resultLine(r: ReportPolicyResult): string {
    return `[${t(r.level)}] ${text(r.policy)} on ${r.name ? code(r.name) : "the stack"}: ${text(r.message)}`;
}

function baselineSection(doc: ReportDocument): string[] {
    const b = doc.baseline;
    if (!b) return [];
    const out = ["### Changes since the baseline", "", `Compared with ${code(b.file)}.`, ""];
    const items: string[] = [];
    const where = (x: { dataClass: string; location: string | null; approved: boolean }) =>
        `${text(x.dataClass)} in ${x.location ? code(x.location) : "an unknown location"} ${x.approved ? "(✅ approved)" : "(❌ NOT APPROVED)"}`;
    for (const x of b.addedStores ?? []) items.push(`🆕 store ${code(x.name)} (${code(x.type)}): ${where(x)}`);
    for (const x of b.removedStores ?? []) items.push(`➖ store removed: ${code(x.name)} (${where(x)})`);
    for (const m of b.movedStores ?? []) items.push(`🔀 store ${code(m.name)} moved: ${where(m.before)} → ${where(m.after)}`);
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
    for (const e of b.newExemptions) items.push(`🆕 exemption: ${text(e.policy)} on ${code(e.name)} until ${t(e.expires)}, ticket ${code(e.ticket)}`);
    for (const e of b.expiredOrRemovedExemptions) items.push(`➖ exemption gone: ${text(e.policy)} on ${code(e.name)} (was until ${t(e.expires)})`);
    for (const c of b.changedResults) items.push(`🔁 ${text(c.after.policy)} on ${code(c.after.name)}: ${t(c.before.level)} → ${t(c.after.level)}`);
    if (items.length === 0) return [...out, "No change in stores, locations, flows, policy results or exemptions.", ""];
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
        "### Diagnostics",
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
