import { ruleTable } from "./judge";

const LABELLED_STORE = "store-in-location-approved-for-its-label";
const TRANSITIONAL = {
    "residency-config-valid": {
        approvedLocations: {
            "us-user-data": [
                { location: "oci:us-ashburn-1" },
                { location: "oci:us-phoenix-1" },
                { location: "aws:us-east-1" },
                { location: "aws:eu-west-1", until: "2027-06-30" },
            ],
        },
    },
};

ruleTable("us-user-data-in-approved-locations", [
    {
        what: "passes a hardened US bucket in us-east-1, located there",
        program: "compliant-aws-us-bucket",
        expected: [],
        code: 0,
        check: (j) =>
            expect(j.doc.resources.find((r) => r.name === "us-users")).toMatchObject({
                location: "aws:us-east-1",
                dataClass: "us-user-data",
                isDataStore: true,
            }),
    },
    {
        what: "passes non-US user data in ap-southeast-1",
        program: "compliant-non-us-bucket",
        expected: [],
        code: 0,
        check: (j) =>
            expect(j.doc.resources.find((r) => r.name === "apac-users")).toMatchObject({ location: "aws:ap-southeast-1", dataClass: "non-us-user-data" }),
    },
    {
        what: "passes US user data in a transitional location before its sunset (eu-west-1, approved until 2027-06-30)",
        program: "expired-transitional-approval",
        config: TRANSITIONAL,
        expected: [],
        check: (j) => {
            expect(j.doc.resources.find((r) => r.name === "us-users-legacy")?.location).toBe("aws:eu-west-1");
            expect(j.doc.violations.filter((v) => v.policy === LABELLED_STORE)).toEqual([]);
        },
    },
    {
        what: "leaves a US-labelled bucket in ap-southeast-1 (default provider from stack config) to the resource policy, which rejects it once, saying where it is, what is approved and what to do",
        program: "default-region-from-config",
        expected: [],
        code: 1,
        check: (j) => {
            expect(j.doc.violations.filter((v) => v.policy === LABELLED_STORE).map((v) => [v.level, v.name, v.message])).toEqual([
                [
                    "mandatory",
                    "us-users",
                    "'us-users' is labelled us-user-data and is in aws:ap-southeast-1 (from 'aws:region' of the default provider (stack config)), but aws:ap-southeast-1 is not approved for us-user-data. Approved: oci:us-ashburn-1, oci:us-phoenix-1, aws:us-east-1. Move it there.",
                ],
            ]);
        },
    },
    {
        what: "rejects a non-US bucket once it receives a copy of US user data, raising its class",
        program: "tainted-non-us-bucket",
        expected: [
            [
                "apac-users",
                /holds us-user-data in aws:ap-southeast-1 .* It holds us-user-data because it receives a copy: replication of us-users via 'us-to-apac'\.rules\[0\]\.destination\.bucket\.$/,
            ],
        ],
        level: "mandatory",
        check: (j) =>
            expect(j.doc.resources.find((r) => r.name === "apac-users")).toMatchObject({ dataClassLabel: "non-us-user-data", dataClass: "us-user-data" }),
    },
]);
