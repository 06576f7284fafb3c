import type { ReportDocument } from "../../tools/report/model";
import { elide, renderPolicies, renderTree, TERMINAL_WIDTH, wrap } from "../../tools/preview/render";

// The terminal output fits 120 columns: long names are elided in the tree and long messages wrapped. The JSON
// document, which these renderers only read, keeps every name and message whole.

const LONG_NAME = `us-user-data-${"very-long-component-name-".repeat(6)}bucket`;
const LONG_TYPE = "oci:ObjectStorage/replicationPolicy:ReplicationPolicy";
const LONG_MESSAGE = `bucket '${LONG_NAME}' holds us-user-data in oci:ap-singapore-1, which is not approved for it. ${"Move it to an approved location. ".repeat(8)}`;

function doc(): ReportDocument {
    const stack = "urn:pulumi:test::p::pulumi:pulumi:Stack::p-test";
    const component = "urn:pulumi:test::p::residency:oci:PrimaryStore::store";
    const bucket = `urn:pulumi:test::p::residency:oci:PrimaryStore$oci:ObjectStorage/bucket:Bucket::${LONG_NAME}`;
    const replication = `urn:pulumi:test::p::residency:oci:PrimaryStore$${LONG_TYPE}::replication`;
    return {
        resources: [
            { urn: stack, type: "pulumi:pulumi:Stack", name: "p-test" },
            { urn: component, type: "residency:oci:PrimaryStore", name: "store", parent: stack },
            {
                urn: bucket,
                type: "oci:ObjectStorage/bucket:Bucket",
                name: LONG_NAME,
                parent: component,
                location: "oci:ap-singapore-1",
                dataClass: "us-user-data",
                isDataStore: true,
            },
            { urn: replication, type: LONG_TYPE, name: "replication", parent: component, location: "oci:us-ashburn-1" },
        ],
        violations: [
            { policyPack: "pack", policy: "us-user-data-in-approved-locations", level: "mandatory", urn: bucket, name: LONG_NAME, message: LONG_MESSAGE },
        ],
        exemptions: [],
        policyPacks: [{ name: "pack", version: "0.1.0" }],
    } as unknown as ReportDocument;
}

const columns = (line: string) => [...line].length;

describe("terminal output fits 120 columns", () => {
    it("elides long names and types in the tree, keeping their start and end", () => {
        const d = doc();
        const before = JSON.stringify(d);
        const lines = renderTree(d);
        expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(TERMINAL_WIDTH);
        const row = lines.find((l) => l.includes("oci:ObjectStorage/bucket:Bucket"))!;
        expect(row).toContain("…");
        expect(row).not.toContain(LONG_NAME);
        expect(row).toMatch(/ us-user-data-very-.*….*-bucket\s+oci:ap-singapore-1\s+us-user-data$/);
        expect(lines.some((l) => l.includes("…") && l.includes("ReplicationPolicy"))).toBe(true);
        expect(JSON.stringify(d)).toBe(before);
    });

    it("wraps long policy messages and keeps every word", () => {
        const lines = renderPolicies(doc());
        expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(TERMINAL_WIDTH);
        // A word longer than a line is cut across lines; every character stays, in order.
        const text = lines.join("").replace(/\s+/g, "");
        expect(text).toContain(LONG_NAME);
        expect(text).toContain(LONG_MESSAGE.replace(/\s+/g, ""));
    });

    it("leaves short tables and messages as they are", () => {
        expect(elide("short", 10)).toBe("short");
        expect(wrap("a short message", "    ")).toEqual(["    a short message"]);
        expect(elide("abcdefghij", 5)).toBe("ab…ij");
    });
});
