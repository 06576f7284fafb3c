import { isBlocking, type ReportDocument, type ReportPolicyResult, type ReportResource } from "../report/model";

const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];

/** Terminal output fits this many columns; the JSON document keeps every name and message whole. */
export const TERMINAL_WIDTH = 120;
const MAX_LOCATION = 24;
const MAX_CLASS = 16;

function pad(s: string, n: number): string {
    return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** `s` in at most `n` characters: the middle gives way to "…", so both the start and the end stay readable. */
export function elide(s: string, n: number): string {
    if (s.length <= n) return s;
    if (n <= 1) return "…".slice(0, n);
    const head = Math.ceil((n - 1) / 2);
    return `${s.slice(0, head)}…${s.slice(s.length - (n - 1 - head))}`;
}

/** Words of `text` in lines of at most `width` characters after `indent`; a word longer than a line is cut. */
export function wrap(text: string, indent: string, width = TERMINAL_WIDTH): string[] {
    const room = Math.max(20, width - indent.length);
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
        let line = "";
        for (let word of paragraph.split(" ")) {
            while (word.length > room) {
                if (line) lines.push(line);
                lines.push(word.slice(0, room));
                word = word.slice(room);
                line = "";
            }
            if (!line) line = word;
            else if (line.length + 1 + word.length <= room) line += ` ${word}`;
            else {
                lines.push(line);
                line = word;
            }
        }
        lines.push(line);
    }
    return lines.map((l) => `${indent}${l}`.trimEnd());
}

/** Column widths that fit the terminal: location and class are short by nature; type and name share the rest. */
function columnWidths(natural: number[]): number[] {
    const loc = Math.min(natural[2], MAX_LOCATION);
    const cls = Math.min(natural[3], MAX_CLASS);
    const room = TERMINAL_WIDTH - " +   ".length - 3 * 2 - loc - cls;
    if (natural[0] + natural[1] <= room) return [natural[0], natural[1], loc, cls];
    const name = Math.min(natural[1], Math.max(room - natural[0], Math.floor(room / 2)));
    return [room - name, name, loc, cls];
}

/** The resource tree, as `pulumi preview` prints it, with each resource's location and data class. */
export function renderTree(doc: ReportDocument): string[] {
    const children = new Map<string, ReportResource[]>();
    const roots: ReportResource[] = [];
    const stack = doc.resources.find((p) => p.type === "pulumi:pulumi:Stack");
    const urns = new Set(doc.resources.map((p) => p.urn));
    for (const r of doc.resources) {
        // Default providers have no parent; the CLI shows them under the stack, as here.
        const parent = r.parent ?? (stack && r !== stack ? stack.urn : undefined);
        if (parent && urns.has(parent)) {
            const list = children.get(parent) ?? [];
            list.push(r);
            children.set(parent, list);
        } else {
            roots.push(r);
        }
    }
    const rows: [string, string, string, string][] = [];
    const walk = (r: ReportResource, prefix: string, last: boolean, depth: number) => {
        const branch = depth === 0 ? "" : `${prefix}${last ? "└─ " : "├─ "}`;
        const location = r.location ?? (r.locationProblem ? "UNKNOWN" : "");
        const cls = r.dataClass ?? (r.isDataStore ? "UNCLASSIFIED" : "");
        rows.push([`${branch}${r.type}`, r.name, location, cls]);
        const kids = children.get(r.urn) ?? [];
        const nextPrefix = depth === 0 ? "" : `${prefix}${last ? "   " : "│  "}`;
        kids.forEach((k, i) => walk(k, nextPrefix, i === kids.length - 1, depth + 1));
    };
    roots.forEach((r, i) => walk(r, "", i === roots.length - 1, 0));
    const headers = ["Type", "Name", "Location", "Data class"];
    const w = columnWidths([0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i].length), headers[i].length)));
    const cells = (row: string[]) => row.map((cell, i) => pad(elide(cell, w[i]), w[i]));
    return [`     ${cells(headers).join("  ")}`.trimEnd(), ...rows.map((row) => ` +   ${cells(row).join("  ")}`.trimEnd())];
}

/** Policy results grouped by pack and policy, mandatory first, as the CLI groups them; exempted ones as exemptions-in-force reported them. */
export function renderPolicies(doc: ReportDocument): string[] {
    const lines: string[] = [];
    const all = [...doc.violations, ...doc.exemptions.map((e) => e.result)];
    const groups = doc.policyPacks.map((p) => ({ name: p.name, title: `${p.name}@v${p.version}` }));
    const packNames = new Set(groups.map((g) => g.name));
    const typeOf = new Map(doc.resources.map((r) => [r.urn, r.type]));
    for (const name of new Set(all.map((v) => v.policyPack).filter((n) => !packNames.has(n)))) {
        groups.push({ name, title: `${name} (checks of the offline preview itself)` });
    }
    for (const pack of groups) {
        const results = all.filter((v) => v.policyPack === pack.name);
        const blocking = results.some((v) => isBlocking(v.level));
        lines.push(`    ${blocking ? "❌" : results.length > 0 ? "⚠️ " : "✅"} ${pack.title}`);
        const byPolicy = new Map<string, ReportPolicyResult[]>();
        for (const v of results.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.policy.localeCompare(b.policy))) {
            const list = byPolicy.get(v.policy);
            if (list) list.push(v);
            else byPolicy.set(v.policy, [v]);
        }
        for (const [policy, vs] of byPolicy) {
            lines.push(...wrap(`- [${vs[0].level}]  ${policy}  (${vs.length})`, "        "));
            for (const v of vs) {
                const where = v.urn ? `${typeOf.get(v.urn) ?? ""}: ${v.name}` : "stack";
                lines.push(...wrap(`(${where})`, "          "));
                lines.push(...wrap(v.message, "          "));
            }
        }
    }
    return lines;
}

export function renderSummary(doc: ReportDocument, seconds: number): string[] {
    const s = doc.summary;
    return [
        "Resources:",
        `    + ${s.resources} to create (${s.dataStores} data stores, ${s.flows} data flows)`,
        "",
        `Policy results: ${s.mandatory} mandatory, ${s.advisory} advisory, ${s.exempted} exempted. Duration: ${seconds.toFixed(1)}s (offline preview)`,
    ];
}

/** The gate's verdict line, what a weakened policy config switched off, and what the verdict could not see. */
export function renderVerdict(doc: ReportDocument, acceptFlag: string): string[] {
    const { weakenedConfig, acceptedWeakenedConfig } = doc.enforcement;
    const { partial, unisolated } = doc.scope;
    const scope = [
        ...(partial.length > 0
            ? ["Partial: the offline preview could not see everything; the cloud preview job judges the rest:", ...partial.map((p) => `    - ${p}`)]
            : []),
        ...(unisolated ? ["Not a gate: the program ran without its box (--unisolated)."] : []),
    ];
    if (weakenedConfig.length === 0) return [`Verdict: ${doc.summary.mandatory > 0 ? "FAIL" : "PASS"}`, ...scope];
    return [
        `Verdict: NOT ENFORCED: the policy config weakens the residency gate${acceptedWeakenedConfig ? ` (accepted with ${acceptFlag})` : ""}:`,
        ...weakenedConfig.map((w) => `    - ${w}`),
        ...scope,
    ];
}

/** Everything the preview prints on stdout, from its report document. */
export function renderTerminal(doc: ReportDocument, seconds: number, acceptFlag: string): string[] {
    return [
        `Previewing update (${doc.stack ?? ""}) [offline preview: program in the Node language host, offline engine, real policy analyzer]`,
        "",
        ...renderTree(doc),
        "",
        "Policies:",
        ...renderPolicies(doc),
        "",
        ...renderSummary(doc, seconds),
        ...renderVerdict(doc, acceptFlag),
    ];
}
