import * as path from "path";
import { buildReport } from "../../tools/report/buildReport";
import { renderMarkdown } from "../../tools/report/markdown";
import type { ReportInput, ReportResource } from "../../tools/report/model";
import { cellCode, code, text } from "../../tools/report/render/markdownText";
import { label, nodeId } from "../../tools/report/render/mermaid";
import { cli, gfmHtml, gfmTables, mermaidBlocks, parseMermaid, tableLikeLines } from "./support/checks";

process.env.RESIDENCY_POLICY_TODAY = "2026-11-29";

const fixture = (f: string) => path.join("test", "fixtures", "report", f);

function resource(urn: string, name: string, over: Partial<ReportResource>): ReportResource {
    return {
        urn,
        type: "aws:s3/bucket:Bucket",
        name,
        parent: null,
        provider: null,
        isDataStore: true,
        location: null,
        locationProblem: null,
        dataClass: null,
        dataClassLabel: null,
        dataClassProblem: null,
        source: null,
        ...over,
    };
}

/** Names and messages that would break naive Markdown or Mermaid. */
function hostileInput(): ReportInput {
    const names = ["a|b", "back`tick", 'quo"te', "<script>alert(1)</script>", "end", "x#35;y", "[link](http://x)", "weird name with spaces & amp;"];
    const resources = names.map((n, i) =>
        resource(`urn:pulumi:s::p::aws:s3/bucket:Bucket::${n}`, n, {
            location: i % 2 ? "aws:eu-west-1" : "aws:us-east-1",
            dataClass: "us-user-data",
            dataClassLabel: "us-user-data",
        }),
    );
    const flows = names.slice(1).map((n, i) => ({
        kind: "replication",
        carrier: resources[0].urn,
        property: `rules[${i}].destination.bucket|\`x\``,
        description: `replication of ${names[0]} via '${names[0]}'.rules[${i}]`,
        sources: [resources[0].urn],
        sourceProblem: null,
        sourceClass: "us-user-data",
        destination: { resources: [resources[i + 1].urn] },
    }));
    flows.push({
        kind: "replica",
        carrier: resources[0].urn,
        property: "replicas[0].regionName",
        description: "replica",
        sources: null as unknown as string[],
        sourceProblem: "not | known",
        sourceClass: null,
        destination: { problem: "unknown: `x` | y" },
    } as never);
    return {
        input: { kind: "offline-preview", file: "hostile|`file`.json" },
        project: "p|q",
        stack: "s`t",
        policyResultsAvailable: true,
        policyPacks: [{ name: "pack|x", version: "1.0.0" }],
        resources,
        flows,
        results: [
            {
                policyPack: "pack|x",
                policy: "copies-stay-in-approved-locations",
                level: "mandatory",
                severity: "critical",
                urn: resources[0].urn,
                name: names[0],
                message: "copies to | `eu` <b>bold</b> *star* _u_\nsecond line",
            },
            {
                policyPack: "pack|x",
                policy: "exemptions-in-force",
                level: "advisory",
                severity: "low",
                urn: resources[1].urn,
                name: names[1],
                message:
                    "EXEMPTED from us-user-data-in-approved-locations until 2027-01-15 (47 days left), ticket T|1`: reason with | pipe and `tick`. Violation set aside: held | in eu",
            },
        ],
    };
}

const INPUTS = ["offline-preview.json", "pulumi-preview.json", "stack-export.json"];

describe("Markdown report", () => {
    const outputs: { f: string; md: string }[] = [];
    beforeAll(async () => {
        for (const f of INPUTS) outputs.push({ f, md: (await cli("report", [fixture(f)])).stdout });
    });

    it.each(INPUTS)("%s: every table is a valid GFM table with the expected header and row counts", async (f) => {
        const md = outputs.find((o) => o.f === f)!.md;
        const tables = gfmTables(md);
        expect(tables.length).toBeGreaterThanOrEqual(2);
        // Every line that looks like a table row was read as part of a table.
        const rows = tables.reduce((n, t) => n + 1 + t.rows.length, 0);
        expect(rows).toBe(tableLikeLines(md));
        const residency = tables.find((t) => t.header.join() === "Store,Type,Location,Approved")!;
        expect(residency.rows).toHaveLength(4);
        const flows = tables.find((t) => t.header[0] === "Flow")!;
        expect(flows.header).toEqual(["Flow", "From", "To", "Class", "Declared by", "Approved"]);
        expect(flows.rows).toHaveLength(2);
        for (const t of tables) for (const r of t.rows) expect(r).toHaveLength(t.header.length);
    });

    it("the offline preview's report has the policy, exemption tables and one mermaid diagram that Mermaid parses", async () => {
        const md = outputs[0].md;
        const tables = gfmTables(md);
        const exemptions = tables.find((t) => t.header[0] === "Policy" && t.header.includes("Ticket"))!;
        expect(exemptions.rows).toEqual([
            expect.arrayContaining([
                "us-user-data-in-approved-locations",
                "2027-01-15",
                "47",
                "EU replica kept read-only until the migration to OCI Phoenix finishes",
            ]),
        ]);
        expect(tables.filter((t) => t.header.join() === "Resource,Message").map((t) => t.rows.length)).toEqual([1, 1]);
        const blocks = mermaidBlocks(md);
        expect(blocks).toHaveLength(1);
        expect(blocks[0]).toContain('-.->|"NOT APPROVED: replication"|');
        expect(blocks[0]).toMatch(/linkStyle 0 stroke:#d73a49/);
    });

    it("Mermaid's parser accepts the diagrams of every input", async () => {
        const blocks = outputs.flatMap((o) => mermaidBlocks(o.md));
        expect(blocks).toHaveLength(3);
        expect(await parseMermaid(blocks)).toEqual(blocks.map(() => ({ ok: true, type: "flowchart-v2" })));
    });

    it("the Mermaid check is real: it rejects a broken diagram", async () => {
        const [bad, badLinkStyle] = await parseMermaid(['flowchart LR\n  a["x"] -->|"y"| \n', "flowchart LR\n  a --> b\n  linkStyle 4 stroke:#f00\n"]);
        expect(bad.ok).toBe(false);
        expect(badLinkStyle.ok).toBe(false);
    });

    it("hostile names and messages keep tables and the diagram valid, and nothing turns into HTML", async () => {
        const md = renderMarkdown(buildReport(hostileInput()));
        const tables = gfmTables(md);
        expect(tables.reduce((n, t) => n + 1 + t.rows.length, 0)).toBe(tableLikeLines(md));
        for (const t of tables) for (const r of t.rows) expect(r).toHaveLength(t.header.length);
        const residency = tables.find((t) => t.header[0] === "Store")!;
        // Cell texts as the parser reads them: the escaped pipe is back to a pipe inside the code span.
        expect(residency.rows.map((r) => r[0])).toEqual(expect.arrayContaining(["`a|b`", "``back`tick``", "`<script>alert(1)</script>`"]));
        const html = gfmHtml(md);
        expect(html).not.toMatch(/<script>/);
        expect(html).not.toMatch(/<b>bold/);
        expect(html).toContain("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>");
        const exemptions = tables.find((t) => t.header.includes("Ticket"))!;
        expect(exemptions.rows[0]).toHaveLength(7);
        const blocks = mermaidBlocks(md);
        expect(await parseMermaid(blocks)).toEqual([{ ok: true, type: "flowchart-v2" }]);
        expect(blocks[0]).toContain("n_end");
        expect(blocks[0]).not.toMatch(/^\s*end\[/m);
    });

    it("escapes table cells and Mermaid labels", async () => {
        expect(text("a|b `c` <d> *e*")).toBe("a\\|b \\`c\\` \\<d\\> \\*e\\*");
        expect(code("a`b")).toBe("``a`b``");
        expect(code("`a")).toBe("`` `a ``");
        expect(cellCode("a|b")).toBe("`a\\|b`");
        expect(label('say "hi" #1 <b> | `x`')).toBe("say #34;hi#34; #35;1 #60;b#62; #124; #96;x#96;");
        expect(nodeId("n", "end")).toBe("n_end");
        expect(nodeId("n", "a.b/c::d")).toBe("n_a_b_c_d");
        expect(nodeId("n", "!!!")).toBe("n_x");
    });

    it("collapses long tables under <details> and keeps them valid", async () => {
        const input = hostileInput();
        for (let i = 0; i < 30; i++)
            input.resources.push(
                resource(`urn:pulumi:s::p::aws:s3/bucket:Bucket::bulk-${i}`, `bulk-${i}`, { location: "aws:us-east-1", dataClass: "no-user-data" }),
            );
        const md = renderMarkdown(buildReport(input));
        expect(md).toMatch(/<details>\n<summary>30 stores holding no-user-data<\/summary>\n\n\| Store/);
        const bulk = gfmTables(md).find((t) => t.rows.some((r) => r[0] === "`bulk-0`"))!;
        expect(bulk.rows).toHaveLength(30);
    });
});
