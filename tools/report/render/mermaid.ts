import type { ReportDocument, ReportResource } from "../model";
import { flatten } from "./markdownText";

const UNKNOWN_LOCATION = "location unknown";
export const NOT_APPROVED_STYLE = "stroke:#d73a49,stroke-width:3px,color:#d73a49";

/**
 * Text inside a quoted Mermaid label: the one escaping layer for Mermaid. Every character Mermaid's
 * grammar or its preprocessor gives meaning to becomes an entity code: `%` (so `%%{init}%%` directives
 * and `%%` comments cannot form), quotes, brackets, `|`, `;`, `&`, HTML and Markdown-string backticks.
 * Line breaks and control characters are flattened first.
 */
export function label(s: string): string {
    return flatten(s).replace(/[#%"'`<>|[\]{}()&;\\]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** An identifier Mermaid accepts: letters, digits and `_`, never a keyword such as `end`. */
export function nodeId(prefix: string, s: string): string {
    return `${prefix}_${
        s
            .replace(/[^A-Za-z0-9]+/g, "_")
            .replace(/^_+|_+$/g, "")
            .slice(0, 48) || "x"
    }`;
}

interface Node {
    id: string;
    /** Already escaped with `label`. */
    label: string;
    location: string;
    outside: boolean;
}

/**
 * A flowchart of every data flow, source store to copy, with one subgraph per location. Copies that
 * land outside the locations approved for their data are dashed, labelled NOT APPROVED and drawn red.
 */
export function flowDiagram(doc: ReportDocument): string[] {
    const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
    const storeVerdict = new Map(doc.residency.flatMap((g) => g.stores.map((s) => [s.urn, s.approved] as const)));
    const nodes = new Map<string, Node>();
    const used = new Set<string>();
    const idFor = (prefix: string, base: string) => {
        let id = nodeId(prefix, base);
        for (let n = 2; used.has(id); n++) id = `${nodeId(prefix, base)}_${n}`;
        used.add(id);
        return id;
    };
    const resourceNode = (r: ReportResource): Node => {
        let node = nodes.get(r.urn);
        if (!node) {
            node = {
                id: idFor("n", r.name),
                label: `${label(r.name)}<br/>${label(r.dataClass ?? (r.isDataStore ? "unclassified" : (r.type.split(":").pop() ?? r.type)))}`,
                location: r.location ?? UNKNOWN_LOCATION,
                outside: storeVerdict.get(r.urn) === false,
            };
            nodes.set(r.urn, node);
        }
        return node;
    };
    const pseudoNode = (key: string, name: string, location: string | null, outside: boolean): Node => {
        let node = nodes.get(key);
        if (!node) {
            node = { id: idFor("x", name), label: label(name), location: location ?? UNKNOWN_LOCATION, outside };
            nodes.set(key, node);
        }
        return node;
    };

    const edges: { from: Node; to: Node; text: string; approved: boolean }[] = [];
    for (const v of doc.flowVerdicts) {
        const flow = doc.flows[v.flow];
        const sources = flow.sources
            ? flow.sources.map((u) => (byUrn.has(u) ? resourceNode(byUrn.get(u)!) : pseudoNode(u, u.slice(u.lastIndexOf("::") + 2), null, false)))
            : [pseudoNode(`unknown-source:${v.flow}`, "unknown source", null, false)];
        v.destinations.forEach((d, i) => {
            const to =
                d.store && byUrn.has(d.store)
                    ? resourceNode(byUrn.get(d.store)!)
                    : pseudoNode(
                          `dest:${v.flow}:${i}`,
                          d.location ? `${flow.kind} copy via ${byUrn.get(flow.carrier)?.name ?? "?"}.${flow.property}` : "unknown destination",
                          d.location,
                          !d.approved,
                      );
            for (const from of sources) edges.push({ from, to, text: `${flow.kind}${v.assumed ? " (class assumed)" : ""}`, approved: d.approved });
        });
    }

    const lines = ["flowchart LR"];
    const locations = [...new Set([...nodes.values()].map((n) => n.location))].sort((a, b) =>
        a === UNKNOWN_LOCATION ? 1 : b === UNKNOWN_LOCATION ? -1 : a.localeCompare(b),
    );
    for (const loc of locations) {
        lines.push(`    subgraph ${nodeId("loc", loc)}["${label(loc)}"]`);
        for (const n of nodes.values()) if (n.location === loc) lines.push(`        ${n.id}["${n.label}"]`);
        lines.push("    end");
    }
    const red: number[] = [];
    edges.forEach((e, i) => {
        if (e.approved) {
            lines.push(`    ${e.from.id} -->|"${label(e.text)}"| ${e.to.id}`);
        } else {
            lines.push(`    ${e.from.id} -.->|"NOT APPROVED: ${label(e.text)}"| ${e.to.id}`);
            red.push(i);
        }
    });
    if (red.length > 0) lines.push(`    linkStyle ${red.join(",")} ${NOT_APPROVED_STYLE}`);
    const outside = [...nodes.values()].filter((n) => n.outside).map((n) => n.id);
    if (outside.length > 0) {
        lines.push("    classDef outside fill:#ffeef0,stroke:#d73a49,color:#86181d");
        lines.push(`    class ${outside.join(",")} outside`);
    }
    return lines;
}
