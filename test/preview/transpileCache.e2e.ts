/**
 * Programs previewed with the transpile cache (tools/preview/program/transpileFill.ts): both of the program's
 * processes find every file the parent transpiled, and the verdict is the one without the cache.
 */
import * as fs from "fs";
import * as path from "path";
import { FIXTURES, mandatory, previewFixture, runOfflinePreview } from "../support/offlinePreview";
import { TRANSPILE_CACHE_DIR } from "../../tools/preview/program/transpileFill";

describe("a program previewed with the cache", () => {
    const fixture = (name: string) => path.join("transpile-cache", name);
    /** What each of the program's processes printed of its reader's counts: hits and misses ("none": no reader). */
    const reportedCache = (stderr: string) =>
        stderr
            .split("\n")
            .filter((l) => l.includes("transpile cache: "))
            .map((l) => JSON.parse(l.slice(l.indexOf("transpile cache: ") + "transpile cache: ".length)) as { hits: number; misses: number } | "none")
            .map((c) => (c === "none" ? c : `${c.hits} hits, ${c.misses} misses`))
            .sort();

    it("finds every file of the program in both passes, with the same verdict as without it", () => {
        const cached = previewFixture(fixture("plain"));
        expect(reportedCache(cached.stderr)).toEqual(["4 hits, 0 misses", "4 hits, 0 misses"]);
        const uncached = runOfflinePreview(["--cwd", path.join(FIXTURES, fixture("plain")), "--stack", "test"], { RESIDENCY_COMPILE_CACHE: "0" });
        expect(reportedCache(uncached.stderr)).toEqual(["none", "none"]);
        expect(cached.code).toBe(uncached.code);
        expect(mandatory(cached)).toEqual(mandatory(uncached));
        expect(fs.existsSync(TRANSPILE_CACHE_DIR)).toBe(true);
    });

    it("is left alone when the tsconfig names ts-node, and the program transpiles every file itself", () => {
        const run = previewFixture(fixture("names-ts-node"));
        expect(reportedCache(run.stderr)).toEqual(["0 hits, 4 misses", "0 hits, 4 misses"]);
        expect(run.code).toBe(1);
    });
});
