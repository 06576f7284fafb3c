import { mandatoryLines, messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "data-stores-classified";

describe(POLICY, () => {
    describe("passes stores labelled in AWS tags", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-aws-us-bucket");
        });
        it("reads each bucket's label and reports nothing", () => {
            const labels = Object.fromEntries(run.doc!.resources.filter((r) => r.isDataStore).map((r) => [r.name, r.dataClassLabel]));
            expect(labels).toEqual({ "us-users": "us-user-data", "us-users-logs": "no-user-data" });
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });

    describe("passes an OCI store labelled with a defined tag", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/oci-defined-tag-label");
        });
        it("reads definedTags['Residency.data-class'] and reports nothing", () => {
            expect(run.doc!.resources.find((r) => r.name === "us-users")?.dataClassLabel).toBe("us-user-data");
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(mandatoryLines(run)).toEqual([]);
        });
    });

    describe("rejects a store without a label", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/missing-data-class");
        });
        it("names the store and says how to label it", () => {
            expect(run.code).toBe(1);
            expect(messagesFor(run, POLICY, "user-data")).toEqual([
                "data store 'user-data' (aws:s3/bucket:Bucket) has no 'data-class' label: set the 'data-class' label to one of us-user-data, non-us-user-data, no-user-data (AWS: tags; OCI: freeformTags or definedTags '<namespace>.data-class') as a literal value.",
            ]);
        });
    });

    describe("rejects a mis-cased label key", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/data-class-key-wrong-case");
        });
        it("names the key as written", () => {
            expect(namesOf(run, POLICY)).toEqual(["us-users"]);
            expect(messagesFor(run, POLICY, "us-users")[0]).toMatch(
                /^the 'data-class' label of 'us-users' is invalid: tags\['Data-Class'\] is not spelled 'data-class' \(label keys are case-sensitive\)\. Set the 'data-class' label/,
            );
        });
    });

    describe("rejects conflicting labels on one store", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/oci-conflicting-labels");
        });
        it("names both labels", () => {
            expect(run.code).toBe(1);
            expect(messagesFor(run, POLICY, "user-exports")[0]).toMatch(
                /conflicting labels: freeformTags\['data-class'\]=no-user-data, definedTags\['Residency\.data-class'\]=us-user-data/,
            );
            expect(run.doc!.resources.find((r) => r.name === "user-exports")?.dataClass).toBeNull();
        });
    });
});
