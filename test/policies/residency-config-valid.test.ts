import { judge, ruleTable } from "./judge";

const POLICY = "residency-config-valid";
const settings = (s: Record<string, unknown>) => ({ [POLICY]: s });
const IMPORT_BUCKET = settings({
    exemptions: [
        {
            policy: "audit-on-user-data",
            resource: "us-users-*",
            resources: ["us-users-import"],
            reason: "one-off import bucket; CloudTrail data events are being rolled out account-wide.",
            ticket: "RES-2001",
            expires: "2027-01-31",
        },
    ],
});
const INVALID = settings({
    approvedLocations: {
        "us-user-data": [{ location: "aws:us-east-1" }, { location: "aws:mars-north-1" }, { location: "aws:eu-west-1", until: "2027-02-30" }],
    },
    custodianGroups: ["us-data-custodians"],
    nonUsStaffGroups: ["us-data-custodians"],
    exemptions: [
        {
            policy: "audit-on-user-data",
            resource: "us-users",
            reason: "this exemption has an expiry date that does not exist",
            ticket: "RES-2",
            expires: "2027-02-30",
        },
    ],
});
const EXPIRED = settings({
    exemptions: [
        {
            policy: "store-in-location-approved-for-its-label",
            resource: "us-users-migrating",
            reason: "migration of the legacy EU bucket to us-east-1 is in progress",
            ticket: "RES-1234",
            expires: "2026-10-31",
        },
    ],
});
const FALLS_BACK = "The setting falls back to its strict default until fixed.";

ruleTable(POLICY, [
    { what: "passes valid settings", program: "exempted-unlogged-bucket", config: IMPORT_BUCKET, expected: [], code: 0 },
    { what: "passes the default settings (no policy config)", program: "compliant-aws-us-bucket", expected: [], code: 0 },
    {
        // us-users has an audit-on-user-data violation that the exemption (whose expiry does not exist) tries to set aside.
        what: "rejects settings that would weaken the pack, one mandatory stack-wide violation per problem; the invalid exemption sets nothing aside; only the invalid approvals are dropped",
        program: "default-region-from-config",
        config: INVALID,
        expected: [
            ["", `policy config of ${POLICY}: 'approvedLocations.us-user-data[1]': 'mars-north-1' is not a known AWS region. ${FALLS_BACK}`],
            ["", `policy config of ${POLICY}: 'approvedLocations.us-user-data[2]'.until '2027-02-30' is not an ISO date (YYYY-MM-DD). ${FALLS_BACK}`],
            ["", `policy config of ${POLICY}: group 'us-data-custodians' is listed both as approved and in 'nonUsStaffGroups'. ${FALLS_BACK}`],
            ["", `policy config of ${POLICY}: 'exemptions[0]'.expires '2027-02-30' is not an ISO date (YYYY-MM-DD). ${FALLS_BACK}`],
        ],
        level: "mandatory",
        code: 1,
        check: (j) => {
            expect(j.doc.exemptions).toEqual([]);
            expect(j.doc.violations.filter((v) => v.policy === "audit-on-user-data").map((v) => [v.level, v.name])).toEqual([["mandatory", "us-users"]]);
            expect(j.doc.violations.filter((v) => v.policy === "store-in-location-approved-for-its-label").map((v) => v.message)).toEqual([
                expect.stringContaining("Approved: aws:us-east-1. Move it there."),
            ]);
        },
    },
    {
        what: "rejects an expired exemption, saying when it expired and what to do",
        program: "expired-exemption",
        config: EXPIRED,
        expected: [
            [
                "",
                "exemption of 'us-users-migrating' from store-in-location-approved-for-its-label (ticket RES-1234) expired on 2026-10-31, 29 days ago, and no longer applies. Fix the resource, or renew the exemption with a new expiry and ticket.",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
]);

// Malformed settings are refused either by the config schema (exit 2, before any policy runs) or by this policy
// (exit 1); never accepted.
describe(`${POLICY}: malformed settings`, () => {
    it.each([
        [
            "an exemption whose reason is shorter than 20 characters",
            { exemptions: [{ policy: "audit-on-user-data", resource: "us-users", reason: "because", ticket: "RES-3", expires: "2027-01-31" }] },
            /exemptions(\/0\/|\[0\]'\.)reason/,
        ],
        [
            "an exemption of a policy that does not exist",
            {
                exemptions: [
                    {
                        policy: "no-such-policy",
                        resource: "us-users",
                        reason: "this exemption names a policy that does not exist",
                        ticket: "RES-1",
                        expires: "2027-01-31",
                    },
                ],
            },
            /exemptions(\/0\/|\[0\]'\.)policy/,
        ],
        [
            "an approval whose 'until' is not a date",
            { approvedLocations: { "us-user-data": [{ location: "aws:us-east-1" }, { location: "aws:eu-west-1", until: "next-june" }] } },
            /approvedLocations(\/us-user-data\/1\/|\.us-user-data\[1\]'\.)until/,
        ],
        [
            "OIDC subjects for a role that is not approved",
            { approvedAwsPrincipals: ["deploy"], approvedOidcSubjects: { deplyo: ["repo:acme/app:environment:prod"] } },
            /approvedOidcSubjects\.deplyo'?: 'deplyo' is not in 'approvedAwsPrincipals'/,
        ],
        [
            "OIDC subjects that are not a list of strings",
            { approvedAwsPrincipals: ["deploy"], approvedOidcSubjects: { deploy: "repo:acme/app:environment:prod" } },
            /approvedOidcSubjects(\/deploy|\.deploy' must be a list)/,
        ],
        [
            "an empty list of OIDC subjects",
            { approvedAwsPrincipals: ["deploy"], approvedOidcSubjects: { deploy: [] } },
            /approvedOidcSubjects(\/deploy|\.deploy' must be a list)/,
        ],
    ])("refuses %s", async (_what, s, mentions) => {
        const outcome = await judge("compliant-aws-us-bucket", settings(s)).then(
            (j) => ({ code: j.code, messages: j.doc.violations.filter((v) => v.policy === POLICY).map((v) => v.message) }),
            (e: Error) => ({ code: 2, messages: [e.message] }),
        );
        if (outcome.code === 2) expect(outcome.messages[0]).toMatch(/settings of policy 'residency-config-valid' are invalid/);
        else expect(outcome.code).toBe(1);
        expect(outcome.messages).toContainEqual(expect.stringMatching(mentions));
    });
});
