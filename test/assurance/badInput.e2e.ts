/**
 * Bad input only a running preview can find, end to end: the stack config (the program validates it) and a policy
 * config the pack's schema refuses (resolved once the pack has told its schemas). Exit 2, the problem named, no
 * JSON written. The other bad inputs are checked in process (badInput.test.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { previewFixture, runOfflinePreview } from "../support/offlinePreview";

describe("bad input found by a running preview: exit 2, named, no JSON", () => {
    it("a bad stack config value: the key, the value quoted back as given and the allowed values", () => {
        const run = previewFixture("bad-stack-config");
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("us-data-residency:objectLockRetentionDays");
        expect(run.stderr).toContain('given "forever" (not an integer)');
        expect(run.stderr).toContain("allowed: an integer from 1 to 3650");
        expect(fs.existsSync(run.jsonPath)).toBe(false);
    });

    it("a policy config against the pack's schema", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")), "config.json");
        fs.writeFileSync(file, JSON.stringify({ "residency-config-valid": { minAuditRetentionDays: 30 } }));
        const run = runOfflinePreview(["--policy-pack-config", file]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/settings of policy 'residency-config-valid' are invalid: \/minAuditRetentionDays must be >= 365/);
        expect(fs.existsSync(run.jsonPath)).toBe(false);
    });
});
