import * as fs from "fs";
import { runOfflinePreview, sharedPreview, stackArgs } from "../support/offlinePreview";

describe("the offline preview is reproducible", () => {
    it("writes byte-identical JSON for two previews of the same stack", () => {
        // The first is the run the other checks of us-prod read; the second is a run of its own.
        const first = sharedPreview(stackArgs("us-prod"));
        const second = runOfflinePreview(stackArgs("us-prod"));
        expect(first.code).toBe(0);
        expect(second.code).toBe(0);
        const a = fs.readFileSync(first.jsonPath);
        const b = fs.readFileSync(second.jsonPath);
        expect(a.length).toBeGreaterThan(1000);
        expect(a.equals(b)).toBe(true);
    });
});
