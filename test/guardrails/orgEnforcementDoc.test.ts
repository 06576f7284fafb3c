import * as fs from "fs";
import * as path from "path";
import { awsRegionApprovals, ociUsRegionKeys } from "../../infra/guardrails/approvals";
import { serviceControlPolicy } from "../../infra/guardrails/awsGuardrails";
import { tenancyDenyStatements } from "../../infra/guardrails/ociGuardrails";
import { BEGIN_MARKER, END_MARKER, orgGuardrailsMarkdown } from "../../infra/guardrails/orgDocument";
import { DEFAULT_SETTINGS } from "../../policies/model/settings";

// docs/ORG-ENFORCEMENT.md shows the SCP and the OCI deny statement. They are rendered by the code of the deploy roles'
// boundary from the pack's settings; the doc may never drift from it.

const DOC = path.resolve(__dirname, "..", "..", "docs", "ORG-ENFORCEMENT.md");

function docBlock(text: string): string {
    const begin = text.indexOf(BEGIN_MARKER);
    const end = text.indexOf(END_MARKER);
    if (begin < 0 || end < begin || text.indexOf(BEGIN_MARKER, begin + 1) >= 0)
        throw new Error(`docs/ORG-ENFORCEMENT.md must hold exactly one guardrails block`);
    return text.slice(begin, end + END_MARKER.length);
}

describe("docs/ORG-ENFORCEMENT.md's guardrails", () => {
    const text = fs.readFileSync(DOC, "utf8");

    it("are exactly what `node bin/guardrails.js` renders (run it and paste its output when this fails)", () => {
        expect(docBlock(text)).toBe(orgGuardrailsMarkdown());
    });

    it("show the SCP and the OCI deny statement that the code renders from the pack's default settings", () => {
        const block = docBlock(text);
        const json = /```json\n([\s\S]*?)\n```/.exec(block)![1]!;
        expect(JSON.parse(json)).toEqual(serviceControlPolicy(awsRegionApprovals(DEFAULT_SETTINGS)));
        const statements = /```text\n([\s\S]*?)\n```/.exec(block)![1]!.split("\n");
        expect(statements).toEqual(tenancyDenyStatements(ociUsRegionKeys(DEFAULT_SETTINGS).map((r) => r.key)));
    });

    it("would catch a hand edit of the SCP", () => {
        const edited = text.replace('"ap-southeast-1"]', '"ap-southeast-1", "eu-west-1"]');
        expect(edited).not.toBe(text);
        expect(docBlock(edited)).not.toBe(orgGuardrailsMarkdown());
    });
});
