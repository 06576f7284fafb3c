import * as path from "path";
import { FIXTURES, sharedPreview, type PreviewRun } from "../support/offlinePreview";
import { resultsBothWays } from "../support/overTheWire";

// The evasion fixtures get the same check where they are previewed (test/evasion/fixtures.e2e.ts), so each runs once.
const CASES = [
    { label: "us-prod", args: ["--stack", "us-prod"] },
    { label: "us-staging", args: ["--stack", "us-staging"] },
    { label: "us-data-in-singapore", args: ["--cwd", path.join(FIXTURES, "us-data-in-singapore"), "--stack", "test"] },
];

describe("the pack launched as the CLI launches it (run-policy-pack over gRPC) agrees with the offline preview", () => {
    const previews = new Map<string, PreviewRun & { graphPath: string }>();

    beforeAll(async () => {
        // us-prod without its policy config is also what offlinePreview.e2e.ts checks fails closed: one run for both.
        for (const c of CASES) previews.set(c.label, sharedPreview(c.args));
    }, 600_000);

    it.each(CASES.map((c) => [c.label]))("%s: same policies, URNs, levels and messages", async (label) => {
        const preview = previews.get(label)!;
        expect([0, 1]).toContain(preview.code);
        const { overWire, offline } = await resultsBothWays(preview, preview.graphPath);
        expect(overWire).toEqual(offline);
    });
});
