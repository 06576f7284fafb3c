import { mandatoryLines, messagesFor, namesOf, preview, resultsOf, type PreviewRun } from "./fixtureRuns";
import { previewFixture, FIXTURES } from "../support/offlinePreview";
import * as path from "path";

const POLICY = "residency-config-valid";

describe(POLICY, () => {
    describe("passes valid settings", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/exempted-unlogged-bucket", "policies/exempted-unlogged-bucket/policy-config.json");
        });
        it("reports nothing and the preview succeeds", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(mandatoryLines(run)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("passes the default settings (no policy config)", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("policies/compliant-aws-us-bucket");
        });
        it("reports nothing", () => {
            expect(resultsOf(run, POLICY)).toEqual([]);
            expect(run.code).toBe(0);
        });
    });

    describe("rejects settings that would weaken the pack", () => {
        let run: PreviewRun;
        let messages: string[];
        beforeAll(() => {
            // us-users has an audit-on-user-data violation that the exemption (whose expiry does not exist) tries to set aside.
            run = preview("evasion/default-region-from-config", "policies/configs/invalid-settings.json");
            messages = resultsOf(run, POLICY).map((v) => v.message);
        });
        it("fails the preview with one mandatory, stack-wide violation per problem", () => {
            expect(run.code).toBe(1);
            expect(resultsOf(run, POLICY).every((v) => v.level === "mandatory")).toBe(true);
            expect(namesOf(run, POLICY)).toEqual([""]);
            expect(messages).toHaveLength(4);
        });
        it("names an unknown region in approvedLocations", () => {
            expect(messages).toContainEqual(
                expect.stringMatching(
                    /'approvedLocations\.us-user-data\[1\]': 'mars-north-1' is not a known AWS region\. The setting falls back to its strict default/,
                ),
            );
        });
        it("names an 'until' date that does not exist", () => {
            expect(messages).toContainEqual(expect.stringMatching(/'approvedLocations\.us-user-data\[2\]'\.until '2027-02-30' is not an ISO date/));
        });
        it("names a group that is both a custodian group and non-US staff", () => {
            expect(messages).toContainEqual(expect.stringMatching(/group 'us-data-custodians' is listed both as approved and in 'nonUsStaffGroups'/));
        });
        it("names an exemption whose expiry date does not exist", () => {
            expect(messages).toContainEqual(expect.stringMatching(/'exemptions\[0\]'\.expires '2027-02-30' is not an ISO date/));
        });
        it("does not let the invalid exemption set anything aside", () => {
            expect(run.doc!.exempted).toEqual([]);
            expect(resultsOf(run, "audit-on-user-data").map((v) => [v.level, v.name])).toEqual([["mandatory", "us-users"]]);
        });
        it("drops only the invalid approvals: us-east-1 stays approved, nothing else is", () => {
            expect(messagesFor(run, "store-in-location-approved-for-its-label", "us-users")).toEqual([
                expect.stringContaining("Approved: aws:us-east-1. Move it there."),
            ]);
        });
    });

    describe("rejects an expired exemption", () => {
        let run: PreviewRun;
        beforeAll(() => {
            run = preview("evasion/expired-exemption", "evasion/expired-exemption/policy-config.json");
        });
        it("says when it expired and what to do", () => {
            expect(run.code).toBe(1);
            expect(resultsOf(run, POLICY).map((v) => [v.level, v.message])).toEqual([
                [
                    "mandatory",
                    "exemption of 'us-users-migrating' from store-in-location-approved-for-its-label (ticket RES-1234) expired on 2026-10-31, 29 days ago, and no longer applies. Fix the resource, or renew the exemption with a new expiry and ticket.",
                ],
            ]);
        });
    });

    // Malformed settings are refused either by the config schema (exit 2, before any policy runs) or by
    // this policy (exit 1); never accepted.
    it.each([
        ["an exemption whose reason is shorter than 20 characters", "short-reason.json", /exemptions(\/0\/|\[0\]'\.)reason/],
        ["an exemption of a policy that does not exist", "unknown-policy-exemption.json", /exemptions(\/0\/|\[0\]'\.)policy/],
        ["an approval whose 'until' is not a date", "until-not-a-date.json", /approvedLocations(\/us-user-data\/1\/|\.us-user-data\[1\]'\.)until/],
    ])("refuses %s", (_what, file, mentions) => {
        const run = previewFixture("policies/compliant-aws-us-bucket", ["--policy-pack-config", path.join(FIXTURES, "policies/configs", file)]);
        if (run.code === 2) {
            expect(run.stderr).toMatch(/settings of policy 'residency-config-valid' are invalid/);
            expect(run.stderr).toMatch(mentions);
        } else {
            expect(run.code).toBe(1);
            expect(resultsOf(run, POLICY).map((v) => v.message)).toContainEqual(expect.stringMatching(mentions));
        }
    });
});
