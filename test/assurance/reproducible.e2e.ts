import * as fs from "fs";
import { runOfflinePreview, stackArgs } from "../support/offlinePreview";

describe("the offline preview is reproducible", () => {
    it("writes byte-identical JSON for two previews of the same stack", () => {
        const first = runOfflinePreview(stackArgs("us-prod"));
        const second = runOfflinePreview(stackArgs("us-prod"));
        expect(first.code).toBe(0);
        expect(second.code).toBe(0);
        const a = fs.readFileSync(first.jsonPath);
        const b = fs.readFileSync(second.jsonPath);
        expect(a.length).toBeGreaterThan(1000);
        expect(a.equals(b)).toBe(true);
    });
});
