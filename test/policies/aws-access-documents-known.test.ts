import { mandatoryLines, messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "aws-access-documents-known";

describe(POLICY, () => {
    describe("bucket policies of two hardened US buckets: one document unknown at preview, one known", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/bucket-policy-documents");
        });
        it("reports the document built from the generated bucket ARN, and only that one", () => {
            expect(namesOf(run, POLICY)).toEqual(["generated-tls-only"]);
            expect(messagesFor(run, POLICY, "generated-tls-only")[0]).toMatch(
                /^the document of 'generated-tls-only' \(on 'generated'.*us-user-data\) is not known at preview, so its principals were not checked\. They will be checked by 'npm run audit' against the deployed stack\.$/,
            );
        });
        it("is advisory: the preview still succeeds", () => {
            expect(resultsOf(run, POLICY).map((v) => v.level)).toEqual(["advisory"]);
            expect(mandatoryLines(run)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("a stack without AWS policy documents", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-aws-us-bucket");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });
});
