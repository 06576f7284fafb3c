import { renderMarkdown } from "../../tools/report/markdown";
import { gfmTables } from "../report/support/checks";
import { type Judged, ruleTable } from "./judge";

const POLICY = "exemptions-in-force";
const AUDIT = "audit-on-user-data";
const exemption = (fields: Record<string, unknown>) => ({ "residency-config-valid": { exemptions: [fields] } });
const IMPORT_BUCKET = exemption({
    policy: AUDIT,
    resource: "us-users-*",
    resources: ["us-users-import"],
    reason: "one-off import bucket; CloudTrail data events are being rolled out account-wide.",
    ticket: "RES-2001",
    expires: "2027-01-31",
});
const OTHER_RESOURCE = exemption({
    policy: AUDIT,
    resource: "us-users-export",
    reason: "export bucket is logged through the central trail, see ticket",
    ticket: "RES-2002",
    expires: "2027-01-31",
});
const EXPIRED = exemption({
    policy: "store-in-location-approved-for-its-label",
    resource: "us-users-migrating",
    reason: "migration of the legacy EU bucket to us-east-1 is in progress",
    ticket: "RES-1234",
    expires: "2026-10-31",
});

const IN_FORCE = { reason: "migration to us-east-1 under way, see the ticket", ticket: "RES-77", expires: "2027-01-31" };

/** The "Approved" cell of a resource's row in the Markdown report's table whose first header is `first`. */
function approvedCell(j: Judged, first: string, name: string): string | undefined {
    const tables = gfmTables(renderMarkdown(j.doc)).filter((t) => t.header[0] === first);
    const row = tables.flatMap((t) => t.rows.map((r) => ({ r, at: t.header.indexOf("Approved") }))).find(({ r }) => r.some((c) => c.includes(name)));
    return row?.r[row.at];
}

ruleTable(POLICY, [
    {
        what: "an exemption in force sets the violation aside and lists it with reason, ticket and days left, apart from the violations",
        program: "exempted-unlogged-bucket",
        config: IMPORT_BUCKET,
        expected: [],
        code: 0,
        check: (j) => {
            expect(j.doc.violations.filter((v) => v.policy === AUDIT)).toEqual([]);
            expect(j.doc.exemptions.map((e) => e.result)).toEqual([
                expect.objectContaining({
                    policy: POLICY,
                    level: "advisory",
                    name: "us-users-import",
                    message: expect.stringMatching(
                        /^EXEMPTED from audit-on-user-data until 2027-01-31 \(63 days left\), ticket RES-2001: one-off import bucket; CloudTrail data events are being rolled out account-wide\.\.? Violation set aside: S3 bucket 'us-users-import' holds US user data with neither server access logging nor CloudTrail S3 data events\. Add aws\.s3\.BucketLogging for it\.$/,
                    ),
                }),
            ]);
            expect(j.doc.summary.exempted).toBe(1);
        },
    },
    {
        what: "without the exemption the violation stands and nothing is listed as exempted",
        program: "exempted-unlogged-bucket",
        expected: [],
        code: 1,
        check: (j) => {
            expect(j.doc.violations.filter((v) => v.policy === AUDIT).map((v) => v.name)).toEqual(["us-users-import"]);
            expect(j.doc.exemptions).toEqual([]);
        },
    },
    {
        what: "an exemption for another resource sets nothing aside, and says so: the stack has no such resource",
        program: "exempted-unlogged-bucket",
        config: OTHER_RESOURCE,
        expected: [
            [
                "",
                "exemption of 'us-users-export' from audit-on-user-data (ticket RES-2002) set nothing aside: this stack has no resource 'us-users-export'. Remove it from the policy config, or correct its policy or resource.",
            ],
        ],
        level: "advisory",
        code: 1,
        check: (j) => {
            expect(j.doc.violations.filter((v) => v.policy === AUDIT).map((v) => v.name)).toEqual(["us-users-import"]);
            expect(j.doc.exemptions).toEqual([]);
        },
    },
    {
        what: "an exemption of a resource its policy no longer reports is named, on that resource",
        program: "compliant-aws-us-bucket",
        config: exemption({ policy: AUDIT, resource: "us-users", ...IN_FORCE }),
        expected: [
            [
                "us-users",
                "exemption of 'us-users' from audit-on-user-data (ticket RES-77) set nothing aside: audit-on-user-data reports no violation on 'us-users'. Remove it from the policy config, or correct its policy or resource.",
            ],
        ],
        level: "advisory",
        code: 0,
    },
    {
        // Issue 23: the residency map looked only for exemptions of us-user-data-in-approved-locations.
        what: "a labelled store set aside by an exemption of store-in-location-approved-for-its-label shows it in the residency map",
        program: "expired-exemption",
        config: exemption({ policy: "store-in-location-approved-for-its-label", resource: "us-users-migrating", ...IN_FORCE }),
        expected: [],

        check: (j) => expect(approvedCell(j, "Store", "us-users-migrating")).toBe("❌ not approved (exempted until 2027-01-31, ticket `RES-77`)"),
    },
    {
        what: "a store's own copy set aside by an exemption of own-copies-to-approved-regions shows it in the flow table",
        program: "us-table-replica-abroad",
        config: exemption({ policy: "own-copies-to-approved-regions", resource: "us-sessions", ...IN_FORCE }),
        expected: [],
        check: (j) => {
            expect(j.doc.exemptions.map((e) => e.policy)).toEqual(["own-copies-to-approved-regions"]);
            expect(approvedCell(j, "Flow", "us-sessions")).toBe("❌ not approved (exempted until 2027-01-31, ticket `RES-77`)");
        },
    },
    {
        what: "an exemption of a hygiene policy shows in the exemptions table only, not beside the store in the residency map",
        program: "exempted-unlogged-bucket",
        config: IMPORT_BUCKET,
        expected: [],
        check: (j) => expect(approvedCell(j, "Store", "us-users-import")).toBe("✅ approved"),
    },
    {
        what: "an expired exemption sets nothing aside",
        program: "expired-exemption",
        config: EXPIRED,
        expected: [],
        check: (j) => {
            expect(j.doc.exemptions).toEqual([]);
            expect(j.doc.violations.filter((v) => v.policy === "store-in-location-approved-for-its-label").map((v) => v.name)).toEqual(["us-users-migrating"]);
        },
    },
]);
