import type { PreviewDocument, PreviewResource, PreviewViolation } from "./previewDocument";

const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];

function pad(s: string, n: number): string {
    return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** The resource tree, as `pulumi preview` prints it, with each resource's location and data class. */
export function renderTree(doc: PreviewDocument): string[] {
    const children = new Map<string, PreviewResource[]>();
    const roots: PreviewResource[] = [];
    for (const r of doc.resources) {
        const stack = doc.resources.find((p) => p.type === "pulumi:pulumi:Stack");
        // Default providers have no parent; the CLI shows them under the stack, as here.
        const parent = r.parent ?? (stack && r !== stack ? stack.urn : undefined);
        if (parent && doc.resources.some((p) => p.urn === parent)) {
            const list = children.get(parent) ?? [];
            list.push(r);
            children.set(parent, list);
        } else {
            roots.push(r);
        }
    }
    const rows: [string, string, string, string][] = [];
    const walk = (r: PreviewResource, prefix: string, last: boolean, depth: number) => {
        const branch = depth === 0 ? "" : `${prefix}${last ? "└─ " : "├─ "}`;
        const location = r.location ?? (r.locationProblem ? "UNKNOWN" : "");
        const cls = r.dataClass ?? (r.isDataStore ? "UNCLASSIFIED" : "");
        rows.push([`${branch}${r.type}`, r.name, location, cls]);
        const kids = children.get(r.urn) ?? [];
        const nextPrefix = depth === 0 ? "" : `${prefix}${last ? "   " : "│  "}`;
        kids.forEach((k, i) => walk(k, nextPrefix, i === kids.length - 1, depth + 1));
    };
    roots.forEach((r, i) => walk(r, "", i === roots.length - 1, 0));
    const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length), ["Type", "Name", "Location"][i].length));
    return [
        `     ${pad("Type", w[0])}  ${pad("Name", w[1])}  ${pad("Location", w[2])}  Data class`,
        ...rows.map(([t, n, l, c]) => ` +   ${pad(t, w[0])}  ${pad(n, w[1])}  ${pad(l, w[2])}  ${c}`.trimEnd()),
    ];
}

function typeOf(doc: PreviewDocument, urn: string): string {
    return doc.resources.find((r) => r.urn === urn)?.type ?? "";
}

/** Policy results grouped by pack and policy, mandatory first, as the CLI groups them. */
export function renderPolicies(doc: PreviewDocument): string[] {
    const lines: string[] = [];
    const all = [...doc.violations, ...doc.exempted];
    const groups = doc.policyPacks.map((p) => ({ name: p.name, title: `${p.name}@v${p.version}` }));
    const packNames = new Set(groups.map((g) => g.name));
    for (const name of new Set(all.map((v) => v.policyPack).filter((n) => !packNames.has(n)))) {
        groups.push({ name, title: `${name} (checks of the offline preview itself)` });
    }
    for (const pack of groups) {
        const results = all.filter((v) => v.policyPack === pack.name);
        const mandatory = results.some((v) => v.level === "mandatory");
        lines.push(`    ${mandatory ? "❌" : results.length > 0 ? "⚠️ " : "✅"} ${pack.title}`);
        const byPolicy = new Map<string, PreviewViolation[]>();
        for (const v of results.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.policy.localeCompare(b.policy))) {
            byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
        }
        for (const [policy, vs] of byPolicy) {
            lines.push(`        - [${vs[0].level}]  ${policy}  (${vs.length})`);
            for (const v of vs) {
                const where = v.urn ? `${typeOf(doc, v.urn)}: ${v.name}` : "stack";
                lines.push(`          (${where})`);
                lines.push(`          ${v.message}`);
            }
        }
    }
    return lines;
}

export function renderSummary(doc: PreviewDocument, seconds: number): string[] {
    const s = doc.summary;
    return [
        "Resources:",
        `    + ${s.resources} to create (${s.dataStores} data stores, ${s.flows} data flows)`,
        "",
        `Policy results: ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.exempted} exempted. Duration: ${seconds.toFixed(1)}s (offline preview)`,
    ];
}

/** The gate's verdict line, and what a weakened policy config switched off. */
export function renderVerdict(doc: PreviewDocument, acceptFlag: string): string[] {
    if (doc.weakenedConfig.length === 0) return [`Verdict: ${doc.summary.mandatory > 0 ? "FAIL" : "PASS"}`];
    return [
        `Verdict: NOT ENFORCED: the policy config weakens the residency gate${doc.acceptedWeakenedConfig ? ` (accepted with ${acceptFlag})` : ""}:`,
        ...doc.weakenedConfig.map((w) => `    - ${w}`),
    ];
}
