import { mandatoryLines, messagesFor, preview, resultsOf, type PreviewRun } from "./fixtureRuns";

const POLICY = "us-traffic-steered-to-oci";

describe(POLICY, () => {
    describe("passes a steering policy whose US case answers only with the OCI endpoint", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/traffic-steered-to-oci", "policies/traffic-steered-to-oci/policy-config.json");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(mandatoryLines(run)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("reports a US case that answers with an AWS endpoint", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/traffic-steered-to-aws", "policies/traffic-steered-to-aws/policy-config.json");
        });
        it("names the steering policy and the answer, as an advisory", () => {
            expect(messagesFor(run, POLICY, "app-steering")).toEqual([
                "steering policy 'app-steering' answers US users with '198.51.100.20' (answer 'aws-use1'), which is not an OCI endpoint in 'ociEndpoints' (192.0.2.10).",
            ]);
            expect(resultsOf(run, POLICY).map((v) => v.level)).toEqual(["advisory"]);
            expect(run.code).toBe(0);
        });
    });

    describe("reports a stack with US user data and no steering policy", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-oci-us-bucket");
        });
        it("reports it stack-wide, as an advisory", () => {
            expect(resultsOf(run, POLICY).map((v) => [v.level, v.name, v.message])).toEqual([
                ["advisory", "", "the stack holds US user data but has no DNS steering policy that sends US users to OCI. Add an oci.dns.SteeringPolicy."],
            ]);
            expect(run.code).toBe(0);
        });
    });

    describe("does not apply to a stack without US user data", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-non-us-bucket");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
        });
    });
});
