import { ruleTable } from "./judge";

ruleTable("data-stores-classified", [
    {
        what: "passes stores labelled in AWS tags, reading each bucket's label",
        program: "compliant-aws-us-bucket",
        expected: [],
        check: (j) => {
            const labels = Object.fromEntries(j.doc.resources.filter((r) => r.isDataStore).map((r) => [r.name, r.dataClassLabel]));
            expect(labels).toEqual({ "us-users": "us-user-data", "us-users-logs": "no-user-data" });
        },
    },
    {
        what: "passes an OCI store labelled with a defined tag, definedTags['Residency.data-class']",
        program: "oci-defined-tag-label",
        expected: [],
        code: 0,
        check: (j) => expect(j.doc.resources.find((r) => r.name === "us-users")?.dataClassLabel).toBe("us-user-data"),
    },
    {
        what: "reads label keys as data: tags named __proto__, constructor or toString are tags like any other, and a label forged under __proto__ is no label",
        program: "tags-with-prototype-keys",
        expected: [],
        check: (j) => {
            expect(j.doc.resources.find((r) => r.name === "us-users")).toMatchObject({
                dataClassLabel: "us-user-data",
                dataClass: "us-user-data",
                location: "aws:us-east-1",
            });
            expect(j.results.filter((r) => ["us-user-data-in-approved-locations", "store-in-location-approved-for-its-label"].includes(r.policy))).toEqual([]);
        },
    },
    {
        what: "rejects a store without a label, saying how to label it",
        program: "missing-data-class",
        expected: [
            [
                "user-data",
                "data store 'user-data' (aws:s3/bucket:Bucket) has no 'data-class' label: set the 'data-class' label to one of us-user-data, non-us-user-data, no-user-data (AWS: tags; OCI: freeformTags or definedTags '<namespace>.data-class') as a literal value.",
            ],
        ],
        level: "mandatory",
        code: 1,
    },
    {
        what: "rejects a mis-cased label key, naming the key as written",
        program: "data-class-key-wrong-case",
        expected: [
            [
                "us-users",
                /^the 'data-class' label of 'us-users' is invalid: tags\['Data-Class'\] is not spelled 'data-class' \(label keys are case-sensitive\)\. Set the 'data-class' label/,
            ],
        ],
    },
    {
        what: "rejects conflicting labels on one store, naming both, and gives the store no class",
        program: "oci-conflicting-labels",
        expected: [["user-exports", /conflicting labels: freeformTags\['data-class'\]=no-user-data, definedTags\['Residency\.data-class'\]=us-user-data/]],
        code: 1,
        check: (j) => expect(j.doc.resources.find((r) => r.name === "user-exports")?.dataClass).toBeNull(),
    },
    {
        what: "takes a label beside tags not known at preview for unknown, unless it is already the strictest class (the unknown tags could hold a stricter label, or override it)",
        program: "unknown-tags-beside-a-label",
        expected: [
            [
                "aws-exports",
                "the 'data-class' label of 'aws-exports' cannot be known at preview (tags not known at preview): set the 'data-class' label to one of us-user-data, non-us-user-data, no-user-data (AWS: tags; OCI: freeformTags or definedTags '<namespace>.data-class') as a literal value.",
            ],
            [
                "oci-exports",
                "the 'data-class' label of 'oci-exports' cannot be known at preview (freeformTags not known at preview): set the 'data-class' label to one of us-user-data, non-us-user-data, no-user-data (AWS: tags; OCI: freeformTags or definedTags '<namespace>.data-class') as a literal value.",
            ],
        ],
        level: "mandatory",
        check: (j) => expect(j.doc.resources.find((r) => r.name === "us-exports")?.dataClass).toBe("us-user-data"),
    },
]);
