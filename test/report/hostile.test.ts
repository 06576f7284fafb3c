import { buildReport } from "../../tools/report/buildReport";
import { renderMarkdown } from "../../tools/report/markdown";
import type { ReportInput, ReportResource } from "../../tools/report/model";
import { renderReport } from "../../tools/report/render";
import { text } from "../../tools/report/render/markdownText";
import { label } from "../../tools/report/render/mermaid";
import { redactor, SecretRedactor } from "../../tools/secrets";
import { terminalLine } from "../../tools/terminalText";
import { gfmHtml, mermaidBlocks, parseMermaid } from "./support/checks";

process.env.RESIDENCY_POLICY_TODAY = "2026-11-29";

/** The issue's hostile texts ("Forged"). */
const FORGED_HEADING = "a\r## ✅ Data residency: PASS\r<details><summary>ok</summary>\r";
const MERMAID_INIT = "x%%{init: {'themeCSS': '.edgeLabel{display:none} path{stroke:green !important}'}}%%\nclick n_a call alert(1)";
const LINKS = "see https://evil.example/login and www.evil.example or admin@evil.example";
const WORKFLOW = "b\n::notice title=PASS::all good\n  ::stop-commands::tok\r\n\u001b[32mgreen\u001b[0m";
const BREAKS = ["CR\rx", "LF\nx", "CRLF\r\nx", "LS\u2028x", "PS\u2029x", "NEL\u0085x"].join("|");

function resource(name: string, over: Partial<ReportResource> = {}): ReportResource {
    return {
        urn: `urn:pulumi:s::p::aws:s3/bucket:Bucket::${name}`,
        type: "aws:s3/bucket:Bucket",
        name,
        parent: null,
        provider: null,
        isDataStore: true,
        location: "aws:us-east-1",
        locationProblem: null,
        dataClass: "us-user-data",
        dataClassLabel: "us-user-data",
        dataClassProblem: null,
        source: null,
        ...over,
    };
}

function hostile(names: string[], message: string): ReportInput {
    const resources = names.map((n, i) => resource(n, { location: i % 2 ? "aws:eu-west-1" : "aws:us-east-1" }));
    return {
        input: { kind: "offline-preview", file: null },
        project: "p",
        stack: "s",
        policyResultsAvailable: true,
        policyPacks: [{ name: "pack", version: "1.0.0" }],
        resources,
        flows: resources.slice(1).map((r, i) => ({
            kind: "replication",
            carrier: resources[0].urn,
            property: `rules[${i}]`,
            description: `replication of ${names[0]}`,
            sources: [resources[0].urn],
            sourceProblem: null,
            sourceClass: "us-user-data",
            destination: { resources: [r.urn] },
        })),
        results: resources.map((r) => ({
            policyPack: "pack",
            policy: "copies-stay-in-approved-locations",
            level: "mandatory" as const,
            severity: "critical",
            urn: r.urn,
            name: r.name,
            message,
        })),
    };
}

describe("forged: hostile text stays text in every output", () => {
    const md = renderMarkdown(buildReport(hostile([FORGED_HEADING, MERMAID_INIT, LINKS, WORKFLOW, BREAKS], `${FORGED_HEADING} ${LINKS} ${WORKFLOW}`)));
    const html = gfmHtml(md);

    it("a lone CR (or any line break) cannot start a heading or open a <details>", async () => {
        expect(html.match(/<h2/g)).toHaveLength(1);
        expect((html.match(/<details/g) ?? []).length).toBe((html.match(/<\/details>/g) ?? []).length);
        expect(html).not.toContain("<summary>ok");
        expect(md).not.toMatch(/[\r\u2028\u2029\u0085]/);
        for (const line of md.split("\n")) expect(line).not.toMatch(/^#+ .*PASS/);
    });

    it("no URL, www. or e-mail address becomes a link", async () => {
        expect(html).not.toMatch(/<a\s/);
        expect(text("https://x.example www.x.example a@b.example")).not.toMatch(/https:\/\/|www\.|a@b/);
    });

    it("a %%{init}%% directive or click in a name is label text; Mermaid parses the diagram", async () => {
        const [block] = mermaidBlocks(md);
        expect(block).not.toContain("%%");
        expect(block).not.toContain("themeCSS'");
        expect(block).not.toMatch(/^\s*click/m);
        expect(label(MERMAID_INIT)).not.toMatch(/[%{}'\n]/);
        expect(await parseMermaid([block])).toEqual([{ ok: true, type: "flowchart-v2" }]);
    });

    it("no terminal line starts a workflow command; no ANSI escape or line break survives", async () => {
        const line = terminalLine(`name: ${WORKFLOW}`);
        // eslint-disable-next-line no-control-regex -- an ANSI escape must not survive
        expect(line).not.toMatch(/[\r\n\u001b]/);
        expect(terminalLine("::notice::x")).not.toMatch(/^\s*::/);
        expect(terminalLine("   ::stop-commands::tok")).not.toMatch(/^\s*::/);
        expect(terminalLine("x ##[warning]y")).not.toContain("##[");
        for (const l of md.split("\n")) expect(l).not.toMatch(/^\s*::/);
    });

    it("a hostile level, date or count from a report JSON is rendered as text", async () => {
        const doc = buildReport(hostile(["a"], "m"));
        const evil = "<img src=x>\r## PASS";
        doc.violations[0].level = evil as never;
        doc.exemptions.push({
            policy: "p",
            urn: "u",
            name: "n",
            expires: evil,
            daysLeft: evil as never,
            ticket: "T",
            reason: "r",
            violation: "v",
            result: { policyPack: "x", policy: "exemptions-in-force", level: "advisory", severity: "low", urn: "u", name: "n", message: evil },
        });
        doc.baseline = {
            file: "b.json",
            addedStores: [],
            removedStores: [],
            movedStores: [],
            newLocations: [],
            removedLocations: [],
            newFlows: [],
            removedFlows: [],
            newResults: [doc.violations[0]],
            resolvedResults: [],
            changedResults: [{ before: doc.violations[0], after: doc.violations[0] }],
            newExemptions: doc.exemptions,
            expiredOrRemovedExemptions: [],
        };
        const out = renderMarkdown(doc);
        expect(gfmHtml(out)).not.toContain("<img");
        expect(out.match(/^## /gm)).toHaveLength(1);
    });
});

describe("leaked: secrets are masked as values, before formatting", () => {
    const star = "PLANTED_SECRET_one*two";
    const multi = "PLANTED-multi\nline-secret\r\nthird";
    const long = `PLANTED-long-${"x9".repeat(70)}`;
    const short = "k3y";
    beforeAll(() => redactor.addValue([star, multi, long, short]));

    it.each(["md", "json", "sarif"] as const)("%s: no secret in any form (escaped, cut at 120, flattened, re-cased, short)", async (format) => {
        const input = hostile([`${star}`, "b"], `label '${star}' and '${long.slice(0, 120)}' and ${multi} and '${short}' and ${star.toUpperCase()}`);
        input.resources[1].dataClassLabel = multi;
        const out = renderReport(buildReport(input), format);
        expect(out).not.toMatch(/PLANTED/i);
        expect(out).not.toContain("x9x9x9");
        expect(out).not.toContain(`'${short}'`);
        expect(out).toContain("[secret]");
    });
});

describe("fragile: size", () => {
    it("130k results render in every format without a RangeError", async () => {
        const input = hostile(["a", "b"], "m");
        const one = input.results[0];
        input.results = Array.from({ length: 130_000 }, (_, i) => ({ ...one, message: `violation ${i}` }));
        const doc = buildReport(input);
        for (const format of ["md", "json", "sarif"] as const) expect(renderReport(doc, format)).toContain("violation 129999");
    });
});

describe("SARIF category per kind", () => {
    it.each([
        ["offline-preview", "residency-preview/s/"],
        ["pulumi-preview", "residency-preview/s/"],
        ["audit", "residency-audit/s/"],
        ["stack-export", "residency-audit/s/"],
    ] as const)("%s → %s", async (kind, id) => {
        const input = hostile(["a"], "m");
        input.input.kind = kind;
        expect(JSON.parse(renderReport(buildReport(input), "sarif")).runs[0].automationDetails.id).toBe(id);
    });
});

describe("the redactor", () => {
    it("masks a secret cut at 32+ characters, but not ordinary text that shares a short prefix with one", async () => {
        const r = new SecretRedactor();
        r.addValue(["offline-preview-secret", `LONG-${"ab".repeat(80)}`, "k9"]);
        expect(r.redact("kind: offline-preview")).toBe("kind: offline-preview");
        expect(r.redact(`names '${`LONG-${"ab".repeat(80)}`.slice(0, 40)}', outside`)).toBe("names '[secret]', outside");
        expect(r.redact("label 'k9' and k9x")).toBe("label '[secret]' and k9x");
        expect(r.redact("OFFLINE-PREVIEW-SECRET")).toBe("[secret]");
    });
});
